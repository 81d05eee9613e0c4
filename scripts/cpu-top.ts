// Prints the test files that cost the most CPU, from the NDJSON log a run with COVE_TEST_CPU
// writes (test/support/cpu-log.ts):
//   COVE_TEST_CPU=/tmp/cpu.ndjson npx vitest run [files…]
//   npx tsx scripts/cpu-top.ts /tmp/cpu.ndjson [N]      # the N costliest (default 20)
//   npm run test:cpu [-- vitest args…]                # both; log in node_modules/.cache/test-cpu.ndjson
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { CpuLine } from "../test/support/proc-cpu.js";

/** The table: the `top` costliest files by total CPU, then the sums of all files and moto. */
export function cpuTable(lines: CpuLine[], top: number): string {
  const servers = lines.filter((l) => l.file.startsWith("(moto_server"));
  const files = lines.filter((l) => !servers.includes(l)).sort((a, b) => b.total - a.total);
  const sum = (ls: CpuLine[], key: "total" | "children") => ls.reduce((s, l) => s + l[key], 0);
  const row = (cpu: number, children: string, wall: string, name: string) =>
    `${cpu.toFixed(1).padStart(8)} ${children.padStart(9)} ${wall.padStart(8)}  ${name}`;
  const out = [row(0, "children", "wall", "file").replace("     0.0", " CPU (s)")];
  for (const l of files.slice(0, top))
    out.push(row(l.total, l.children.toFixed(1), l.wall.toFixed(1), l.file));
  out.push(
    row(sum(files, "total"), sum(files, "children").toFixed(1), "", `all ${files.length} files`),
  );
  if (servers.length > 0)
    out.push(row(sum(servers, "total"), "", "", `${servers.length} moto_server(s), whole run`));
  return `${out.join("\n")}\n`;
}

/** Parses the log (one JSON object a line; blank lines skipped). */
export function readCpuLog(text: string): CpuLine[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as CpuLine);
}

/** `--run [vitest args]`: a fresh log, vitest with it, the table of the 25 costliest. */
function runVitest(args: string[]): number {
  const log = resolve("node_modules/.cache/test-cpu.ndjson");
  mkdirSync(dirname(log), { recursive: true });
  rmSync(log, { force: true });
  const vitest = spawnSync(process.execPath, ["node_modules/vitest/vitest.mjs", "run", ...args], {
    stdio: "inherit",
    env: { ...process.env, COVE_TEST_CPU: log },
  });
  process.stdout.write(`\nCPU per test file (${log}):\n`);
  process.stdout.write(cpuTable(readCpuLog(readFileSync(log, "utf8")), 25));
  return vitest.status ?? 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [path, n = "20"] = process.argv.slice(2);
  if (path === "--run") process.exit(runVitest(process.argv.slice(3)));
  if (!path || !/^\d+$/.test(n)) {
    process.stderr.write("usage: tsx scripts/cpu-top.ts LOG.ndjson [N] | --run [vitest args]\n");
    process.exit(2);
  }
  process.stdout.write(cpuTable(readCpuLog(readFileSync(path, "utf8")), Number(n)));
}
