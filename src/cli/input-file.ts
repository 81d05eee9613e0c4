import { statSync } from "node:fs";
import { UsageError } from "./errors.js";

/**
 * Refuses, before anything is read, an input that is not a readable regular file: missing, a
 * folder, a FIFO or a device (a FIFO would hang the read). `cove report`, `merge` and `diff`
 * check their inputs this way.
 */
export function requireInputFile(path: string): void {
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new UsageError(`cannot read ${path}: no such file.`);
  }
  if (!isFile) throw new UsageError(`cannot read ${path}: not a file.`);
}
