import { constants, createWriteStream, openSync, type WriteStream } from "node:fs";

/** Where a file that cannot be written is reported: its path and why. */
export type OnFileError = (path: string, error: unknown) => void;

/**
 * Opened for writing, created for this user only (0600), emptied, and never through a link:
 * a link planted where the file goes (in a folder others can write, with `--overwrite` or
 * `--resume`) fails the open (ELOOP) instead of redirecting the command's output.
 */
const OPEN_FLAGS =
  constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;

/** The file's descriptor, or the error that kept it from opening. */
function openFile(path: string): { fd: number } | { error: unknown } {
  try {
    return { fd: openSync(path, OPEN_FLAGS, 0o600) };
  } catch (error) {
    return { error };
  }
}

/**
 * One file a run's output is copied to (`--out-dir`): a file that cannot be opened or
 * written (a full disk, a folder in its place, no permission, a link in its place — refused,
 * never written through) is reported once, and the rest of the output is not copied to it;
 * the run's record keeps its own capture.
 */
export class OutFile {
  readonly #stream: WriteStream | undefined;
  readonly #closed: Promise<void>;
  #failed = false;

  constructor(
    readonly path: string,
    onError: OnFileError,
  ) {
    const opened = openFile(path);
    if ("error" in opened) {
      this.#failed = true;
      this.#closed = Promise.resolve();
      // Reported as a failed write is: after the caller has its OutFile.
      queueMicrotask(() => onError(path, opened.error));
      return;
    }
    const stream = createWriteStream("", { fd: opened.fd });
    this.#stream = stream;
    // Ended or failed, the stream closes its descriptor and says so.
    this.#closed = new Promise((resolve) => stream.once("close", resolve));
    stream.on("error", (error) => {
      if (this.#failed) return;
      this.#failed = true;
      onError(path, error);
    });
  }

  write(bytes: Buffer): void {
    if (!this.#failed) this.#stream?.write(bytes);
  }

  /** Ends the file; resolves once its descriptor is closed (whether the writes succeeded or not). */
  close(): Promise<void> {
    this.#stream?.end();
    return this.#closed;
  }

  /** Closes the file at once, dropping what was not written. */
  destroy(): void {
    this.#stream?.destroy();
  }
}
