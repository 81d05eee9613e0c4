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

/** A thrown value as `{ name, message, code, requestId }` (plus an exec failure's details). */
export function serializeError(error: unknown): SerializedError {
  if (typeof error !== "object" || error === null) {
    return { name: "Error", message: typeof error === "string" ? error : String(error) };
  }
  const e = error as Record<string, unknown> & { $metadata?: { requestId?: unknown } };
  const name =
    typeof e.name === "string" && e.name !== ""
      ? e.name
      : error instanceof Error
        ? "Error"
        : "Object";
  let message: string;
  if (typeof e.message === "string") message = e.message;
  else {
    try {
      message = JSON.stringify(error) ?? String(error);
    } catch {
      message = Object.prototype.toString.call(error);
    }
  }
  const out: SerializedError = { name, message };
  const code =
    typeof e.code === "string"
      ? e.code
      : typeof e.Code === "string"
        ? e.Code
        : e.$metadata !== undefined
          ? name
          : undefined;
  if (code !== undefined) out.code = code;
  const requestId = e.$metadata?.requestId;
  if (typeof requestId === "string") out.requestId = requestId;
  if (typeof e.exitCode === "number") out.exitCode = e.exitCode;
  if (typeof e.signal === "string") out.signal = e.signal;
  if (typeof e.stderr === "string") out.stderr = e.stderr.slice(-STDERR_TAIL);
  return out;
}

/** A JSON.stringify replacer: errors serialized, bigints as text, cycles cut, Maps and Sets as data. */
function jsonReplacer(): (this: unknown, key: string, value: unknown) => unknown {
  const ancestors: unknown[] = [];
  return function (this: unknown, _key: string, value: unknown) {
    if (typeof value === "bigint") return value.toString();
    if (typeof value !== "object" || value === null) return value;
    while (ancestors.length > 0 && ancestors[ancestors.length - 1] !== this) ancestors.pop();
    if (ancestors.includes(value)) return "[Circular]";
    ancestors.push(value);
    if (value instanceof Error) return serializeError(value);
    if (value instanceof Map) return Object.fromEntries(value);
    if (value instanceof Set) return [...value];
    return value;
  };
}

/** JSON text of any value, safe for errors, bigints and cycles. */
export function toJson(value: unknown, space?: number): string {
  return JSON.stringify(value, jsonReplacer(), space) ?? "null";
}

/** A record with its thrown value serialized. */
export function plainRecord(record: object): PlainRecord {
  const out: PlainRecord = { ...record };
  if ("ExceptionDetails" in out) out.ExceptionDetails = serializeError(out.ExceptionDetails);
  return out;
}
