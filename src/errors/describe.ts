/**
 * Short, safe description of any thrown value for messages: `Name: message` for errors,
 * `String(value)` otherwise. Total: a value whose `name`/`message` getters throw, a hostile or
 * revoked Proxy, or an object whose `toString` throws gets a description too, never a throw.
 */
export function describeError(error: unknown): string {
  try {
    if (isError(error)) {
      const name = textOf(() => error.name, "Error");
      return `${name}: ${textOf(() => error.message, "(message unreadable)")}`;
    }
    return String(error);
  } catch {
    return `[${typeof error} that cannot be described]`;
  }
}

/** The AWS error code of an SDK error (`name`, or `Code`/`code` on older shapes); never throws. */
export function awsErrorName(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  for (const key of ["name", "Code", "code"]) {
    const value = readString(error, key);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** `instanceof Error`, false when asking throws (a Proxy's getPrototypeOf trap, a revoked Proxy). */
function isError(value: unknown): value is Error {
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
}

/** A property read as text, or `fallback` when reading or converting it throws. */
function textOf(read: () => unknown, fallback: string): string {
  try {
    return String(read());
  } catch {
    return fallback;
  }
}

/** A string property, or `undefined` when it is missing, not a string, or reading it throws. */
function readString(value: object, key: string): string | undefined {
  try {
    const v = (value as Record<string, unknown>)[key];
    return typeof v === "string" ? v : undefined;
  } catch {
    return undefined;
  }
}
