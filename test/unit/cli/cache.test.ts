import { describe, expect, it } from "vitest";
import { cacheDir, cacheKey } from "../../../src/cli/cache.js";

const ENV = { AWS_REGION: "eu-west-1", AWS_ACCESS_KEY_ID: "AKIAEXAMPLE0000001" };

describe("cacheKey", () => {
  it("is the same for the same selection and hub environment", () => {
    expect(cacheKey({ targetIds: ["ou-ab12-34cd5678"] }, ENV)).toBe(
      cacheKey({ targetIds: ["ou-ab12-34cd5678"] }, { ...ENV }),
    );
  });

  it("differs when the selection differs", () => {
    const keys = new Set(
      [
        {},
        { targetIds: ["ou-ab12-34cd5678"] },
        { ignoreIds: ["111111111111"] },
        { tags: { Env: "prod" } },
        { profile: "other" },
        { region: "us-east-1" },
        { partition: "aws-cn" },
        { shard: { index: 0, count: 2 } },
      ].map((o) => cacheKey(o, ENV)),
    );
    expect(keys.size).toBe(8);
  });

  it("differs when who the hub is or which endpoint answers differs", () => {
    const base = cacheKey({}, ENV);
    for (const change of [
      { AWS_ACCESS_KEY_ID: "AKIAEXAMPLE0000002" },
      { AWS_PROFILE: "prod" },
      { AWS_ENDPOINT_URL: "http://127.0.0.1:1" },
      { AWS_REGION: "us-east-1" },
    ])
      expect(cacheKey({}, { ...ENV, ...change })).not.toBe(base);
  });

  it("ignores what does not change the selection (role, concurrency, unrelated environment)", () => {
    const base = cacheKey({}, ENV);
    expect(cacheKey({ roleName: "Auditor", concurrency: 5 }, { ...ENV, HOME: "/elsewhere" })).toBe(
      base,
    );
  });

  it("is a hash: no value (not even the key id) appears in it", () => {
    const key = cacheKey({ targetIds: ["ou-ab12-34cd5678"] }, ENV);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("cacheDir", () => {
  it("is $COVE_CACHE_DIR, else $XDG_CACHE_HOME/botocove, else ~/.cache/botocove", () => {
    expect(cacheDir({ COVE_CACHE_DIR: "/c", XDG_CACHE_HOME: "/x" })).toBe("/c");
    expect(cacheDir({ XDG_CACHE_HOME: "/x" })).toBe("/x/botocove");
    expect(cacheDir({})).toMatch(/\/\.cache\/botocove$/);
  });
});
