import { readdirSync } from "node:fs";
import { mkdir, realpath } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
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

/**
 * The path of a file of `--out-dir`: `DIR/<id>/<name>`, checked to stay in DIR (defence in
 * depth: the id and region of a record are validated when read, and the writer refuses any
 * name that would climb out, name a subfolder or be absolute).
 */
export function outDirFile(outDir: string, id: string, name: string): string {
  const root = resolve(outDir);
  const path = resolve(root, id, name);
  const parts = relative(root, path).split(sep);
  if (parts.length !== 2 || parts[0] !== id || parts[1] !== name || parts.includes(".."))
    throw new Error(
      `refused to write ${JSON.stringify(join(id, name))}: outside --out-dir ${outDir}.`,
    );
  return path;
}

/**
 * Makes `DIR/<id>` for a file of `--out-dir` and checks that it really is there, links
 * resolved (a link planted at `DIR/<id>` must not send the file elsewhere).
 */
export async function makeOutDirFolder(outDir: string, file: string): Promise<void> {
  const folder = dirname(file);
  await mkdir(folder, { recursive: true });
  const [root, real] = await Promise.all([realpath(outDir), realpath(folder)]);
  if (real !== join(root, basename(folder)))
    throw new Error(`refused to write ${file}: its folder leads outside --out-dir ${outDir}.`);
}
