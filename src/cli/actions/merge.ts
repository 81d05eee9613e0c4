import { closeSync, createWriteStream, openSync, readFileSync, renameSync, rmSync } from "node:fs";
import type { CliContext } from "../context.js";
import { EXIT, UsageError } from "../errors.js";
import { checkShards, checkTargets, isComplete, type ShardVerdict } from "../merge/check.js";
import { BatchedWriter } from "../merge/batched.js";
import { checkFiles, replayLatest, scanFiles, type Scan } from "../merge/scan.js";
import { EncodedRecord } from "../output/encode.js";
import { RecordSink } from "../output/sink.js";
import type { Format } from "../common-flags.js";
import type { LineIssue } from "../ndjson.js";
import { tempPathFor } from "../atomic-write.js";

/** Flags of `cove merge`. */
export interface MergeFlags {
  output: Format;
  out?: string;
  allowPartial?: boolean;
  /** `--targets FILE`: the target list (`cove targets -o json`) instead of shard manifests. */
  targets?: string;
  quiet?: boolean;
  /** `--sort`: records ordered by account id then region, keys inside values sorted. */
  sort?: boolean;
}

/** The pairs of a `cove targets -o json` file (its `targets` rows); a UsageError when it is not one. */
function readTargets(path: string): { Id: string; Region?: string }[] {
  let rows: unknown;
  try {
    rows = (JSON.parse(readFileSync(path, "utf8")) as { targets?: unknown }).targets;
  } catch (error) {
    throw new UsageError(`cannot read the targets ${path}: ${(error as Error).message}`);
  }
  const ok = (r: unknown): r is { Id: string; Region?: string } =>
    typeof r === "object" &&
    r !== null &&
    typeof (r as { Id?: unknown }).Id === "string" &&
    ["string", "undefined"].includes(typeof (r as { Region?: unknown }).Region);
  if (!Array.isArray(rows) || !rows.every(ok))
    throw new UsageError(
      `${path} is not the output of cove targets -o json (no "targets" list of { Id, Region }).`,
    );
  return rows;
}

/** Missing pairs named one by one on stderr; the rest are counted. */
const PAIRS_SHOWN = 50;

/** Says what the verdict found, one line per finding (the pairs: the first few). */
function sayVerdict(ctx: CliContext, v: ShardVerdict): void {
  for (const line of v.inconsistent) ctx.writer.say(`cove merge: ${line}`);
  for (const line of v.incomplete) ctx.writer.say(`cove merge: incomplete: ${line}`);
  for (const pair of v.missingPairs.slice(0, PAIRS_SHOWN))
    ctx.writer.say(`cove merge: no record: ${pair}`);
  if (v.missingPairs.length > PAIRS_SHOWN)
    ctx.writer.say(
      `cove merge: … and ${v.missingPairs.length - PAIRS_SHOWN} more pairs with no record.`,
    );
}

/** Where the merged output goes: stdout, or a new file in `--out`'s folder renamed over it at the end. */
function openOutput(
  ctx: CliContext,
  out: string | undefined,
): {
  stream: NodeJS.WritableStream;
  commit(): Promise<void>;
  abandon(): void;
} {
  if (out === undefined)
    return { stream: ctx.stdout, commit: () => Promise.resolve(), abandon() {} };
  const temp = tempPathFor(out);
  // Exclusive (a file there is not written through) and for this user only.
  const fd = openSync(temp, "wx", 0o600);
  const stream = createWriteStream("", { fd, autoClose: false });
  const closed = () =>
    new Promise<void>((resolve, reject) =>
      stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  return {
    stream,
    async commit() {
      await closed();
      closeSync(fd);
      renameSync(temp, out);
    },
    abandon() {
      stream.destroy();
      try {
        closeSync(fd);
      } catch {
        // closed already
      }
      rmSync(temp, { force: true });
    },
  };
}

/** Writes the latest record of every pair in the chosen format; returns the failures written. */
async function writeMerged(ctx: CliContext, files: string[], scan: Scan, flags: MergeFlags) {
  const output = openOutput(ctx, flags.out);
  try {
    // Records are small: written in large batches, not one write (and one wait) each.
    const batched = new BatchedWriter(output.stream);
    const sink = new RecordSink({
      format: flags.output,
      writer: ctx.writer,
      stdout: batched as unknown as NodeJS.WritableStream,
      sort: flags.sort === true,
    });
    await replayLatest(files, scan, (list, record) =>
      sink.replay(new EncodedRecord(list, JSON.stringify(record))),
    );
    await sink.finish();
    await batched.end();
    await output.commit();
    return sink;
  } catch (error) {
    output.abandon();
    throw error;
  }
}

/** `cove merge FILE...`: the exit code. */
export async function mergeAction(
  ctx: CliContext,
  files: string[],
  flags: MergeFlags,
): Promise<number> {
  if (files.length === 0) throw new UsageError("merge needs the shards' files.");
  checkFiles(files, flags.out);
  const onIssue = (issue: LineIssue) => {
    if (!issue.torn)
      ctx.writer.say(`cove merge: ${issue.source}:${issue.line}: ${issue.reason}; line skipped.`);
  };
  const targets = flags.targets === undefined ? undefined : readTargets(flags.targets);
  const scan = await scanFiles(files, onIssue);
  const hasRecord = (key: string) =>
    key.includes("\t") ? scan.latest.has(key) : scan.accounts.has(key);
  const verdict =
    targets === undefined ? checkShards(scan.files, hasRecord) : checkTargets(targets, hasRecord);
  sayVerdict(ctx, verdict);
  if (verdict.inconsistent.length > 0) {
    ctx.writer.say("cove merge: these files are not the shards of one job: nothing written.");
    return EXIT.USAGE;
  }
  const complete = isComplete(verdict);
  if (!complete && !flags.allowPartial) {
    ctx.writer.say(
      "cove merge: the job is incomplete: nothing written (--allow-partial writes what there is).",
    );
    return EXIT.FAILED;
  }
  const sink = await writeMerged(ctx, files, scan, flags);
  if (!flags.quiet)
    ctx.writer.say(
      `cove merge: ${complete ? "complete" : "partial"}: ${sink.count} records of ${verdict.count} shards (${verdict.covered} of ${verdict.size} pairs of the target set); Results ${sink.counts.Results}, Exceptions ${sink.counts.Exceptions}, FailedAssumeRole ${sink.counts.FailedAssumeRole}.`,
    );
  return !complete || sink.failures > 0 ? EXIT.FAILED : EXIT.OK;
}
