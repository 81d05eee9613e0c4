import { AdaptiveRetryStrategy } from "@smithy/core/retry";
import type {
  RetryErrorInfo,
  RetryStrategyV2,
  RetryToken,
  StandardRetryToken,
} from "@smithy/types";
import { FleetRateLimiter } from "./rate-limiter.js";

/** Attempts per hub call (the SDK default of 3 gives up too soon in a throttling storm). */
const HUB_MAX_ATTEMPTS = 10;

/**
 * The SDK's adaptive retry strategy: its client-side rate limiter learns the service's rate
 * from throttling answers. One STS client carries every AssumeRole of a call, so this one
 * limiter paces them all.
 *
 * The SDK's retry capacity (500 tokens; 14 per transient retry, 5 per throttling retry) is
 * shared by every call of the client and is kept as the SDK has it: when a broad failure
 * drains it, the SDK stops retrying at once and the calls fall to `retryTransient`
 * (./transient.ts), which tries them again seconds apart until their deadline — slower
 * retries while the service is unwell, and no account lost.
 */
export function adaptiveRetry(): AdaptiveRetryStrategy {
  return new AdaptiveRetryStrategy(HUB_MAX_ATTEMPTS, strategyOptions());
}

/** Our limiter and backoff, one of each per client. */
function strategyOptions() {
  return { rateLimiter: new FleetRateLimiter(), backoff: pacedBackoff() };
}

/**
 * Attempts of a call whose connection is refused while the client's endpoint has never
 * answered: a refused connection there is a wrong endpoint or a service not started, not a
 * passing fault, and is said at once instead of after a minute of retries.
 */
export const REFUSED_ATTEMPTS = 2;

/** Whether a failed attempt is a refused connection (`ECONNREFUSED`: nothing listens there). */
export function isConnectionRefused(error: unknown): boolean {
  try {
    return (error as { code?: unknown } | null)?.code === "ECONNREFUSED";
  } catch {
    return false;
  }
}

/** Whether a failed attempt got an answer from the endpoint (an HTTP status). */
function answered(error: unknown): boolean {
  try {
    const meta = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata;
    return typeof meta?.httpStatusCode === "number";
  } catch {
    return false;
  }
}

/**
 * {@link adaptiveRetry} for the hub's STS client, whose first call is the first of a run: until
 * its endpoint has answered once (a success or any AWS error), a refused connection gets
 * {@link REFUSED_ATTEMPTS} attempts, not the ten a throttle gets. Refusing a retry token is
 * the SDK's own way to stop retrying: its retry middleware then throws the attempt's error.
 * Once the endpoint has answered, a refused connection is a passing fault like any other.
 */
export class FirstContactRetryStrategy implements RetryStrategyV2 {
  readonly mode: string;
  readonly #inner: AdaptiveRetryStrategy = adaptiveRetry();
  #answered = false;

  constructor() {
    this.mode = this.#inner.mode;
  }

  /** Whether the endpoint has answered any call of the client yet. */
  get endpointAnswered(): boolean {
    return this.#answered;
  }

  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.#inner.acquireInitialRetryToken(scope);
  }

  refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    if (answered(errorInfo.error)) this.#answered = true;
    else if (
      !this.#answered &&
      isConnectionRefused(errorInfo.error) &&
      token.getRetryCount() + 1 >= REFUSED_ATTEMPTS
    ) {
      return Promise.reject(new Error("connection refused before the endpoint ever answered"));
    }
    return this.#inner.refreshRetryTokenForRetry(token as StandardRetryToken, errorInfo);
  }

  recordSuccess(token: RetryToken): void {
    this.#answered = true;
    this.#inner.recordSuccess(token as StandardRetryToken);
  }
}

/** Largest base delay between attempts: the rate limiter already spaces retried requests. */
const MAX_BASE_DELAY_MS = 100;

/**
 * Exponential backoff with full jitter, like the SDK's, but with the base delay capped: the
 * SDK waits a 1 s base after a throttle, which the limiter makes redundant (it paces every
 * attempt) and which would stretch the tail of a large run by seconds.
 */
function pacedBackoff() {
  let base = MAX_BASE_DELAY_MS;
  return {
    setDelayBase(delay: number) {
      base = Math.min(delay, MAX_BASE_DELAY_MS);
    },
    computeNextBackoffDelay(attempts: number) {
      return Math.floor(Math.random() * Math.min(20_000, base * 2 ** attempts));
    },
  };
}
