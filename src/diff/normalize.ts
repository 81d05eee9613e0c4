import { createHash } from "node:crypto";
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
  readonly #above = new Set<object>();

  constructor(private readonly m: Matchers) {}

  /** The value at a path whose matcher states are `ignore` and `unordered`. */
  walk(raw: unknown, ignore: MatchState, unordered: MatchState, depth: number): unknown {
    const value = plain(raw);
    if (typeof value !== "object" || value === null) return value;
    if (this.#above.has(value)) return "[Circular]";
    if (depth > MAX_DEPTH) return "[Nested too deep]";
    this.#above.add(value);
    try {
      return Array.isArray(value)
        ? this.#array(value, ignore, unordered, depth)
        : this.#object(value, ignore, unordered, depth);
    } finally {
      this.#above.delete(value);
    }
  }

  /**
   * The canonical JSON text of the value's normalized form (what `JSON.stringify` would give
   * of {@link Walker.walk}'s value), built without it: the fingerprint of every record.
   */
  text(raw: unknown, ignore: MatchState, unordered: MatchState, depth: number): string {
    const value = plain(raw);
    if (typeof value !== "object" || value === null) return JSON.stringify(value) ?? "null";
    if (this.#above.has(value)) return '"[Circular]"';
    if (depth > MAX_DEPTH) return '"[Nested too deep]"';
    this.#above.add(value);
    try {
      return Array.isArray(value)
        ? this.#arrayText(value, ignore, unordered, depth)
        : this.#objectText(value, ignore, unordered, depth);
    } finally {
      this.#above.delete(value);
    }
  }

  #childText(
    value: unknown,
    segment: Segment,
    ignore: MatchState,
    unordered: MatchState,
    depth: number,
  ): string | typeof SKIP {
    if (ignore.length === 0 && unordered.length === 0)
      return this.text(value, ignore, unordered, depth + 1);
    const i = this.m.ignore.step(ignore, segment);
    if (i.length > 0 && this.m.ignore.matches(i)) return SKIP;
    return this.text(value, i, this.m.unordered.step(unordered, segment), depth + 1);
  }

  #arrayText(
    array: readonly unknown[],
    ignore: MatchState,
    unordered: MatchState,
    depth: number,
  ): string {
    const items: string[] = [];
    for (let i = 0; i < array.length; i++) {
      const item = array[i];
      const t = this.#childText(droppedByJson(item) ? null : item, i, ignore, unordered, depth);
      if (t !== SKIP) items.push(t);
    }
    if (unordered.length === 0 || !this.m.unordered.matches(unordered))
      return `[${items.join(",")}]`;
    items.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{"\\u0000unordered":[${items.join(",")}]}`;
  }

  #objectText(object: object, ignore: MatchState, unordered: MatchState, depth: number): string {
    let text = "";
    for (const key of sortedKeys(object)) {
      const value = (object as Record<string, unknown>)[key];
      if (droppedByJson(value)) continue;
      const t = this.#childText(value, key, ignore, unordered, depth);
      if (t !== SKIP) text += `${text === "" ? "" : ","}${keyText(key)}:${t}`;
    }
    return `{${text}}`;
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

/** An object's keys in code-unit order (most objects' keys are in order already). */
function sortedKeys(object: object): string[] {
  const keys = Object.keys(object);
  for (let i = 1; i < keys.length; i++)
    if ((keys[i - 1] as string) > (keys[i] as string)) return keys.sort();
  return keys;
}

/** Keys as JSON text, remembered (records repeat the same few keys). */
const KEY_TEXTS = new Map<string, string>();

function keyText(key: string): string {
  let text = KEY_TEXTS.get(key);
  if (text === undefined) {
    text = JSON.stringify(key);
    if (KEY_TEXTS.size < 10_000) KEY_TEXTS.set(key, text);
  }
  return text;
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
 * {@link normalize}, or with `asText` the canonical JSON text of its result (as a string), or
 * `undefined` when the path itself is ignored.
 */
function read(value: unknown, path: readonly Segment[], m: Matchers, asText: boolean): unknown {
  let ignore = m.ignore.start();
  let unordered = m.unordered.start();
  for (const segment of path) {
    ignore = m.ignore.step(ignore, segment);
    if (m.ignore.matches(ignore)) return undefined;
    unordered = m.unordered.step(unordered, segment);
  }
  const walker = new Walker(m);
  return asText
    ? walker.text(value, ignore, unordered, 0)
    : walker.walk(value, ignore, unordered, 0);
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
 * `asText` each value is its canonical JSON text instead (for {@link fingerprint}).
 */
export function comparable(
  list: RunList,
  record: Record<string, unknown>,
  m: Matchers,
  exec: boolean | "auto",
  mode?: StdoutMode,
  asText = false,
): Comparable {
  const value = Object.create(null) as Record<string, unknown>;
  if (list !== "Results") {
    const details = plain(record.ExceptionDetails);
    const { requestId: _, ...rest } =
      typeof details === "object" && details !== null
        ? (details as Record<string, unknown>)
        : { value: details };
    const v = read(rest, ["ExceptionDetails"], m, asText);
    if (v !== undefined) value.ExceptionDetails = v;
    return { value };
  }
  if (!("Result" in record)) return { value };
  const result = record.Result;
  if (!isExecResult(result, exec)) {
    const v = read(result, ["Result"], m, asText);
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
  const v = read(json ? json.value : stdoutLines(text), ["Result", "stdout"], m, asText);
  const wrapper = Object.create(null) as Record<string, unknown>;
  if (v !== undefined) wrapper.stdout = v;
  if (read(0, ["Result"], m, false) !== undefined) value.Result = wrapper;
  return v === undefined ? { value } : { value, stdout: json ? "json" : "lines" };
}

/**
 * A short fingerprint of what is compared of a record (its canonical JSON, hashed when long):
 * two records have the same fingerprint exactly when their comparable values are equal.
 */
export function fingerprint(
  list: RunList,
  record: Record<string, unknown>,
  m: Matchers,
  exec: boolean | "auto",
): string {
  const c = comparable(list, record, m, exec, undefined, true);
  const text = `${c.stdout ?? ""}${JSON.stringify(c.value)}`;
  return text.length <= 40 ? text : createHash("sha1").update(text).digest("base64");
}
