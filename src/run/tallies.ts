import type { CoveEvent, ProgressEvent } from "../types.js";
import type { ProgressSink } from "./progress.js";

/**
 * The counts of a call, reported to its progress sink: runs started and finished per list,
 * and the total once it is known.
 */
export class Tallies {
  readonly #counts: ProgressEvent = {
    finished: 0,
    total: undefined,
    started: 0,
    results: 0,
    exceptions: 0,
    failedAssumeRole: 0,
  };
  readonly #progress: ProgressSink;
  /** Records planned so far, for a total that is only known once every account is planned. */
  #planned = 0;

  constructor(progress: ProgressSink) {
    this.#progress = progress;
  }

  /** A copy of the counts. */
  get counts(): ProgressEvent {
    return { ...this.#counts };
  }

  /** One more record will come (a run, or an account's failure before its runs). */
  plan(): void {
    this.#planned++;
  }

  /** Every record is planned: the total is what was planned. */
  planComplete(): void {
    this.total(this.#planned);
  }

  /** The total is known. */
  total(records: number): void {
    this.#counts.total = records;
    this.report();
  }

  /** A run starts. */
  start(): void {
    this.#counts.started++;
  }

  /** A record is filed in `list` (reported separately, once it has been delivered). */
  count(list: CoveEvent<unknown>["list"]): void {
    this.#counts.finished++;
    if (list === "Results") this.#counts.results++;
    else if (list === "Exceptions") this.#counts.exceptions++;
    else this.#counts.failedAssumeRole++;
  }

  /** Reports the counts to the progress sink. */
  report(): void {
    this.#progress.update(this.#counts);
  }

  /** The call is over: the sink draws its last state. */
  end(): void {
    this.#progress.end();
  }
}
