import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { shardFromEnvironment, shardOf, type AutoShard } from "../../../src/domain/shard.js";
import { targetSetFingerprint } from "../../../src/domain/target-set.js";
import { CoveError } from "../../../src/errors/cove-error.js";

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

describe("shardFromEnvironment (shard: auto, auto/N)", () => {
  const batch = { AWS_BATCH_JOB_ARRAY_INDEX: "3", AWS_BATCH_JOB_ARRAY_SIZE: "10" };

  it("reads an AWS Batch array child's index and size", () => {
    expect(shardFromEnvironment("auto", batch)).toEqual({ index: 3, count: 10 });
    expect(shardFromEnvironment("auto/10", batch)).toEqual({ index: 3, count: 10 });
  });

  it("reads a Kubernetes completion index with the count of auto/N", () => {
    expect(shardFromEnvironment("auto/8", { JOB_COMPLETION_INDEX: "7" })).toEqual({
      index: 7,
      count: 8,
    });
  });

  it.each([
    [
      "auto",
      {},
      /no engine variable found: looked for AWS_BATCH_JOB_ARRAY_INDEX \+ AWS_BATCH_JOB_ARRAY_SIZE.*JOB_COMPLETION_INDEX/,
    ],
    ["auto/4", {}, /no engine variable found/],
    [
      "auto",
      { JOB_COMPLETION_INDEX: "1" },
      /Kubernetes does not export the count: give it as auto\/N/,
    ],
    ["auto/4", { JOB_COMPLETION_INDEX: "4" }, /index 4 is outside the count 4/],
    [
      "auto",
      { AWS_BATCH_JOB_ARRAY_INDEX: "10", AWS_BATCH_JOB_ARRAY_SIZE: "10" },
      /index 10 is outside the count 10/,
    ],
    ["auto/4", batch, /AWS_BATCH_JOB_ARRAY_SIZE=10 disagrees with the count 4/],
    ["auto", { AWS_BATCH_JOB_ARRAY_INDEX: "2" }, /AWS_BATCH_JOB_ARRAY_SIZE is not/],
    [
      "auto",
      { AWS_BATCH_JOB_ARRAY_INDEX: "x" },
      /AWS_BATCH_JOB_ARRAY_INDEX is "x", not a whole number/,
    ],
    ["auto/0", { JOB_COMPLETION_INDEX: "0" }, /N a whole number >= 1/],
    ["auto/two", { JOB_COMPLETION_INDEX: "0" }, /N a whole number >= 1/],
  ] as const)("refuses %s with %j: %s", (spec, env, message) => {
    try {
      shardFromEnvironment(spec as AutoShard, env);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CoveError);
      expect((error as CoveError).code).toBe("INVALID_OPTION");
      expect((error as CoveError).message).toMatch(message);
    }
  });
});

describe("targetSetFingerprint", () => {
  it("hashes the sorted pairs, whatever the order and duplicates given", () => {
    const a = targetSetFingerprint(["222222222222", "111111111111"], ["us-east-1", "eu-west-1"]);
    const b = targetSetFingerprint(
      ["111111111111", "222222222222", "111111111111"],
      ["eu-west-1", "us-east-1"],
    );
    expect(a).toEqual(b);
    expect(a.size).toBe(4);
    expect(a.sha256).toBe(
      createHash("sha256")
        .update(
          "111111111111\teu-west-1\n111111111111\tus-east-1\n222222222222\teu-west-1\n222222222222\tus-east-1\n",
        )
        .digest("hex"),
    );
  });

  it("differs when an account or a region differs; without regions hashes the accounts", () => {
    const base = targetSetFingerprint(["111111111111"], ["eu-west-1"]).sha256;
    expect(targetSetFingerprint(["111111111112"], ["eu-west-1"]).sha256).not.toBe(base);
    expect(targetSetFingerprint(["111111111111"], ["eu-west-2"]).sha256).not.toBe(base);
    expect(targetSetFingerprint(["111111111111", "2"], null)).toEqual({
      sha256: createHash("sha256").update("111111111111\n2\n").digest("hex"),
      size: 2,
    });
  });
});
