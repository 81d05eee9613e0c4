import type { SessionInformation } from "../../index.js";
import type { CliContext } from "../context.js";

/** What a run whose function never settled is filed as. */
class RunNeverSettledError extends Error {
  override readonly name = "RunNeverSettled";
  readonly code = "RUN_NEVER_SETTLED";
}

/**
 * Watches for a run that can no longer move: Node found nothing left to wait for (no timer, no
 * socket, no child) while some runs' promises are still pending — a function whose promise
 * never settles. Node would exit with code 13 and no word; instead `onStall` is called (once)
 * to stop the run, and if even that leaves nothing to wait for, `onStuck`.
 */
export class StallWatch {
  #stalled = false;
  readonly #unsubscribe: () => void;

  constructor(
    ctx: CliContext,
    private readonly onStall: () => void,
    private readonly onStuck: () => void,
  ) {
    this.#unsubscribe = ctx.onIdle(() => {
      if (this.#stalled) return this.onStuck();
      this.#stalled = true;
      this.onStall();
    });
  }

  /** Whether the run stalled. */
  get stalled(): boolean {
    return this.#stalled;
  }

  dispose(): void {
    this.#unsubscribe();
  }
}

/** The runs started and not yet finished, to name them when they never finish. */
export class RunsInFlight {
  readonly #runs = new Map<symbol, SessionInformation>();

  /** Notes a run as started; the returned function notes it finished. */
  start(info: SessionInformation): () => void {
    const token = Symbol("run");
    this.#runs.set(token, { ...info });
    return () => this.#runs.delete(token);
  }

  get size(): number {
    return this.#runs.size;
  }

  /** The runs still in flight, as Exception records saying their function never settled. */
  unfinishedRecords(): { list: "Exceptions"; record: object }[] {
    return [...this.#runs.values()].map((info) => ({
      list: "Exceptions",
      record: {
        ...info,
        AssumeRoleSuccess: true,
        ExceptionDetails: new RunNeverSettledError(
          `The function's promise in account ${info.Id}, region ${info.Region} never settled, and nothing was left to wait for.`,
        ),
      },
    }));
  }
}
