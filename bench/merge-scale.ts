/**
 * `cove merge` at scale: 64 shard journals of a 10,000-account × 17-region job (170,000
 * records), merged by the built CLI in a fresh process; wall time and peak RSS
 * (`process.resourceUsage().maxRSS` at exit), median of 3 runs. Also `cove report` on the same
 * files (the shard check and the page).
 *
 *   npm run build && npx tsx bench/merge-scale.ts [accounts=10000] [shards=64]
 */
import { spawnSync } from "node:child_process";
import {
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { shardManifest } from "../src/cli/journal/manifest.js";
import { shardOf } from "../src/domain/shard.js";
import { REGIONS } from "../src/domain/regions-snapshot.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist/cli/main.js");
const accounts = Number(process.argv[2] ?? 10_000);
const shards = Number(process.argv[3] ?? 64);
/** The 17 regions enabled by default in the aws partition. */
const regions = REGIONS.filter((r) => r.partition === "aws" && !r.optIn).map((r) => r.name);

const dir = mkdtempSync(join(tmpdir(), "cove-merge-scale-"));
const ids = Array.from({ length: accounts }, (_, i) => String(100_000_000_000 + i * 7919));

/** One shard's journal: the header with its manifest, then its records (a few failures). */
function writeShard(index: number): string {
  const path = join(dir, `shard-${index}.ndjson`);
  const fd = openSync(path, "w");
  const header = {
    command: "exec",
    what: "./audit.sh",
    args: ["./audit.sh"],
    role: "OrganizationAccountAccessRole",
    regions,
    startedAt: new Date().toISOString(),
    botocove: "0.1.0",
    ...shardManifest({ index, count: shards }, ids, regions),
  };
  const lines = [JSON.stringify(header)];
  for (const id of ids) {
    if (shardOf(id, shards) !== index) continue;
    for (const region of regions) {
      const failed = Number(id.slice(-3)) % 97 === 0;
      const base = {
        Id: id,
        Name: `acct-${id.slice(-5)}`,
        Email: `acct-${id.slice(-5)}@example.com`,
        Status: "ACTIVE",
        Region: region,
        Partition: "aws",
        RoleName: "OrganizationAccountAccessRole",
        RoleSessionName: "OrganizationAccountAccessRole",
        AssumeRoleSuccess: true,
      };
      lines.push(
        failed
          ? JSON.stringify({
              List: "Exceptions",
              ...base,
              ExceptionDetails: {
                name: "CommandFailed",
                message: "exit 3",
                stderr: "access denied",
              },
            })
          : JSON.stringify({
              List: "Results",
              ...base,
              Result: { stdout: `ok ${id} ${region}\n`, exitCode: 0 },
            }),
      );
      if (lines.length >= 1000) {
        writeSync(fd, `${lines.join("\n")}\n`);
        lines.length = 0;
      }
    }
  }
  writeSync(fd, lines.length ? `${lines.join("\n")}\n` : "");
  closeSync(fd);
  return path;
}

const files = Array.from({ length: shards }, (_, i) => writeShard(i));
const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
console.log(
  `${shards} journals, ${accounts} × ${regions.length} = ${accounts * regions.length} records, ${(bytes / 1e6).toFixed(0)} MB`,
);

const hook = join(dir, "rss.cjs");
writeFileSync(
  hook,
  `process.on("exit", () => require("node:fs").writeSync(2, "@@RSS " + process.resourceUsage().maxRSS + " " + (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) + "\\n"));\n`,
);

function timed(args: string[]): { ms: number; cpuMs: number; rssMb: number; code: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--require", hook, CLI, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 1 << 26,
  });
  const stderr = String(r.stderr ?? "");
  const code = r.status ?? -1;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const usage = /@@RSS (\d+) (\d+)/.exec(stderr);
  const rss = Number(usage?.[1] ?? NaN) / 1024;
  if (!usage) console.log(stderr.slice(0, 500));
  return { ms, cpuMs: Number(usage?.[2] ?? NaN) / 1000, rssMb: rss, code };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const [name, args] of [
  ["cove merge --out all.ndjson", ["merge", ...files, "--out", join(dir, "all.ndjson"), "--quiet"]],
  [
    "cove merge -o csv --out all.csv",
    ["merge", ...files, "-o", "csv", "--out", join(dir, "all.csv"), "--quiet"],
  ],
  [
    "cove report (shard check + page)",
    ["report", ...files, "-o", join(dir, "all.html"), "--quiet"],
  ],
] as const) {
  const runs = Array.from({ length: Number(process.env.RUNS ?? 3) || 1 }, () => {
    rmSync(join(dir, "all.ndjson"), { force: true });
    rmSync(join(dir, "all.csv"), { force: true });
    return timed([...args]);
  });
  console.log(
    `${name}: exit ${runs[0]!.code}, median ${(median(runs.map((r) => r.ms)) / 1000).toFixed(1)} s wall, ${(median(runs.map((r) => r.cpuMs)) / 1000).toFixed(1)} s CPU, peak RSS median ${median(runs.map((r) => r.rssMb)).toFixed(0)} MB (runs: ${runs.map((r) => `${(r.ms / 1000).toFixed(1)} s/${r.rssMb.toFixed(0)} MB`).join(", ")})`,
  );
}
if (process.env.KEEP) console.log(`kept ${dir}`);
else rmSync(dir, { recursive: true, force: true });
