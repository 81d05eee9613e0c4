import { appendFileSync } from "node:fs";
import { afterAll, beforeAll, expect } from "vitest";
import { procCpu, type CpuLine } from "./proc-cpu.js";

/*
 * Per-file CPU of a test run, on when `COVE_TEST_CPU` names a file (vitest.config.ts adds this
 * setup file then): one NDJSON line per test file is appended to it, and
 * `scripts/cpu-top.ts` prints the costliest. Each file of a `forks` project runs in its own
 * process, so `total` is all that file cost (start, imports, tests); where files share a
 * process (`isolate: false`), `total` is the process's CPU since the previous file ended.
 * `tests` and `children` are from the file's first hook to its last. Children count only processes the file waited
 * for (spawnSync, an awaited exit). Linux only (`/proc`): elsewhere it logs nothing.
 */

const log = process.env.COVE_TEST_CPU;
/** The process's CPU when its previous test file ended (files sharing a process). */
const shared = globalThis as { coveCpuMark?: number };

function readable(): boolean {
  try {
    procCpu();
    return true;
  } catch {
    return false;
  }
}

if (log && readable()) {
  let start = procCpu();
  let t0 = 0;
  beforeAll(() => {
    start = procCpu();
    t0 = performance.now();
  });
  afterAll(() => {
    const end = procCpu();
    const round = (n: number) => Math.round(n * 100) / 100;
    const file = expect.getState().testPath ?? "?";
    const line: CpuLine = {
      file: file.startsWith(`${process.cwd()}/`) ? file.slice(process.cwd().length + 1) : file,
      total: round(end.self + end.children - (shared.coveCpuMark ?? 0)),
      tests: round(end.self - start.self),
      children: round(end.children - start.children),
      wall: round((performance.now() - t0) / 1000),
      pid: process.pid,
    };
    shared.coveCpuMark = end.self + end.children;
    appendFileSync(log, `${JSON.stringify(line)}\n`);
  });
}
