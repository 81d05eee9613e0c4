import { compareIndexes, fillChange } from "./compare.js";
import { resolveDiffOptions } from "./options.js";
import { listOf, RunIndex } from "./run-index.js";
import type { DiffInput, DiffOptions, DiffRecord, RunDiff, RunList } from "./types.js";

const LISTS: readonly RunList[] = ["Results", "Exceptions", "FailedAssumeRole"];

/** The records of one side, each with its list. */
function* recordsOf(input: DiffInput, name: string): Generator<[RunList, Record<string, unknown>]> {
  if (typeof input !== "object" || input === null)
    throw new TypeError(`diffRuns: ${name} must be a CoveOutput or an iterable of records.`);
  if (!(Symbol.iterator in input)) {
    for (const list of LISTS) {
      const records = (input as unknown as Record<string, unknown>)[list];
      if (!Array.isArray(records))
        throw new TypeError(`diffRuns: ${name}.${list} must be an array of records.`);
      for (const record of records) yield [list, checked(record, name)];
    }
    return;
  }
  for (const record of input as Iterable<DiffRecord>) {
    const r = checked(record, name);
    const list = r.List;
    if (list !== undefined && !LISTS.includes(list as RunList))
      throw new TypeError(`diffRuns: a record of ${name} has List ${JSON.stringify(list)}.`);
    yield [(list as RunList | undefined) ?? listOf(r), r];
  }
}

/** A record with its `Id` and `Region`, else a TypeError. */
function checked(record: unknown, name: string): Record<string, unknown> {
  const r = record as Record<string, unknown> | null;
  if (
    typeof r !== "object" ||
    r === null ||
    typeof r.Id !== "string" ||
    typeof r.Region !== "string"
  )
    throw new TypeError(
      `diffRuns: every record of ${name} must be an object with string Id and Region.`,
    );
  return r;
}

/**
 * Compares two runs of the same job, pair by pair (account × region): what is new, gone,
 * changed outcome (Result ↔ Exception ↔ FailedAssumeRole) or changed value, and which accounts
 * were renamed, moved to another OU or retagged. Values compare by value (key order never
 * counts); `options` leave paths out, make arrays sets and shape the output. Each side is a
 * `CoveOutput` or records (e.g. lines of `cove exec -o ndjson`); the latest record of a pair
 * wins. This is what `cove diff` prints.
 *
 * @example
 * const diff = diffRuns(lastWeek, thisWeek, { ignore: ["Result.*.LastUsed"] });
 * for (const c of diff.changes) console.log(c.kind, c.Id, c.Region, c.paths);
 */
export function diffRuns(base: DiffInput, next: DiffInput, options: DiffOptions = {}): RunDiff {
  const resolved = resolveDiffOptions(options);
  type Ref = Record<string, unknown>;
  const baseIndex = new RunIndex<Ref>(resolved);
  const nextIndex = new RunIndex<Ref>(resolved);
  for (const [list, record] of recordsOf(base, "base")) baseIndex.add(list, record, record);
  for (const [list, record] of recordsOf(next, "next")) nextIndex.add(list, record, record);
  const { diff, pending } = compareIndexes(baseIndex, nextIndex, resolved);
  for (const p of pending)
    fillChange(p.change, p.change.after?.list ?? "Results", p.base, p.next, resolved);
  return diff;
}
