import { describe, expect, it } from "vitest";
import { shardOf } from "../../../src/domain/shard.js";

describe("shardOf", () => {
  it("is 32-bit FNV-1a of the id, so every machine and release agrees", () => {
    // Published FNV-1a test vectors: the hash itself is the shard when count is 2^32.
    expect(shardOf("", 2 ** 32)).toBe(0x811c9dc5);
    expect(shardOf("a", 2 ** 32)).toBe(0xe40c292c);
    expect(shardOf("foobar", 2 ** 32)).toBe(0xbf9cf968);
  });

  it("gives every id exactly one shard in range, and spreads ids over all of them", () => {
    const ids = Array.from({ length: 3000 }, (_, i) => String(100000000000 + i * 7919));
    for (const count of [1, 2, 3, 7]) {
      const counts = Array.from({ length: count }, () => 0);
      for (const id of ids) {
        const shard = shardOf(id, count);
        expect(Number.isInteger(shard) && shard >= 0 && shard < count).toBe(true);
        counts[shard]!++;
      }
      expect(counts.every((c) => c > (ids.length / count) * 0.8)).toBe(true);
    }
  });
});
