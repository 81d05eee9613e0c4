import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../../../src");

/** Every module `entry` loads (relative imports, `import type` left out), as paths under src/. */
function graph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(SRC, file), "utf8");
    const re = /^(?:import|export)\s+(?!type\s)[^;]*?from\s+"(\.[^"]+)"/gms;
    for (const m of code.matchAll(re)) {
      const target = join(dirname(join(SRC, file)), m[1]!.replace(/\.js$/, ".ts"));
      visit(relative(SRC, target));
    }
  };
  visit(entry);
  return seen;
}

describe("botocove/testing stays out of the main entry", () => {
  it("src/index.ts loads neither src/testing nor the simulator", () => {
    const loaded = [...graph("index.ts")];
    expect(loaded.length).toBeGreaterThan(10);
    expect(loaded.filter((f) => f.startsWith("testing/") || f.includes("simulator"))).toEqual([]);
  });

  it("src/testing/index.ts loads the simulator (the check above would see it)", () => {
    expect([...graph("testing/index.ts")]).toContain("demo/simulator.ts");
  });
});
