import { statSync } from "node:fs";
import type { RunDiff, RunDiffer } from "../../index.js";
import type { InStream } from "../context.js";
import { loadRecords, readSide, sourcesOf, type RecordRef, type SideSummary } from "./read.js";
import type { SideInfo } from "./render.js";

/** When a side's run started (its journal header), else when its first file was written. */
export function sideInfo(files: string[], summary: SideSummary): SideInfo {
  const started = summary.headers.map((h) => h.header.startedAt).find((t) => typeof t === "string");
  let time = typeof started === "string" ? started : undefined;
  if (time === undefined && files[0] !== undefined && files[0] !== "-") {
    try {
      time = statSync(files[0]).mtime.toISOString();
    } catch {
      // Left unknown.
    }
  }
  const info: SideInfo = { files, records: summary.records };
  if (time !== undefined) info.time = time;
  return info;
}

/**
 * Reads the base side's files into the differ (`-`: `stdin`).
 * @default stdin none
 */
export function readBase(
  differ: RunDiffer<RecordRef>,
  files: string[],
  scrub: (line: string) => string,
  stdin?: InStream,
): Promise<SideSummary> {
  return readSide(sourcesOf(files, stdin), (r, ref) => differ.addBase(r, ref), scrub);
}

/** Compares the two sides and fills the paths of the changed pairs (their lines read again). */
export async function completeDiff(
  differ: RunDiffer<RecordRef>,
  scrub: (line: string) => string,
): Promise<RunDiff> {
  const { diff, pending } = differ.compare();
  const load = await loadRecords(
    pending.flatMap((p) => [p.base, p.next]),
    scrub,
  );
  for (const p of pending) differ.fillPaths(p.change, load(p.base), load(p.next));
  return diff;
}
