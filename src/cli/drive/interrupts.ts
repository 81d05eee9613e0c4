import type { CliContext, StopSignal } from "../context.js";
import { EXIT } from "../errors.js";

/** The signals the CLI stops on, with their exit codes (128 + the signal's number). */
const SIGNAL_EXIT: Record<StopSignal, number> = {
  SIGINT: EXIT.INTERRUPTED,
  SIGTERM: EXIT.TERMINATED,
  SIGHUP: EXIT.HANGUP,
};

/**
 * Ctrl-C, SIGTERM and SIGHUP during a run, until it has written everything and its commands
 * have ended: the first stops new runs and aborts the runs in flight (through `controller`);
 * the second kills what the runs started and exits at once.
 */
export class Interrupts {
  #stoppedBy: StopSignal | undefined;
  readonly #unsubscribe: () => void;

  constructor(
    private readonly ctx: CliContext,
    private readonly controller: AbortController,
    private readonly kill: (() => Promise<void>) | undefined,
  ) {
    this.#unsubscribe = ctx.onSignal((signal) => this.#handle(signal));
  }

  /** The signal that stopped the run, if one did. */
  get signal(): StopSignal | undefined {
    return this.#stoppedBy;
  }

  /** The exit code of the signal that stopped the run, if one did. */
  get exitCode(): number | undefined {
    if (this.#stoppedBy === undefined) return undefined;
    return SIGNAL_EXIT[this.#stoppedBy];
  }

  /** Stops listening. */
  dispose(): void {
    this.#unsubscribe();
  }

  #handle(signal: StopSignal): void {
    if (this.#stoppedBy) {
      this.ctx.writer.say("cove: stopping now.");
      const exit = () => this.ctx.exit(SIGNAL_EXIT[this.#stoppedBy!]);
      if (this.kill) void this.kill().then(exit, exit);
      else exit();
      return;
    }
    this.#stoppedBy = signal;
    this.ctx.writer.say(
      `cove: ${signal === "SIGINT" ? "interrupted" : signal}; starting no new runs, stopping the runs in flight (again to quit at once)…`,
    );
    this.controller.abort(new Error(`cove was interrupted (${signal})`));
  }
}
