import {
  closeSync,
  constants,
  fstatSync,
  ftruncateSync,
  linkSync,
  openSync,
  readSync,
  rmSync,
  writeSync,
  type Stats,
} from "node:fs";
import { tempPathFor } from "../atomic-write.js";
import { UsageError } from "../errors.js";
import { shellWord } from "./hint.js";

/** Mode of a new journal: it holds account metadata and command output, for its owner only. */
const JOURNAL_MODE = 0o600;
/** Bytes read per step when looking back for the last newline. */
const TAIL_CHUNK = 64 * 1024;

/** `EEXIST`, `ELOOP`, … of a failed file call. */
const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** `chmod 600 FILE`, as a shell reads it back. */
export function chmodCommand(path: string): string {
  return `chmod 600 ${shellWord(path.startsWith("-") ? `./${path}` : path)}`;
}

/**
 * Refuses a journal that is not a regular file of this user (a FIFO, a device, a folder), or
 * that other users may write: anyone who can append to a journal can append forged records
 * that a resume would trust (and so run nothing).
 */
function checkOwnFile(path: string, stat: Stats): void {
  if (!stat.isFile()) throw new UsageError(`the journal ${path} is not a regular file.`);
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid)
    throw new UsageError(
      `the journal ${path} belongs to another user (uid ${stat.uid}); cove only appends to its own.`,
    );
  if ((stat.mode & 0o022) !== 0)
    throw new UsageError(
      `the journal ${path} can be written by ${stat.mode & 0o020 ? "its group" : "other users"} ` +
        `(mode ${(stat.mode & 0o777).toString(8).padStart(4, "0")}): records added by someone else would be trusted. ` +
        `If its content is yours, fix it with: ${chmodCommand(path)}`,
    );
}

/**
 * Creates `path` holding `text` by a hard link to a new temporary file; false where the file
 * system has no hard links (the caller creates it the plain way). `EEXIST` when `path` exists.
 */
function linkNew(path: string, text: string): boolean {
  const temp = tempPathFor(path);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const fd = openSync(temp, flags, JOURNAL_MODE);
  try {
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    linkSync(temp, path);
    return true;
  } catch (error) {
    const code = codeOf(error);
    if (code === "EPERM" || code === "ENOTSUP" || code === "EOPNOTSUPP") return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** A journal file open for appending, whose lines are written synchronously. */
export class JournalFile {
  #closed = false;

  private constructor(
    readonly path: string,
    private readonly fd: number,
  ) {}

  /**
   * Creates a new journal (mode 0600) holding `first` (its header line) from the start: the
   * text is written to a temporary file of an unpredictable name, then hard-linked to `path`,
   * so a process killed meanwhile never leaves an empty journal. Refused when `path` exists
   * (also as a symlink, even a dangling one: a journal is never written through a link).
   */
  static create(path: string, first: string): JournalFile {
    const flags =
      constants.O_CREAT |
      constants.O_EXCL |
      constants.O_WRONLY |
      constants.O_APPEND |
      constants.O_NOFOLLOW;
    try {
      if (linkNew(path, first))
        return new JournalFile(
          path,
          openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW),
        );
      const file = new JournalFile(path, openSync(path, flags, JOURNAL_MODE));
      file.append(first);
      return file;
    } catch (error) {
      throw new Error(`could not create the journal ${path} (${codeOf(error)}).`, {
        cause: error,
      });
    }
  }

  /**
   * Opens an existing journal to read and append to it: refused (a UsageError, before anything
   * runs) when it is missing, a symlink, not a regular file (a FIFO), another user's, or
   * writable by its group or others (the message gives the `chmod` that fixes it).
   */
  static open(path: string): JournalFile {
    // O_NONBLOCK: a FIFO put in its place must not hang the open (it is refused just after).
    const flags =
      constants.O_RDWR | constants.O_APPEND | constants.O_NOFOLLOW | constants.O_NONBLOCK;
    let fd: number;
    try {
      fd = openSync(path, flags);
    } catch (error) {
      const code = codeOf(error);
      const why =
        code === "ENOENT"
          ? "no such file"
          : code === "ELOOP"
            ? "it is a symbolic link"
            : `cannot open it for appending (${code})`;
      throw new UsageError(`cannot resume from ${path}: ${why}.`);
    }
    try {
      checkOwnFile(path, fstatSync(fd));
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    return new JournalFile(path, fd);
  }

  /** The file descriptor, to read the journal from (positional reads; it stays open). */
  get descriptor(): number {
    return this.fd;
  }

  /** The file's size now. */
  size(): number {
    return fstatSync(this.fd).size;
  }

  /**
   * Makes the file end with a newline, so that what is appended next starts a line of its
   * own: a torn last line (a run killed while writing it: not JSON) is cut, a complete one
   * that only lacks its newline gets it. Returns the bytes cut.
   */
  endLastLine(): number {
    const size = this.size();
    const end = this.#lastNewlineEnd(size);
    if (end === size) return 0;
    const tail = Buffer.alloc(size - end);
    readSync(this.fd, tail, 0, tail.length, end);
    if (isJson(tail.toString("utf8"))) {
      this.append("\n");
      return 0;
    }
    ftruncateSync(this.fd, end);
    return size - end;
  }

  /** Appends `text` at once (a kill after this call keeps it). */
  append(text: string): void {
    const bytes = Buffer.from(text, "utf8");
    let written = 0;
    try {
      while (written < bytes.length)
        written += writeSync(this.fd, bytes, written, bytes.length - written);
    } catch (error) {
      throw new Error(`could not write to the journal ${this.path} (${codeOf(error)}).`, {
        cause: error,
      });
    }
  }

  /** Closes the file (once: a descriptor number closed twice may be another file's by then). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.fd);
  }

  /** The offset just after the last newline before `size` (0 when there is none). */
  #lastNewlineEnd(size: number): number {
    const buffer = Buffer.alloc(TAIL_CHUNK);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - TAIL_CHUNK);
      const n = readSync(this.fd, buffer, 0, end - start, start);
      const at = buffer.subarray(0, n).lastIndexOf(0x0a);
      if (at >= 0) return start + at + 1;
      end = start;
    }
    return 0;
  }
}
