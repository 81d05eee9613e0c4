import type { AwsCredentialIdentity } from "@smithy/types";
import type { SessionInformation } from "../types.js";

/** What a worker is started with. */
export interface WorkerSetup {
  /** `file:` URL of the user's module. */
  module: string;
  /** The export to run; `undefined`: the default export, else the only exported function. */
  exportName: string | undefined;
  /** `file:` URL of tsx's ESM API, when the module is TypeScript (loaded with its `tsImport`). */
  tsx?: string | undefined;
}

/** Plain credentials of one run: an account's assumed-role credentials, never the hub's. */
export type PlainCredentials = AwsCredentialIdentity;

/** Main thread → worker. */
export type ToWorker =
  | {
      type: "run";
      id: number;
      info: SessionInformation;
      credentials: PlainCredentials;
      args: unknown[];
    }
  | { type: "abort"; id: number; reason: Thrown }
  | { type: "credentials"; id: number; credentials: PlainCredentials }
  | { type: "credentialsFailed"; id: number; error: Thrown }
  | { type: "close" };

/** Worker → main thread. */
export type FromWorker =
  | { type: "ready" }
  | { type: "importFailed"; error: Thrown }
  | { type: "result"; id: number; value: unknown }
  | { type: "threw"; id: number; error: Thrown }
  | { type: "notCloneable"; id: number; reason: string }
  | { type: "refresh"; id: number };

/**
 * A thrown value as it crosses threads: an `Error`'s own fields (name, message, stack, `code`,
 * `$metadata`, any other cloneable property, `cause`), or any other cloneable value as is.
 */
export type Thrown =
  | { kind: "error"; fields: Record<string, unknown>; cause?: Thrown }
  | { kind: "value"; value: unknown };

/** Whether `value` survives a structured clone unchanged (no function, symbol or class instance). */
export function plainProblem(value: unknown, seen = new Set<object>()): string | undefined {
  if (typeof value === "function") return `a function (${value.name || "anonymous"})`;
  if (typeof value === "symbol") return "a symbol";
  if (value === null || typeof value !== "object") return undefined;
  if (seen.has(value)) return undefined;
  seen.add(value);
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Array.prototype || proto === Object.prototype || proto === null) {
    for (const key of Object.keys(value)) {
      const problem = plainProblem((value as Record<string, unknown>)[key], seen);
      if (problem) return problem;
    }
    return undefined;
  }
  if (value instanceof Map) return entriesProblem([...value.entries()].flat(), seen);
  if (value instanceof Set) return entriesProblem([...value.values()], seen);
  if (CLONEABLE.some((type) => value instanceof type) || ArrayBuffer.isView(value)) {
    return undefined;
  }
  const name = (value as { constructor?: { name?: string } }).constructor?.name ?? "unknown";
  return `an instance of class ${name} (its prototype and private state cannot cross threads)`;
}

const CLONEABLE: (abstract new (...args: never[]) => unknown)[] = [
  Date,
  RegExp,
  ArrayBuffer,
  Error,
  Boolean,
  Number,
  String,
];

function entriesProblem(values: unknown[], seen: Set<object>): string | undefined {
  for (const v of values) {
    const problem = plainProblem(v, seen);
    if (problem) return problem;
  }
  return undefined;
}

/** Reads `key` of `value`; a getter that throws gives `undefined`. */
function read(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** A thrown value made ready to cross threads (never throws, whatever getters it has). */
export function toThrown(value: unknown, depth = 0): Thrown {
  if (!(value instanceof Error)) {
    let problem: string | undefined;
    try {
      problem = plainProblem(value);
    } catch (error) {
      problem = String(error);
    }
    return problem === undefined
      ? { kind: "value", value }
      : { kind: "value", value: safeString(value) };
  }
  const fields: Record<string, unknown> = {};
  for (const key of ["name", "message", "stack"]) {
    const field = read(value, key);
    if (typeof field === "string") fields[key] = field;
  }
  for (const key of Object.keys(value)) {
    const field = read(value, key);
    let plain = false;
    try {
      plain = key !== "cause" && plainProblem(field) === undefined;
    } catch {
      plain = false;
    }
    if (plain) fields[key] = field;
  }
  const cause = read(value, "cause");
  if (cause === undefined || depth > 4) return { kind: "error", fields };
  return { kind: "error", fields, cause: toThrown(cause, depth + 1) };
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The thrown value again, on the receiving thread: an `Error` with the same fields. */
export function fromThrown(thrown: Thrown): unknown {
  if (thrown.kind === "value") return thrown.value;
  const { name, message, stack, ...rest } = thrown.fields;
  const error = new Error(
    typeof message === "string" ? message : "",
    thrown.cause === undefined ? undefined : { cause: fromThrown(thrown.cause) },
  );
  Object.defineProperty(error, "name", {
    value: typeof name === "string" ? name : "Error",
    writable: true,
    configurable: true,
    enumerable: false,
  });
  error.stack = typeof stack === "string" ? stack : error.stack;
  Object.assign(error, rest);
  return error;
}

/** The run a message is about, as messages name it. */
export function runName(info: Pick<SessionInformation, "Id" | "Region">): string {
  return `account ${info.Id}, region ${info.Region}`;
}
