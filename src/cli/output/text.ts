import { serializeError, toJson } from "./serialize.js";

/** The three lists of a run's output. */
export const LISTS = ["Results", "Exceptions", "FailedAssumeRole"] as const;
export type ListName = (typeof LISTS)[number];

/** One line of text for a table or CSV cell. */
export function cellText(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  return toJson(value);
}

/** `Name: message` of a serialized error, for cells. */
export function errorText(error: unknown): string {
  const e = serializeError(error);
  const extra =
    e.exitCode !== undefined ? ` (exit code ${e.exitCode})` : e.signal ? ` (${e.signal})` : "";
  return `${e.name}: ${e.message}${extra}`;
}

/** `1 run`, `2 runs`. */
export function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * `58 runs: Results 48, Exceptions 8, FailedAssumeRole 2`; with `paint`, each list that has
 * runs in the colour of its outcome.
 */
export function listSummary(
  counts: Record<ListName, number>,
  paint?: Partial<Record<ListName, (text: string) => string>>,
): string {
  const total = LISTS.reduce((n, l) => n + counts[l], 0);
  const part = (l: ListName) => {
    const text = `${l} ${counts[l]}`;
    return counts[l] > 0 && paint?.[l] ? paint[l](text) : text;
  };
  return `${count(total, "run")}: ${LISTS.map(part).join(", ")}`;
}
