import type { RunDiff } from "../../diff/types.js";
import type { CliContext, InStream } from "../context.js";
import { completeDiff, readBase, sideInfo } from "../diff/complete.js";
import { newDiffer } from "../diff/differ.js";
import { readSide, sourcesOf, type SideSummary } from "../diff/read.js";
import { diffLines, diffTable, type DiffDocument } from "../diff/render.js";
import { EXIT, UsageError } from "../errors.js";
import { jobDifferences } from "../job/header.js";
import { colourWanted, palette } from "../output/colour.js";

/** Flags of `cove diff`. */
export interface DiffFlags {
  base?: string[];
  new?: string[];
  ignore?: string[];
  unordered?: string[];
  output?: "table" | "json" | "ndjson";
  force?: boolean;
  quiet?: boolean;
}

/** The two sides' files: `BASE NEW`, or `--base FILE... --new FILE...`. */
function sides(args: string[], flags: DiffFlags): [string[], string[]] {
  if (flags.base || flags.new) {
    if (args.length > 0)
      throw new UsageError("give the runs either as BASE NEW or with --base and --new, not both.");
    if (!flags.base || !flags.new) throw new UsageError("--base and --new go together.");
    return [flags.base, flags.new];
  }
  if (args.length !== 2)
    throw new UsageError(`cove diff compares two runs: BASE NEW (got ${args.length} files).`);
  return [[args[0] as string], [args[1] as string]];
}

/** Files of different jobs are refused (unless `--force`): what differs, one phrase each. */
function checkSameJob(base: SideSummary, next: SideSummary, force: boolean): void {
  const all = [...base.headers, ...next.headers];
  const first = all[0];
  if (!first || force) return;
  for (const other of all.slice(1)) {
    const differences = jobDifferences(first.header, other.header);
    if (differences.length > 0)
      throw new UsageError(
        `${first.source} and ${other.source} are of different jobs (${differences
          .join("; ")
          .replace(/the journal's is/g, "one is")
          .replace(/this job's is/g, "the other")}); --force compares them anyway.`,
      );
  }
}

/** Reads both sides, compares them and fills the paths of the changed pairs. */
export async function diffFiles(
  baseFiles: string[],
  nextFiles: string[],
  options: { ignore?: string[]; unordered?: string[]; force?: boolean },
  scrub: (line: string) => string,
  stdin?: InStream,
): Promise<{ doc: DiffDocument; torn: string[] }> {
  if ([...baseFiles, ...nextFiles].filter((f) => f === "-").length > 1)
    throw new UsageError("stdin (-) can be read only once.");
  const differ = newDiffer(options);
  const base = await readBase(differ, baseFiles, scrub, stdin);
  const next = await readSide(
    sourcesOf(nextFiles, stdin),
    (r, ref) => differ.addNext(r, ref),
    scrub,
  );
  checkSameJob(base, next, options.force === true);
  const diff = await completeDiff(differ, scrub);
  const doc: DiffDocument = {
    base: sideInfo(baseFiles, base),
    next: sideInfo(nextFiles, next),
    ...diff,
  };
  return { doc, torn: [...base.torn, ...next.torn] };
}

/** Whether anything changed (diff(1)'s exit 1). */
const anyChange = (diff: RunDiff) => diff.changes.length > 0 || diff.accounts.length > 0;

/** `cove diff BASE NEW`. */
export async function diffAction(ctx: CliContext, args: string[], flags: DiffFlags): Promise<void> {
  const [baseFiles, nextFiles] = sides(args, flags);
  const scrub = (l: string) => ctx.secrets.scrub(l);
  const { doc, torn } = await diffFiles(baseFiles, nextFiles, flags, scrub, ctx.stdin);
  if (!flags.quiet)
    for (const where of torn)
      ctx.writer.say(
        `cove diff: ${where}: incomplete last line ignored (the run was stopped while writing it).`,
      );
  const format = flags.output ?? (ctx.stdout.isTTY === true ? "table" : "json");
  const put = (text: string) => ctx.writer.write(ctx.stdout, text);
  if (format === "json") await put(`${JSON.stringify(doc, null, 2)}\n`);
  else if (format === "ndjson") for (const line of diffLines(doc)) await put(line);
  else await put(diffTable(doc, palette(colourWanted(ctx.stdout, ctx.env))));
  ctx.setCode(anyChange(doc) ? EXIT.FAILED : EXIT.OK);
}
