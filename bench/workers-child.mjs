/* global process, console, URL, setInterval, clearInterval */
/**
 * One side of the workers scenario, in a fresh process: `cove` in this thread (`--workers 1`,
 * today's path) or `coveModule` on N worker threads, over the simulator at AWS_ENDPOINT_URL.
 * Prints one `@@RESULT {json}` line: wall time, results, peak RSS (the whole process: every
 * thread), and CPU seconds per thread read from /proc/self/task.
 *
 * Plain JavaScript, so that the process measured is what `cove run` from `dist` is: under
 * `node --import tsx` it would carry tsx's loader thread (its own isolate: about 30 MB of RSS
 * and CPU on both sides) that botocove does not need.
 *
 *   node bench/workers-child.mjs WORKERS REGIONS CONCURRENCY
 */
import { readdirSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { performance } from "node:perf_hooks";

const [workers, regionCount, concurrency] = process.argv.slice(2).map(Number);
const REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-central-1"];
const dist = process.env.BENCH_BOTOCOVE_DIST ?? path.resolve("dist");
/** @type {typeof import("../src/index.js")} */
const lib = await import(pathToFileURL(path.join(dist, "index.js")).href);
const task = new URL("./workers-task.mjs", import.meta.url);
const { callerIdentity } = await import(task.href);

const TICKS = 100; // USER_HZ on Linux

/** `resourceLimits` of the workers from BENCH_WORKER_LIMITS (JSON), for A/B runs. */
function limits() {
  const json = process.env.BENCH_WORKER_LIMITS;
  return json ? { resourceLimits: JSON.parse(json) } : {};
}

/** @type {Map<string, string>} */
const names = new Map();

/**
 * CPU seconds of each thread of this process (utime + stime), by thread name and id.
 * @returns {{ tid: string; name: string; cpuS: number }[]}
 */
function threadCpu() {
  return readdirSync("/proc/self/task").flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      let name = names.get(tid);
      if (name === undefined) {
        name = readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim();
        names.set(tid, name);
      }
      return [{ tid, name, cpuS: (Number(fields[11]) + Number(fields[12])) / TICKS }];
    } catch {
      return []; // the thread ended between the listing and the read
    }
  });
}

// Threads end with the call (the pool's workers): their CPU is the last value sampled. The
// sampling is itself main-thread CPU (it was about 0.3 ms a sample with the threads read every
// 50 ms: seconds of a long run), so the threads are read every 250 ms and the RSS every 50 ms.
/** @type {Map<string, { tid: string; name: string; cpuS: number }>} */
const lastCpu = new Map();
let peak = 0;
let ticks = 0;
const sample = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
  if (ticks++ % 5 === 0) for (const t of threadCpu()) lastCpu.set(t.tid, t);
}, 50);
const options = {
  credentials: { accessKeyId: "AKIABENCH", secretAccessKey: "bench" },
  region: "us-east-1",
  regions: REGIONS.slice(0, regionCount),
  concurrency,
  progress: /** @type {const} */ (false),
};
const elu0 = performance.eventLoopUtilization();
const t0 = performance.now();
const out =
  workers === 1
    ? await lib.cove(callerIdentity, options)()
    : await lib.coveModule(task, "callerIdentity", { ...options, workers, ...limits() })();
const wallS = (performance.now() - t0) / 1000;
const elu = performance.eventLoopUtilization(elu0);
clearInterval(sample);
const right = out.Results.filter((r) => r.Result === r.Id).length;
for (const t of threadCpu()) lastCpu.set(t.tid, t);
const mainCpuS = lastCpu.get(String(process.pid))?.cpuS ?? NaN;
const threads = [...lastCpu.values()].filter((t) => t.cpuS >= 0.05).sort((a, b) => b.cpuS - a.cpuS);
console.log(
  "@@RESULT " +
    JSON.stringify({
      workers,
      wallS,
      results: out.Results.length,
      right,
      exceptions: out.Exceptions.length,
      failedAssumeRole: out.FailedAssumeRole.length,
      peakRssMb: peak / 2 ** 20,
      mainThreadBusyS: elu.active / 1000,
      mainThreadCpuS: mainCpuS,
      processCpuS: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
      threads,
    }),
);
