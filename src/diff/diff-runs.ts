import { RunDiffer } from "./run-differ.js";
import type { DiffInput, DiffOptions, DiffRecord, RunDiff, RunList } from "./types.js";

const LISTS: readonly RunList[] = ["Results", "Exceptions", "FailedAssumeRole"];

/** The records of one side (a CoveOutput's three lists, with their list as `List`). */
function* recordsOf(input: DiffInput, name: string): Generator<DiffRecord> {
  if (typeof input !== "object" || input === null)
    throw new TypeError(`diffRuns: ${name} must be a CoveOutput or an iterable of records.`);
  if (Symbol.iterator in input) {
    yield* input;
    return;
  }
  for (const list of LISTS) {
    const records = (input as unknown as Record<string, unknown>)[list];
    if (!Array.isArray(records))
      throw new TypeError(`diffRuns: ${name}.${list} must be an array of records.`);
    for (const record of records as DiffRecord[])
      yield typeof record === "object" && record !== null ? { ...record, List: list } : record;
  }
}

/**
 * Compares two runs of the same job, pair by pair (account × region): what is new, gone,
 * changed outcome (Result ↔ Exception ↔ FailedAssumeRole) or changed value, and which accounts
 * were renamed, moved to another OU or retagged. Values compare by value (key order never
 * counts); `options` leave paths out, make arrays sets and shape the output. Each side is a
 * `CoveOutput` or records (e.g. lines of `cove exec -o ndjson`); the latest record of a pair
 * wins. This is what `cove diff` prints. For runs too big to hold, see {@link RunDiffer}.
 *
 * @example
 * const diff = diffRuns(lastWeek, thisWeek, { ignore: ["Result.*.LastUsed"] });
 * for (const c of diff.changes) console.log(c.kind, c.Id, c.Region, c.paths);
 */
export function diffRuns(base: DiffInput, next: DiffInput, options: DiffOptions = {}): RunDiff {
  const differ = new RunDiffer<DiffRecord>(options);
  for (const record of recordsOf(base, "base")) differ.addBase(record, record);
  for (const record of recordsOf(next, "next")) differ.addNext(record, record);
  const { diff, pending } = differ.compare();
  for (const p of pending) differ.fillPaths(p.change, p.base, p.next);
  return diff;
}
