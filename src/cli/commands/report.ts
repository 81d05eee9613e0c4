import { InvalidArgumentError, Option, type Command } from "commander";
import type { CliContext } from "../context.js";
import type { ReportFlags } from "../report/command.js";
import { checkReportPath } from "../report/flags.js";

/** Adds `cove report` to the program; `ctx.setCode` receives its exit code. */
export function addReportCommand(program: Command, ctx: CliContext): void {
  program
    .command("report")
    .summary("write a self-contained HTML page of a run's records (NDJSON files or journals)")
    .description(
      "Read the records of one or more runs (`cove exec/run -o ndjson` output, journals, shards: the latest record per " +
        "account × region wins) and write one self-contained HTML page: counts, failures grouped by cause, and a grid " +
        "of accounts (by OU path) × regions with filters and each run's details. The page loads nothing from the network.",
    )
    .argument("<files...>", "NDJSON files (- for stdin)")
    .addOption(
      new Option("-o, --output <file>", "the page to write (- for stdout)")
        .default("report.html")
        .argParser((path: string) => checkReportPath(path, true)),
    )
    .addOption(
      new Option("--title <text>", "the page's title [default: cove exec report, …]").argParser(
        (text: string) => {
          if (text.trim() === "") throw new InvalidArgumentError("expected some text.");
          return text;
        },
      ),
    )
    .addOption(
      new Option(
        "--baseline <file>",
        "mark what changed since this earlier run: a journal or -o json/ndjson output (repeatable: shards)",
      ).argParser((path: string, previous: string[] | undefined) => [...(previous ?? []), path]),
    )
    .addOption(
      new Option(
        "--ignore <path>",
        "with --baseline: leave a path out of the comparison (repeatable; as cove diff)",
      ).argParser((path: string, previous: string[] | undefined) => [...(previous ?? []), path]),
    )
    .addOption(
      new Option(
        "--unordered <path>",
        "with --baseline: compare the arrays at a path as sets (repeatable)",
      ).argParser((path: string, previous: string[] | undefined) => [...(previous ?? []), path]),
    )
    .addOption(new Option("-q, --quiet", "no summary line or notes on stderr"))
    .addOption(new Option("--debug", "print stack traces of errors"))
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  cove exec --ou-paths -o ndjson -- ./check.sh > run.ndjson && cove report run.ndjson -o run.html\n" +
        "  cove report shard-*.ndjson -o all.html --title 'Audit, all shards'\n" +
        "  cove run audit.ts --ou-paths -o ndjson | cove report - -o audit.html\n" +
        "  cove report this-week.ndjson --baseline last-week.ndjson -o changes.html\n",
    )
    .action(async (files: string[], flags: ReportFlags) => {
      const { reportCommand } = await import("../report/command.js");
      ctx.setCode(await reportCommand(files, flags, ctx));
    });
}
