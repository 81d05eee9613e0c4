import { errorLine, EXIT } from "../errors.js";
import type { RedactingWriter } from "./redacting.js";

/** What `cove` does once some output could not be written. */
const STOPPING = "; starting no new runs, stopping the runs in flight.";

/**
 * Why a write failed, in words: `no space left on device (ENOSPC)` from Node's
 * `ENOSPC: no space left on device, write`; else the error's one-line message.
 */
export function ioReason(error: unknown): string {
  const e = error as Partial<NodeJS.ErrnoException> | null;
  const message = typeof e?.message === "string" ? e.message : "";
  const code = typeof e?.code === "string" ? e.code : undefined;
  const words = code && /^[A-Z0-9]+: (.+?)(?:, \w+(?: '.*')*)?$/s.exec(message)?.[1];
  return words ? `${words} (${code})` : errorLine(error);
}

/** Whether a failed write means that stdout's reader went away (`cove … | head`). */
function isClosedPipe(error: unknown): boolean {
  return (error as Partial<NodeJS.ErrnoException> | null)?.code === "EPIPE";
}

/**
 * The writes of a run that failed: stdout (closed by its reader, or failing) and files
 * (`--out-dir`). The first failure says one line on stderr and stops the run (through
 * {@link WriteFailures.signal}); what can still be written goes on being written (stdout when
 * only a file failed, the files and the report when stdout did). Each destination is reported
 * once: stdout once, the files once.
 */
export class WriteFailures {
  readonly #stop = new AbortController();
  #stdout: "closed" | "failed" | undefined;
  #files = 0;
  #runsOver = false;

  constructor(private readonly writer: RedactingWriter) {}

  /** Aborted at the first failure: the run stops (no new runs, the runs in flight stopped). */
  get signal(): AbortSignal {
    return this.#stop.signal;
  }

  /** Whether stdout can still be written. */
  get stdoutWritable(): boolean {
    return this.#stdout === undefined;
  }

  /** Whether stdout's reader went away. */
  get stdoutClosed(): boolean {
    return this.#stdout === "closed";
  }

  /** Files that could not be written. */
  get files(): number {
    return this.#files;
  }

  /**
   * The exit code the failures call for: {@link EXIT.BROKEN_PIPE} when stdout was closed,
   * {@link EXIT.FAILED} for any other failure, `undefined` when every write succeeded.
   */
  get exitCode(): number | undefined {
    if (this.#stdout === "closed") return EXIT.BROKEN_PIPE;
    return this.#stdout === "failed" || this.#files > 0 ? EXIT.FAILED : undefined;
  }

  /** Notes that the runs are over: a failure from now on stops nothing. */
  runsOver(): void {
    this.#runsOver = true;
  }

  /** A write to stdout failed (EPIPE: its reader closed it). Nothing more goes to stdout. */
  stdout(error: unknown): void {
    if (this.#stdout !== undefined) return;
    this.#stdout = isClosedPipe(error) ? "closed" : "failed";
    this.#fail(
      this.#stdout === "closed"
        ? "cove: stdout was closed"
        : `cove: error: could not write to stdout: ${ioReason(error)}`,
    );
  }

  /** A file (`--out-dir`) could not be written. */
  file(path: string, error: unknown): void {
    this.#files++;
    if (this.#files === 1) this.#fail(`cove: error: could not write ${path}: ${ioReason(error)}`);
  }

  #fail(line: string): void {
    this.writer.say(this.#runsOver ? `${line}.` : `${line}${STOPPING}`);
    this.#stop.abort(new Error("output could not be written"));
  }
}
