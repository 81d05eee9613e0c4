import { Option, type Command } from "commander";
import { CoveError, RunDiffer, type RunDiff } from "../../index.js";
import type { CliContext, InStream } from "../context.js";
import { completeDiff, readBase, sideInfo } from "../diff/complete.js";
import { readSide, sourcesOf, type RecordRef, type SideSummary } from "../diff/read.js";
import { diffLines, diffTable, type DiffDocument } from "../diff/render.js";
import { EXIT, UsageError } from "../errors.js";
import { jobDifferences } from "../job/header.js";
import { colourWanted, palette } from "../output/colour.js";
import { examples } from "./help.js";

/** Flags of `cove diff`. */
interface DiffFlags {
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

/** The differ, a bad `--ignore`/`--unordered` path named by its flag. */
export function newDiffer(options: {
  ignore?: string[];
  unordered?: string[];
}): RunDiffer<RecordRef> {
  try {
    return new RunDiffer<RecordRef>({
      ignore: options.ignore ?? [],
      unordered: options.unordered ?? [],
    });
  } catch (error) {
    const option = error instanceof CoveError ? error.option : undefined;
    if (option === undefined) throw error;
    const flag = `--${option.replace(/\[\d+\]$/, "")}`;
    throw new UsageError(
      `${flag}: ${error instanceof Error ? error.message.replace(/^Option "[^"]*" must be/, "expected") : ""}`,
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

async function diffAction(ctx: CliContext, args: string[], flags: DiffFlags): Promise<void> {
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
    .action((args: string[], flags: DiffFlags) => diffAction(ctx, args, flags));
}
