import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FleetRateLimiter } from "../../../src/aws/rate-limiter.js";

const throttle = {
  errorType: "THROTTLING",
  error: Object.assign(new Error("Rate exceeded"), { name: "Throttling" }),
};

// The clock is fake: pacing is measured in the limiter's own time, whatever the machine's load.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs the limiter's timers until every promise of `tokens` has settled. */
async function drained(tokens: Promise<unknown>[]): Promise<void> {
  const all = Promise.all(tokens);
  await vi.runAllTimersAsync();
  await all;
}

describe("FleetRateLimiter", () => {
  it("does not limit before the service throttles", async () => {
    const limiter = new FleetRateLimiter();
    const t0 = Date.now();
    // No timer runs and the clock stands still: every token is given at once.
    await Promise.all(Array.from({ length: 500 }, () => limiter.getSendToken()));
    expect(Date.now() - t0).toBeLessThan(50);
    expect(limiter.rate).toBe(Number.POSITIVE_INFINITY);
  });

  it("after a throttle paces at 80% of what it was sending, in order, then grows without throttles", async () => {
    const limiter = new FleetRateLimiter();
    await Promise.all(Array.from({ length: 20 }, () => limiter.getSendToken()));
    vi.advanceTimersByTime(200); // 20 sends over 0.2 s: 100/s
    limiter.updateClientSendingRate(throttle);
    // measured since the first send, not over a whole 1 s window (which would say 20/s)
    expect(limiter.rate).toBeGreaterThan(60);
    expect(limiter.rate).toBeLessThan(90);
    const paced = limiter.rate;
    // 24 tokens at ~75/s take ~300 ms (plus at most 100 ms of burst)
    const order: number[] = [];
    const t0 = Date.now();
    await drained(
      Array.from({ length: 24 }, (_, i) => limiter.getSendToken().then(() => order.push(i))),
    );
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(200);
    expect(took).toBeLessThan(700);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // a burst of throttles counts once
    limiter.updateClientSendingRate(throttle);
    expect(limiter.rate).toBe(paced);
    // successes after 100 ms grow the pace
    vi.advanceTimersByTime(120);
    limiter.updateClientSendingRate({});
    expect(limiter.rate).toBeGreaterThan(paced);
  });

  it("ignores transient errors and cuts again on a later throttle", async () => {
    const limiter = new FleetRateLimiter();
    await Promise.all(Array.from({ length: 100 }, () => limiter.getSendToken()));
    limiter.updateClientSendingRate(throttle);
    const first = limiter.rate;
    limiter.updateClientSendingRate({ errorType: "TRANSIENT", error: new Error("reset") });
    expect(limiter.rate).toBe(first);
    vi.advanceTimersByTime(520);
    limiter.updateClientSendingRate(throttle);
    expect(limiter.rate).toBeCloseTo(first * 0.8, 0);
  });
});
