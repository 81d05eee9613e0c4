import type { ProgressEvent } from "../../index.js";
import { progressBar, type ProgressSink } from "../../run/progress.js";
import type { OutStream, StopSignal } from "../context.js";
import type { RecordSink } from "../output/sink.js";
import { count } from "../output/text.js";

/**
 * The progress of a run as the command follows it: the bar on stderr when it is a terminal
 * (unless `--quiet`), and the last counts the library reported, so that a stopped run can say
 * how many of its runs had finished of how many were planned.
 */
export class RunProgress {
  #latest: ProgressEvent | undefined;
  #ended = false;
  readonly #bar: ProgressSink | undefined;

  constructor(stderr: OutStream, quiet: boolean) {
    this.#bar = !quiet && stderr.isTTY === true ? progressBar(stderr) : undefined;
  }

  /** The library's `progress` callback. */
  readonly update = (event: ProgressEvent): void => {
    this.#latest = event;
    if (!this.#ended) this.#bar?.update(event);
  };

  /** The runs this call plans (the pairs left after a resume's skip), once the listing ended. */
  get total(): number | undefined {
    return this.#latest?.total;
  }

  /** Ends the bar's line (once): what is said next starts on a line of its own. */
  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#bar?.end();
  }
}

/** How the stop line names each signal. */
const STOPPED_BY: Record<StopSignal, string> = {
  SIGINT: "interrupted",
  SIGTERM: "stopped by SIGTERM",
  SIGHUP: "stopped by SIGHUP",
};

/**
 * The summary line of a run stopped by `signal`: how many runs finished of how many were
 * planned (a resume's records from the journal on both sides), and their lists —
 * `cove: interrupted: 2 of 8 runs finished (Results 1, Exceptions 1, FailedAssumeRole 0).`
 */
export function stoppedLine(
  signal: StopSignal,
  sink: RecordSink,
  total: number | undefined,
): string {
  const { Results, Exceptions, FailedAssumeRole } = sink.counts;
  const lists = `(Results ${Results}, Exceptions ${Exceptions}, FailedAssumeRole ${FailedAssumeRole})`;
  const finished =
    total === undefined
      ? `${count(sink.count, "run")} finished, before the accounts were all listed`
      : `${sink.count} of ${count(total + sink.replayed, "run")} finished`;
  return `cove: ${STOPPED_BY[signal]}: ${finished} ${lists}.`;
}
