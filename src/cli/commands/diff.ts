import { Option, type Command } from "commander";
import type { DiffFlags } from "../actions/diff.js";
import type { CliContext } from "../context.js";
import { examples } from "./help.js";

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** `cove diff BASE NEW`. */
export function registerDiffCommand(program: Command, ctx: CliContext): void {
  program
    .command("diff")
    .summary("what changed between two runs of a job (journals or -o json/ndjson outputs)")
    .description(
      "Compare two runs of the same job, account × region by account × region (the latest record of each pair wins): " +
        "new, gone, outcome changed (Result ↔ Exception ↔ FailedAssumeRole) or changed value, with the paths that changed; " +
        "accounts renamed or moved to another OU are listed as such. Values compare by value (key order never counts); " +
        "exec records compare their stdout, as JSON when both parse, else line by line. " +
        "Exit status as diff(1): 0 nothing changed, 1 changes, 2 trouble.",
    )
    .argument("[files...]", "BASE NEW: a journal or a -o json/-o ndjson output each (- for stdin)")
    .usage("[options] BASE NEW | --base FILE... --new FILE...")
    .addOption(new Option("--base <files...>", "the earlier run's files (e.g. its shards)"))
    .addOption(new Option("--new <files...>", "the later run's files"))
    .addOption(
      new Option(
        "--ignore <path>",
        "leave a path out, e.g. 'Result.*.LastUsed' (repeatable; * any key or index, ** any depth)",
      ).argParser(collect),
    )
    .addOption(
      new Option(
        "--unordered <path>",
        "compare the arrays at a path as sets, e.g. Result.BucketNames (repeatable)",
      ).argParser(collect),
    )
    .addOption(
      new Option(
        "-o, --output <format>",
        "table, json or ndjson (one line per changed pair) [default: table on a terminal, else json]",
      ).choices(["table", "json", "ndjson"]),
    )
    .addOption(
      new Option(
        "--force",
        "compare files of different jobs (different command, module, arguments or role)",
      ),
    )
    .addOption(new Option("-q, --quiet", "no notes on stderr"))
    .addOption(new Option("--debug", "print stack traces of errors"))
    .addHelpText(
      "after",
      examples([
        "cove diff last-week.ndjson this-week.ndjson",
        "cove diff --ignore 'Result.*.LastUsed' --unordered Result.Buckets -o json base.json new.json",
        "cove diff --base shard-*.old.ndjson --new shard-*.ndjson -o ndjson | jq -c 'select(.kind==\"changed\")'",
      ]),
    )
    .action(async (args: string[], flags: DiffFlags) => {
      const { diffAction } = await import("../actions/diff.js");
      await diffAction(ctx, args, flags);
    });
}
