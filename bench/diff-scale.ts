/**
 * Scale benchmark of `cove diff`: two generated journals of 10,000 accounts × 17 regions.
 *
 *   npm run bench:diff                                 # 10,000 × 17, 3 repeats
 *   npm run bench:diff -- --accounts 2000 --repeat 1   # smaller
 *   npm run bench:diff -- --keep                       # keep the files (path printed)
 *
 * Each journal has a job header and one record per pair: a Result of about 1 KB (VPCs, subnets
 * and tags of the account × region, plus a `CheckedAt` time that differs in every record, left
 * out with `--ignore Result.CheckedAt`). The second run writes every record with its Result's
 * keys in another order, changes the value of 2 % of the pairs, turns 0.1 % into Exceptions
 * and has 10 accounts gone and 10 new. Measures `cove diff -o json` (the built CLI) under GNU
 * time: wall time, CPU time (user + system: the machine may be shared) and peak RSS, the
 * median of the repeats; checks the counts it prints. Then
 * writes `cove report next --baseline base` (wall time, peak RSS, page size) and opens it in
 * headless Chromium: time from navigation start to the page's `cove-ready` mark.
 */
import { execFileSync } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { once } from "node:events";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launchChromium } from "../test/support/browser.js";
import { REGIONS as SNAPSHOT } from "../src/domain/regions-snapshot.js";
import { prng as random } from "../src/demo/simulator/prng.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.resolve(here, "../dist/cli/main.js");
const REGIONS = SNAPSHOT.filter((r) => r.partition === "aws" && !r.optIn).map((r) => r.name);

interface Args {
  accounts: number;
  repeat: number;
  keep: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { accounts: 10_000, repeat: 3, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--accounts") args.accounts = Number(argv[++i]);
    else if (a === "--repeat") args.repeat = Number(argv[++i]);
    else if (a === "--keep") args.keep = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

/** The Result of a pair (about 1 KB), the same for the same seed. */
function result(
  id: string,
  region: string,
  seed: number,
  changed: boolean,
): Record<string, unknown> {
  const rand = random(seed);
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join("");
  const vpcs = Array.from({ length: 2 }, (_, k) => ({
    VpcId: `vpc-${hex(17)}`,
    OwnerId: id,
    CidrBlock: `10.${Math.floor(rand() * 256)}.0.0/16`,
    IsDefault: k === 0,
    State: "available",
    Tags: [
      { Key: "Name", Value: `vpc-${region}-${k}` },
      { Key: "team", Value: `team-${hex(4)}` },
    ],
    Subnets: Array.from({ length: 3 }, () => `subnet-${hex(17)}`),
  }));
  if (changed) vpcs[1]!.CidrBlock = "172.31.0.0/16";
  return {
    Region: region,
    Vpcs: vpcs,
    PublicBuckets: changed ? [`logs-${hex(8)}`] : [],
    CheckedAt: "",
  };
}

/** The same object with its keys (at every depth) in reverse order. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversed(v)]),
  );
}

/** Writes one journal; `second` is the later run. Returns its path and the expected counts. */
async function journal(dir: string, args: Args, second: boolean) {
  const file = path.join(dir, second ? "next.ndjson" : "base.ndjson");
  const out = createWriteStream(file);
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, "drain");
  };
  const startedAt = second ? "2026-12-07T06:00:00Z" : "2026-11-30T06:00:00Z";
  await write(JSON.stringify({ command: "exec", args: ["./audit.sh"], role: "Audit", startedAt }));
  const pick = random(42);
  const expected = { changed: 0, "outcome-changed": 0, new: 0, gone: 0 };
  for (let i = 0; i < args.accounts + 10; i++) {
    const inBase = i < args.accounts;
    const inNext = i >= 10;
    for (const [r, region] of REGIONS.entries()) {
      const roll = pick();
      if (!(second ? inNext : inBase)) continue;
      const id = String(100000000000 + i * 7919);
      const both = inBase && inNext;
      const changed = second && both && roll < 0.02;
      const failed = second && both && roll >= 0.02 && roll < 0.021;
      if (second && !inBase) expected.new++;
      if (!second && !inNext) expected.gone++;
      if (changed) expected.changed++;
      if (failed) expected["outcome-changed"]++;
      const meta = {
        Id: id,
        Name: `acct-${i}`,
        OuPath: `/Workloads/team-${i % 40}`,
        Region: region,
      };
      const run = {
        Partition: "aws",
        RoleName: "Audit",
        RoleSessionName: "Audit",
        AssumeRoleSuccess: true,
      };
      if (failed) {
        const error = {
          name: "CommandFailed",
          code: "COMMAND_FAILED",
          message: "Command exited with code 3",
        };
        await write(
          JSON.stringify({ List: "Exceptions", ...meta, ...run, ExceptionDetails: error }),
        );
        continue;
      }
      const value = result(id, region, i * 100 + r, changed);
      value.CheckedAt = `${startedAt.slice(0, 11)}06:${String(r).padStart(2, "0")}:00Z`;
      const Result = second ? reversed(value) : value;
      await write(JSON.stringify({ List: "Results", ...meta, ...run, Result }));
    }
  }
  out.end();
  await once(out, "close");
  return { file, expected };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Runs `cove diff` under GNU time: wall seconds, peak RSS in MB, and its document. */
function runDiff(base: string, next: string, dir: string) {
  const timing = path.join(dir, "time.txt");
  const output = path.join(dir, "diff.json");
  const args = [
    "-f",
    "%e %U %S %M",
    "-o",
    timing,
    "sh",
    "-c",
    `"$@" > ${output}; test $? -le 1`,
    "sh",
  ];
  execFileSync(
    "/usr/bin/time",
    [
      ...args,
      process.execPath,
      CLI,
      "diff",
      "--ignore",
      "Result.CheckedAt",
      "-o",
      "json",
      base,
      next,
    ],
    { stdio: "inherit" },
  );
  const [seconds, user, sys, kb] = readFileSync(timing, "utf8").trim().split(/\s+/).map(Number);
  const doc = JSON.parse(readFileSync(output, "utf8")) as { counts: Record<string, number> };
  const cpu = (user ?? NaN) + (sys ?? NaN);
  return { seconds: seconds ?? NaN, cpu, rssMb: (kb ?? NaN) / 1024, counts: doc.counts };
}

/** Writes the baseline report under GNU time. */
function runReport(base: string, next: string, dir: string) {
  const timing = path.join(dir, "time-report.txt");
  const page = path.join(dir, "report.html");
  const baseline = ["--baseline", base, "--ignore", "Result.CheckedAt"];
  const cmd = [process.execPath, CLI, "report", "-q", next, ...baseline, "-o", page];
  execFileSync("/usr/bin/time", ["-f", "%e %U %S %M", "-o", timing, ...cmd], { stdio: "inherit" });
  const [seconds, user, sys, kb] = readFileSync(timing, "utf8").trim().split(/\s+/).map(Number);
  const cpu = (user ?? NaN) + (sys ?? NaN);
  return { page, seconds: seconds ?? NaN, cpu, rssMb: Math.round((kb ?? NaN) / 1024) };
}

/** Opens the page in a fresh Chromium: ms from navigation start to `cove-ready`. */
async function readyMs(page: string): Promise<number> {
  const browser = await launchChromium();
  try {
    const tab = await browser.context.newPage();
    await tab.goto(pathToFileURL(page).href, { waitUntil: "load", timeout: 120_000 });
    await tab.waitForSelector("html[data-ready='1']");
    return await tab.evaluate(
      () => performance.getEntriesByName("cove-ready")[0]?.startTime ?? NaN,
    );
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(path.join(tmpdir(), "cove-diff-bench-"));
  try {
    const base = await journal(dir, args, false);
    const next = await journal(dir, args, true);
    const mb = (f: string) => +(statSync(f).size / 1e6).toFixed(1);
    console.log(
      `generated ${base.file} (${mb(base.file)} MB) and ${next.file} (${mb(next.file)} MB)`,
    );
    const runs = Array.from({ length: args.repeat }, () => runDiff(base.file, next.file, dir));
    const expected = { ...next.expected, gone: base.expected.gone };
    for (const run of runs)
      for (const [kind, n] of Object.entries(expected))
        if (run.counts[kind] !== n)
          throw new Error(`expected ${kind} ${n}, cove diff counted ${run.counts[kind]}`);
    const reports = Array.from({ length: args.repeat }, () => runReport(base.file, next.file, dir));
    const ready: number[] = [];
    for (let r = 0; r < args.repeat; r++) ready.push(await readyMs(reports[0]!.page));
    const result = {
      loadAverage: +(loadavg()[0] ?? 0).toFixed(1),
      accounts: args.accounts,
      regions: REGIONS.length,
      baseMb: mb(base.file),
      nextMb: mb(next.file),
      counts: runs[0]?.counts,
      diffSeconds: median(runs.map((r) => r.seconds)),
      diffCpuSeconds: median(runs.map((r) => r.cpu)),
      diffPeakRssMb: Math.round(median(runs.map((r) => r.rssMb))),
      reportSeconds: median(reports.map((r) => r.seconds)),
      reportCpuSeconds: median(reports.map((r) => r.cpu)),
      reportPeakRssMb: median(reports.map((r) => r.rssMb)),
      pageMb: mb(reports[0]!.page),
      readyMs: Math.round(median(ready)),
      runs: runs.map(({ seconds, cpu, rssMb }) => ({ seconds, cpu, rssMb: Math.round(rssMb) })),
      ready: ready.map(Math.round),
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    if (args.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
