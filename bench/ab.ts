/**
 * Two builds of the library, one simulator, alternating runs: CPU seconds and the simulator's
 * call counts of each, for finding a regression on a machine where wall time is noise.
 *
 *   npx tsx bench/ab.ts --side old=/path/to/old/dist --side new=dist --scenario b --repeat 5
 *   npx tsx bench/ab.ts ... --accounts 300            # the scenario's regions, fewer accounts
 *   npx tsx bench/ab.ts ... --cpu-prof DIR            # a V8 CPU profile of every run
 *
 * Each side is a directory holding a built `index.js` (another worktree's `dist/`, after `npm run
 * build` there); it is copied first, so a rebuild during the runs changes nothing. Every run is
 * `bench/measure.ts botocove` in a fresh process, as in `bench/run.ts`; the simulator (this
 * checkout's) is shared by both sides and its counters and rate buckets are reset before each run.
 * Prints one JSON line per run, then per side the medians of CPU seconds (the botocove process
 * during the run, and the simulator's) and each count.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { MeasureResult, MeasureSpec } from "./measure.js";
import { REGIONS, SCENARIOS } from "./scenarios.js";
import { startSimulator, type SimulatorHandle } from "./simulator-process.js";
import { table } from "./text.js";
import { withoutAwsEnv } from "./hermetic-env.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..");
const RESULT_PREFIX = "@@RESULT ";

interface Side {
  name: string;
  dist: string;
}

/** One run's numbers. */
interface Run {
  side: string;
  wallS: number;
  cpuS: number;
  simulatorCpuS: number;
  counts: Record<string, number>;
  /** Requests the simulator received, per action. */
  requests: Record<string, number>;
  /** Requests it answered with success, per action. */
  answered: Record<string, number>;
  throttled: Record<string, number>;
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
function procCpuS(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The environment of bench/run.ts's children: hermetic, the simulator as every endpoint. */
function childEnv(endpoint: string, dist: string): NodeJS.ProcessEnv {
  return {
    ...withoutAwsEnv(),
    AWS_ENDPOINT_URL: endpoint,
    AWS_CONFIG_FILE: path.join(here, "results", "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(here, "results", "no-aws-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    BENCH_BOTOCOVE_DIST: dist,
  };
}

function measure(spec: MeasureSpec, dist: string, cpuProf?: string): Promise<MeasureResult> {
  const prof = cpuProf ? ["--cpu-prof", "--cpu-prof-dir", cpuProf] : [];
  const args = [...prof, "--import", "tsx", path.join(here, "measure.ts"), "botocove"];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args, JSON.stringify(spec)], {
      cwd: repoRoot,
      env: childEnv(spec.endpoint, dist),
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (c: string) => (out += c));
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
      if (line) resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as MeasureResult);
      else reject(new Error(`botocove child: exit ${code}; ${out.slice(-500)}`));
    });
  });
}

async function runOnce(
  sim: SimulatorHandle,
  spec: MeasureSpec,
  side: Side,
  cpuProf?: string,
): Promise<Run> {
  await sim.reset();
  const sim0 = procCpuS(sim.pid);
  const r = await measure(spec, side.dist, cpuProf && path.join(cpuProf, side.name));
  const simulatorCpuS = procCpuS(sim.pid) - sim0;
  if (r.mode !== "botocove" || !r.ready) throw new Error(`${side.name}: ${JSON.stringify(r)}`);
  const stats = await sim.stats();
  return {
    side: side.name,
    wallS: r.wallMs / 1000,
    cpuS: r.cpuS,
    simulatorCpuS,
    counts: r.counts,
    requests: stats.requests,
    answered: stats.calls,
    throttled: stats.throttled,
  };
}

/** Copies each side's dist beside a link to node_modules (its imports resolve as from dist/). */
function snapshot(specs: string[], root: string): Side[] {
  writeFileSync(path.join(root, "package.json"), '{ "type": "module" }\n');
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"));
  return specs.map((spec) => {
    const eq = spec.indexOf("=");
    if (eq < 1) throw new Error(`--side NAME=DIST, not ${spec}`);
    const name = spec.slice(0, eq);
    const dist = path.join(root, name);
    cpSync(path.resolve(spec.slice(eq + 1)), dist, { recursive: true });
    return { name, dist };
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

function summary(sides: Side[], runs: Run[]): string {
  const rows = sides.map((side) => {
    const mine = runs.filter((r) => r.side === side.name);
    const count = (pick: (r: Run) => Record<string, number>): string => {
      const keys = [...new Set(mine.flatMap((r) => Object.keys(pick(r))))].sort();
      return keys.map((k) => `${k} ${median(mine.map((r) => pick(r)[k] ?? 0))}`).join(", ");
    };
    return [
      side.name,
      median(mine.map((r) => r.cpuS)).toFixed(2),
      mine.map((r) => r.cpuS.toFixed(2)).join(" "),
      median(mine.map((r) => r.simulatorCpuS)).toFixed(2),
      median(mine.map((r) => r.wallS)).toFixed(2),
      count((r) => r.requests),
      count((r) => r.answered),
      count((r) => r.throttled),
    ];
  });
  const headers = [
    "side",
    "CPU s",
    "each",
    "sim CPU s",
    "wall s",
    "requests",
    "answered",
    "throttled",
  ];
  return table(headers, rows);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      side: { type: "string", multiple: true },
      scenario: { type: "string" },
      accounts: { type: "string" },
      repeat: { type: "string", default: "5" },
      "cpu-prof": { type: "string" },
    },
  });
  const scenario = SCENARIOS.find((s) => s.name.startsWith(values.scenario ?? "?"));
  if (!scenario || (values.side ?? []).length < 1)
    throw new Error("usage: --side NAME=DIST (one or more) --scenario NAME [--repeat N]");
  const accounts = values.accounts === undefined ? scenario.accounts : Number(values.accounts);
  const root = mkdtempSync(path.join(os.tmpdir(), "botocove-ab-"));
  const sim = await startSimulator({
    accounts,
    ...{ ous: 50, depth: 3, suspended: 0, seed: 1 },
    latency: scenario.latency,
    stsRate: scenario.stsRate,
  });
  try {
    const sides = snapshot(values.side ?? [], root);
    const spec: MeasureSpec = {
      endpoint: sim.url,
      regions: REGIONS.slice(0, scenario.regions) as string[],
      concurrency: scenario.concurrency,
    };
    const runs: Run[] = [];
    for (let i = 0; i < Number(values.repeat); i++) {
      for (const side of sides) {
        const run = await runOnce(sim, spec, side, values["cpu-prof"]);
        console.log(JSON.stringify(run));
        runs.push(run);
      }
    }
    console.log(`\n${scenario.name}, ${accounts} accounts; medians of ${values.repeat} runs`);
    console.log(summary(sides, runs));
  } finally {
    await sim.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
