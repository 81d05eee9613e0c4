/**
 * Memory of the `cove` CLI when runs return a lot: `cove run MODULE -o ndjson|csv|json --yes`
 * against the simulator, with a module whose every run returns a fresh string of `payloadBytes`
 * characters. The streaming formats (ndjson, csv) must keep no record, so their peak RSS stays
 * flat however much they print; json keeps what it prints (its document is written at the end),
 * so its peak follows the output. Run through the harness:
 *
 *   npm run bench:cli-memory                       # 1,000 accounts x 2 regions, 1 MiB a run
 *   npm run bench -- --scenario cli-memory         # the same
 *   npm run bench -- --scenario cli-memory-quick   # 100 x 2, 256 KiB a run (part of --quick)
 *
 * Each format runs in a fresh CLI process, its stdout read by a counting sink here (bytes, and
 * records by the start of their lines; nothing kept) and its peak RSS read from the kernel's
 * high-water mark (VmHWM in /proc/<pid>/status), sampled every 50 ms until it exits.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BENCH_CREDENTIALS } from "./bare-sdk.js";
import { REGIONS } from "./scenarios.js";
import { startSimulator } from "./simulator-process.js";
import { check, fmt, table, type Check } from "./text.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..");
const MiB = 1024 * 1024;
const CLI_TIMEOUT_MS = 5 * 60_000;
const LISTS = ["Results", "Exceptions", "FailedAssumeRole"] as const;
type ListName = (typeof LISTS)[number];

export type CliFormat = "ndjson" | "csv" | "json";

export interface CliMemoryCase {
  name: string;
  description: string;
  accounts: number;
  regions: number;
  /** characters of each run's Result */
  payloadBytes: number;
  /** the CLI's --concurrency */
  concurrency: number;
  formats: CliFormat[];
  /** peak RSS the streaming formats (ndjson, csv) must stay under, MB */
  maxStreamingPeakMb: number;
  quick?: boolean;
}

export const CLI_MEMORY_CASES: CliMemoryCase[] = [
  {
    name: "cli-memory",
    description: "cove run, 1,000 accounts x 2 regions, 1 MiB Result per run, ndjson/csv/json",
    accounts: 1_000,
    regions: 2,
    payloadBytes: MiB,
    concurrency: 20,
    formats: ["ndjson", "csv", "json"],
    maxStreamingPeakMb: 400,
  },
  {
    name: "cli-memory-quick",
    description: "smoke: cove run, 100 accounts x 2 regions, 256 KiB Result per run",
    accounts: 100,
    regions: 2,
    payloadBytes: MiB / 4,
    concurrency: 20,
    formats: ["ndjson", "csv", "json"],
    maxStreamingPeakMb: 400,
    quick: true,
  },
];

/**
 * json keeps each record's text and prints it at the end: its peak may pass the streaming
 * formats' by what it prints and a quarter more (the pieces being written, garbage not yet
 * collected), no further.
 */
const JSON_OVERHEAD = 1.5;

/** One format's CLI process. */
export interface CliFormatRun {
  format: CliFormat;
  exitCode: number | null;
  signal: string | null;
  wallMs: number;
  /** the CLI process's VmHWM at the last sample before it exited, MB (Linux only) */
  peakRssMb?: number;
  /** how many times /proc was read */
  samples: number;
  bytesPrinted: number;
  lines: number;
  /** records seen on stdout, per list */
  counts: Record<ListName, number>;
  /** the end of the CLI's stderr */
  stderrTail: string;
  loadAvgBefore: number;
  loadAvgAfter: number;
}

export interface CliMemoryReport {
  case: CliMemoryCase;
  regions: string[];
  /** the node arguments before `run` (the CLI's entry) */
  command: string[];
  runs: CliFormatRun[];
  checks: Check[];
}

export interface CliMemoryOptions {
  /** node arguments that start the CLI (default: the built dist/cli/main.js) */
  command?: string[];
  /** called with a line as each format ends */
  log?: (line: string) => void;
}

/** The module `cove run` runs: each call returns a new string of `bytes` characters. */
function writePayloadModule(dir: string, bytes: number): string {
  const file = path.join(dir, "payload.mjs");
  writeFileSync(
    file,
    [
      "let runs = 0;",
      "/** A fresh string per run (not one shared string a kept record would only point to). */",
      "export default async function payload() {",
      "  runs += 1;",
      `  return \`run \${runs} \`.padEnd(${bytes}, "x");`,
      "}",
      "",
    ].join("\n"),
  );
  return file;
}

/** A hermetic environment: the simulator's endpoint, fake hub keys, no profile or config. */
function cliEnv(endpoint: string, region: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("AWS_")) env[k] = v;
  delete env.NODE_OPTIONS;
  return {
    ...env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: BENCH_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: BENCH_CREDENTIALS.secretAccessKey,
    AWS_REGION: region,
    AWS_CONFIG_FILE: "/nonexistent/cove-bench-config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/cove-bench-credentials",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/** Where a record starts on a line of each format; json's lists are named on lines of their own. */
const RECORD_LINE: Record<Exclude<CliFormat, "json">, RegExp> = {
  ndjson: /^\{"List":"(Results|Exceptions|FailedAssumeRole)"/,
  csv: /^(Results|Exceptions|FailedAssumeRole),/,
};
const JSON_LIST_LINE = /^ {2}"(Results|Exceptions|FailedAssumeRole)": \[/;
const JSON_RECORD_LINE = /^ {4}\{$/;
/** Characters of a line's start that tell what it is. */
const HEAD = 32;

/** Counts bytes, lines and records of a CLI's stdout without keeping it. */
export class RecordCounter {
  bytes = 0;
  lines = 0;
  readonly counts: Record<ListName, number> = { Results: 0, Exceptions: 0, FailedAssumeRole: 0 };
  #head = "";
  #jsonList: ListName | undefined;

  constructor(private readonly format: CliFormat) {}

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    for (let start = 0; ;) {
      const nl = chunk.indexOf(10, start);
      const end = nl < 0 ? chunk.length : nl;
      const want = HEAD - this.#head.length;
      if (want > 0) this.#head += chunk.toString("latin1", start, Math.min(end, start + want));
      if (nl < 0) return;
      this.#endLine();
      start = nl + 1;
    }
  }

  end(): void {
    if (this.#head !== "") this.#endLine();
  }

  #endLine(): void {
    const head = this.#head;
    this.#head = "";
    this.lines++;
    if (this.format === "json") {
      const list = JSON_LIST_LINE.exec(head)?.[1] as ListName | undefined;
      if (list) this.#jsonList = list;
      else if (this.#jsonList && JSON_RECORD_LINE.test(head)) this.counts[this.#jsonList]++;
      return;
    }
    const list = RECORD_LINE[this.format].exec(head)?.[1] as ListName | undefined;
    if (list) this.counts[list]++;
  }
}

/** The kernel's high-water mark of a process's RSS, MB; undefined once it has exited. */
function vmHwmMb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a process's VmHWM every 50 ms; the last value read is its peak up to then. */
function hwmSampler(pid: number): { stop(): { peakMb?: number; samples: number } } {
  let peak: number | undefined;
  let samples = 0;
  const sample = (): void => {
    const hwm = vmHwmMb(pid);
    if (hwm === undefined) return;
    samples++;
    peak = Math.max(peak ?? 0, hwm);
  };
  sample();
  const timer = setInterval(sample, 50);
  return {
    stop() {
      clearInterval(timer);
      return { ...(peak === undefined ? {} : { peakMb: peak }), samples };
    },
  };
}

/** Runs `cove run MODULE -o FORMAT` once to the end, counting what it prints. */
function runCli(
  command: string[],
  args: string[],
  format: CliFormat,
  env: NodeJS.ProcessEnv,
): Promise<CliFormatRun> {
  const loadAvgBefore = os.loadavg()[0] ?? 0;
  const t0 = performance.now();
  const child = spawn(process.execPath, [...command, ...args, "-o", format], {
    cwd: repoRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const counter = new RecordCounter(format);
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => counter.push(c));
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (c: string) => (stderr = (stderr + c).slice(-2000)));
  const sampler = child.pid === undefined ? undefined : hwmSampler(child.pid);
  const timer = setTimeout(() => child.kill("SIGKILL"), CLI_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      const memory = sampler?.stop() ?? { samples: 0 };
      counter.end();
      resolve({
        format,
        exitCode: code,
        signal,
        wallMs: performance.now() - t0,
        ...(memory.peakMb === undefined ? {} : { peakRssMb: memory.peakMb }),
        samples: memory.samples,
        bytesPrinted: counter.bytes,
        lines: counter.lines,
        counts: counter.counts,
        stderrTail: stderr,
        loadAvgBefore,
        loadAvgAfter: os.loadavg()[0] ?? 0,
      });
    });
  });
}

/** Runs every format of a case against one simulator, one fresh CLI process each. */
export async function runCliMemoryCase(
  c: CliMemoryCase,
  { command = [path.join(repoRoot, "dist", "cli", "main.js")], log }: CliMemoryOptions = {},
): Promise<CliMemoryReport> {
  const regions = REGIONS.slice(0, c.regions) as string[];
  const dir = mkdtempSync(path.join(os.tmpdir(), "cove-cli-memory-"));
  const sim = await startSimulator({ accounts: c.accounts, ous: 10, depth: 2, suspended: 0 });
  const runs: CliFormatRun[] = [];
  try {
    const modulePath = writePayloadModule(dir, c.payloadBytes);
    const args = ["run", modulePath, "--regions", regions.join(","), "--yes", "--quiet"];
    args.push("--concurrency", String(c.concurrency));
    const env = cliEnv(sim.url, regions[0] as string);
    for (const format of c.formats) {
      const run = await runCli(command, args, format, env);
      runs.push(run);
      log?.(
        `  ${format.padEnd(6)} ${fmt(run.wallMs / 1000)} s, peak RSS ${fmt(run.peakRssMb, 0)} MB, ${fmt(run.bytesPrinted / MiB, 0)} MiB printed, exit ${run.exitCode ?? run.signal}`,
      );
    }
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return { case: c, regions, command, runs, checks: cliMemoryChecks(c, runs) };
}

/** Every run printed once, streaming formats under their bound, json bounded by its output. */
export function cliMemoryChecks(c: CliMemoryCase, runs: CliFormatRun[]): Check[] {
  const units = c.accounts * c.regions;
  const checks: Check[] = [];
  for (const run of runs) {
    checks.push(
      check(
        `${run.format}: exit 0, every run printed once as a Result`,
        run.exitCode === 0 && run.counts.Results === units && recordsOf(run) === units,
        `exit ${run.exitCode ?? run.signal}, ${LISTS.map((l) => run.counts[l]).join("/")} of ${units}`,
      ),
    );
  }
  const streaming = runs.filter((r) => r.format !== "json");
  for (const run of streaming) {
    checks.push(
      check(
        `${run.format}: peak RSS < ${c.maxStreamingPeakMb} MB`,
        run.peakRssMb === undefined ? undefined : run.peakRssMb < c.maxStreamingPeakMb,
        `${fmt(run.peakRssMb, 0)} MB, ${fmt(run.bytesPrinted / MiB, 0)} MiB printed`,
      ),
    );
  }
  const json = runs.find((r) => r.format === "json");
  const floor = Math.max(...streaming.map((r) => r.peakRssMb ?? Number.NaN));
  if (json && streaming.length > 0) {
    const bound = floor + (JSON_OVERHEAD * json.bytesPrinted) / MiB;
    checks.push(
      check(
        `json: peak RSS < streaming peak + ${JSON_OVERHEAD} x what it prints`,
        json.peakRssMb === undefined || !Number.isFinite(bound)
          ? undefined
          : json.peakRssMb < bound,
        `${fmt(json.peakRssMb, 0)} MB vs ${fmt(bound, 0)} MB`,
      ),
    );
  }
  return checks;
}

function recordsOf(run: CliFormatRun): number {
  return LISTS.reduce((n, l) => n + run.counts[l], 0);
}

/** One row per format of each case. */
export function cliMemoryTable(reports: CliMemoryReport[]): string {
  const headers = [
    "case",
    "format",
    "runs",
    "MiB/run",
    "conc",
    "wall s",
    "peak RSS MB",
    "printed MiB",
    "Results/Exceptions/FailedAssumeRole",
    "exit",
    "load 1m",
  ];
  const rows = reports.flatMap((r) =>
    r.runs.map((run) => [
      r.case.name,
      run.format,
      String(r.case.accounts * r.case.regions),
      fmt(r.case.payloadBytes / MiB),
      String(r.case.concurrency),
      fmt(run.wallMs / 1000),
      fmt(run.peakRssMb, 0),
      fmt(run.bytesPrinted / MiB, 0),
      LISTS.map((l) => run.counts[l]).join("/"),
      String(run.exitCode ?? run.signal),
      `${run.loadAvgBefore.toFixed(1)}/${run.loadAvgAfter.toFixed(1)}`,
    ]),
  );
  return table(headers, rows);
}
