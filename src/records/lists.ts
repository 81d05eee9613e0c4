import type { CoveOutput } from "../types.js";

/** The name of one of the three lists of an output. */
export type RecordList = keyof CoveOutput<unknown>;

/** The three lists of an output, in the order they are written. */
export const RECORD_LISTS = [
  "Results",
  "Exceptions",
  "FailedAssumeRole",
] as const satisfies readonly RecordList[];

// The compiler keeps RECORD_LISTS complete: a list added to CoveOutput and missing here fails.
const _complete: [Exclude<RecordList, (typeof RECORD_LISTS)[number]>] extends [never]
  ? true
  : never = true;
void _complete;

/** Whether `value` names one of the three lists. */
export function isRecordList(value: unknown): value is RecordList {
  return typeof value === "string" && (RECORD_LISTS as readonly string[]).includes(value);
}
