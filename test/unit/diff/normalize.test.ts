import { describe, expect, it } from "vitest";
import { comparable, fingerprint, type Matchers } from "../../../src/diff/normalize.js";
import { resolveDiffOptions } from "../../../src/diff/options.js";
import { prng as random } from "../../../src/demo/simulator/prng.js";

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

describe("fingerprint: digests", () => {
  const m = resolveDiffOptions({
    ignore: ["Result.CheckedAt"],
    unordered: ["Result.Names"],
  }).matchers;
  const print = (Result: unknown, list: "Results" | "Exceptions" = "Results") =>
    fingerprint(list, { Id: "1", Region: "r", Result }, m, "auto");
  const same = (a: unknown, b: unknown) => expect(print(a)).toBe(print(b));
  const differ = (a: unknown, b: unknown) => expect(print(a)).not.toBe(print(b));

  it("does not count key order, at any depth", () => {
    same({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 });
    same(JSON.parse('{"x":1,"y":"é"}'), JSON.parse('{"y":"\\u00e9","x":1.0}'));
  });

  it("leaves ignored paths out, and only those", () => {
    same({ a: 1, CheckedAt: "monday" }, { CheckedAt: "tuesday", a: 1 });
    same({ a: 1, CheckedAt: "monday" }, { a: 1 });
    differ({ a: 1, CheckedAt: "monday" }, { a: 2, CheckedAt: "monday" });
    differ({ a: { CheckedAt: 1 } }, { a: { CheckedAt: 2 } });
  });

  it("tells apart values a weak digest would mix up", () => {
    differ({ a: 1, b: 2 }, { a: 2, b: 1 }); // values swapped between keys
    differ({ a: 1 }, { b: 1 });
    differ([1, 2], [2, 1]); // order of an ordered array
    differ([[1], [2]], [[1, 2]]);
    differ(["ab", "c"], ["a", "bc"]);
    differ([1], { 0: 1 });
    differ("1", 1);
    differ(true, "true");
    differ(null, "null");
    differ({}, []);
    differ({ a: [] }, { a: {} });
    differ({ a: 1, b: 1 }, { a: 1, c: 1 });
  });

  it("compares numbers as JSON writes them", () => {
    same(0, -0);
    same(Number.NaN, null);
    same({ a: Infinity }, { a: null });
    same({ a: undefined, b: 1 }, { b: 1 });
    same([undefined], [null]);
    differ(1, 1.5);
    differ(2 ** 53, 2 ** 53 + 2);
  });

  it("compares an unordered path as a multiset", () => {
    same({ Names: ["a", "b", "c"] }, { Names: ["c", "a", "b"] });
    differ({ Names: ["a", "a", "b"] }, { Names: ["a", "b", "b"] });
    differ({ Names: ["a", "b"] }, { Names: ["a", "b", "b"] });
    differ({ Other: ["a", "b"] }, { Other: ["b", "a"] });
  });

  it("differs between a Result and an error of the same value", () => {
    const ok = fingerprint("Results", { Id: "1", Region: "r", Result: { m: "x" } }, m, "auto");
    const failed = fingerprint(
      "Exceptions",
      { Id: "1", Region: "r", ExceptionDetails: { m: "x" } },
      m,
      "auto",
    );
    expect(ok).not.toBe(failed);
  });
});
