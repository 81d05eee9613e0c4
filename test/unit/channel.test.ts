import { describe, expect, it } from "vitest";
import { createLimiter } from "../../src/util/limiter.js";
import { Channel } from "../../src/util/queue.js";
import { shardOf } from "../../src/domain/shard.js";

describe("createLimiter", () => {
  it("never runs more than the limit, even when new jobs arrive as others finish", async () => {
    const limit = createLimiter(3);
    let now = 0;
    let max = 0;
    const job = async (ms: number) => {
      now++;
      max = Math.max(max, now);
      await new Promise((r) => setTimeout(r, ms));
      now--;
    };
    const jobs = Array.from({ length: 20 }, (_, i) => limit(() => job(i % 3)));
    // add more while the first ones are finishing
    await new Promise((r) => setTimeout(r, 1));
    jobs.push(...Array.from({ length: 10 }, () => limit(() => job(1))));
    await Promise.all(jobs);
    expect(max).toBe(3);
  });
});

describe("Channel", () => {
  it("delivers items in order, then the failure", async () => {
    const c = new Channel<number>();
    const got: number[] = [];
    const reading = (async () => {
      for await (const n of c) got.push(n);
    })();
    for (let i = 0; i < 3000; i++) c.push(i);
    await new Promise((r) => setTimeout(r, 0));
    c.push(3000);
    c.fail(new Error("stop"));
    await expect(reading).rejects.toThrow("stop");
    expect(got).toEqual(Array.from({ length: 3001 }, (_, i) => i));
  });
});

describe("shardOf", () => {
  it("is stable and spreads ids over every shard", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => String(100000000000 + i * 7919));
    const counts = [0, 0, 0, 0];
    for (const id of ids) counts[shardOf(id, 4)]!++;
    expect(counts.every((c) => c > 150)).toBe(true);
    expect(ids.map((id) => shardOf(id, 4))).toEqual(ids.map((id) => shardOf(id, 4)));
  });
});
