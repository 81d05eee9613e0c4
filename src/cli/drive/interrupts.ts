import { EXIT } from "../errors.js";
import type { Secrets } from "../redact.js";
import { say } from "../say.js";

/** The signals the CLI stops on, with their exit codes (128 + the signal's number). */
const SIGNAL_EXIT = {
  SIGINT: EXIT.INTERRUPTED,
  SIGTERM: EXIT.TERMINATED,
  SIGHUP: EXIT.HANGUP,
} as const;

const SIGNALS = Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[];

/**
 * Ctrl-C, SIGTERM and SIGHUP during a run, until it has written everything and its commands
 * have ended: the first stops new runs and aborts the runs in flight (through `controller`);
 * the second kills what the runs started and exits at once.
 */
export class Interrupts {
  #stoppedBy: NodeJS.Signals | undefined;
  readonly #onSignal = (signal: NodeJS.Signals) => this.#handle(signal);

  constructor(
    private readonly secrets: Secrets,
    private readonly controller: AbortController,
    private readonly kill: (() => Promise<void>) | undefined,
  ) {
    for (const signal of SIGNALS) process.on(signal, this.#onSignal);
  }

  /** The signal that stopped the run, if one did. */
  get signal(): NodeJS.Signals | undefined {
    return this.#stoppedBy;
  }

  /** The exit code of the signal that stopped the run, if one did. */
  get exitCode(): number | undefined {
    if (this.#stoppedBy === undefined) return undefined;
    return SIGNAL_EXIT[this.#stoppedBy as keyof typeof SIGNAL_EXIT] ?? EXIT.INTERRUPTED;
  }

  /** Stops listening. */
  dispose(): void {
    for (const signal of SIGNALS) process.off(signal, this.#onSignal);
  }

  #handle(signal: NodeJS.Signals): void {
    if (this.#stoppedBy) {
      say(this.secrets, "cove: stopping now.");
      const exit = () => process.exit(this.exitCode);
      if (this.kill) void this.kill().then(exit, exit);
      else exit();
      return;
    }
    this.#stoppedBy = signal;
    say(
      this.secrets,
      `cove: ${signal === "SIGINT" ? "interrupted" : signal}; starting no new runs, stopping the runs in flight (again to quit at once)…`,
    );
    this.controller.abort(new Error(`cove was interrupted (${signal})`));
  }
}
