/** Bytes gathered before one write to the stream below. */
const BATCH = 256 * 1024;

/**
 * A write stream for the record sink that gathers small writes into large ones: each record's
 * write is taken at once (its callback called) until a batch is full, which is written, and
 * waited for, before more is taken — memory stays one batch. `end` writes the rest.
 */
export class BatchedWriter {
  #parts: string[] = [];
  #size = 0;

  constructor(private readonly target: NodeJS.WritableStream) {}

  /** Takes `text`; `done` is called once it may be followed (a full batch: once written). */
  write(text: string | Uint8Array, done?: (error?: Error | null) => void): boolean {
    const chunk = typeof text === "string" ? text : Buffer.from(text).toString("utf8");
    this.#parts.push(chunk);
    this.#size += chunk.length;
    if (this.#size < BATCH) {
      if (done) queueMicrotask(() => done(null));
      return true;
    }
    this.#flush(done);
    return false;
  }

  /** Writes what is gathered; resolves once it is written. */
  end(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.#flush((error) => (error ? reject(error) : resolve())),
    );
  }

  #flush(done?: (error?: Error | null) => void): void {
    const text = this.#parts.join("");
    this.#parts = [];
    this.#size = 0;
    if (text === "") {
      if (done) queueMicrotask(() => done(null));
      return;
    }
    this.target.write(text, (error?: Error | null) => done?.(error ?? null));
  }
}
