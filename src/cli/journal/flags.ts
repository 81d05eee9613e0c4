import { InvalidArgumentError, Option, type Command } from "commander";
import { checkReportPath } from "../report/hook.js";

const GROUP = "Long runs:";

/** Adds `--journal FILE`, `--resume FILE` and `--retry-failed` (exec and run). */
export function addJournalFlags(command: Command): Command {
  return command
    .addOption(
      new Option(
        "--journal <file>",
        "append each record to FILE (NDJSON, mode 0600) as its run ends; a run stopped part-way goes on with --resume FILE",
      )
        .argParser((path: string) => checkReportPath(path))
        .helpGroup(GROUP),
    )
    .addOption(
      new Option(
        "--resume <file>",
        "go on with the job of a --journal FILE: run only the account × region pairs it has no record of, appending to it (the output covers the whole job)",
      )
        .argParser((path: string) => {
          if (path.trim() === "") throw new InvalidArgumentError("expected a journal file.");
          return path;
        })
        .helpGroup(GROUP),
    )
    .addOption(
      new Option(
        "--retry-failed",
        "with --resume: also run again the pairs whose latest record is an Exception or FailedAssumeRole",
      ).helpGroup(GROUP),
    );
}
