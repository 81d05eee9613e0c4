/**
 * The test files that take 5 s or more, with their seconds of wall time on the project's
 * 2-core machine, longest first: what `test/support/sequencer.ts` starts first when vitest
 * has no timings of its own (a clean clone, CI), so that no long file starts near the run's
 * end and finishes it alone on one worker.
 *
 * Keep it up to date when a file becomes long, is split, renamed or removed (a unit test
 * checks that each file listed exists): `npm run test:cpu`, then the `wall` of each line of
 * `node_modules/.cache/test-cpu.ndjson` (rounded, 5 s or more). Exact values matter little;
 * the order does.
 *
 * @default the files of the run of 2026-12-07 (145 files, 1,108 tests)
 */
export const LONG_FILES: Readonly<Record<string, number>> = {
  "test/package/git-install.test.ts": 58,
  "test/integration/transient.test.ts": 51,
  "test/cli/journal.test.ts": 39,
  "test/package/pack.test.ts": 37,
  "test/scripts/moto.test.ts": 33,
  "test/integration/workers-options.test.ts": 26,
  "test/integration/workers.test.ts": 24,
  "test/cli/demo.test.ts": 22,
  "test/cli/children.test.ts": 20,
  "test/cli/run.test.ts": 19,
  "test/cli/engines.test.ts": 18,
  "test/cli/report-page.test.ts": 17,
  "test/docs/examples.test.ts": 17,
  "test/integration/runner.test.ts": 16,
  "test/integration/faults.test.ts": 16,
  "test/cli/run-workers.test.ts": 14,
  "test/integration/lazy-imports.test.ts": 13,
  "test/cli/exec.test.ts": 12,
  "test/integration/discovery.test.ts": 12,
  "test/bench/cli-memory.test.ts": 12,
  "test/integration/selection.test.ts": 10,
  "test/cli/interactive.test.ts": 9,
  "test/unit/cli/output/sink-memory.test.ts": 9,
  "test/cli/targets.test.ts": 9,
  "test/integration/identity-center.test.ts": 8,
  "test/cli/report-baseline.test.ts": 8,
  "test/cli/report-grid.test.ts": 8,
  "test/types/compilers.test.ts": 7,
  "test/cli/journal-safety.test.ts": 6,
  "test/cli/hub-errors.test.ts": 6,
  "test/cli/merge.test.ts": 6,
  "test/cli/write-failures.test.ts": 6,
  "test/bench/simulator.test.ts": 5,
  "test/integration/targets.test.ts": 5,
  "test/cli/cache.test.ts": 5,
};
