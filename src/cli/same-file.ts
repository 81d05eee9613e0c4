import { fstatSync, realpathSync, statSync, type Stats } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { UsageError } from "./errors.js";

/** The files a run writes or reads, as the flags name them. */
export interface FileFlags {
  journal?: string | undefined;
  resume?: string | undefined;
  report?: unknown;
  outDir?: string | undefined;
}

/** What identifies a file: its real path, and its device and inode when it exists. */
interface Identity {
  real: string;
  node?: string;
}

/** The real path of `path` (its folder's, with its name, when it does not exist yet). */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

/** The file's device and inode, or undefined when there is none (or it cannot be seen). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR, EACCES, …: writing it will say what is wrong
  }
}

function identity(path: string): Identity {
  const stat = statOf(path);
  return { real: realPath(path), ...(stat ? { node: `${stat.dev}:${stat.ino}` } : {}) };
}

const same = (a: Identity, b: Identity) =>
  a.real === b.real || (a.node !== undefined && a.node === b.node);

/** Whether two paths name one file (links resolved, or the same device and inode). */
export function sameFile(a: string, b: string): boolean {
  return same(identity(a), identity(b));
}

/** Whether `file` is where `--out-dir` writes a run's file (`DIR/<12 digits>/…`), or DIR itself. */
function inOutDir(file: Identity, outDir: Identity): boolean {
  if (same(file, outDir)) return true;
  const parts = relative(outDir.real, file.real).split(sep);
  return parts.length === 2 && /^\d{12}$/.test(parts[0]!);
}

/** The device and inode of stdout when it is a regular file (a `> FILE` redirection). */
function stdoutNode(fd: number): string | undefined {
  try {
    const stat = fstatSync(fd);
    return stat.isFile() ? `${stat.dev}:${stat.ino}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Refuses, before anything runs, a run whose files would overwrite one another: any two of
 * `--journal`, `--resume` and `--report` naming the same file (by real path, links resolved,
 * or by device and inode: a hard link), one of them where `--out-dir` writes its files, or
 * stdout redirected to one of them (`> FILE`: the records printed would go into the journal or
 * the page). A UsageError (exit 2) naming both.
 */
export function checkDistinctFiles(flags: FileFlags, stdoutFd = 1): void {
  const named: [string, string][] = [];
  if (flags.journal !== undefined) named.push(["--journal", flags.journal]);
  if (flags.resume !== undefined) named.push(["--resume", flags.resume]);
  if (typeof flags.report === "string" && flags.report !== "-")
    named.push(["--report", flags.report]);
  const files = named.map(([flag, path]) => ({ flag, path, id: identity(path) }));
  files.forEach((a, i) => {
    for (const b of files.slice(i + 1))
      if (same(a.id, b.id))
        throw new UsageError(
          `${a.flag} ${a.path} and ${b.flag} ${b.path} are the same file: one would overwrite the other. Give each its own file.`,
        );
  });
  if (flags.outDir !== undefined) {
    const outDir = identity(flags.outDir);
    for (const f of files)
      if (inOutDir(f.id, outDir))
        throw new UsageError(
          `${f.flag} ${f.path} is where --out-dir ${flags.outDir} writes a run's files: choose a file outside it.`,
        );
  }
  const stdout = stdoutNode(stdoutFd);
  const target = files.find((f) => stdout !== undefined && f.id.node === stdout);
  if (target)
    throw new UsageError(
      `stdout is redirected to ${target.path} (${target.flag}): the records printed would overwrite it. Redirect stdout to another file.`,
    );
}
