/* global process, console, URL */
// The cove side of the side-by-side with Python botocove (bench/python-side-by-side.ts): one
// `cove()` call in this fresh, plain `node` process (no TypeScript loader, so its memory is
// the library's and the SDK's), the run making one STS call per account × region against
// AWS_ENDPOINT_URL with the hub credentials of the environment, as the Python side does.
// Prints one line `@@RESULT {json}`: the call's wall time, the records, and the process's
// peak RSS (the kernel's high-water mark, every thread).
//
//   node bench/side-by-side-cove.mjs REGION[,REGION...]     (BENCH_BOTOCOVE_DIST: another dist)
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = process.env.BENCH_BOTOCOVE_DIST ?? path.join(here, "..", "dist");
const { cove } = await import(pathToFileURL(path.join(dist, "index.js")).href);
const { callerIdentity } = await import(new URL("./workers-task.mjs", import.meta.url).href);

/** The process's peak RSS in MB: VmHWM, else the resource usage's maxRSS (KB). */
function peakRssMb() {
  const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return (m ? Number(m[1]) : process.resourceUsage().maxRSS) / 1024;
}

const regions = (process.argv[2] ?? "").split(",").filter(Boolean);
if (regions.length === 0) {
  console.error("usage: node bench/side-by-side-cove.mjs REGION[,REGION...]");
  process.exit(2);
}
const t0 = performance.now();
const out = await cove(callerIdentity, { regions })();
const wallS = (performance.now() - t0) / 1000;
const cells = new Set(out.Results.map((r) => `${r.Id}/${r.Region}`));
const summary = {
  side: "cove",
  wallS,
  results: out.Results.length,
  distinct: cells.size,
  right: out.Results.filter((r) => r.Result === r.Id).length,
  exceptions: out.Exceptions.length,
  failedAssumeRole: out.FailedAssumeRole.length,
  peakRssMb: peakRssMb(),
};
console.log("@@RESULT " + JSON.stringify(summary));
