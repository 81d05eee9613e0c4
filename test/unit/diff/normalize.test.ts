import { describe, expect, it } from "vitest";
import { comparable, fingerprint, type Matchers } from "../../../src/diff/normalize.js";
import { resolveDiffOptions } from "../../../src/diff/options.js";

/** A small deterministic PRNG. */
function random(seed: number): () => number {
  let t = seed;
  return () => {
    t = (t + 0x6d2b79f5) | 0;
    let x = Math.imul(t ^ (t >>> 15), 1 | t);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random JSON value over few keys and leaves (so that equal values come up often). */
function value(rand: () => number, depth = 0): unknown {
  const r = rand();
  if (depth > 2 || r < 0.4) return [1, "a", null, true, "b\u0000", 2.5][Math.floor(rand() * 6)];
  if (r < 0.7) return Array.from({ length: Math.floor(rand() * 3) }, () => value(rand, depth + 1));
  const keys = ["x", "y", "LastUsed", "z"].filter(() => rand() < 0.6);
  if (rand() < 0.5) keys.reverse();
  return Object.fromEntries(keys.map((k) => [k, value(rand, depth + 1)]));
}

describe("fingerprint", () => {
  it("is equal exactly when the normalized values are (key order, ignored and unordered paths)", () => {
    const options: Matchers = resolveDiffOptions({
      ignore: ["Result.**.LastUsed"],
      unordered: ["Result.y", "Result.*.x"],
    }).matchers;
    const rand = random(11);
    let equal = 0;
    for (let i = 0; i < 3000; i++) {
      const a = { Id: "1", Region: "r", Result: value(rand) };
      const b = { Id: "1", Region: "r", Result: value(rand) };
      const same =
        JSON.stringify(comparable("Results", a, options, "auto").value) ===
        JSON.stringify(comparable("Results", b, options, "auto").value);
      if (same) equal++;
      expect(
        fingerprint("Results", a, options, "auto") === fingerprint("Results", b, options, "auto"),
      ).toBe(same);
    }
    expect(equal).toBeGreaterThan(100);
  });
});
