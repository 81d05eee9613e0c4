import { AdaptiveRetryStrategy } from "@smithy/core/retry";
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
  return new AdaptiveRetryStrategy(HUB_MAX_ATTEMPTS, {
    rateLimiter: new FleetRateLimiter(),
    backoff: pacedBackoff(),
  });
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
