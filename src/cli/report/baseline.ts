import { basename } from "node:path";
import type { DiffRecord, RunDiffer } from "../../index.js";
import { completeDiff, readBase, sideInfo } from "../diff/complete.js";
import type { RecordRef } from "../diff/read.js";
import type { InStream } from "../context.js";
import type { ReportModel } from "./model.js";

/** A record as the differ takes it: with its list as `List`. */
export function withList(list: string, record: Record<string, unknown>): DiffRecord {
  record.List = list;
  return record as DiffRecord;
}

/**
 * Compares the page's records (already in `differ` as its next side) with the baseline's
 * `files` (`-`: `stdin`) and gives the page its changes.
 * @default stdin none
 */
export async function addBaseline(
  model: ReportModel,
  differ: RunDiffer<RecordRef>,
  files: string[],
  scrub: (line: string) => string,
  stdin?: InStream,
): Promise<void> {
  const base = await readBase(differ, files, scrub, stdin);
  const diff = await completeDiff(differ, scrub);
  const info = sideInfo(files, base);
  model.setBaseline(
    diff,
    info.time ?? "",
    files.map((f) => (f === "-" ? "stdin" : basename(f))),
  );
}
