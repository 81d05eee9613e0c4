import { describe, expect, it } from "vitest";
import { FleetRateLimiter } from "../../src/rate-limiter.js";

const throttle = {
  errorType: "THROTTLING",
  error: Object.assign(new Error("Rate exceeded"), { name: "Throttling" }),
};

describe("FleetRateLimiter", () => {
  it("does not limit before the service throttles", async () => {
    const limiter = new FleetRateLimiter();
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 500 }, () => limiter.getSendToken()));
    expect(Date.now() - t0).toBeLessThan(50);
    expect(limiter.rate).toBe(Number.POSITIVE_INFINITY);
  });

  it("after a throttle paces at 80% of what it was sending, in order, then grows without throttles", async () => {
    const limiter = new FleetRateLimiter();
    await Promise.all(Array.from({ length: 200 }, () => limiter.getSendToken())); // ~200 sent in the last second
    limiter.updateClientSendingRate(throttle);
    expect(limiter.rate).toBeCloseTo(160, 0);
    // 32 tokens at 160/s take ~200 ms (plus at most 100 ms of burst)
    const order: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: 32 }, (_, i) => limiter.getSendToken().then(() => order.push(i))),
    );
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(150);
    expect(took).toBeLessThan(600);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // a burst of throttles counts once
    limiter.updateClientSendingRate(throttle);
    expect(limiter.rate).toBeCloseTo(160, 0);
    // successes after 100 ms grow the pace
    await new Promise((r) => setTimeout(r, 120));
    limiter.updateClientSendingRate({});
    expect(limiter.rate).toBeGreaterThan(160);
  });

  it("ignores transient errors and cuts again on a later throttle", async () => {
    const limiter = new FleetRateLimiter();
    await Promise.all(Array.from({ length: 100 }, () => limiter.getSendToken()));
    limiter.updateClientSendingRate(throttle);
    const first = limiter.rate;
    limiter.updateClientSendingRate({ errorType: "TRANSIENT", error: new Error("reset") });
    expect(limiter.rate).toBe(first);
    await new Promise((r) => setTimeout(r, 520));
    limiter.updateClientSendingRate(throttle);
    expect(limiter.rate).toBeCloseTo(first * 0.8, 0);
  });
});
