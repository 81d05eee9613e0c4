import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLimiter } from "../../../src/util/limiter.js";
import { delay } from "../../../src/util/delay.js";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("createLimiter", () => {
  it("never runs more than the limit, even when new jobs arrive as others finish", async () => {
    const limit = createLimiter(3);
    let now = 0;
    let max = 0;
    const job = async (ms: number) => {
      now++;
      max = Math.max(max, now);
      await delay(ms);
      now--;
    };
    const jobs = Array.from({ length: 20 }, (_, i) => limit(() => job(1 + (i % 3))));
    await vi.advanceTimersByTimeAsync(1);
    // more arrive while the first ones are finishing
    jobs.push(...Array.from({ length: 10 }, () => limit(() => job(1))));
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(jobs);
    expect(max).toBe(3);
    expect(now).toBe(0);
  });

  it("passes each job's value or failure through and frees its slot either way", async () => {
    const limit = createLimiter(1);
    await expect(limit(() => Promise.reject(new Error("no")))).rejects.toThrow("no");
    await expect(limit(async () => 42)).resolves.toBe(42);
  });
});
