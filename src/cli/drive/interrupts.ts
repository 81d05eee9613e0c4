import { EXIT } from "../errors.js";
import type { Secrets } from "../redact.js";
import { say } from "../say.js";

/** Exit codes for the signals the CLI stops on. */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = {
  SIGINT: EXIT.INTERRUPTED,
  SIGTERM: 143,
};

/**
 * Ctrl-C and SIGTERM during a run: the first stops new runs and aborts the runs in flight
 * (through `controller`); the second kills what the runs started and exits at once.
 */
export class Interrupts {
  #stoppedBy: NodeJS.Signals | undefined;
  readonly #onSignal = (signal: NodeJS.Signals) => this.#handle(signal);

  constructor(
    private readonly secrets: Secrets,
    private readonly controller: AbortController,
    private readonly kill: (() => void) | undefined,
  ) {
    process.on("SIGINT", this.#onSignal);
    process.on("SIGTERM", this.#onSignal);
  }

  /** The signal that stopped the run, if one did. */
  get signal(): NodeJS.Signals | undefined {
    return this.#stoppedBy;
  }

  /** The exit code of the signal that stopped the run, if one did. */
  get exitCode(): number | undefined {
    return this.#stoppedBy && (SIGNAL_EXIT[this.#stoppedBy] ?? EXIT.INTERRUPTED);
  }

  /** Stops listening. */
  dispose(): void {
    process.off("SIGINT", this.#onSignal);
    process.off("SIGTERM", this.#onSignal);
  }

  #handle(signal: NodeJS.Signals): void {
    if (this.#stoppedBy) {
      say(this.secrets, "cove: stopping now.");
      this.kill?.();
      process.exit(this.exitCode);
    }
    this.#stoppedBy = signal;
    say(
      this.secrets,
      `cove: ${signal === "SIGINT" ? "interrupted" : signal}; starting no new runs, stopping the runs in flight (again to quit at once)…`,
    );
    this.controller.abort(new Error(`cove was interrupted (${signal})`));
  }
}
