import { createWriteStream, type WriteStream } from "node:fs";

/** Where a file that cannot be written is reported: its path and why. */
export type OnFileError = (path: string, error: unknown) => void;

/**
 * One file a run's output is copied to (`--out-dir`): a file that cannot be opened or
 * written (a full disk, a folder in its place, no permission) is reported once, and the rest
 * of the output is not copied to it; the run's record keeps its own capture.
 */
export class OutFile {
  readonly #stream: WriteStream;
  readonly #closed: Promise<void>;
  #failed = false;

  constructor(
    readonly path: string,
    onError: OnFileError,
  ) {
    this.#stream = createWriteStream(path);
    // Open or not, ended or failed, the stream closes its descriptor and says so.
    this.#closed = new Promise((resolve) => this.#stream.once("close", resolve));
    this.#stream.on("error", (error) => {
      if (this.#failed) return;
      this.#failed = true;
      onError(path, error);
    });
  }

  write(bytes: Buffer): void {
    if (!this.#failed) this.#stream.write(bytes);
  }

  /** Ends the file; resolves once its descriptor is closed (whether the writes succeeded or not). */
  close(): Promise<void> {
    this.#stream.end();
    return this.#closed;
  }

  /** Closes the file at once, dropping what was not written. */
  destroy(): void {
    this.#stream.destroy();
  }
}
