import { configDefaults, defineConfig } from "vitest/config";
import { LongFilesFirst } from "./test/support/sequencer.js";

/** Tests that need neither moto nor a build: `npm run test:unit` runs only these. */
const UNIT = ["test/unit/**/*.test.ts", "test/bench/**/*.test.ts"];
/**
 * Slow checks of the benchmarks themselves (minutes): `npm test` and CI run them, the fast
 * unit group does not.
 */
const BENCH = ["test/bench/cli-memory.test.ts"];

/** `COVE_TEST_CPU=FILE`: one NDJSON line of CPU per test file (test/support/cpu-log.ts). */
const CPU_LOG = process.env.COVE_TEST_CPU ? ["./test/support/cpu-log.ts"] : [];

export default defineConfig({
  test: {
    setupFiles: CPU_LOG,
    // Every project's (and the root's): the run's own TMPDIR, checked empty at its end.
    globalSetup: ["./test/support/temp-root.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The SDK warns that Node 20 support ends in 2027; that is not what these tests check.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    // The long files first, also on a clean clone (test/support/long-files.ts lists them).
    sequence: { sequencer: LongFilesFirst },
    // moto_server is one process of one core; a few files at a time keep it responsive.
    maxWorkers: 2,
    reporters: ["default"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: UNIT,
          exclude: [...configDefaults.exclude, ...BENCH],
          // Files share a worker process (one Node start and SDK import per worker, not per
          // file: a third of the CPU); test/support/file-reset.ts undoes what a file changes.
          isolate: false,
          setupFiles: ["./test/support/file-reset.ts"], // after the root's (CPU_LOG)
          // tsc -p tsconfig.json: the whole project, not only the type tests; an error in any
          // file fails the run. So `npm test` does not run that tsc again (`npm run typecheck`).
          typecheck: {
            enabled: true,
            include: ["test/types/**/*.test-d.ts"],
            tsconfig: "./tsconfig.json",
          },
        },
      },
      {
        extends: true,
        test: { name: "bench", include: BENCH },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...UNIT],
          // moto's server (installed into node_modules/.cache/moto when not on PATH).
          globalSetup: ["./test/support/global-setup.ts"],
        },
      },
    ],
  },
});
