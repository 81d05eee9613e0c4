import { Bag } from "./normalize.js";
import { pathText, type Segment } from "./paths.js";
import { diffSequences } from "./sequence.js";
import type { PathChange } from "./types.js";

/** How changes are written down. */
export interface ChangeLimits {
  /** Characters of a value shown. */
  maxValueLength: number;
  /** Paths listed; the rest counted. */
  maxPaths: number;
  /** Whether `Result.stdout` holds text lines (its index is a line number). */
  lines?: boolean;
}

/** The paths that differ between two values, at most `maxPaths`, and how many more there are. */
export interface PathChanges {
  paths: PathChange[];
  more: number;
}

/** A Bag shown as its items. */
const shownJson = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (v instanceof Bag ? v.items : v)) ?? "null";

const canonical = (value: unknown): string => JSON.stringify(value) ?? "null";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Bag)
  );
}

/** Collects path changes, keeping the first `maxPaths`. */
class Collector {
  readonly paths: PathChange[] = [];
  more = 0;

  constructor(private readonly limits: ChangeLimits) {}

  add(path: readonly Segment[], change: PathChange["change"], before: unknown, after: unknown) {
    if (this.paths.length >= this.limits.maxPaths) {
      this.more++;
      return;
    }
    const entry: PathChange = { path: pathText(path, this.limits.lines === true), change };
    if (change !== "added") this.#put(entry, "before", shownJson(before));
    if (change !== "removed") this.#put(entry, "after", shownJson(after));
    this.paths.push(entry);
  }

  #put(entry: PathChange, side: "before" | "after", text: string): void {
    const max = this.limits.maxValueLength;
    if (text.length <= max) {
      entry[side] = text;
      return;
    }
    entry[side] = text.slice(0, max);
    entry[side === "before" ? "beforeCut" : "afterCut"] = text.length - max;
  }
}

/** Items of an unordered array added and removed (as multisets of their JSON). */
function diffBags(a: Bag, b: Bag, path: Segment[], out: Collector): void {
  const left = new Map<string, number>();
  for (const t of a.texts) left.set(t, (left.get(t) ?? 0) + 1);
  const added: unknown[] = [];
  for (const [j, t] of b.texts.entries()) {
    const n = left.get(t) ?? 0;
    if (n > 0) left.set(t, n - 1);
    else added.push(b.items[j]);
  }
  for (const [i, t] of a.texts.entries()) {
    const n = left.get(t) ?? 0;
    if (n === 0) continue;
    left.set(t, n - 1);
    out.add(path, "removed", a.items[i], undefined);
  }
  for (const item of added) out.add(path, "added", undefined, item);
}

/** Items of ordered arrays: inserted and removed items found by a sequence diff, the rest paired. */
function diffArrays(a: unknown[], b: unknown[], path: Segment[], out: Collector): void {
  const edits = diffSequences(a.map(canonical), b.map(canonical));
  let removed: number[] = [];
  let added: number[] = [];
  const flush = () => {
    const paired = Math.min(removed.length, added.length);
    for (let i = 0; i < paired; i++)
      diffInto(a[removed[i] as number], b[added[i] as number], [...path, added[i] as number], out);
    for (const i of removed.slice(paired)) out.add([...path, i], "removed", a[i], undefined);
    for (const j of added.slice(paired)) out.add([...path, j], "added", undefined, b[j]);
    removed = [];
    added = [];
  };
  for (const e of edits) {
    if (e.op === "remove") removed.push(e.a);
    else if (e.op === "add") added.push(e.b);
    else flush();
  }
  flush();
}

function diffObjects(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  path: Segment[],
  out: Collector,
): void {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const key of keys) {
    const inA = Object.prototype.hasOwnProperty.call(a, key);
    const inB = Object.prototype.hasOwnProperty.call(b, key);
    if (!inB) out.add([...path, key], "removed", a[key], undefined);
    else if (!inA) out.add([...path, key], "added", undefined, b[key]);
    else diffInto(a[key], b[key], [...path, key], out);
  }
}

/**
 * Whether two normalized values are equal (as their canonical JSON would be), walked once and
 * left at the first difference: objects' keys are sorted already, so they pair in order.
 */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null)
    return canonical(a) === canonical(b);
  if (a instanceof Bag || b instanceof Bag)
    return a instanceof Bag && b instanceof Bag && sameItems(a.items, b.items);
  if (Array.isArray(a) || Array.isArray(b))
    return Array.isArray(a) && Array.isArray(b) && sameItems(a, b);
  const keys = Object.keys(a);
  const other = Object.keys(b);
  if (keys.length !== other.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (key !== other[i]) return false;
    if (!same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
      return false;
  }
  return true;
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
  return true;
}

function diffInto(a: unknown, b: unknown, path: Segment[], out: Collector): void {
  if (same(a, b)) return;
  if (a instanceof Bag && b instanceof Bag) diffBags(a, b, path, out);
  else if (Array.isArray(a) && Array.isArray(b)) diffArrays(a, b, path, out);
  else if (isPlainObject(a) && isPlainObject(b)) diffObjects(a, b, path, out);
  else out.add(path, "changed", a, b);
}

/**
 * The paths that differ between two normalized values (see `normalize`): keys added, removed
 * or changed; ordered arrays by a sequence diff (an item inserted is one change, not a shift
 * of every later one); unordered arrays by the items added and removed.
 */
export function diffValues(before: unknown, after: unknown, limits: ChangeLimits): PathChanges {
  const out = new Collector(limits);
  diffInto(before, after, [], out);
  return { paths: out.paths, more: out.more };
}
