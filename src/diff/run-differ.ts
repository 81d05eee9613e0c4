import { compareIndexes, fillChange } from "./compare.js";
import { resolveDiffOptions, type ResolvedDiffOptions } from "./options.js";
import { listOf, RunIndex } from "./run-index.js";
import type { DiffOptions, DiffRecord, RunChange, RunDiff, RunList } from "./types.js";

const LISTS: readonly string[] = ["Results", "Exceptions", "FailedAssumeRole"];

/** A `changed` pair whose paths need its two records, with the references they were added with. */
export interface PendingPaths<B, N> {
  /** The change, to pass to {@link RunDiffer.fillPaths}. */
  change: RunChange;
  /** The reference of the base side's record. */
  base: B;
  /** The reference of the next side's record. */
  next: N;
}

/** A record's list (its `List`, else read from its keys), after checking `Id` and `Region`. */
export function recordList(record: unknown, side: string): RunList {
  const r = record as Record<string, unknown> | null;
  if (
    typeof r !== "object" ||
    r === null ||
    typeof r.Id !== "string" ||
    typeof r.Region !== "string"
  )
    throw new TypeError(
      `diffRuns: every record of ${side} must be an object with string Id and Region.`,
    );
  if (r.List === undefined) return listOf(r);
  if (typeof r.List !== "string" || !LISTS.includes(r.List))
    throw new TypeError(`diffRuns: a record of ${side} has List ${JSON.stringify(r.List)}.`);
  return r.List as RunList;
}

/**
 * {@link diffRuns} for runs too big to hold in memory: records are added one by one, each with
 * a reference of yours (a line number, a database key) and only a fingerprint of each is kept.
 * {@link RunDiffer.compare} gives the diff and the `changed` pairs whose paths need their two
 * records; fetch those by their references and hand them to {@link RunDiffer.fillPaths}.
 *
 * @example
 * const differ = new RunDiffer<number>({ ignore: ["Result.*.LastUsed"] });
 * baseRows.forEach((row) => differ.addBase(row.record, row.id));
 * nextRows.forEach((row) => differ.addNext(row.record, row.id));
 * const { diff, pending } = differ.compare();
 * for (const p of pending) differ.fillPaths(p.change, load(p.base), load(p.next));
 */
export class RunDiffer<B = DiffRecord, N = B> {
  readonly #options: ResolvedDiffOptions;
  readonly #base: RunIndex<B>;
  readonly #next: RunIndex<N>;

  /** Checks the options (see {@link DiffOptions}) before any record is taken. */
  constructor(options: DiffOptions = {}) {
    this.#options = resolveDiffOptions(options);
    this.#base = new RunIndex(this.#options);
    this.#next = new RunIndex(this.#options);
  }

  /** Adds a record of the base (earlier) run; a later record of the same pair wins. */
  addBase(record: DiffRecord, ref: B): void {
    this.#base.add(recordList(record, "base"), record as Record<string, unknown>, ref);
  }

  /** Adds a record of the next (later) run; a later record of the same pair wins. */
  addNext(record: DiffRecord, ref: N): void {
    this.#next.add(recordList(record, "next"), record as Record<string, unknown>, ref);
  }

  /** Compares the runs: the diff (`changed` pairs without their paths yet) and those pairs. */
  compare(): { diff: RunDiff; pending: PendingPaths<B, N>[] } {
    return compareIndexes(this.#base, this.#next, this.#options);
  }

  /** Fills a `changed` pair's `paths` (and `morePaths`) from its two records. */
  fillPaths(change: RunChange, before: DiffRecord, after: DiffRecord): void {
    const list = change.after?.list ?? "Results";
    fillChange(
      change,
      list,
      before as Record<string, unknown>,
      after as Record<string, unknown>,
      this.#options,
    );
  }
}
