import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { TestSpecification, Vitest } from "vitest/node";
import { LONG_FILES } from "../../support/long-files.js";
import { LongFilesFirst } from "../../support/sequencer.js";

/* The order in which vitest starts the test files (vitest.config.ts: sequence.sequencer). */

const ROOT = "/repo";

/** A test file of a project: its size on disk, and what the last run recorded (if any). */
interface Fake {
  project: "bench" | "integration" | "unit";
  file: string;
  size: number;
  last?: { duration: number; failed: boolean };
}

function order(fakes: Fake[]): Promise<string[]> {
  const projects = new Map(
    ["bench", "integration", "unit"].map((name) => [
      name,
      { name, config: { sequence: { groupOrder: 0 }, isolate: name !== "unit" } },
    ]),
  );
  const byKey = new Map(fakes.map((f) => [`${f.project}:${f.file}`, f]));
  const ctx = {
    config: { root: ROOT },
    cache: {
      getFileTestResults: (key: string) => byKey.get(key)?.last,
      getFileStats: (key: string) => {
        const fake = byKey.get(key);
        return fake && { size: fake.size };
      },
    },
  } as unknown as Vitest;
  const specs = fakes.map(
    (f) =>
      ({ project: projects.get(f.project), moduleId: `${ROOT}/${f.file}` }) as TestSpecification,
  );
  return new LongFilesFirst(ctx)
    .sort(specs)
    .then((sorted) => sorted.map((s) => s.moduleId.slice(ROOT.length + 1)));
}

const GIT = "test/package/git-install.test.ts"; // listed: the longest, a small file
const TRANSIENT = "test/integration/transient.test.ts"; // listed
const SMALL = "test/cli/names.test.ts"; // not listed, a larger file
const OTHER = "test/cli/sso.test.ts"; // not listed
const SINK = "test/unit/cli/output/sink-memory.test.ts"; // listed, unit
const UNIT = "test/unit/cli/args.test.ts"; // not listed, unit
const BENCH = "test/bench/cli-memory.test.ts";

describe("LongFilesFirst", () => {
  it("on a clean clone, starts the listed long files first, longest first, each project together", async () => {
    const files: Fake[] = [
      { project: "unit", file: UNIT, size: 9000 },
      { project: "integration", file: SMALL, size: 8000 },
      { project: "unit", file: SINK, size: 100 },
      { project: "integration", file: GIT, size: 3000 },
      { project: "integration", file: OTHER, size: 9000 },
      { project: "bench", file: BENCH, size: 10 },
      { project: "integration", file: TRANSIENT, size: 5000 },
    ];
    expect(LONG_FILES[GIT]!).toBeGreaterThan(LONG_FILES[TRANSIENT]!);
    expect(await order(files)).toEqual([BENCH, GIT, TRANSIENT, OTHER, SMALL, SINK, UNIT]);
  });

  it("with the durations of a previous run, follows them: what failed first, then the longest", async () => {
    const files: Fake[] = [
      { project: "integration", file: GIT, size: 3000, last: { duration: 1000, failed: false } },
      { project: "integration", file: SMALL, size: 10, last: { duration: 90_000, failed: false } },
      { project: "integration", file: OTHER, size: 10, last: { duration: 10, failed: true } },
      { project: "integration", file: TRANSIENT, size: 10 }, // not run last time: its estimate
    ];
    expect(await order(files)).toEqual([OTHER, SMALL, TRANSIENT, GIT]);
  });

  it("lists only files that exist, and only ones of 5 s or more", () => {
    const entries = Object.entries(LONG_FILES);
    expect(entries.length).toBeGreaterThan(10);
    for (const [file, seconds] of entries) {
      expect(existsSync(file), file).toBe(true);
      expect(seconds, file).toBeGreaterThanOrEqual(5);
    }
  });
});
