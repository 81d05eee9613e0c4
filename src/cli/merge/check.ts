import { targetSetFingerprint } from "../../domain/target-set.js";
import { jobDifferences } from "../job/header.js";
import { pairKey } from "../journal/read.js";
import type { JobHeader } from "../job/header.js";

/** One input as the check sees it: its first line's header (the job and its shard manifest). */
export interface ShardFile {
  /** The input's name, for messages. */
  source: string;
  /** The first line, when it is a header. */
  header: JobHeader | undefined;
}

/** The verdict on a set of shard files. */
export interface ShardVerdict {
  /** Files that are not of this job, or name no shard (exit 2: nothing to merge them with). */
  inconsistent: string[];
  /** What is missing or does not fit (exit 1 unless `--allow-partial`). */
  incomplete: string[];
  /** Shard indexes with no file, of `count`. */
  missingShards: number[];
  /** Pairs of the target set with no record (`ID REGION`; `ID` alone with per-account regions). */
  missingPairs: string[];
  /** The shard count (of the first file), the target set's size, and the pairs it has a record of. */
  count: number;
  size: number;
  covered: number;
}

interface Manifest {
  index: number;
  count: number;
  sha256: string;
  size: number;
  regions: string[] | null;
  accounts: string[];
}

const isIndex = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 0;
const isText = (v: unknown): v is string => typeof v === "string";

/** The manifest of a header, or `undefined` when it has none (or a damaged one). */
export function manifestOf(header: JobHeader | undefined): Manifest | undefined {
  if (!header) return undefined;
  const shard = header.shard as Record<string, unknown> | undefined;
  const set = header.targetSet as Record<string, unknown> | undefined;
  const accounts = header.shardAccounts;
  if (typeof shard !== "object" || shard === null || typeof set !== "object" || set === null)
    return undefined;
  if (!isIndex(shard.index) || !isIndex(shard.count) || shard.index >= shard.count)
    return undefined;
  if (!isText(set.sha256) || !isIndex(set.size)) return undefined;
  const regions = set.regions;
  if (regions !== null && !(Array.isArray(regions) && regions.every(isText))) return undefined;
  if (!Array.isArray(accounts) || !accounts.every(isText)) return undefined;
  return {
    index: shard.index,
    count: shard.count,
    sha256: set.sha256,
    size: set.size,
    regions,
    accounts,
  };
}

/** Whether the pairs of the target set (every shard's accounts × regions) include `key`. */
function expectedPairs(manifests: Manifest[]): { ids: Set<string>; regions: string[] | null } {
  const ids = new Set<string>();
  for (const m of manifests) for (const id of m.accounts) ids.add(id);
  return { ids, regions: manifests[0]?.regions ?? null };
}

/** The first file's manifest is the job's; files that disagree are listed. */
function sortFiles(files: readonly ShardFile[], verdict: ShardVerdict): Manifest[] {
  const reference = files.find((f) => manifestOf(f.header) !== undefined);
  const ref = manifestOf(reference?.header);
  const fitting: Manifest[] = [];
  for (const file of files) {
    const m = manifestOf(file.header);
    if (!file.header || !m || !ref || !reference?.header) {
      verdict.inconsistent.push(
        `${file.source}: no shard manifest in its first line (not the output or journal of cove exec/run --shard).`,
      );
      continue;
    }
    const differences = jobDifferences(reference.header, file.header);
    if (differences.length > 0) {
      verdict.inconsistent.push(
        `${file.source}: another job than ${reference.source} (${differences.join("; ").replaceAll("the journal's", `${reference.source}'s`).replaceAll("this job's", "this file's")}).`,
      );
    } else if (m.count !== ref.count) {
      verdict.incomplete.push(
        `${file.source}: shard ${m.index} of ${m.count}, not of ${ref.count} as ${reference.source}: left out.`,
      );
    } else if (m.sha256 !== ref.sha256 || m.size !== ref.size) {
      verdict.incomplete.push(
        `${file.source}: another target set (${m.size} pairs, ${m.sha256.slice(0, 12)}) than ${reference.source} (${ref.size} pairs, ${ref.sha256.slice(0, 12)}): the organization or regions changed between shards; left out.`,
      );
    } else fitting.push(m);
  }
  return fitting;
}

/** Checks the shards' accounts together against the fingerprint (all shards present). */
function checkUnion(manifests: Manifest[], verdict: ShardVerdict): void {
  const { ids, regions } = expectedPairs(manifests);
  const { sha256, size } = targetSetFingerprint(ids, regions);
  const ref = manifests[0]!;
  if (sha256 !== ref.sha256 || size !== ref.size)
    verdict.inconsistent.push(
      `the shards' accounts together (${size} pairs) do not make the target set their manifests name (${ref.size} pairs): damaged or edited files.`,
    );
}

/** A verdict with nothing found yet, of `count` shards and a target set of `size` pairs. */
function emptyVerdict(count: number, size: number): ShardVerdict {
  return {
    inconsistent: [],
    incomplete: [],
    missingShards: [],
    missingPairs: [],
    count,
    size,
    covered: 0,
  };
}

/**
 * Counts one pair of the target set as covered or missing (`region` undefined: the account
 * as a whole, when its regions were decided per account).
 */
function tally(
  verdict: ShardVerdict,
  hasRecord: (key: string) => boolean,
  id: string,
  region: string | undefined,
): void {
  if (hasRecord(region === undefined ? id : pairKey(id, region))) verdict.covered++;
  else verdict.missingPairs.push(region === undefined ? id : `${id} ${region}`);
}

/**
 * Checks shard files before a merge: the same job (as `--resume` compares it), the same
 * shard count and target set (fingerprint), every shard index present, and a record (in
 * `hasRecord`) for every pair of the target set.
 */
export function checkShards(
  files: readonly ShardFile[],
  hasRecord: (key: string) => boolean,
): ShardVerdict {
  const verdict = emptyVerdict(0, 0);
  const manifests = sortFiles(files, verdict);
  const ref = manifests[0];
  if (ref === undefined || verdict.inconsistent.length > 0) return verdict;
  verdict.count = ref.count;
  verdict.size = ref.size;
  const present = new Set(manifests.map((m) => m.index));
  for (let i = 0; i < ref.count; i++) if (!present.has(i)) verdict.missingShards.push(i);
  if (verdict.missingShards.length === 0) checkUnion(manifests, verdict);
  const { ids, regions } = expectedPairs(manifests);
  for (const id of [...ids].sort())
    for (const region of regions ?? [undefined]) tally(verdict, hasRecord, id, region);
  const unknown = ref.size - verdict.covered - verdict.missingPairs.length;
  if (verdict.missingShards.length > 0)
    verdict.incomplete.push(
      `shard${verdict.missingShards.length > 1 ? "s" : ""} ${verdict.missingShards.join(", ")} of ${ref.count} missing (${unknown} pairs of the target set unaccounted for).`,
    );
  if (verdict.missingPairs.length > 0)
    verdict.incomplete.push(
      `${verdict.missingPairs.length} pairs of the target set have no record (shards stopped part-way: retry them, e.g. with --resume).`,
    );
  return verdict;
}

/** Whether the verdict lets the files be merged as the whole job. */
export const isComplete = (v: ShardVerdict): boolean =>
  v.inconsistent.length === 0 && v.incomplete.length === 0;

/** One line for the top of a report page: the verdict in short. */
export function verdictText(v: ShardVerdict): string {
  if (v.inconsistent.length > 0) return `not one job: ${v.inconsistent.join(" ")}`;
  const head = `${v.covered} of ${v.size} pairs of the target set have a record, from ${v.count - v.missingShards.length} of ${v.count} shards`;
  if (isComplete(v)) return `complete: ${head}.`;
  const shown = v.missingPairs.slice(0, 20).join(", ");
  const more = v.missingPairs.length > 20 ? `, … ${v.missingPairs.length - 20} more` : "";
  return `INCOMPLETE: ${head}. ${v.incomplete.join(" ")}${shown ? ` Missing: ${shown}${more}.` : ""}`;
}

/**
 * The verdict against a target list (`cove merge --targets FILE`, the `cove targets -o json`
 * a Distributed Map read): every listed pair needs a record; the files need no manifest.
 */
export function checkTargets(
  pairs: readonly { Id: string; Region?: string | undefined }[],
  hasRecord: (key: string) => boolean,
): ShardVerdict {
  const verdict = emptyVerdict(1, pairs.length);
  for (const { Id, Region } of pairs) tally(verdict, hasRecord, Id, Region);
  if (verdict.missingPairs.length > 0)
    verdict.incomplete.push(
      `${verdict.missingPairs.length} pairs of the target list have no record (batches that failed: run them again).`,
    );
  return verdict;
}
