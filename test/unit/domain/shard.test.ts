import { describe, expect, it } from "vitest";
import { shardOf } from "../../../src/domain/shard.js";

describe("shardOf", () => {
  it("is stable and spreads ids over every shard", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => String(100000000000 + i * 7919));
    const counts = [0, 0, 0, 0];
    for (const id of ids) counts[shardOf(id, 4)]!++;
    expect(counts.every((c) => c > 150)).toBe(true);
    expect(ids.map((id) => shardOf(id, 4))).toEqual(ids.map((id) => shardOf(id, 4)));
  });
});
