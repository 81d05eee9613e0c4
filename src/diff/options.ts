import { badValue, typeError, stringList, type RawOptions } from "../options/checks.js";
import type { Matchers } from "./normalize.js";
import { parsePattern, PathMatcher } from "./paths.js";
import type { ChangeLimits } from "./structure.js";
import type { DiffOptions } from "./types.js";

/** {@link DiffOptions} checked, with their defaults. */
export interface ResolvedDiffOptions {
  matchers: Matchers;
  exec: boolean | "auto";
  limits: ChangeLimits;
}

const KEYS = new Set<string>(["ignore", "unordered", "exec", "maxValueLength", "maxPaths"]);

/** The patterns of `ignore` or `unordered`, each checked. */
function patterns(o: RawOptions, key: "ignore" | "unordered"): PathMatcher {
  const list = stringList(o, key) ?? [];
  return new PathMatcher(
    list.map((text, i) => {
      const parsed = parsePattern(text);
      if (typeof parsed === "string")
        throw badValue(
          `${key}[${i}]`,
          `a dotted path such as "Result.*.LastUsed", not ${parsed}`,
          text,
        );
      return parsed;
    }),
  );
}

/** A positive integer (or Infinity) option. */
function limit(o: RawOptions, key: string, fallback: number): number {
  const v = o[key];
  if (v === undefined) return fallback;
  if (typeof v !== "number") throw typeError(key, "a number", v);
  if (!(v === Infinity || (Number.isInteger(v) && v > 0)))
    throw badValue(key, "a positive integer (or Infinity)", v);
  return v;
}

/** Checks the options of `diffRuns` (unknown keys, types, path syntax) and fills the defaults. */
export function resolveDiffOptions(options: DiffOptions = {}): ResolvedDiffOptions {
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw typeError("options", "an object", options);
  const o = options as RawOptions;
  for (const key of Object.keys(o))
    if (!KEYS.has(key))
      throw badValue(key, `one of the known options (${[...KEYS].join(", ")})`, key);
  const exec = o.exec ?? "auto";
  if (exec !== true && exec !== false && exec !== "auto")
    throw typeError("exec", 'true, false or "auto"', exec);
  return {
    matchers: { ignore: patterns(o, "ignore"), unordered: patterns(o, "unordered") },
    exec,
    limits: {
      maxValueLength: limit(o, "maxValueLength", 200),
      maxPaths: limit(o, "maxPaths", 50),
    },
  };
}
