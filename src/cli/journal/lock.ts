import {
  closeSync,
  constants,
  fstatSync,
  linkSync,
  lstatSync,
  openSync,
  readSync,
  rmSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import { tempPathFor } from "../atomic-write.js";
import type { Subscribe } from "../context.js";
import { UsageError } from "../errors.js";
import { shellWord } from "../shell.js";

/** Who holds a journal: what its lock file says. */
export interface LockHolder {
  pid: number;
  host: string;
  /** When it took the lock (ISO 8601). */
  since: string;
}

/** A lock file is small: a longer one is not read. */
const MAX_LOCK_BYTES = 4096;

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** Writes `text` to a new file (exclusively, never through a link, mode 0600). */
function writeNew(path: string, text: string): void {
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const fd = openSync(path, flags, 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates `lock` holding `text`, whole or not at all: written to a temporary file first, then
 * hard-linked to `lock` (which fails when `lock` exists). Where hard links are not supported,
 * `lock` is created exclusively and written. Returns false when `lock` exists.
 */
function createLock(lock: string, text: string): boolean {
  const temp = tempPathFor(lock);
  writeNew(temp, text);
  try {
    linkSync(temp, lock);
    return true;
  } catch (error) {
    const code = codeOf(error);
    if (code === "EEXIST") return false;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw error;
  } finally {
    rmSync(temp, { force: true });
  }
  try {
    writeNew(lock, text);
    return true;
  } catch (error) {
    if (codeOf(error) === "EEXIST") return false;
    throw error;
  }
}

/** What a lock file holds: its text, as a holder (when it reads as one), and its inode. */
interface LockFile {
  holder: LockHolder | undefined;
  text: string;
  ino: number;
}

/** Whether `lock` is still the file `seen` (same inode, same text): removing it is safe. */
function unchanged(lock: string, seen: { ino: number; text: string }): boolean {
  const now = readLock(lock);
  return now !== undefined && now.ino === seen.ino && now.text === seen.text;
}

/** What a lock file holds (undefined when there is none). */
function readLock(lock: string): LockFile | undefined {
  let fd: number;
  try {
    fd = openSync(lock, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if (codeOf(error) === "ENOENT") return undefined; // released meanwhile
    return { holder: undefined, text: "", ino: -1 };
  }
  try {
    const stat = fstatSync(fd);
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_LOCK_BYTES));
    const text = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString("utf8");
    return { holder: stat.isFile() ? holderOf(text) : undefined, text, ino: stat.ino };
  } finally {
    closeSync(fd);
  }
}

/** A lock file's text as a holder, or undefined. */
function holderOf(text: string): LockHolder | undefined {
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    const { pid, host, since } = o;
    if (!Number.isSafeInteger(pid) || (pid as number) <= 0) return undefined;
    if (typeof host !== "string" || typeof since !== "string") return undefined;
    return { pid: pid as number, host, since };
  } catch {
    return undefined;
  }
}

/** Whether process `pid` of this host is running (one of another user too). */
function running(pid: number): boolean {
  if (pid === process.pid) return false; // this process holds no lock yet: a pid reused
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === "EPERM";
  }
}

/** Text of a holder for messages (`pid 123 on host h, since 2026-…`), safe to print. */
function holderText(holder: LockHolder): string {
  const clean = (s: string) => JSON.stringify(s).slice(1, -1);
  return `pid ${holder.pid} on host ${clean(holder.host)}, since ${clean(holder.since)}`;
}

/**
 * An exclusive lock on a journal for the whole run (`--journal` and `--resume`): the file
 * `JOURNAL.lock` beside it, created exclusively and whole, holding the pid, host and start
 * time of the process. A second cove on the same journal is refused (a UsageError naming the
 * holder). A lock left by a process that no longer runs on this host (killed with SIGKILL,
 * a crash) is taken over, and `note` says so. The lock is removed when released, when the
 * process exits, and on SIGINT, SIGTERM and SIGHUP where nothing else handles them.
 */
export class JournalLock {
  #released = false;
  readonly #stopWatching: () => void;

  private constructor(
    /** The lock file. */
    readonly path: string,
    private readonly mine: { ino: number; text: string },
    onExit: Subscribe<() => void>,
  ) {
    this.#stopWatching = onExit(() => this.release());
  }

  /**
   * Takes the lock of `journal`, or throws a UsageError naming who holds it. The lock is
   * removed when the process ends, however it ends: `onExit` is the CLI context's
   * (`CliContext.onExit`, which also covers a stop signal nothing else handles).
   */
  static acquire(
    journal: string,
    note: (line: string) => void,
    onExit: Subscribe<() => void>,
  ): JournalLock {
    const path = `${journal}.lock`;
    const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    for (let attempt = 0; ; attempt++) {
      const text = `${JSON.stringify(me)}\n`;
      if (tryCreate(journal, path, text))
        return new JournalLock(path, { ino: lstatSync(path).ino, text }, onExit);
      const found = readLock(path);
      if (found === undefined && attempt < 3) continue; // released meanwhile: try again
      const holder = found?.holder;
      if (holder === undefined) throw unreadableLock(journal, path);
      if (holder.host !== me.host || running(holder.pid) || attempt >= 3)
        throw lockedBy(journal, path, holder);
      // Stale: removed only if it is still the file read (another cove may have taken it over).
      if (unchanged(path, found!)) unlinkSync(path);
      note(
        `cove: note: took over the lock of ${journal} left by ${holderText(holder)} (no longer running).`,
      );
    }
  }

  /** Removes the lock (once; only the lock file this process created). */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#stopWatching();
    try {
      if (unchanged(this.path, this.mine)) unlinkSync(this.path);
    } catch {
      // Gone already, or its folder cannot be written: nothing more to do.
    }
  }
}

/** {@link createLock}, its failures (a folder that cannot be written, …) a UsageError. */
function tryCreate(journal: string, lock: string, text: string): boolean {
  try {
    return createLock(lock, text);
  } catch (error) {
    throw new UsageError(
      `cannot lock the journal ${journal}: cannot create ${lock} (${codeOf(error) ?? String(error)}).`,
    );
  }
}

function lockedBy(journal: string, lock: string, holder: LockHolder): UsageError {
  return new UsageError(
    `the journal ${journal} is in use by another cove (${holderText(holder)}): one job, one process at a time. ` +
      `Wait for it to end; if that process is not cove, remove the lock: rm ${shellWord(lock)}`,
  );
}

function unreadableLock(journal: string, lock: string): UsageError {
  return new UsageError(
    `the journal ${journal} is locked (${lock} exists but does not read as a cove lock). ` +
      `If no cove is using the journal, remove the lock: rm ${shellWord(lock)}`,
  );
}
