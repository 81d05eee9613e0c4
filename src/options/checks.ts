import { CoveError } from "../errors/cove-error.js";

/** User options as an untyped record, read key by key. */
export type RawOptions = Record<string, unknown>;

/** Short description of a received value for error messages (never dumps objects). */
export function received(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  switch (typeof value) {
    case "string":
      return `the string ${JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)}`;
    case "number":
    case "bigint":
    case "boolean":
      return `${typeof value} ${String(value)}`;
    case "undefined":
      return "undefined";
    case "function":
      return "a function";
    default:
      return objectShown(value);
  }
}

/** Most keys of a plain object named in a message. */
const KEYS_SHOWN = 5;

/**
 * A plain object by its keys (never its values, which may be secrets): `an object with keys
 * index, count`; an instance of a class by its class: `an instance of Map`.
 */
function objectShown(value: object): string {
  try {
    const tag = Object.prototype.toString.call(value).slice(8, -1);
    const proto: unknown = Object.getPrototypeOf(value);
    if (tag !== "Object" || (proto !== Object.prototype && proto !== null))
      return `an instance of ${tag === "Object" ? "a class" : tag}`;
    const keys = Object.keys(value);
    if (keys.length === 0) return "an empty object";
    const shown = keys
      .slice(0, KEYS_SHOWN)
      .map((k) => (k.length > 40 ? `${k.slice(0, 37)}...` : k));
    const more = keys.length > KEYS_SHOWN ? ` and ${keys.length - KEYS_SHOWN} more` : "";
    return `an object with ${keys.length === 1 ? "key" : "keys"} ${shown.join(", ")}${more}`;
  } catch {
    return "an object that cannot be shown";
  }
}

/** A wrong type or shape: `TypeError` naming the option, the expectation and the value. */
export function typeError(option: string, expected: string, value: unknown): TypeError {
  return new TypeError(`Option "${option}" must be ${expected}; received ${received(value)}.`);
}

/** A bad value of the right type: `CoveError` `INVALID_OPTION`. */
export function badValue(option: string, expected: string, value: unknown): CoveError {
  return new CoveError(
    "INVALID_OPTION",
    `Option "${option}" must be ${expected}; received ${received(value)}.`,
    { option },
  );
}

/** A string option, or `undefined` when absent. */
export function optionalString(o: RawOptions, key: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw typeError(key, "a string", v);
  return v;
}

/** A boolean option, or `undefined` when absent. */
export function optionalBoolean(o: RawOptions, key: string): boolean | undefined {
  const v = o[key];
  if (v !== undefined && typeof v !== "boolean") throw typeError(key, "a boolean", v);
  return v;
}

/** A function option, or `undefined` when absent. */
export function optionalFunction<F>(o: RawOptions, key: string): F | undefined {
  const v = o[key];
  if (v !== undefined && typeof v !== "function") throw typeError(key, "a function", v);
  return v as F | undefined;
}

/** An array-of-strings option (copied), or `undefined` when absent. */
export function stringList(o: RawOptions, key: string): string[] | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw typeError(key, "an array of strings", v);
  v.forEach((item: unknown, i) => {
    if (typeof item !== "string") throw typeError(`${key}[${i}]`, "a string", item);
  });
  return [...(v as string[])];
}

/** Refuses an empty list (leaving the option out gives the default). */
export function nonEmpty(list: string[] | undefined, key: string): string[] | undefined {
  if (list !== undefined && list.length === 0) {
    throw badValue(key, "a non-empty array (leave it out for the default)", list);
  }
  return list;
}
