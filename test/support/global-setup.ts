import { appendFileSync } from "node:fs";
import { delimiter } from "node:path";
import type { TestProject } from "vitest/node";
import { ensureMoto, MotoSetupError } from "../../scripts/moto.js";
import { startMoto, type Moto } from "../../src/demo/moto.js";
import { procCpu, type CpuLine } from "./proc-cpu.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** One moto_server per worker slot (`VITEST_POOL_ID` 1…n picks its own). */
    motoUrls: string[];
  }
}

/** moto_servers started for this run, stopped at its end. */
const started: Moto[] = [];

/**
 * Makes moto's server available to the test files (installing it into a virtual environment
 * under node_modules/.cache/moto when it is not on PATH), or stops the run with what to do;
 * then starts one moto_server per worker slot. A test file uses its slot's server alone (the
 * slot runs one file at a time) and wipes it before its tests (`useTestAws`): files share
 * servers, not state, and no file pays for a server's start.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    const bin = ensureMoto();
    // Workers start after this and inherit the environment.
    if (bin) process.env.PATH = `${bin}${delimiter}${process.env.PATH ?? ""}`;
  } catch (error) {
    if (!(error instanceof MotoSetupError)) throw error;
    process.stderr.write(`\n${error.message}\n\n`);
    process.exit(1);
  }
  const slots = Number(project.config.maxWorkers) || 1;
  started.push(...(await Promise.all(Array.from({ length: slots }, () => startMoto()))));
  project.provide(
    "motoUrls",
    started.map((m) => m.url),
  );
  return async () => {
    logMotoCpu(started);
    await Promise.all(started.splice(0).map((m) => m.stop()));
  };
}

/**
 * With `COVE_TEST_CPU` set: one line per moto_server (file `(moto_server N)`, its CPU over
 * the whole run: the files' requests, seeding and wipes), which no test file's line counts.
 */
function logMotoCpu(servers: Moto[]): void {
  const log = process.env.COVE_TEST_CPU;
  if (!log) return;
  servers.forEach((moto, i) => {
    if (moto.pid === undefined) return;
    let cpu: { self: number; children: number };
    try {
      cpu = procCpu(moto.pid);
    } catch {
      return; // not Linux, or already gone
    }
    const total = Math.round((cpu.self + cpu.children) * 100) / 100;
    const line: CpuLine = {
      file: `(moto_server ${i + 1})`,
      total,
      tests: total,
      children: 0,
      wall: 0,
      pid: moto.pid,
    };
    appendFileSync(log, `${JSON.stringify(line)}\n`);
  });
}
