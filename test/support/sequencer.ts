import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { LONG_FILES } from "./long-files.js";

/**
 * Vitest's order of test files (`sequence.sequencer` in vitest.config.ts), with the long
 * files first also where vitest has no timings of its own.
 *
 * Vitest runs the files of a project in the order its sequencer gives, two at a time here;
 * its `BaseSequencer` starts what failed last time, then the longest by the durations it
 * keeps in `node_modules/.vite/vitest/…/results.json` — but a clean clone (CI) has none, and
 * it falls back to the largest files first, so a long file of few lines (the git install:
 * a minute) may start last and end the run alone. This one keeps the base order of projects
 * (a project's files stay together: the `unit` project's shared worker processes serve one
 * run of its files) and, inside a project, orders by what failed last, then by seconds: the
 * recorded duration when vitest has one, else the committed estimate of
 * test/support/long-files.ts; files known by neither come last, in the base order.
 */
export class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const rank = new Map(base.map((spec, i) => [spec, i]));
    const projects = [...new Set(base.map((spec) => spec.project.name))];
    const key = new Map(base.map((spec) => [spec, this.seconds(spec)]));
    return [...base].sort(
      (a, b) =>
        projects.indexOf(a.project.name) - projects.indexOf(b.project.name) ||
        key.get(b)! - key.get(a)! ||
        rank.get(a)! - rank.get(b)!,
    );
  }

  /** What failed last time: first; then the known seconds, longest first; unknown: -1. */
  private seconds(spec: TestSpecification): number {
    const file = relative(this.ctx.config.root, spec.moduleId).replaceAll("\\", "/");
    const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${file}`);
    if (cached?.failed) return Number.POSITIVE_INFINITY;
    if (cached) return cached.duration / 1000;
    return LONG_FILES[file] ?? -1;
  }
}
