import { createReadStream } from "node:fs";
import { requireInputFile } from "../input-file.js";
import { basename, resolve } from "node:path";
import { EXIT, UsageError } from "../errors.js";
import type { CliContext } from "../context.js";
import { visibleText } from "../output/escape.js";
import type { RedactingWriter } from "../output/redacting.js";
import { writeReport, writtenText } from "./build.js";
import { sameFile } from "../same-file.js";
import { ReportModel } from "./model.js";
import { ShardTracker } from "../merge/track.js";
import { verdictText } from "../merge/check.js";
import type { JobHeader } from "../job/header.js";
import { readRecords, type LineHandler, type LineIssue } from "../ndjson.js";
import { newDiffer } from "../diff/differ.js";
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
export async function reportCommand(
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
        : createReadStream(file, { highWaterMark: 1 << 20 });
    let first: JobHeader | undefined;
    const handler: LineHandler = {
      record(list, record, line, span) {
        model.add(list, record);
        shards.record(record);
        if (!differ) return;
        const r = withList(list, record);
        differ.addNext(r, span ? new LineRef(file, line, span.start, span.end) : r);
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
