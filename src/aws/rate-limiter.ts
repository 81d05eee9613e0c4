import { isThrottlingError, type RateLimiter } from "@smithy/core/retry";

/** Lowest pace after throttling (requests/second). */
const MIN_RATE = 1;
/** On a throttle, the pace is cut to this share. */
const BACKOFF = 0.8;
/** Without throttling, the pace grows by this factor every {@link STEP_MS}. */
const GROWTH = 1.05;
const STEP_MS = 100;
/** A burst of throttles (answers to requests sent before the cut) counts as one signal. */
const THROTTLE_DEBOUNCE_MS = 500;
/** Window over which the send rate is measured. */
const WINDOW_MS = 1000;

/**
 * A client-side rate limiter for the SDK's `AdaptiveRetryStrategy`, for a fleet of requests to
 * one throttled API (every AssumeRole of a call goes through one STS client, so through one
 * limiter). It does not limit until the service throttles. At the first throttle it paces at
 * 80% of what it was sending over the last second; each later throttle (bursts count once)
 * cuts the pace by 20%, and every 100 ms without one it grows by 5% — additive-increase,
 * multiplicative-decrease around the service's limit, as TCP probes a link.
 *
 * The SDK's default limiter bases its cut on the rate of *successes*, which in a large run
 * is near zero when the first throttles arrive (throttles are answered at once, successes a
 * latency later), then recovers over seconds: measured at 1.6x the rate-bound time.
 * Waiters are served first come, first served by one timer.
 */
export class FleetRateLimiter implements RateLimiter {
  #rate = Number.POSITIVE_INFINITY;
  #tokens = 1;
  #lastRefill = Date.now();
  #lastThrottle = 0;
  #lastGrowth = 0;
  /** Times of recent sends, pruned to the window. */
  #sends: number[] = [];
  #firstSend: number | undefined;
  #waiting: (() => void)[] = [];
  #timer: NodeJS.Timeout | undefined;

  /** The current pace in requests/second (`Infinity` before any throttling). */
  get rate(): number {
    return this.#rate;
  }

  async getSendToken(): Promise<void> {
    if (this.#rate === Number.POSITIVE_INFINITY) {
      this.#recordSend(Date.now());
      return;
    }
    this.#refill();
    if (this.#waiting.length === 0 && this.#tokens >= 1) {
      this.#tokens -= 1;
      return;
    }
    await new Promise<void>((resolve) => {
      this.#waiting.push(resolve);
      this.#pump();
    });
  }

  updateClientSendingRate(response: unknown): void {
    const now = Date.now();
    const info = response as { errorType?: string; error?: unknown } | undefined;
    const throttled =
      info?.errorType === "THROTTLING" ||
      (info?.error !== undefined && isThrottlingError(info.error as never));
    if (throttled) {
      if (now - this.#lastThrottle < THROTTLE_DEBOUNCE_MS) return;
      this.#lastThrottle = now;
      const base = this.#rate === Number.POSITIVE_INFINITY ? this.#sendRate(now) : this.#rate;
      this.#rate = Math.max(MIN_RATE, base * BACKOFF);
      this.#sends = [];
      this.#tokens = Math.min(this.#tokens, 1);
      this.#lastRefill = now;
      this.#lastGrowth = now;
      return;
    }
    if (info?.errorType !== undefined || info?.error !== undefined) return; // transient: no signal
    if (this.#rate !== Number.POSITIVE_INFINITY && now - this.#lastGrowth >= STEP_MS) {
      this.#rate *= GROWTH ** Math.floor((now - this.#lastGrowth) / STEP_MS);
      this.#lastGrowth = now;
    }
  }

  #recordSend(now: number): void {
    this.#firstSend ??= now;
    this.#sends.push(now);
    if (this.#sends.length > 8192) this.#prune(now);
  }

  #prune(now: number): void {
    const from = now - WINDOW_MS;
    let i = 0;
    while (i < this.#sends.length && this.#sends[i]! < from) i++;
    if (i > 0) this.#sends.splice(0, i);
  }

  /**
   * Sends per second over the last window, or since the first send when that is sooner (the
   * first throttles of a run come a fraction of a second in: dividing by a whole window would
   * start the pace far too low).
   */
  #sendRate(now: number): number {
    this.#prune(now);
    const span = Math.min(WINDOW_MS, Math.max(50, now - (this.#firstSend ?? now)));
    return Math.max(1, this.#sends.length / (span / 1000));
  }

  #refill(): void {
    const now = Date.now();
    const capacity = Math.max(1, this.#rate / 10); // at most 100 ms worth of burst
    this.#tokens = Math.min(
      capacity,
      this.#tokens + ((now - this.#lastRefill) / 1000) * this.#rate,
    );
    this.#lastRefill = now;
  }

  /** Releases waiters in order as tokens arrive, with one timer. */
  #pump(): void {
    if (this.#timer) return;
    const delay = () => Math.max(1, ((1 - this.#tokens) / this.#rate) * 1000);
    const tick = () => {
      this.#timer = undefined;
      this.#refill();
      while (this.#waiting.length > 0 && this.#tokens >= 1) {
        this.#tokens -= 1;
        this.#waiting.shift()!();
      }
      if (this.#waiting.length > 0) this.#timer = setTimeout(tick, delay());
    };
    this.#timer = setTimeout(tick, delay());
  }
}
