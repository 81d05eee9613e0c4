import { digestText, hashLeaf, hashString, Sum, Tag } from "./digest.js";
import type { MatchState, PathMatcher, Segment } from "./paths.js";
import type { RunList } from "./types.js";

/** An array whose order does not count (an `unordered` path): its items sorted by their JSON. */
export class Bag {
  constructor(
    readonly items: readonly unknown[],
    /** Each item's canonical JSON, in the same order. */
    readonly texts: readonly string[],
  ) {}

  toJSON(): unknown {
    return { "\u0000unordered": this.items };
  }
}

/** The ignored and unordered paths of a comparison. */
export interface Matchers {
  ignore: PathMatcher;
  unordered: PathMatcher;
}

/** Deepest nesting compared; deeper values compare as a marker. */
const MAX_DEPTH = 200;

/** A value of a record as plain JSON data (what the CLI would have written for it). */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object" || value === null) return value;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === Array.prototype || proto === null) {
    if (typeof (value as { toJSON?: unknown }).toJSON !== "function") return value;
  }
  if (value instanceof Map) return Object.fromEntries(value);
  if (value instanceof Set) return [...value];
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown };
    return {
      name: e.name,
      message: e.message,
      ...(typeof e.code === "string" ? { code: e.code } : {}),
    };
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function" && !(value instanceof Bag)) return plain(toJSON.call(value));
  return value;
}

const droppedByJson = (v: unknown) =>
  v === undefined || typeof v === "function" || typeof v === "symbol";

/**
 * Walks a value into its normalized form, stepping the two matchers along (their state stays
 * empty, and costs nothing, once no pattern can match below).
 */
class Walker {
  /** The objects above the current value (a short list: a linear scan beats a set). */
  readonly #above: object[] = [];

  constructor(private readonly m: Matchers) {}

  /** The value at a path whose matcher states are `ignore` and `unordered`. */
  walk(raw: unknown, ignore: MatchState, unordered: MatchState, depth: number): unknown {
    const value = plain(raw);
    if (typeof value !== "object" || value === null) return value;
    if (this.#above.includes(value)) return "[Circular]";
    if (depth > MAX_DEPTH) return "[Nested too deep]";
    this.#above.push(value);
    const out = Array.isArray(value)
      ? this.#array(value, ignore, unordered, depth)
      : this.#object(value, ignore, unordered, depth);
    this.#above.pop();
    return out;
  }

  /**
   * Hashes the value's normalized form (what {@link Walker.walk} gives) without building it,
   * leaving its digest in `digest.ts`'s `last`. Key order never counts (an object's members
   * are summed), nor the order of an unordered array's items; the order of any other array does.
   */
  hash(raw: unknown, ignore: MatchState, unordered: MatchState, depth: number): void {
    const value = plain(raw);
    if (typeof value !== "object" || value === null) return hashLeaf(value);
    if (this.#above.includes(value)) return hashString("[Circular]", Tag.String);
    if (depth > MAX_DEPTH) return hashString("[Nested too deep]", Tag.String);
    this.#above.push(value);
    if (Array.isArray(value)) this.#arrayHash(value, ignore, unordered, depth);
    else this.#objectHash(value, ignore, unordered, depth);
    this.#above.pop();
  }

  /** Hashes the child at `segment` (into `last`); false, and no hash, when it is ignored. */
  #childHash(
    value: unknown,
    segment: Segment,
    ignore: MatchState,
    unordered: MatchState,
    depth: number,
  ): boolean {
    if (ignore.length === 0 && unordered.length === 0) {
      this.hash(value, ignore, unordered, depth + 1);
      return true;
    }
    const i = this.m.ignore.step(ignore, segment);
    if (i.length > 0 && this.m.ignore.matches(i)) return false;
    this.hash(value, i, this.m.unordered.step(unordered, segment), depth + 1);
    return true;
  }

  #arrayHash(
    array: readonly unknown[],
    ignore: MatchState,
    unordered: MatchState,
    depth: number,
  ): void {
    const bag = unordered.length > 0 && this.m.unordered.matches(unordered);
    const sum = new Sum(bag ? Tag.Bag : Tag.Array);
    for (let i = 0; i < array.length; i++) {
      const item = array[i];
      if (!this.#childHash(droppedByJson(item) ? null : item, i, ignore, unordered, depth))
        continue;
      if (bag) sum.add();
      else sum.chain();
    }
    sum.finish();
  }

  #objectHash(object: object, ignore: MatchState, unordered: MatchState, depth: number): void {
    const sum = new Sum(Tag.Object);
    for (const key of Object.keys(object)) {
      const value = (object as Record<string, unknown>)[key];
      if (droppedByJson(value) || !this.#childHash(value, key, ignore, unordered, depth)) continue;
      sum.member(key);
    }
    sum.finish();
  }

  /** The child at `segment`, or `SKIP` when its path is ignored. */
  #child(
    value: unknown,
    segment: Segment,
    ignore: MatchState,
    unordered: MatchState,
    depth: number,
  ): unknown {
    if (ignore.length === 0 && unordered.length === 0)
      return this.walk(value, ignore, unordered, depth + 1);
    const i = this.m.ignore.step(ignore, segment);
    if (i.length > 0 && this.m.ignore.matches(i)) return SKIP;
    return this.walk(value, i, this.m.unordered.step(unordered, segment), depth + 1);
  }

  #array(
    array: readonly unknown[],
    ignore: MatchState,
    unordered: MatchState,
    depth: number,
  ): unknown {
    const items: unknown[] = [];
    for (let i = 0; i < array.length; i++) {
      const item = array[i];
      const v = this.#child(droppedByJson(item) ? null : item, i, ignore, unordered, depth);
      if (v !== SKIP) items.push(v);
    }
    if (unordered.length === 0 || !this.m.unordered.matches(unordered)) return items;
    const keyed = items.map((item) => [JSON.stringify(item) ?? "null", item] as const);
    keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return new Bag(
      keyed.map(([, item]) => item),
      keyed.map(([text]) => text),
    );
  }

  #object(object: object, ignore: MatchState, unordered: MatchState, depth: number): unknown {
    const out = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(object).sort()) {
      const value = (object as Record<string, unknown>)[key];
      if (droppedByJson(value)) continue;
      const v = this.#child(value, key, ignore, unordered, depth);
      if (v !== SKIP) out[key] = v;
    }
    return out;
  }
}

/** What a walk gives for an ignored path. */
const SKIP = Symbol("skip");

/**
 * A value made comparable: object keys sorted, ignored paths left out, unordered arrays as
 * {@link Bag}s, non-JSON values as the CLI writes them. `path` is where the value sits in its
 * record (the matchers see the whole path).
 */
export function normalize(value: unknown, path: readonly Segment[], m: Matchers): unknown {
  return read(value, path, m, false);
}

/**
 * {@link normalize}, or with `asDigest` a digest of its result (a short string, see
 * `digest.ts`), or `undefined` when the path itself is ignored.
 */
function read(value: unknown, path: readonly Segment[], m: Matchers, asDigest: boolean): unknown {
  let ignore = m.ignore.start();
  let unordered = m.unordered.start();
  for (const segment of path) {
    ignore = m.ignore.step(ignore, segment);
    if (m.ignore.matches(ignore)) return undefined;
    unordered = m.unordered.step(unordered, segment);
  }
  const walker = new Walker(m);
  if (!asDigest) return walker.walk(value, ignore, unordered, 0);
  walker.hash(value, ignore, unordered, 0);
  return digestText();
}

/** How an exec record's stdout is compared. */
export type StdoutMode = "json" | "lines";

/** Whether a Result is what `cove exec` records: `{ exitCode: 0, stdout, stderr }`. */
export function isExecResult(result: unknown, exec: boolean | "auto"): boolean {
  if (exec === false || typeof result !== "object" || result === null) return false;
  const r = result as Record<string, unknown>;
  if (!("stdout" in r)) return false;
  if (exec === true) return true;
  const keys = Object.keys(r);
  return keys.length === 3 && r.exitCode === 0 && typeof r.stderr === "string";
}

/** stdout as JSON, or `undefined` when it is not JSON. */
function stdoutJson(stdout: string): { value: unknown } | undefined {
  if (stdout.trim() === "") return undefined;
  try {
    return { value: JSON.parse(stdout) as unknown };
  } catch {
    return undefined;
  }
}

/** stdout's lines (a last newline ends the last line, it does not start another). */
export function stdoutLines(stdout: string): string[] {
  if (stdout === "") return [];
  const lines = stdout.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** What is compared of a record, from its root: `{ Result }` or `{ ExceptionDetails }`. */
export interface Comparable {
  value: Record<string, unknown>;
  /** For an exec record, how its stdout was read. */
  stdout?: StdoutMode;
}

/**
 * What of a record is compared (see {@link Comparable}); `mode` forces how stdout is read. With
 * `asDigest` each value is its digest instead (for {@link fingerprint}).
 */
export function comparable(
  list: RunList,
  record: Record<string, unknown>,
  m: Matchers,
  exec: boolean | "auto",
  mode?: StdoutMode,
  asDigest = false,
): Comparable {
  const value = Object.create(null) as Record<string, unknown>;
  if (list !== "Results") {
    const details = plain(record.ExceptionDetails);
    const { requestId: _, ...rest } =
      typeof details === "object" && details !== null
        ? (details as Record<string, unknown>)
        : { value: details };
    const v = read(rest, ["ExceptionDetails"], m, asDigest);
    if (v !== undefined) value.ExceptionDetails = v;
    return { value };
  }
  if (!("Result" in record)) return { value };
  const result = record.Result;
  if (!isExecResult(result, exec)) {
    const v = read(result, ["Result"], m, asDigest);
    if (v !== undefined) value.Result = v;
    return { value };
  }
  const stdout = (result as { stdout: unknown }).stdout;
  // `cove exec --stdout-json` keeps a JSON stdout parsed: compared as JSON as it is.
  const json =
    typeof stdout !== "string"
      ? { value: stdout }
      : mode === "lines"
        ? undefined
        : stdoutJson(stdout);
  const text = typeof stdout === "string" ? stdout : "";
  const v = read(json ? json.value : stdoutLines(text), ["Result", "stdout"], m, asDigest);
  const wrapper = Object.create(null) as Record<string, unknown>;
  if (v !== undefined) wrapper.stdout = v;
  if (read(0, ["Result"], m, false) !== undefined) value.Result = wrapper;
  return v === undefined ? { value } : { value, stdout: json ? "json" : "lines" };
}

/**
 * A short fingerprint of what is compared of a record (a 64-bit digest of each compared value,
 * see `digest.ts`): two records have the same fingerprint when their comparable values are
 * equal, and different ones when they are not (but with a chance of about 2^-64).
 */
export function fingerprint(
  list: RunList,
  record: Record<string, unknown>,
  m: Matchers,
  exec: boolean | "auto",
): string {
  const { value, stdout } = comparable(list, record, m, exec, undefined, true);
  const result = value.Result;
  if (result === undefined)
    return value.ExceptionDetails === undefined ? "-" : `E${value.ExceptionDetails as string}`;
  if (typeof result === "string") return `R${result}`;
  const out = (result as { stdout?: string }).stdout;
  return out === undefined ? "S" : `${stdout === "json" ? "J" : "L"}${out}`;
}
