import { InvalidArgumentError, Option, type Command } from "commander";
import type { Subscribe } from "../context.js";
import type { JobHeader } from "../job/header.js";
import type { RedactingWriter } from "../output/redacting.js";
import { checkReportPath } from "../report/flags.js";
import type { JournalFlags, RunJournal } from "./journal.js";

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

/**
 * The journal the flags ask for (see {@link RunJournal.fromFlags}), or none; the journal's
 * code is loaded only when a journal flag is given.
 */
export async function openJournal(
  flags: JournalFlags,
  header: JobHeader,
  writer: RedactingWriter,
  onExit: Subscribe<() => void>,
): Promise<RunJournal | undefined> {
  if (flags.journal === undefined && flags.resume === undefined && !flags.retryFailed)
    return undefined;
  const { RunJournal } = await import("./journal.js");
  return RunJournal.fromFlags(flags, header, writer, onExit);
}
