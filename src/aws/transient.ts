import { isServerError, isThrottlingError, isTransientError } from "@smithy/core/retry";
import type { SdkError } from "@smithy/types";
import { delay } from "../util/delay.js";
import { explainLocalFault } from "./local-faults.js";

/**
 * Whether an AWS call that failed with `error` may succeed if tried again: throttling,
 * 5xx answers, timeouts, connection resets and other network faults, as the SDK's own
 * classifiers see them. Everything else (AccessDenied, a missing role, a malformed request,
 * a disabled region, expired hub credentials, an aborted call…) is permanent.
 */
export function isTransient(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as SdkError;
  if (e.name === "AbortError") return false;
  return isThrottlingError(e) || isTransientError(e) || isServerError(e);
}

/** Options of {@link retryTransient}. */
export interface RetryTransientOptions {
  /**
   * Transient failures are retried until this many milliseconds after the first attempt
   * started; no attempt starts later. Each attempt must bound itself (the hub clients'
   * request timeout does).
   */
  deadlineMs: number;
  /** Ends the retries at once (a pause included): the call rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Called before each pause, with the error that is being retried. */
  onRetry?: (error: unknown, attempt: number, pauseMs: number) => void;
  /** The outage memory of the service called ({@link breakerFor} its client). */
  breaker?: OutageBreaker | undefined;
  /**
   * Failures to throw at once although they are transient (the hub's first call: a refused
   * connection, see `FirstContactRetryStrategy`).
   */
  permanent?: ((error: unknown) => boolean) | undefined;
}

/**
 * What the calls of one run to one service remember together. When a call reaches its
 * deadline and no call has succeeded since it started, the service is down for everyone:
 * later calls get one round (the SDK's own attempts) and no more retries, until any call
 * succeeds. Without it an outage would cost every account its whole deadline, one
 * `concurrency`-wide wave after another.
 */
export class OutageBreaker {
  #lastSuccess = Number.NEGATIVE_INFINITY;
  #open = false;

  /** Whether calls should stop retrying (the service failed everyone for a whole deadline). */
  get open(): boolean {
    return this.#open;
  }

  succeeded(): void {
    this.#open = false;
    this.#lastSuccess = Date.now();
  }

  /** A call that started at `startedAt` reached its deadline. */
  gaveUp(startedAt: number): void {
    if (this.#lastSuccess < startedAt) this.#open = true;
  }
}

const breakers = new WeakMap<object, OutageBreaker>();

/** The outage breaker of one client (one per client, made on first use). */
export function breakerFor(client: object): OutageBreaker {
  let breaker = breakers.get(client);
  if (!breaker) breakers.set(client, (breaker = new OutageBreaker()));
  return breaker;
}

/** First pause between attempts; it doubles per attempt up to {@link MAX_PAUSE_MS}. */
const FIRST_PAUSE_MS = 500;
const MAX_PAUSE_MS = 10_000;

/** Exponential backoff with jitter: a random pause in [d/2, d], d doubling per attempt. */
function pauseAfter(attempt: number): number {
  const ceiling = Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** (attempt - 1));
  return Math.round(ceiling * (0.5 + Math.random() / 2));
}

/**
 * Calls `fn` until it succeeds, retrying {@link isTransient} failures with backoff until
 * the deadline: the outer loop for what the SDK's own retries gave up on (its attempts
 * spent, or its shared retry capacity drained in a long storm). A permanent failure, or a
 * transient one at the deadline, is thrown as is — except running out of file descriptors,
 * thrown as a `CoveError` that says so ({@link explainLocalFault}).
 */
export async function retryTransient<T>(
  fn: () => Promise<T>,
  options: RetryTransientOptions,
): Promise<T> {
  const { signal, breaker } = options;
  const startedAt = Date.now();
  const deadline = startedAt + options.deadlineMs;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await fn();
      breaker?.succeeded();
      return result;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const left = deadline - Date.now();
      if (!isTransient(error) || breaker?.open || options.permanent?.(error) === true)
        throw explainLocalFault(error);
      if (left <= 0) {
        breaker?.gaveUp(startedAt);
        throw error;
      }
      const pause = Math.min(left, pauseAfter(attempt));
      options.onRetry?.(error, attempt, pause);
      await delay(pause, signal);
    }
  }
}
