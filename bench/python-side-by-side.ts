/**
 * The side-by-side with Python botocove: the same workload — an organization of 50 accounts ×
 * 3 regions on moto_server, a function making one STS GetCallerIdentity per account × region,
 * each library's default concurrency (20) — run by Python botocove's decorator
 * (`bench/python/botocove_side.py`), by `cove()` (`bench/side-by-side-cove.mjs`, plain
 * `node` on `dist`) and by `cove run --workers 1` (the CLI on the same function). Each side is a
 * fresh process under `/usr/bin/time`, the sides alternating round by round; printed per round
 * and as medians: peak RSS of the whole process (every thread), wall time of the process and
 * of the call, CPU seconds. Goal (issue 18): cove's peak RSS ≤ one third of Python's, wall
 * time not worse.
 *
 *   COVE_PY_BOTOCOVE=/dir[:/dir2] npm run bench:python [-- --rounds 3 --accounts 50 --regions 3]
 *     --no-cli              without the `cove run` side
 *     --sdk                 also the same work on the bare SDK (bench/side-by-side-sdk.mjs)
 *     --baseline-dist DIR   also `cove()` from another build, as `cove-base`
 *
 * COVE_PY_BOTOCOVE: where the Python package and its run-time imports are (see
 * docs/performance.md, "Side by side with Python botocove"); COVE_PYTHON: the interpreter
 * (default `python3` on PATH, which must also have boto3). Exit 2 when either is missing.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { startMoto, type Moto } from "../src/demo/moto.js";
import { seedOrganization } from "../src/demo/org.js";
import { withoutAwsEnv } from "./hermetic-env.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..");
const REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-central-1"];
const HUB = { accessKeyId: "AKIAPYSIDEBYSIDE0001", secretAccessKey: "side-by-side-not-real" };
const TIME = "/usr/bin/time";

type SideName = "python" | "cove" | "cove-run" | "cove-base" | "sdk";

/** One side's one run. */
interface Run {
  side: SideName;
  round: number;
  /** peak RSS of the process, MB (GNU time's %M, the kernel's maximum resident set) */
  peakRssMb: number;
  /** wall time of the process, start to exit (interpreter start and imports included), s */
  processWallS: number;
  /** wall time of the cove call alone (library sides; the CLI's equals its process), s */
  callWallS: number;
  cpuS: number;
  results: number;
  distinct: number;
  right: number;
  exceptions: number;
  failedAssumeRole: number;
  load1: number;
}

interface Options {
  rounds: number;
  accounts: number;
  regions: string[];
  cli: boolean;
  /** also run the bare-SDK floor (`bench/side-by-side-sdk.mjs`) */
  sdk: boolean;
  /** also run `cove()` from this build as `cove-base` (before/after in one sitting) */
  baselineDist: string | undefined;
  python: string;
}

function parseOptions(argv: string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const count = (flag: string, fallback: number): number => {
    const raw = value(flag);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer`);
    return n;
  };
  const regionCount = count("--regions", 3);
  if (regionCount > REGIONS.length) throw new Error(`--regions is at most ${REGIONS.length}`);
  return {
    rounds: count("--rounds", 3),
    accounts: count("--accounts", 50),
    regions: REGIONS.slice(0, regionCount),
    cli: !argv.includes("--no-cli"),
    sdk: argv.includes("--sdk"),
    baselineDist: value("--baseline-dist") && path.resolve(value("--baseline-dist")!),
    python: process.env.COVE_PYTHON ?? "python3",
  };
}

/** The environment of every side: moto's endpoint, fake hub keys, no profile or config. */
function sideEnv(endpoint: string): NodeJS.ProcessEnv {
  return {
    ...withoutAwsEnv(),
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: HUB.accessKeyId,
    AWS_SECRET_ACCESS_KEY: HUB.secretAccessKey,
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/nonexistent/cove-side-by-side-config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/cove-side-by-side-credentials",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
}

/** Exits 2 with the Python script's own message when botocove cannot be imported. */
function probePython(python: string): string {
  const probe = spawnSync(python, [path.join(here, "python", "botocove_side.py"), "--probe"], {
    encoding: "utf8",
  });
  if (probe.error) {
    console.error(`Cannot start ${python} (${probe.error.message}): set COVE_PYTHON or PATH.`);
    process.exit(2);
  }
  if (probe.status !== 0) {
    process.stderr.write(probe.stderr);
    process.exit(2);
  }
  return (JSON.parse(probe.stdout) as { file: string }).file;
}

function command(side: SideName, regions: string[], python: string): string[] {
  const list = regions.join(",");
  if (side === "python") return [python, path.join(here, "python", "botocove_side.py"), list];
  if (side === "cove" || side === "cove-base")
    return [process.execPath, path.join(here, "side-by-side-cove.mjs"), list];
  if (side === "sdk") return [process.execPath, path.join(here, "side-by-side-sdk.mjs"), list];
  return [
    process.execPath,
    path.join(repoRoot, "dist", "cli", "main.js"),
    "run",
    path.join(here, "workers-task.mjs"),
    "--export",
    "callerIdentity",
    "--regions",
    list,
    "--workers",
    "1",
    "-o",
    "ndjson",
    "-q",
  ];
}

/** Counts of the CLI's NDJSON records, as the library sides report theirs. */
function cliCounts(stdout: string): Omit<Run, "side" | "round" | "load1" | "processWallS"> {
  const records = stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const results = records.filter((r) => "Result" in r && !("ExceptionDetails" in r));
  return {
    peakRssMb: NaN,
    callWallS: NaN,
    cpuS: NaN,
    results: results.length,
    distinct: new Set(results.map((r) => `${String(r.Id)}/${String(r.Region)}`)).size,
    right: results.filter((r) => r.Result === r.Id).length,
    exceptions: records.filter((r) => r.AssumeRoleSuccess === true && "ExceptionDetails" in r)
      .length,
    failedAssumeRole: records.filter((r) => r.AssumeRoleSuccess === false).length,
  };
}

/** Runs one side in a fresh process under GNU time; resolves its numbers. */
async function runSide(side: SideName, round: number, opts: Options, env: NodeJS.ProcessEnv) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cove-side-by-side-"));
  const timeFile = path.join(dir, "time");
  const [cmd, ...args] = command(side, opts.regions, opts.python);
  const load1 = os.loadavg()[0] ?? NaN;
  const dist = side === "cove-base" ? opts.baselineDist : path.join(repoRoot, "dist");
  const proc = spawn(TIME, ["-f", "%M %e %U %S", "-o", timeFile, cmd!, ...args], {
    cwd: repoRoot,
    env: { ...env, BENCH_BOTOCOVE_DIST: dist },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  proc.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  proc.stderr.setEncoding("utf8").on("data", (d: string) => (stderr = (stderr + d).slice(-4000)));
  const code = await new Promise<number | null>((resolve) => proc.on("close", resolve));
  const [maxKb, wall, user, sys] = readFileSync(timeFile, "utf8")
    .trim()
    .split("\n")
    .at(-1)!
    .split(" ")
    .map(Number) as [number, number, number, number];
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`${side} exited ${code}:\n${stderr}`);
  const line = stdout.split("\n").find((l) => l.startsWith("@@RESULT "));
  const own =
    side === "cove-run"
      ? { ...cliCounts(stdout), callWallS: wall }
      : (JSON.parse(line!.slice("@@RESULT ".length)) as Run & { wallS: number });
  const run: Run = {
    side,
    round,
    load1,
    results: own.results,
    distinct: own.distinct,
    right: own.right,
    exceptions: own.exceptions,
    failedAssumeRole: own.failedAssumeRole,
    callWallS: "wallS" in own ? own.wallS : own.callWallS,
    peakRssMb: maxKb / 1024,
    processWallS: wall,
    cpuS: user + sys,
  };
  return run;
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function describe(run: Run, cells: number): string {
  const ok =
    run.results === cells && run.distinct === cells && run.right === cells ? "all right" : "WRONG";
  return (
    `round ${run.round} ${run.side.padEnd(8)} peak RSS ${run.peakRssMb.toFixed(1).padStart(6)} MB, ` +
    `process ${run.processWallS.toFixed(2)} s, call ${run.callWallS.toFixed(2)} s, ` +
    `CPU ${run.cpuS.toFixed(2)} s, ${run.right}/${cells} ${ok}, load ${run.load1.toFixed(2)}`
  );
}

async function seed(moto: Moto, accounts: number): Promise<void> {
  const client = new OrganizationsClient({
    region: "us-east-1",
    endpoint: moto.url,
    credentials: HUB,
  });
  try {
    await seedOrganization(client, { name: "Root", accounts });
  } finally {
    client.destroy();
  }
}

function summarize(runs: Run[], sides: SideName[], cells: number): void {
  console.log("\nmedians (peak RSS MB, process wall s, call wall s, CPU s):");
  const med = (side: SideName, k: "peakRssMb" | "processWallS" | "callWallS" | "cpuS") =>
    median(runs.filter((r) => r.side === side).map((r) => r[k]));
  for (const side of sides)
    console.log(
      `  ${side.padEnd(8)} ${med(side, "peakRssMb").toFixed(1)} MB, ${med(side, "processWallS").toFixed(2)} s, ` +
        `${med(side, "callWallS").toFixed(2)} s, ${med(side, "cpuS").toFixed(2)} s`,
    );
  const ratio = med("python", "peakRssMb") / med("cove", "peakRssMb");
  if (sides.includes("sdk"))
    console.log(
      `cove's peak RSS over the bare SDK's: ${(med("cove", "peakRssMb") - med("sdk", "peakRssMb")).toFixed(1)} MB; ` +
        `one third of Python's: ${(med("python", "peakRssMb") / 3).toFixed(1)} MB`,
    );
  console.log(
    `\nPython's peak RSS / cove's: ${ratio.toFixed(2)}× (goal ≥ 3.00×: ${ratio >= 3 ? "met" : "NOT met"}); ` +
      `every run of every side ${runs.every((r) => r.right === cells && r.distinct === cells) ? "returned" : "did NOT return"} ` +
      `each of the ${cells} account × region runs once and right`,
  );
}

async function main(): Promise<void> {
  // The SDK's note about Node versions would only clutter the table (the seeding client here).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const opts = parseOptions(process.argv.slice(2));
  if (!existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed to measure each process`);
  if (!existsSync(path.join(repoRoot, "dist", "index.js")))
    throw new Error("dist is missing: npm run build (npm run bench:python builds first)");
  const pythonBotocove = probePython(opts.python);
  const moto = await startMoto();
  const runs: Run[] = [];
  const sides: SideName[] = ["python", "cove"];
  if (opts.baselineDist) sides.push("cove-base");
  if (opts.cli) sides.push("cove-run");
  if (opts.sdk) sides.push("sdk");
  const cells = opts.accounts * opts.regions.length;
  console.log(
    `Python botocove: ${pythonBotocove}; ${opts.accounts} accounts × ${opts.regions.length} regions on moto, ` +
      `${opts.rounds} rounds, ${os.availableParallelism()} cores, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
  );
  try {
    await seed(moto, opts.accounts);
    const env = sideEnv(moto.url);
    for (let round = 1; round <= opts.rounds; round++) {
      const order = round % 2 === 1 ? sides : [...sides].reverse();
      for (const side of order) {
        const run = await runSide(side, round, opts, env);
        runs.push(run);
        console.log(describe(run, cells));
      }
    }
  } finally {
    await moto.stop();
  }
  summarize(runs, sides, cells);
  mkdirSync(path.join(here, "results"), { recursive: true });
  const out = path.join(here, "results", "python-side-by-side.json");
  writeFileSync(out, JSON.stringify({ pythonBotocove, options: opts, runs }, null, 2) + "\n");
  console.log(`written: ${path.relative(repoRoot, out)}`);
}

await main();
