import { createHash } from "node:crypto";
import { PathMatcher, type MatchState, type Segment } from "./paths.js";
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

/** Where a walk stands: the two matchers' states, and the objects above (cycles). */
interface Walk {
  m: Matchers;
  ignore: MatchState;
  unordered: MatchState;
  above: Set<object>;
  depth: number;
}

/** A value of a record as plain JSON data (what the CLI would have written for it). */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object" || value === null) return value;
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

/** One step into `segment`, or `undefined` when that path is ignored. */
function into(walk: Walk, segment: Segment): Walk | undefined {
  const ignore = walk.m.ignore.step(walk.ignore, segment);
  if (walk.m.ignore.matches(ignore)) return undefined;
  return {
    ...walk,
    ignore,
    unordered: walk.m.unordered.step(walk.unordered, segment),
    depth: walk.depth + 1,
  };
}

function normalizeArray(array: readonly unknown[], walk: Walk): unknown {
  const items: unknown[] = [];
  for (const [i, item] of array.entries()) {
    const inner = into(walk, i);
    if (inner) items.push(droppedByJson(item) ? null : normalizeWalk(item, inner));
  }
  if (!walk.m.unordered.matches(walk.unordered)) return items;
  const keyed = items.map((item) => [JSON.stringify(item) ?? "null", item] as const);
  keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new Bag(
    keyed.map(([, item]) => item),
    keyed.map(([text]) => text),
  );
}

function normalizeObject(object: object, walk: Walk): unknown {
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(object).sort()) {
    const value = (object as Record<string, unknown>)[key];
    if (droppedByJson(value)) continue;
    const inner = into(walk, key);
    if (inner) out[key] = normalizeWalk(value, inner);
  }
  return out;
}

function normalizeWalk(raw: unknown, walk: Walk): unknown {
  const value = plain(raw);
  if (typeof value !== "object" || value === null) return value;
  if (walk.above.has(value)) return "[Circular]";
  if (walk.depth > MAX_DEPTH) return "[Nested too deep]";
  walk.above.add(value);
  try {
    return Array.isArray(value) ? normalizeArray(value, walk) : normalizeObject(value, walk);
  } finally {
    walk.above.delete(value);
  }
}

/**
 * A value made comparable: object keys sorted, ignored paths left out, unordered arrays as
 * {@link Bag}s, non-JSON values as the CLI writes them. `path` is where the value sits in its
 * record (the matchers see the whole path).
 */
export function normalize(value: unknown, path: readonly Segment[], m: Matchers): unknown {
  let walk: Walk | undefined = {
    m,
    ignore: m.ignore.start(),
    unordered: m.unordered.start(),
    above: new Set(),
    depth: 0,
  };
  for (const segment of path) {
    walk = into(walk, segment);
    if (!walk) return undefined;
  }
  return normalizeWalk(value, walk);
}

/** How an exec record's stdout is compared. */
export type StdoutMode = "json" | "lines";

/** Whether a Result is what `cove exec` records: `{ exitCode: 0, stdout, stderr }`. */
export function isExecResult(result: unknown, exec: boolean | "auto"): boolean {
  if (exec === false || typeof result !== "object" || result === null) return false;
  const r = result as Record<string, unknown>;
  if (typeof r.stdout !== "string") return false;
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

/** What of a record is compared (see {@link Comparable}); `mode` forces how stdout is read. */
export function comparable(
  list: RunList,
  record: Record<string, unknown>,
  m: Matchers,
  exec: boolean | "auto",
  mode?: StdoutMode,
): Comparable {
  const value = Object.create(null) as Record<string, unknown>;
  if (list !== "Results") {
    const details = plain(record.ExceptionDetails);
    const { requestId: _, ...rest } =
      typeof details === "object" && details !== null
        ? (details as Record<string, unknown>)
        : { value: details };
    const v = normalize(rest, ["ExceptionDetails"], m);
    if (v !== undefined) value.ExceptionDetails = v;
    return { value };
  }
  if (!("Result" in record)) return { value };
  const result = record.Result;
  if (!isExecResult(result, exec)) {
    const v = normalize(result, ["Result"], m);
    if (v !== undefined) value.Result = v;
    return { value };
  }
  const stdout = (result as { stdout: string }).stdout;
  const json = mode === "lines" ? undefined : stdoutJson(stdout);
  const read = json ? json.value : stdoutLines(stdout);
  const v = normalize(read, ["Result", "stdout"], m);
  const wrapper = Object.create(null) as Record<string, unknown>;
  if (v !== undefined) wrapper.stdout = v;
  if (normalize(0, ["Result"], m) !== undefined) value.Result = wrapper;
  return v === undefined ? { value } : { value, stdout: json ? "json" : "lines" };
}

/** A short fingerprint of a comparable value (its canonical JSON, hashed when long). */
export function digest(c: Comparable): string {
  const text = `${c.stdout ?? ""}${JSON.stringify(c.value)}`;
  return text.length <= 40 ? text : createHash("sha1").update(text).digest("base64");
}
