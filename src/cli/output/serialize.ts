/** A record as the CLI writes it (plain data; errors already serialized). */
export type PlainRecord = Record<string, unknown>;

/** How a thrown value is written: never `[object Object]`, never more than these keys. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  requestId?: string;
  /** exec: the command's exit code, the signal that ended it, and the tail of its stderr. */
  exitCode?: number;
  signal?: string;
  stderr?: string;
}

/** Most characters of a `stderr` field kept in a serialized error. */
const STDERR_TAIL = 4096;
/** Deepest nesting written as JSON: deeper values are refused, not a stack overflow. */
const MAX_JSON_DEPTH = 1000;

/**
 * A property of a value the CLI does not trust (a user's result or thrown value): a getter or
 * proxy trap that throws reads as `undefined`.
 */
function read(value: object, key: PropertyKey): unknown {
  try {
    return Reflect.get(value, key);
  } catch {
    return undefined;
  }
}

function isError(value: object): boolean {
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
}

/** `String(value)`, whatever the value's conversions do. */
export function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return "[a value that cannot be shown]";
    }
  }
}

const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** The message of a thrown object: its `message`, else its JSON, else its tag. */
function messageOf(error: object): string {
  const message = text(read(error, "message"));
  if (message !== undefined) return message;
  try {
    return toJson(error);
  } catch {
    return safeString(error);
  }
}

/** The error code: `code`, `Code`, or for an AWS SDK error (it has `$metadata`) its name. */
function codeOf(error: object, name: string): string | undefined {
  return (
    text(read(error, "code")) ??
    text(read(error, "Code")) ??
    (read(error, "$metadata") !== undefined ? name : undefined)
  );
}

function requestIdOf(error: object): string | undefined {
  const metadata = read(error, "$metadata");
  return typeof metadata === "object" && metadata !== null
    ? text(read(metadata, "requestId"))
    : undefined;
}

/**
 * A thrown value as `{ name, message, code, requestId }` (plus an exec failure's details).
 * Total: whatever the value's getters, proxies or conversions do, this returns.
 */
export function serializeError(error: unknown): SerializedError {
  if (typeof error !== "object" || error === null) {
    return { name: "Error", message: typeof error === "string" ? error : safeString(error) };
  }
  const ownName = text(read(error, "name"));
  const name = ownName || (isError(error) ? "Error" : "Object");
  const out: SerializedError = { name, message: messageOf(error) };
  const code = codeOf(error, name);
  if (code !== undefined) out.code = code;
  const requestId = requestIdOf(error);
  if (requestId !== undefined) out.requestId = requestId;
  const exitCode = read(error, "exitCode");
  if (typeof exitCode === "number") out.exitCode = exitCode;
  const signal = text(read(error, "signal"));
  if (signal !== undefined) out.signal = signal;
  const stderr = text(read(error, "stderr"));
  if (stderr !== undefined) out.stderr = stderr.slice(-STDERR_TAIL);
  return out;
}

/**
 * A JSON.stringify replacer: errors serialized, bigints as text, cycles cut, Maps and Sets as
 * data, nesting deeper than {@link MAX_JSON_DEPTH} refused.
 */
function jsonReplacer(): (this: unknown, key: string, value: unknown) => unknown {
  /** The objects being written, outermost first, as written (a Map as its entries object). */
  const holders: unknown[] = [];
  /** The same objects as they were given, to recognise a cycle. */
  const originals: unknown[] = [];
  const onPath = new Set<unknown>();
  return function (this: unknown, _key: string, value: unknown) {
    if (typeof value === "bigint") return value.toString();
    if (typeof value !== "object" || value === null) return value;
    while (holders.length > 0 && holders[holders.length - 1] !== this) {
      holders.pop();
      onPath.delete(originals.pop());
    }
    if (onPath.has(value)) return "[Circular]";
    if (holders.length >= MAX_JSON_DEPTH)
      throw new RangeError(`it is nested deeper than ${MAX_JSON_DEPTH} levels`);
    const written = isError(value)
      ? serializeError(value)
      : value instanceof Map
        ? Object.fromEntries(value)
        : value instanceof Set
          ? [...value]
          : value;
    holders.push(written);
    originals.push(value);
    onPath.add(value);
    return written;
  };
}

/**
 * JSON text of any value, safe for errors, bigints and cycles. Throws what the value's own
 * getters or `toJSON` throw, and a RangeError for nesting deeper than {@link MAX_JSON_DEPTH}.
 */
export function toJson(value: unknown, space?: number): string {
  return JSON.stringify(value, jsonReplacer(), space) ?? "null";
}

/** A record with its thrown value serialized. */
export function plainRecord(record: object): PlainRecord {
  const out: PlainRecord = { ...record };
  if ("ExceptionDetails" in out) out.ExceptionDetails = serializeError(out.ExceptionDetails);
  return out;
}
