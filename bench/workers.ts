/**
 * The workers scenario: 10,000 accounts × 4 regions at 50 ms, concurrency 200, the run being
 * a module's function that makes one STS call; `--workers 1` (in this thread) and
 * `--workers 2` alternating in one sitting, each side in a fresh process. Goal on 2 cores:
 * workers 2 ≤ 0.6× the wall time of workers 1, every run once and right, exactly 10,000
 * AssumeRole, peak RSS (all threads) < 400 MB.
 *
 *   npm run bench -- --scenario workers [--repeat N] [--accounts N]
 */
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startSimulator } from "./simulator-process.js";
import { processCpuS } from "./proc-cpu.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..");

interface Side {
  workers: number;
  wallS: number;
  results: number;
  right: number;
  exceptions: number;
  failedAssumeRole: number;
  peakRssMb: number;
  mainThreadBusyS: number;
  mainThreadCpuS: number;
  processCpuS: number;
  threads: { tid: string; name: string; cpuS: number }[];
  assumeRole: number;
  /** CPU seconds the simulator process spent during this side. */
  simulatorCpuS: number;
}

/** How a side's process is started beyond the defaults (for A/B runs: bench/workers-ab.ts). */
export interface ChildVariant {
  /** Extra environment (e.g. `BENCH_BOTOCOVE_DIST`, `BENCH_WORKER_LIMITS`). */
  env?: Record<string, string>;
  /** Extra node flags before the script. */
  nodeArgs?: string[];
}

export { processCpuS };

/** The scenario's simulator: `accounts` in 50 OUs 3 deep, 50 ms a call, STS unlimited. */
export function workersSimulator(accounts: number) {
  return { accounts, ous: 50, depth: 3, suspended: 0, seed: 1, latency: 50, stsRate: 0 };
}

export function child(
  workers: number,
  endpoint: string,
  regions: number,
  concurrency: number,
  variant: ChildVariant = {},
) {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_ENDPOINT_URL: endpoint };
  for (const k of ["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "NODE_OPTIONS"])
    delete env[k];
  env.AWS_CONFIG_FILE = path.join(here, "results", "no-aws-config");
  env.AWS_SHARED_CREDENTIALS_FILE = path.join(here, "results", "no-aws-credentials");
  env.AWS_EC2_METADATA_DISABLED = "true";
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  Object.assign(env, variant.env);
  // Plain node: no tsx loader thread in the process measured (see workers-child.mjs).
  const args = [...(variant.nodeArgs ?? []), path.join(here, "workers-child.mjs")];
  const proc = spawn(
    process.execPath,
    [...args, String(workers), String(regions), String(concurrency)],
    {
      cwd: repoRoot,
      env,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  proc.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  return new Promise<Omit<Side, "assumeRole" | "simulatorCpuS">>((resolve, reject) =>
    proc.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("@@RESULT "));
      if (code !== 0 || !line) return reject(new Error(`child exited ${code}: ${out}`));
      resolve(
        JSON.parse(line.slice("@@RESULT ".length)) as Omit<Side, "assumeRole" | "simulatorCpuS">,
      );
    }),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function runWorkersScenario(argv: string[]): Promise<void> {
  const value = (flag: string, fallback: number) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const repeat = value("--repeat", 2);
  const accounts = value("--accounts", 10_000);
  const regions = 4;
  const concurrency = 200;
  const load = os.loadavg()[0] ?? 0;
  const sim = await startSimulator(workersSimulator(accounts));
  const sides: Side[] = [];
  try {
    for (let i = 0; i < repeat; i++) {
      for (const workers of [1, 2]) {
        await sim.reset();
        const simCpu0 = processCpuS(sim.pid);
        const side = await child(workers, sim.url, regions, concurrency);
        const simulatorCpuS = processCpuS(sim.pid) - simCpu0;
        const stats = await sim.stats();
        sides.push({
          ...side,
          assumeRole: stats.calls.AssumeRole ?? stats.calls["sts:AssumeRole"] ?? 0,
          simulatorCpuS,
        });
        console.log(
          `workers ${workers}: ${side.wallS.toFixed(2)} s, ${side.right}/${accounts * regions} right, ` +
            `AssumeRole ${sides.at(-1)?.assumeRole}, peak RSS ${side.peakRssMb.toFixed(0)} MB, ` +
            `main thread CPU ${side.mainThreadCpuS.toFixed(1)} s (event loop busy ${side.mainThreadBusyS.toFixed(1)} s), process CPU ${side.processCpuS.toFixed(1)} s, simulator CPU ${simulatorCpuS.toFixed(1)} s; ` +
            `threads: ${side.threads.map((t) => `${t.name}#${t.tid} ${t.cpuS.toFixed(1)}`).join(", ")}`,
        );
      }
    }
  } finally {
    await sim.stop();
  }
  const wall = (w: number) => median(sides.filter((s) => s.workers === w).map((s) => s.wallS));
  const ratio = wall(2) / wall(1);
  console.log(
    `\nmedian wall: workers 1 ${wall(1).toFixed(2)} s, workers 2 ${wall(2).toFixed(2)} s, ratio ${ratio.toFixed(2)} (goal ≤ 0.60); ` +
      `load average before: ${load.toFixed(2)} on ${os.availableParallelism()} cores`,
  );
  const ok = sides.every(
    (s) => s.right === accounts * regions && s.assumeRole === accounts && s.peakRssMb < 400,
  );
  console.log(
    `every run once and right, exactly ${accounts} AssumeRole, peak RSS < 400 MB: ${ok ? "yes" : "NO"}`,
  );
}
