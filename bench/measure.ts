/**
 * One measurement in a fresh process, so that peak RSS belongs to one scenario and one side:
 *
 *   node --import tsx bench/measure.ts botocove '<json MeasureSpec>'
 *   node --import tsx bench/measure.ts floor '<json MeasureSpec>'
 *   node --import tsx bench/measure.ts probe '<json MeasureSpec>'   # can botocove be loaded?
 *
 * The simulator's address comes in the spec (and AWS_ENDPOINT_URL, which botocove's clients read).
 * Prints one line `@@RESULT <json MeasureResult>` on stdout.
 */
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  BENCH_CREDENTIALS,
  listActiveAccounts,
  runBareSdk,
  type BareSdkResult,
} from "./bare-sdk.js";
import { loadBotocove, runBotocove, type BotocoveRunResult } from "./botocove-adapter.js";

export interface MeasureSpec {
  endpoint: string;
  regions: string[];
  concurrency: number;
  /** retry settings of the floor's clients */
  floorMaxAttempts?: number;
}

export interface MemoryStats {
  /** RSS when the measured part started (process, SDK and loader already loaded), MB */
  baselineMb: number;
  /** highest process.memoryUsage().rss sampled every 50 ms during the measured part, MB */
  peakMb: number;
  /** the kernel's high-water mark of the whole process (VmHWM), MB, Linux only */
  hwmMb?: number;
  samples: number;
}

export type MeasureResult =
  | ({ mode: "botocove"; ready: true; memory: MemoryStats; cpuS: number } & BotocoveRunResult)
  | { mode: "botocove"; ready: false; reason: string }
  | { mode: "probe"; ready: boolean; reason?: string }
  | ({
      mode: "floor";
      discovery: { accounts: number; pages: number; ms: number };
      memory: MemoryStats;
      cpuS: number;
    } & BareSdkResult);

export const RESULT_PREFIX = "@@RESULT ";
const MB = 1024 * 1024;

function vmHwmMb(): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync("/proc/self/status", "utf8"));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples RSS every 50 ms from start() until stop(). */
function rssSampler(): { start(): void; stop(): MemoryStats } {
  let timer: NodeJS.Timeout | undefined;
  let peak = 0;
  let samples = 0;
  let baseline = 0;
  const sample = (): void => {
    const rss = process.memoryUsage.rss();
    samples++;
    if (rss > peak) peak = rss;
  };
  return {
    start() {
      baseline = process.memoryUsage.rss();
      peak = baseline;
      timer = setInterval(sample, 50);
    },
    stop() {
      sample();
      clearInterval(timer);
      const hwm = vmHwmMb();
      return {
        baselineMb: baseline / MB,
        peakMb: peak / MB,
        ...(hwm === undefined ? {} : { hwmMb: hwm }),
        samples,
      };
    },
  };
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

export async function measure(mode: string, spec: MeasureSpec): Promise<MeasureResult> {
  const sampler = rssSampler();
  if (mode === "probe") {
    // Only: does the library import and have cove().stream?
    const status = await loadBotocove();
    return status.ready ? { mode, ready: true } : { mode, ready: false, reason: status.reason };
  }
  if (mode === "botocove") {
    const status = await loadBotocove();
    if (!status.ready) return { mode, ready: false, reason: status.reason };
    const cpu0 = process.cpuUsage();
    sampler.start();
    const r = await runBotocove(status.cove, {
      regions: spec.regions,
      concurrency: spec.concurrency,
      region: spec.regions[0] as string,
      credentials: BENCH_CREDENTIALS,
    });
    const memory = sampler.stop();
    return { mode, ready: true, ...r, memory, cpuS: cpuSeconds(cpu0) };
  }
  if (mode === "floor") {
    // Discovery is outside the floor's timer; it is timed separately for reference.
    const discovery = await listActiveAccounts(spec.endpoint, { skipLatency: true });
    const cpu0 = process.cpuUsage();
    sampler.start();
    const r = await runBareSdk({
      // Like the clients botocove makes: the SDK finds the simulator through AWS_ENDPOINT_URL.
      endpoint: process.env.AWS_ENDPOINT_URL === spec.endpoint ? "env" : spec.endpoint,
      accounts: discovery.accounts,
      regions: spec.regions,
      concurrency: spec.concurrency,
      maxAttempts: spec.floorMaxAttempts ?? 10,
    });
    const memory = sampler.stop();
    return {
      mode,
      ...r,
      discovery: { accounts: discovery.accounts.length, pages: discovery.pages, ms: discovery.ms },
      memory,
      cpuS: cpuSeconds(cpu0),
    };
  }
  throw new Error(`unknown mode ${mode}`);
}

async function main(): Promise<void> {
  const [mode, json] = process.argv.slice(2);
  if (!mode || !json) throw new Error("usage: measure.ts botocove|floor '<json spec>'");
  const result = await measure(mode, JSON.parse(json) as MeasureSpec);
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

if (
  process.argv[1] !== undefined &&
  realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  main().then(
    // Sockets of keep-alive agents may keep the loop alive; the measurement is done.
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(
        `measure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exit(1);
    },
  );
}
