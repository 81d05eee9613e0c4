import { RECORD_LISTS, type RecordList } from "../../records/lists.js";
import { serializeError, toJson } from "./serialize.js";

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
  counts: Record<RecordList, number>,
  paint?: Partial<Record<RecordList, (text: string) => string>>,
): string {
  const total = RECORD_LISTS.reduce((n, l) => n + counts[l], 0);
  const part = (l: RecordList) => {
    const text = `${l} ${counts[l]}`;
    return counts[l] > 0 && paint?.[l] ? paint[l](text) : text;
  };
  return `${count(total, "run")}: ${RECORD_LISTS.map(part).join(", ")}`;
}
