/**
 * A/B runs of the workers scenario's sides against one simulator: each variant a fresh process
 * (bench/workers-child.mjs), the variants alternating, N rounds. Prints per side the wall time,
 * CPU seconds per thread, the simulator's CPU and peak RSS, then medians per variant. For
 * comparing builds (BENCH_BOTOCOVE_DIST), worker memory limits (BENCH_WORKER_LIMITS) or node
 * flags on a shared machine, where CPU seconds are the signal and wall times are not.
 *
 *   npx tsx bench/workers-ab.ts [--accounts 1000] [--repeat 3] \
 *     --variant 'LABEL|WORKERS|ENV=V;ENV=V|--node-flag --node-flag' ...
 */
import { startSimulator } from "./simulator-process.js";
import { child, processCpuS, workersSimulator, type ChildVariant } from "./workers.js";

interface Variant extends ChildVariant {
  label: string;
  workers: number;
}

function parseVariant(text: string): Variant {
  const [label = "", workers = "2", env = "", flags = ""] = text.split("|");
  const pairs = env
    .split(";")
    .filter(Boolean)
    .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)] as const);
  return {
    label,
    workers: Number(workers),
    env: Object.fromEntries(pairs),
    nodeArgs: flags.split(" ").filter(Boolean),
  };
}

const argv = process.argv.slice(2);
const value = (flag: string, fallback: number) => {
  const i = argv.indexOf(flag);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const variants = argv.flatMap((a, i) => (argv[i - 1] === "--variant" ? [parseVariant(a)] : []));
const accounts = value("--accounts", 1000);
const repeat = value("--repeat", 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const sim = await startSimulator(workersSimulator(accounts));
const rows = new Map<string, Record<string, number>[]>();
try {
  for (let round = 0; round < repeat; round++) {
    for (const v of variants) {
      await sim.reset();
      const sim0 = processCpuS(sim.pid);
      const side = await child(v.workers, sim.url, 4, 200, v);
      const simCpu = processCpuS(sim.pid) - sim0;
      const cpus = side.threads.map((t) => t.cpuS);
      const top =
        v.workers === 1 ? 0 : cpus.filter((_, i) => i < v.workers + 1).sort((a, b) => b - a);
      const workersCpu = Array.isArray(top)
        ? top.slice(0, v.workers + 1).reduce((a, b) => a + b, 0) - side.mainThreadCpuS
        : 0;
      const row = {
        wallS: side.wallS,
        mainS: side.mainThreadCpuS,
        workersS: workersCpu,
        otherS: side.processCpuS - side.mainThreadCpuS - workersCpu,
        processS: side.processCpuS,
        simS: simCpu,
        rssMb: side.peakRssMb,
        right: side.right,
      };
      rows.set(v.label, [...(rows.get(v.label) ?? []), row]);
      console.log(
        `${v.label}: ` +
          Object.entries(row)
            .map(([k, n]) => `${k} ${n.toFixed(1)}`)
            .join(", ") +
          ` | threads ${side.threads.map((t) => t.cpuS.toFixed(1)).join(" ")}`,
      );
    }
  }
} finally {
  await sim.stop();
}
console.log("\nmedians:");
for (const [label, list] of rows) {
  const keys = Object.keys(list[0] ?? {});
  console.log(
    `${label}: ` +
      keys.map((k) => `${k} ${median(list.map((r) => r[k] ?? NaN)).toFixed(1)}`).join(", "),
  );
}
