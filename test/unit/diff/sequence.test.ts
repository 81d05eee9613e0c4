import { describe, expect, it } from "vitest";
import { diffSequences, type Edit } from "../../../src/diff/sequence.js";

/** Applies an edit script to `a`, checking each kept item against `b`. */
function apply(a: string[], b: string[], edits: Edit[]): string[] {
  const out: string[] = [];
  let ia = 0;
  for (const e of edits) {
    if (e.op === "same") {
      expect(e.a).toBe(ia++);
      expect(a[e.a]).toBe(b[e.b]);
      out.push(a[e.a] as string);
    } else if (e.op === "remove") expect(e.a).toBe(ia++);
    else out.push(b[e.b] as string);
  }
  expect(ia).toBe(a.length);
  return out;
}

/** Length of the longest common subsequence (the reference the script must reach). */
function lcs(a: string[], b: string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      t[i]![j] =
        a[i - 1] === b[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
  return t[a.length]![b.length]!;
}

describe("diffSequences", () => {
  it("finds a shortest edit script (checked against the LCS on random inputs)", () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 300; round++) {
      const a = Array.from({ length: rnd(12) }, () => "abcd"[rnd(4)] as string);
      const b = Array.from({ length: rnd(12) }, () => "abcd"[rnd(4)] as string);
      const edits = diffSequences(a, b);
      expect(apply(a, b, edits)).toEqual(b);
      expect(edits.filter((e) => e.op === "same")).toHaveLength(lcs(a, b));
    }
  });

  it("gives a very different middle as removed then added, still correct", () => {
    const a = Array.from({ length: 800 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 800 }, (_, i) => `b${i}`);
    const edits = diffSequences(["x", ...a, "y"], ["x", ...b, "y"]);
    expect(apply(["x", ...a, "y"], ["x", ...b, "y"], edits)).toEqual(["x", ...b, "y"]);
  });
});
