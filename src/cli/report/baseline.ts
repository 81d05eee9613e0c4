import { basename } from "node:path";
import { Option } from "commander";
import type { DiffRecord, RunDiffer } from "../../index.js";
import { completeDiff, readBase, sideInfo } from "../diff/complete.js";
import { sourcesOf, type RecordRef } from "../diff/read.js";
import type { InStream } from "../context.js";
import type { ReportModel } from "./model.js";

/** `--report-baseline FILE` of `exec` and `run` (repeatable: shards of the baseline). */
export function reportBaselineOption(): Option {
  return new Option(
    "--report-baseline <file>",
    "with --report: mark what changed since this earlier run (a journal or -o json/ndjson output; repeatable)",
  )
    .argParser((path: string, previous: string[] | undefined) => {
      sourcesOf([path]);
      return [...(previous ?? []), path];
    })
    .helpGroup("Output:");
}

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
