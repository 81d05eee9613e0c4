import { CoveError } from "../errors/cove-error.js";
import { linkedController } from "../util/abort.js";
import { defer } from "../util/defer.js";

/** The `ABORTED` error of a call cancelled through the user's signal. */
export function abortedError(signal: AbortSignal): CoveError {
  return new CoveError("ABORTED", "The cove run was aborted through its signal.", {
    cause: signal.reason,
  });
}

// "Stopper": the one place a call is stopped (the first reason wins, every run is aborted).
/**
 * How a call stops: the first `stop` wins and fans out to the call's signal and to every
 * tracked controller (runs in flight, AssumeRoles in progress). Controllers sit in a Set, so
 * tracking and releasing one costs O(1) whatever the number of runs.
 */
export class Stopper {
  readonly #call = linkedController().controller;
  readonly #tracked = new Set<AbortController>();
  readonly #stopped = defer<never>();
  #reason: { error: unknown } | undefined;
  readonly #userSignal: AbortSignal | undefined;
  readonly #onUserAbort: (() => void) | undefined;

  /** Stops with `ABORTED` when `userSignal` aborts, until {@link Stopper.detach}. */
  constructor(userSignal?: AbortSignal) {
    this.#stopped.promise.catch(() => {});
    this.#userSignal = userSignal;
    if (!userSignal) return;
    this.#onUserAbort = () => this.stop(abortedError(userSignal));
    userSignal.addEventListener("abort", this.#onUserAbort, { once: true });
  }

  /** The call's signal: aborted, with the stop's error as reason, when the call stops. */
  get signal(): AbortSignal {
    return this.#call.signal;
  }

  /** Rejects with the stop's error when the call stops. */
  get stopped(): Promise<never> {
    return this.#stopped.promise;
  }

  get isStopped(): boolean {
    return this.#reason !== undefined;
  }

  /** The error the call stopped with (`undefined` while it runs). */
  get error(): unknown {
    return this.#reason?.error;
  }

  /** Stops the call with `error`, unless it has stopped already. */
  stop(error: unknown): void {
    if (this.#reason) return;
    this.#reason = { error };
    this.#call.abort(error);
    for (const controller of this.#tracked) controller.abort(error);
    this.#tracked.clear();
    this.#stopped.reject(error);
  }

  /** A new controller aborted when the call stops (at once if it has); release it when done. */
  track(): AbortController {
    const controller = new AbortController();
    if (this.#reason) controller.abort(this.#reason.error);
    else this.#tracked.add(controller);
    return controller;
  }

  /** Forgets a tracked controller whose work has ended. */
  release(controller: AbortController): void {
    this.#tracked.delete(controller);
  }

  /** Stops listening to the user's signal. */
  detach(): void {
    if (this.#onUserAbort) this.#userSignal?.removeEventListener("abort", this.#onUserAbort);
  }
}
