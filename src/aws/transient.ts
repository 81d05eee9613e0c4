import { isServerError, isThrottlingError, isTransientError } from "@smithy/core/retry";
import type { SdkError } from "@smithy/types";
import { CoveError } from "../errors/cove-error.js";
import { delay } from "../util/delay.js";

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
  const { signal } = options;
  const deadline = Date.now() + options.deadlineMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const left = deadline - Date.now();
      if (!isTransient(error) || left <= 0) throw explainLocalFault(error);
      const pause = Math.min(left, pauseAfter(attempt));
      options.onRetry?.(error, attempt, pause);
      await delay(pause, signal);
    }
  }
}

/** Node error codes of a process (EMFILE) or system (ENFILE) out of file descriptors. */
const OUT_OF_FILES = new Set(["EMFILE", "ENFILE"]);

function outOfFiles(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 5) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === "string" && OUT_OF_FILES.has(code)) return code;
  return outOfFiles(cause, depth + 1);
}

/**
 * A failure that comes from this machine rather than AWS, said plainly: running out of file
 * descriptors (each connection is one) becomes a `CoveError` TOO_MANY_OPEN_FILES naming
 * the fixes. Any other error is returned as is.
 */
export function explainLocalFault(error: unknown): unknown {
  const code = outOfFiles(error);
  if (code === undefined) return error;
  return new CoveError(
    "TOO_MANY_OPEN_FILES",
    `Too many open files (${code}): this process reached its limit of open file descriptors (every connection to AWS uses one). Raise the limit (e.g. \`ulimit -n 65536\` in the shell that starts it) or lower "concurrency".`,
    { option: "concurrency", cause: error },
  );
}
