/**
 * botocove benchmark harness.
 *
 *   npm run bench                          # every full scenario (under 10 minutes on 2 cores)
 *   npm run bench -- --quick               # smoke run, well under 30 s
 *   npm run bench -- --scenario a-10k-4r-50ms --scenario b   # by name or unique prefix
 *   npm run bench -- --list                # list the scenarios
 *   npm run bench -- --no-botocove         # floor only (or --no-floor)
 *   npm run bench -- --out file.json       # default bench/results/latest.json
 *   npm run bench -- --repeat 3            # runs per side (default: the scenario's, mostly 1)
 *   npm run bench -- --cpu-prof            # V8 CPU profiles of the children in bench/results/profiles
 *   npm run bench -- --scenario cli-memory # the CLI's peak RSS on 2 GB of output (bench/cli-memory.ts)
 *   npm run bench -- --scenario workers    # --workers 1 against 2 (bench/workers.ts)
 *   npm run bench -- --cli PATH            # the cove entry the cli-memory cases run (default: dist's)
 *
 * For each scenario: start the simulator (its own process), run botocove against it in a fresh
 * child process (peak RSS sampled every 50 ms there), read the simulator's counters, reset them and
 * the rate buckets, then run the bare-SDK floor in another fresh child process against the same
 * simulator (repeated, alternating, when the scenario asks for it; the median run is reported),
 * and stop the simulator. Then the CLI's memory cases (bench/cli-memory.ts): the built `cove run`
 * printing large Results as ndjson, csv and json. Prints tables and writes JSON.
 */
import { execFileSync, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  CLI_MEMORY_CASES,
  cliMemoryTable,
  runCliMemoryCase,
  type CliMemoryCase,
  type CliMemoryReport,
} from "./cli-memory.js";
import type { MeasureResult, MeasureSpec } from "./measure.js";
import {
  idealTime,
  latencyLabel,
  REGIONS,
  SCENARIOS,
  type IdealTime,
  type Scenario,
} from "./scenarios.js";
import { startSimulator, type StatsSnapshot } from "./simulator-process.js";
import { check, fmt, table, type Check } from "./text.js";
import { processCpuS } from "./proc-cpu.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..");
const RESULT_PREFIX = "@@RESULT ";
const CHILD_TIMEOUT_MS = 8 * 60_000;
/** Organization shape of every scenario. */
const ORG_SHAPE = { ous: 50, depth: 3, suspended: 0, seed: 1 } as const;
const FLOOR_MAX_ATTEMPTS = 10;

interface Args {
  repeat?: number;
  /** directory for V8 CPU profiles of the measured children */
  cpuProf?: string;
  quick: boolean;
  scenarios: string[];
  list: boolean;
  botocove: boolean;
  floor: boolean;
  out: string;
  /** the cove entry (a .js file) the CLI memory cases run */
  cli?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    quick: false,
    scenarios: [],
    list: false,
    botocove: true,
    floor: true,
    out: path.join(here, "results", "latest.json"),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--quick") args.quick = true;
    else if (a === "--list") args.list = true;
    else if (a === "--no-botocove") args.botocove = false;
    else if (a === "--no-floor") args.floor = false;
    else if (a === "--scenario") args.scenarios.push(...value().split(","));
    else if (a.startsWith("--scenario=")) args.scenarios.push(...a.slice(11).split(","));
    else if (a === "--out") args.out = path.resolve(value());
    else if (a === "--cli") args.cli = path.resolve(value());
    else if (a === "--cpu-prof") args.cpuProf = path.join(here, "results", "profiles");
    else if (a === "--repeat") {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error("--repeat: a positive integer");
      args.repeat = n;
    } else if (a === "--help" || a === "-h") {
      console.log(readFileSync(fileURLToPath(import.meta.url), "utf8").split("*/")[0]);
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (try --help)`);
  }
  return args;
}

interface Selection {
  scenarios: Scenario[];
  cliCases: CliMemoryCase[];
}

/**
 * The scenarios and CLI cases to run: by default the full ones (or the quick ones); by name,
 * an exact name of either, else a unique prefix of a scenario's name, else of a CLI case's.
 */
function select(args: Args): Selection {
  const quick = (s: { quick?: boolean }): boolean => Boolean(s.quick) === args.quick;
  if (args.scenarios.length === 0) {
    return {
      scenarios: SCENARIOS.filter(quick),
      cliCases: args.botocove ? CLI_MEMORY_CASES.filter(quick) : [],
    };
  }
  const picked: Selection = { scenarios: [], cliCases: [] };
  for (const want of args.scenarios) {
    const exactCli = CLI_MEMORY_CASES.find((c) => c.name === want);
    if (exactCli) picked.cliCases.push(exactCli);
    else if (SCENARIOS.some((s) => s.name.startsWith(want)) || !want.startsWith("cli"))
      picked.scenarios.push(byName(SCENARIOS, want));
    else picked.cliCases.push(byName(CLI_MEMORY_CASES, want));
  }
  return picked;
}

function byName<T extends { name: string }>(list: T[], want: string): T {
  const exact = list.find((s) => s.name === want);
  if (exact) return exact;
  const matches = list.filter((s) => s.name.startsWith(want));
  if (matches.length !== 1) {
    throw new Error(
      `--scenario ${want}: ${matches.length === 0 ? "no match" : `ambiguous (${matches.map((m) => m.name).join(", ")})`}; --list shows the names`,
    );
  }
  return matches[0] as T;
}

// ---------------------------------------------------------------------------------------------
// Child processes

/** CPU seconds (user + system) a process has used so far, from /proc; undefined elsewhere. */
function procCpuS(pid: number): number | undefined {
  const cpu = processCpuS(pid);
  return Number.isNaN(cpu) ? undefined : cpu;
}

/** Set in main(): the copy of dist/ that every botocove child imports. */
let distSnapshot: string | undefined;

function childEnv(endpoint: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of [
    "AWS_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "NODE_OPTIONS",
  ]) {
    delete env[k];
  }
  for (const k of Object.keys(env)) if (k.startsWith("AWS_ENDPOINT_URL")) delete env[k];
  // Hermetic: both sides see the same environment, and no shared config file of the machine.
  env.AWS_ENDPOINT_URL = endpoint;
  env.AWS_CONFIG_FILE = path.join(here, "results", "no-aws-config");
  env.AWS_SHARED_CREDENTIALS_FILE = path.join(here, "results", "no-aws-credentials");
  env.AWS_EC2_METADATA_DISABLED = "true";
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  if (distSnapshot) env.BENCH_BOTOCOVE_DIST = distSnapshot;
  return env;
}

function runChild(
  mode: "botocove" | "floor" | "probe",
  spec: MeasureSpec,
  cpuProf?: { dir: string; name: string },
): Promise<MeasureResult> {
  return new Promise((resolve, reject) => {
    // One directory per child: the loader's worker thread writes a profile of its own (thread id
    // not 0); the main thread's file has `.0.` before its sequence number.
    const prof = cpuProf
      ? ["--cpu-prof", "--cpu-prof-dir", path.join(cpuProf.dir, cpuProf.name)]
      : [];
    const child = spawn(
      process.execPath,
      [...prof, "--import", "tsx", path.join(here, "measure.ts"), mode, JSON.stringify(spec)],
      { cwd: repoRoot, env: childEnv(spec.endpoint), stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (c: string) => (out += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const line = out.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
      if (!line) {
        const why =
          signal === "SIGKILL" ? `killed after ${CHILD_TIMEOUT_MS / 1000} s` : `exit ${code}`;
        reject(new Error(`${mode} child: no result (${why}); output: ${out.slice(-500)}`));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as MeasureResult);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// One scenario

interface SideStats {
  stats: StatsSnapshot;
  simulatorCpuS?: number;
}

type Side = MeasureResult & { simulator: SideStats };

/** The run with the median wall time (the lower middle one for an even count). */
function median(runs: Side[]): Side | undefined {
  const timed = runs.filter((r) => "wallMs" in r);
  if (timed.length === 0) return runs[0];
  const sorted = [...timed].sort(
    (x, y) => ("wallMs" in x ? x.wallMs : 0) - ("wallMs" in y ? y.wallMs : 0),
  );
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

interface ScenarioReport {
  scenario: Scenario;
  regions: string[];
  ideal: IdealTime;
  botocove?: Side;
  floor?: Side;
  /** wall times of every repetition, seconds */
  botocoveWallsS?: number[];
  floorWallsS?: number[];
  /** every repetition; the checks other than wall time hold for the worst of them */
  botocoveRuns?: Side[];
  /** 1-minute load average of the machine before and after the scenario */
  loadAvgBefore: number;
  loadAvgAfter?: number;
  botocoveError?: string;
  floorError?: string;
  ratio?: number;
  checks: Check[];
}

async function runScenario(s: Scenario, args: Args): Promise<ScenarioReport> {
  const regions = REGIONS.slice(0, s.regions) as string[];
  const report: ScenarioReport = {
    scenario: s,
    regions,
    ideal: idealTime(s),
    checks: [],
    loadAvgBefore: os.loadavg()[0] ?? 0,
  };
  const sim = await startSimulator({
    accounts: s.accounts,
    ...ORG_SHAPE,
    latency: s.latency,
    stsRate: s.stsRate,
  });
  try {
    const spec: MeasureSpec = {
      endpoint: sim.url,
      regions,
      concurrency: s.concurrency,
      floorMaxAttempts: FLOOR_MAX_ATTEMPTS,
    };
    let runIndex = 0;
    const side = async (mode: "botocove" | "floor"): Promise<Side> => {
      await sim.reset();
      const cpu0 = procCpuS(sim.pid);
      const t0 = performance.now();
      const result = await runChild(
        mode,
        spec,
        args.cpuProf ? { dir: args.cpuProf, name: `${s.name}-${mode}-${++runIndex}` } : undefined,
      );
      const cpu1 = procCpuS(sim.pid);
      const stats = await sim.stats();
      const tag = mode === "botocove" ? "botocove" : "floor   ";
      const wall = "wallMs" in result ? `${(result.wallMs / 1000).toFixed(2)} s` : "pending";
      process.stderr.write(
        `  ${tag} ${wall}  (child ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`,
      );
      return {
        ...result,
        simulator: {
          stats,
          ...(cpu0 !== undefined && cpu1 !== undefined ? { simulatorCpuS: cpu1 - cpu0 } : {}),
        },
      };
    };
    // Sides alternate (botocove, floor, botocove, floor, ...) so that drift in the machine's load
    // hits both alike; the run with the median wall time of each side is reported.
    const repeat = args.repeat ?? s.repeat ?? 1;
    const boto: Side[] = [];
    const floor: Side[] = [];
    for (let i = 0; i < repeat; i++) {
      const pendingBotocove = boto.some((b) => b.mode === "botocove" && !b.ready);
      if (args.botocove && !report.botocoveError && !pendingBotocove) {
        try {
          boto.push(await side("botocove"));
        } catch (err) {
          report.botocoveError = String(err);
          process.stderr.write(`  botocove failed: ${report.botocoveError}\n`);
        }
      }
      if (args.floor && !report.floorError) {
        try {
          floor.push(await side("floor"));
        } catch (err) {
          report.floorError = String(err);
          process.stderr.write(`  floor failed: ${report.floorError}\n`);
        }
      }
    }
    const b = median(boto);
    const f = median(floor);
    if (b) report.botocove = b;
    if (f) report.floor = f;
    report.botocoveWallsS = boto.flatMap((x) => ("wallMs" in x ? [x.wallMs / 1000] : []));
    if (boto.length > 1) report.botocoveRuns = boto;
    report.floorWallsS = floor.flatMap((x) => ("wallMs" in x ? [x.wallMs / 1000] : []));
  } finally {
    await sim.stop();
    report.loadAvgAfter = os.loadavg()[0] ?? 0;
  }
  const b = report.botocove;
  const f = report.floor;
  const floorS = f && f.mode === "floor" ? f.wallMs / 1000 : undefined;
  if (b && b.mode === "botocove" && b.ready) {
    report.ratio = b.wallMs / 1000 / Math.max(report.ideal.idealS, floorS ?? 0);
  }
  report.checks = evaluate(report, floorS);
  return report;
}

function evaluate(r: ScenarioReport, floorS: number | undefined): Check[] {
  const t = r.scenario.target;
  if (!t) return [];
  const checks: Check[] = [];
  const b =
    r.botocove && r.botocove.mode === "botocove" && r.botocove.ready ? r.botocove : undefined;
  const add = (name: string, ok: boolean | undefined, detail: string): void => {
    checks.push(check(name, ok, detail));
  };
  const wallS = b ? b.wallMs / 1000 : undefined;
  if (t.maxRatio !== undefined) {
    const bound = t.maxRatio * Math.max(r.ideal.idealS, floorS ?? 0);
    add(
      `wall <= ${t.maxRatio} x max(ideal, floor)`,
      wallS === undefined || floorS === undefined ? undefined : wallS <= bound,
      `${fmt(wallS)} s vs ${fmt(bound)} s`,
    );
  }
  if (t.maxFloorRatio !== undefined) {
    const bound = floorS === undefined ? undefined : t.maxFloorRatio * floorS;
    add(
      `wall <= ${t.maxFloorRatio} x floor`,
      wallS === undefined || bound === undefined ? undefined : wallS <= bound,
      `${fmt(wallS)} s vs ${fmt(bound)} s`,
    );
  }
  if (t.maxRateRatio !== undefined) {
    const bound = t.maxRateRatio * r.ideal.rateS;
    add(
      `wall <= ${t.maxRateRatio} x rate-bound ideal`,
      wallS === undefined ? undefined : wallS <= bound,
      `${fmt(wallS)} s vs ${fmt(bound)} s`,
    );
  }
  const runs = (r.botocoveRuns ?? (b ? [b] : [])).flatMap((x) =>
    x.mode === "botocove" && x.ready ? [x] : [],
  );
  const worst = (f: (x: (typeof runs)[number]) => number): number => Math.max(...runs.map(f));
  const every = runs.length > 1 ? ` (worst of ${runs.length} runs)` : "";
  if (t.exactAssumeRole) {
    const seen = runs.map(
      (x) =>
        `${x.simulator.stats.calls.AssumeRole ?? 0}/${x.simulator.stats.requests.AssumeRole ?? 0}`,
    );
    add(
      `exactly ${r.scenario.accounts} AssumeRole calls`,
      b ? seen.every((v) => v === `${r.scenario.accounts}/${r.scenario.accounts}`) : undefined,
      b ? `answered/received: ${seen.join(", ")}` : "",
    );
  }
  if (t.maxPeakRssMb !== undefined) {
    const peak = b ? worst((x) => x.memory.peakMb) : undefined;
    add(
      `peak RSS < ${t.maxPeakRssMb} MB`,
      peak === undefined ? undefined : peak < t.maxPeakRssMb,
      peak === undefined ? "" : `${peak.toFixed(0)} MB${every}`,
    );
  }
  if (t.maxFirstRecordS !== undefined) {
    const missing = runs.some((x) => x.firstRecordMs < 0);
    const first = b ? worst((x) => x.firstRecordMs) / 1000 : undefined;
    add(
      `first record < ${t.maxFirstRecordS} s`,
      first === undefined ? undefined : !missing && first < t.maxFirstRecordS,
      first === undefined ? "" : `${fmt(first)} s${every}`,
    );
  }
  if (t.noFailedAssumeRole) {
    const failed = b ? worst((x) => x.counts.FailedAssumeRole ?? 0) : undefined;
    add(
      "no FailedAssumeRole",
      failed === undefined ? undefined : failed === 0,
      failed === undefined ? "" : `${failed}${every}`,
    );
  }
  if (b) {
    const units = r.scenario.accounts * r.scenario.regions;
    const bad = runs.filter((x) => {
      const total = Object.values(x.counts).reduce((p, q) => p + q, 0);
      return total !== units || x.duplicates !== 0 || x.mismatched !== 0;
    });
    const total = Object.values(b.counts).reduce((x, y) => x + y, 0);
    add(
      "every unit exactly once, correct account",
      bad.length === 0,
      `${total}/${units} records, ${b.duplicates} duplicates, ${b.mismatched} wrong account${every ? `; ${bad.length} of ${runs.length} runs wrong` : ""}`,
    );
  }
  return checks;
}

// ---------------------------------------------------------------------------------------------
// Output

function mainTable(reports: ScenarioReport[]): string {
  const headers = [
    "scenario",
    "accounts",
    "regions",
    "latency",
    "throttle",
    "conc",
    "wall s",
    "ideal s",
    "floor s",
    "ratio",
    "AssumeRole",
    "first s",
    "peak RSS MB",
    "Results/Exceptions/FailedAssumeRole",
  ];
  const rows = reports.map((r) => {
    const s = r.scenario;
    const b = r.botocove;
    const f = r.floor;
    const ready = b && b.mode === "botocove" && b.ready ? b : undefined;
    const pending = r.botocoveError ? "error" : "pending";
    const assume = ready
      ? `${ready.simulator.stats.calls.AssumeRole ?? 0}${ready.simulator.stats.throttled.AssumeRole ? ` (+${ready.simulator.stats.throttled.AssumeRole} thr)` : ""}`
      : pending;
    return [
      s.name,
      String(s.accounts),
      String(s.regions),
      latencyLabel(s),
      s.stsRate > 0 ? `STS ${s.stsRate}/s` : "-",
      String(s.concurrency),
      ready ? fmt(ready.wallMs / 1000) : pending,
      fmt(r.ideal.idealS),
      f && f.mode === "floor" ? fmt(f.wallMs / 1000) : r.floorError ? "error" : "-",
      r.ratio === undefined ? "-" : fmt(r.ratio),
      assume,
      ready ? fmt(ready.firstRecordMs / 1000) : "-",
      ready ? ready.memory.peakMb.toFixed(0) : "-",
      ready
        ? `${ready.counts.Results ?? 0}/${ready.counts.Exceptions ?? 0}/${ready.counts.FailedAssumeRole ?? 0}`
        : "-",
    ];
  });
  return table(headers, rows);
}

function floorTable(reports: ScenarioReport[]): string {
  const headers = [
    "scenario",
    "runs (wall s)",
    "first s",
    "AssumeRole",
    "ok/failedAssume/exc",
    "peak RSS MB",
    "client CPU s",
    "CPU ms/call",
    "sim CPU s",
    "max in flight",
    "ListAccounts pages x latency s",
  ];
  const rows = reports.flatMap((r) => {
    const f = r.floor;
    if (!f || f.mode !== "floor") return [];
    const st = f.simulator.stats;
    return [
      [
        r.scenario.name,
        (r.floorWallsS ?? []).map((w) => w.toFixed(2)).join(" "),
        fmt(f.firstUnitMs / 1000),
        `${st.calls.AssumeRole ?? 0}${st.throttled.AssumeRole ? ` (+${st.throttled.AssumeRole} thr)` : ""}`,
        `${f.ok}/${f.failedAssumeRole}/${f.exceptions}`,
        f.memory.peakMb.toFixed(0),
        fmt(f.cpuS, 1),
        fmt((f.cpuS * 1000) / Math.max(1, st.totals.requests - f.discovery.pages)),
        fmt(f.simulator.simulatorCpuS, 1),
        String(st.maxInFlight),
        `${fmt(sequentialListS(r.scenario, f.discovery.pages))} (${f.discovery.pages} pages)`,
      ],
    ];
  });
  return table(headers, rows);
}

/** What reading the account list page by page costs at the scenario's mean latency. */
function sequentialListS(s: Scenario, pages: number): number {
  return (pages * (s.latency[0] + s.latency[1])) / 2 / 1000;
}

function botocoveDetailTable(reports: ScenarioReport[]): string {
  const headers = [
    "scenario",
    "runs (wall s)",
    "client CPU s",
    "CPU ms/call",
    "sim CPU s",
    "max in flight",
    "RSS base MB",
    "VmHWM MB",
    "load 1m",
    "Org calls",
  ];
  const rows = reports.flatMap((r) => {
    const b = r.botocove;
    if (!b || b.mode !== "botocove" || !b.ready) return [];
    const st = b.simulator.stats;
    const orgCalls = Object.entries(st.calls)
      .filter(([k]) => k !== "AssumeRole" && k !== "GetCallerIdentity")
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    return [
      [
        r.scenario.name,
        (r.botocoveWallsS ?? []).map((w) => w.toFixed(2)).join(" "),
        fmt(b.cpuS, 1),
        fmt((b.cpuS * 1000) / Math.max(1, st.totals.requests)),
        fmt(b.simulator.simulatorCpuS, 1),
        String(st.maxInFlight),
        b.memory.baselineMb.toFixed(0),
        b.memory.hwmMb === undefined ? "-" : b.memory.hwmMb.toFixed(0),
        `${r.loadAvgBefore.toFixed(1)}/${fmt(r.loadAvgAfter, 1)}`,
        orgCalls || "-",
      ],
    ];
  });
  return table(headers, rows);
}

/** The commit under test (and whether the work tree differs from it). */
function gitInfo(): { commit: string; dirty: boolean } | undefined {
  try {
    const run = (...a: string[]): string =>
      execFileSync("git", a, {
        cwd: repoRoot,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
    return {
      commit: run("rev-parse", "--short", "HEAD"),
      dirty: run("status", "--porcelain", "--", "src").length > 0,
    };
  } catch {
    return undefined;
  }
}

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model,
    totalMemGb: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

/** The scenarios' tables, notes, targets and error samples. */
function printScenarioReports(reports: ScenarioReport[], notes: string[]): void {
  const pending = reports.some(
    (r) => !(r.botocove && r.botocove.mode === "botocove" && r.botocove.ready),
  );
  console.log("");
  console.log(mainTable(reports));
  console.log("");
  for (const n of notes) console.log(`  ${n}`);
  if (pending) {
    const reasons = new Set(
      reports.map((r) =>
        r.botocoveError
          ? r.botocoveError
          : r.botocove && r.botocove.mode === "botocove" && !r.botocove.ready
            ? r.botocove.reason
            : "",
      ),
    );
    reasons.delete("");
    console.log(`  botocove rows pending: ${[...reasons].join("; ") || "not run"}`);
  }
  console.log("\nbotocove side, details:");
  console.log(botocoveDetailTable(reports));
  console.log("\nbare-SDK floor, details:");
  console.log(floorTable(reports));
  const withChecks = reports.filter((r) => r.checks.length > 0);
  if (withChecks.length > 0) {
    console.log("\ntargets:");
    for (const r of withChecks) {
      for (const c of r.checks) {
        console.log(`  ${c.status.padEnd(7)} ${r.scenario.name}: ${c.name}  (${c.detail})`);
      }
    }
  }
  for (const r of reports) {
    const samples = [
      ...(r.botocove && r.botocove.mode === "botocove" && r.botocove.ready
        ? r.botocove.errorSamples
        : []),
      ...(r.floor && r.floor.mode === "floor"
        ? r.floor.errorSamples.map((e) => `floor: ${e}`)
        : []),
    ];
    if (samples.length > 0) console.log(`  errors in ${r.scenario.name}: ${samples.join(" | ")}`);
  }
}

/** The CLI memory cases' table and targets. */
function printCliReports(reports: CliMemoryReport[]): void {
  console.log("\ncove CLI memory (bench/cli-memory.ts):");
  console.log(cliMemoryTable(reports));
  console.log(
    "  peak RSS: the CLI process's VmHWM (/proc), sampled every 50 ms; stdout counted here, not kept.",
  );
  console.log("\nCLI targets:");
  for (const r of reports) {
    for (const c of r.checks) {
      console.log(`  ${c.status.padEnd(7)} ${r.case.name}: ${c.name}  (${c.detail})`);
    }
  }
}

/** Runs the CLI memory cases with `command` (node arguments that start the CLI). */
async function runCliCases(cases: CliMemoryCase[], command: string[]): Promise<CliMemoryReport[]> {
  const reports: CliMemoryReport[] = [];
  for (const [i, c] of cases.entries()) {
    process.stderr.write(`[cli ${i + 1}/${cases.length}] ${c.name}: ${c.description}\n`);
    reports.push(
      await runCliMemoryCase(c, { command, log: (l) => process.stderr.write(`${l}\n`) }),
    );
  }
  return reports;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  // The workers scenario has its own harness (bench/workers.ts): two botocove sides, no floor.
  if (argv.join(" ").includes("--scenario workers")) {
    const { runWorkersScenario } = await import("./workers.js");
    return runWorkersScenario(argv);
  }
  const args = parseArgs(argv);
  if (args.list) {
    for (const s of SCENARIOS) {
      const i = idealTime(s);
      console.log(`${s.name.padEnd(22)} ${s.description}  (ideal ${i.idealS.toFixed(2)} s)`);
    }
    for (const c of CLI_MEMORY_CASES) console.log(`${c.name.padEnd(22)} ${c.description}`);
    return;
  }
  const { scenarios, cliCases } = select(args);
  const load = os.loadavg()[0] ?? 0;
  if (load > 0.7) {
    process.stderr.write(
      `warning: load average ${load.toFixed(2)} on ${os.cpus().length} cores: other work on this machine slows both sides and adds noise\n`,
    );
  }
  mkdirSync(path.dirname(args.out), { recursive: true });
  mkdirSync(path.join(here, "results"), { recursive: true });
  if (args.cpuProf) mkdirSync(args.cpuProf, { recursive: true });
  const started = Date.now();
  const reports: ScenarioReport[] = [];
  const cliReports: CliMemoryReport[] = [];
  // Measure one fixed copy of the library: a rebuild of dist/ during the run changes nothing here.
  // The copy lives outside the repository (so no type check or linter sees it), beside a link to
  // node_modules so that its imports resolve as from dist/.
  const dist = path.join(repoRoot, "dist");
  let snapshotRoot: string | undefined;
  if (args.botocove && existsSync(path.join(dist, "index.js"))) {
    snapshotRoot = mkdtempSync(path.join(os.tmpdir(), "botocove-bench-"));
    writeFileSync(path.join(snapshotRoot, "package.json"), '{ "type": "module" }\n');
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(snapshotRoot, "node_modules"));
    distSnapshot = path.join(snapshotRoot, "dist");
    const root = snapshotRoot;
    process.once("SIGINT", () => {
      rmSync(root, { recursive: true, force: true });
      process.exit(130);
    });
    // A copy taken in the middle of a rebuild is incomplete: check that it loads, else retake it.
    for (let attempt = 1; ; attempt++) {
      rmSync(distSnapshot, { recursive: true, force: true });
      cpSync(dist, distSnapshot, { recursive: true });
      const probe = await runChild("probe", {
        endpoint: "http://127.0.0.1:9",
        regions: [],
        concurrency: 1,
      });
      if (probe.mode === "probe" && probe.ready) break;
      const reason = "reason" in probe ? probe.reason : "unknown";
      if (attempt >= 6) {
        process.stderr.write(
          `warning: botocove does not load (${reason}); its rows stay pending\n`,
        );
        break;
      }
      process.stderr.write(`dist/ does not load yet (${reason}); retrying in 5 s\n`);
      await new Promise((r) => setTimeout(r, 5000));
    }
  }
  const git = gitInfo();
  try {
    for (const s of scenarios) {
      process.stderr.write(
        `[${reports.length + 1}/${scenarios.length}] ${s.name}: ${s.description}\n`,
      );
      reports.push(await runScenario(s, args));
    }
    const cliEntry = args.cli ?? path.join(distSnapshot ?? dist, "cli", "main.js");
    cliReports.push(...(await runCliCases(cliCases, [cliEntry])));
  } finally {
    if (snapshotRoot) rmSync(snapshotRoot, { recursive: true, force: true });
  }
  const totalS = (Date.now() - started) / 1000;

  const notes = [
    "wall: botocove's stream() from the call to the last record, including its own discovery (ListAccounts etc.).",
    "floor: bare AWS SDK v3 (bench/bare-sdk.ts), account list read before its timer: discovery not included",
    "  (for reference, ListAccounts page by page costs pages x mean latency: last column of the floor details).",
    "ideal: ceil(units/conc) x mean latency x calls per unit + ceil(accounts/conc) x mean latency; throttled: max(that, accounts / STS rate).",
    "ratio: wall / max(ideal, floor). AssumeRole: AssumeRole calls answered by the simulator (+ throttled ones).",
    "peak RSS: highest process.memoryUsage().rss sampled every 50 ms in a fresh child process per scenario and side.",
    `floor retries: standard mode, maxAttempts ${FLOOR_MAX_ATTEMPTS} (the SDK default of 3 loses accounts under throttling).`,
    "both sides: fresh child processes, same environment; SDK clients find the simulator through AWS_ENDPOINT_URL.",
    "botocove: a copy of dist/ taken when the run started.",
  ];
  if (reports.length > 0) printScenarioReports(reports, notes);
  if (cliReports.length > 0) printCliReports(cliReports);
  console.log(`\ntotal ${totalS.toFixed(0)} s; JSON: ${path.relative(process.cwd(), args.out)}`);

  const json = {
    generatedAt: new Date().toISOString(),
    totalSeconds: totalS,
    machine: machine(),
    git,
    orgShape: ORG_SHAPE,
    floorMaxAttempts: FLOOR_MAX_ATTEMPTS,
    notes,
    scenarios: reports,
    cliMemory: cliReports,
  };
  writeFileSync(args.out, `${JSON.stringify(json, null, 2)}\n`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
