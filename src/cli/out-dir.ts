import { readdirSync } from "node:fs";
import { UsageError } from "./errors.js";

/**
 * Refuses an `--out-dir` that already holds something, unless `overwrite`: the files of
 * another run would mix with this run's (a later reader could not tell which run wrote which
 * account × region). A folder that does not exist yet is fine (it is created); one that
 * cannot be read is left for the writing to report.
 */
export function checkOutDir(dir: string | undefined, overwrite: boolean): void {
  if (dir === undefined || overwrite) return;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  if (entries.length === 0) return;
  throw new UsageError(
    `--out-dir ${dir} is not empty (${entries.length} ${entries.length === 1 ? "entry" : "entries"}): ` +
      "this run's files would mix with what is there. Choose a new or empty folder, " +
      "or pass --overwrite to write into it anyway.",
  );
}
