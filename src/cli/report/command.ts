import { createReadStream } from "node:fs";
import { requireInputFile } from "../input-file.js";
import { basename, resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { EXIT, UsageError } from "../errors.js";
import type { CliContext } from "../context.js";
import { visibleText } from "../output/escape.js";
import type { RedactingWriter } from "../output/redacting.js";
import { writeReport, writtenText } from "./build.js";
import { sameFile } from "../same-file.js";
import { checkReportPath } from "./hook.js";
import { ReportModel } from "./model.js";
import { ShardTracker } from "../merge/track.js";
import { verdictText } from "../merge/check.js";
import type { JobHeader } from "../job/header.js";
import { readRecords, type LineHandler, type LineIssue } from "../ndjson.js";
import { newDiffer } from "../commands/diff.js";
import { LineRef } from "../diff/read.js";
import { addBaseline, withList } from "./baseline.js";

/** Flags of `cove report`. */
export interface ReportFlags {
  output: string;
  /** `--baseline FILE...`: mark what changed since that run. */
  baseline?: string[];
  /** With `--baseline`: paths left out of the comparison, and arrays compared as sets. */
  ignore?: string[];
  unordered?: string[];
  title?: string;
  quiet?: boolean;
}

/** Malformed lines reported one by one per input; the rest are counted. */
const ISSUES_SHOWN = 10;

/** Checks the inputs before reading any: files that exist, stdin (`-`) at most once. */
function checkInputs(files: string[], output: string): void {
  if (files.filter((f) => f === "-").length > 1)
    throw new UsageError("stdin (-) can be read only once.");
  for (const file of files) {
    if (file === "-") continue;
    requireInputFile(file);
    if (output !== "-" && (resolve(file) === resolve(output) || sameFile(file, output)))
      throw new UsageError(`the report would overwrite its input ${file}; choose another -o.`);
  }
}

/** Prints line issues: each malformed line (the first few per input) and torn last lines. */
function issuePrinter(quiet: boolean, writer: RedactingWriter) {
  const shown = new Map<string, number>();
  const say = (line: string) => writer.say(line);
  return {
    onIssue(issue: LineIssue): void {
      if (issue.torn) {
        if (!quiet)
          say(
            `cove report: ${issue.source}:${issue.line}: incomplete last line ignored (the run was stopped while writing it).`,
          );
        return;
      }
      const n = (shown.get(issue.source) ?? 0) + 1;
      shown.set(issue.source, n);
      if (n <= ISSUES_SHOWN)
        say(
          `cove report: ${visibleText(`${issue.source}:${issue.line}: ${issue.reason}`)}; line skipped.`,
        );
    },
    finish(source: string, malformed: number): void {
      if (malformed > ISSUES_SHOWN)
        say(`cove report: ${source}: ${malformed - ISSUES_SHOWN} more malformed lines skipped.`);
    },
  };
}

/** Warns (also with --quiet: the page is not what it seems) when the inputs are of different jobs. */
function sayDifferentJobs(model: ReportModel, writer: RedactingWriter): void {
  const fields = model.differingFields;
  if (fields.length === 0) return;
  const list = fields.map(({ field, values }) => `${field} (${values.join(" / ")})`).join("; ");
  writer.say(
    visibleText(
      `cove report: warning: the inputs are of different jobs: ${list}; the page shows the first input's header, with this warning.`,
    ),
  );
}

/**
 * `cove report FILE...`: reads NDJSON records (`cove exec/run -o ndjson`, journals, shards;
 * the latest record per account × region wins) and writes one self-contained HTML page.
 */
async function reportCommand(
  files: string[],
  flags: ReportFlags,
  ctx: CliContext,
): Promise<number> {
  checkInputs(files, flags.output);
  const model = new ReportModel();
  const issues = issuePrinter(flags.quiet === true, ctx.writer);
  const shards = new ShardTracker();
  const scrub = (l: string) => ctx.writer.text(l);
  if (!flags.baseline && (flags.ignore || flags.unordered))
    throw new UsageError("--ignore and --unordered go with --baseline.");
  const differ = flags.baseline ? newDiffer(flags) : undefined;
  let found = 0;
  for (const file of files) {
    const source = file === "-" ? "stdin" : file;
    const stream =
      file === "-"
        ? (ctx.stdin.setEncoding("utf8") as AsyncIterable<string>)
        : createReadStream(file, "utf8");
    let first: JobHeader | undefined;
    const handler: LineHandler = {
      record(list, record, line) {
        model.add(list, record);
        shards.record(record);
        if (!differ) return;
        const r = withList(list, record);
        differ.addNext(r, file === "-" ? r : new LineRef(file, line));
      },
      header(header, line) {
        model.addHeader(header);
        if (line === 1) first = header;
      },
    };
    const counts = await readRecords({ source, stream }, handler, issues.onIssue, scrub);
    shards.file(source, first);
    issues.finish(source, counts.malformed);
    found += counts.records + counts.headers;
  }
  // Shards of one job: the same check as cove merge, its verdict at the top of the page.
  const verdict = shards.verdict();
  if (verdict) {
    model.setVerdict(verdictText(verdict));
    if (!flags.quiet) ctx.writer.say(`cove report: shards: ${verdictText(verdict)}`);
  }
  if (found === 0)
    throw new UsageError(
      `no records in ${files.join(", ")}: expected NDJSON as \`cove exec -o ndjson\` or \`cove run -o ndjson\` writes it, or a journal.`,
    );
  sayDifferentJobs(model, ctx.writer);
  if (differ && flags.baseline) await addBaseline(model, differ, flags.baseline, scrub, ctx.stdin);
  const sources = files.map((f) => (f === "-" ? "stdin" : basename(f)));
  const written = await writeReport(model, flags.output, {
    sources,
    stdout: ctx.stdout,
    ...(flags.title === undefined ? {} : { title: flags.title }),
  });
  if (!flags.quiet) ctx.writer.say(`cove report: wrote ${writtenText(written)}.`);
  return EXIT.OK;
}

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
      ctx.setCode(await reportCommand(files, flags, ctx));
    });
}
