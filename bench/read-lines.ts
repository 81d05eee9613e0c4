/**
 * Reading one very long NDJSON line (issue 16, point 9): the record reader used by
 * `cove report`, `--resume` and the readers after them.
 *
 *   npx tsx bench/read-lines.ts                  # a 150 MB line, 3 repeats
 *   npx tsx bench/read-lines.ts --mb 50 --repeat 1
 *
 * Writes a file holding a job header and one Result whose text is `--mb` MB (ASCII), then reads
 * it with `readRecords` through a file stream decoded as UTF-8 (64 KB chunks, as `cove report`
 * reads), each repeat in a fresh child process: wall time and the child's peak RSS. Prints the
 * median and every run; the machine's load average is printed too (the numbers are noisy on a
 * shared machine).
 */
import { execFileSync } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { once } from "node:events";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
}

/** Writes the file: a header line, then one record line of about `mb` MB. */
async function writeInput(file: string, mb: number): Promise<void> {
  const out = createWriteStream(file);
  out.write(`${JSON.stringify({ command: "exec", what: "bench" })}\n`);
  out.write('{"List":"Results","Id":"111111111111","Region":"eu-west-1","Result":"');
  const block = "x".repeat(1024 * 1024);
  for (let i = 0; i < mb; i++) if (!out.write(block)) await once(out, "drain");
  out.end('"}\n');
  await once(out, "close");
}

/** The child: reads the file once and prints its wall time (ms) and the result's length. */
async function child(file: string): Promise<void> {
  const { createReadStream } = await import("node:fs");
  const { readRecords } = await import("../src/cli/report/read.js");
  const start = performance.now();
  let length = 0;
  await readRecords(
    { source: file, stream: createReadStream(file, { encoding: "utf8" }) },
    {
      record: (_list, record) => void (length = String(record.Result).length),
      header: () => undefined,
    },
    (issue) => {
      throw new Error(`${issue.line}: ${issue.reason}`);
    },
  );
  const ms = performance.now() - start;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ ms, length, maxRssMb }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const childAt = process.argv.indexOf("--child");
  if (childAt >= 0) return child(process.argv[childAt + 1]!);
  const mb = flag("mb", 150);
  const repeat = flag("repeat", 3);
  const dir = mkdtempSync(path.join(tmpdir(), "cove-bench-lines-"));
  const file = path.join(dir, "long.ndjson");
  try {
    await writeInput(file, mb);
    const runs: { ms: number; length: number; maxRssMb: number }[] = [];
    for (let i = 0; i < repeat; i++) {
      const out = execFileSync(
        process.execPath,
        ["--import", "tsx", path.join(here, "read-lines.ts"), "--child", file],
        { encoding: "utf8", maxBuffer: 1 << 20 },
      );
      runs.push(JSON.parse(out) as (typeof runs)[number]);
      if (runs.at(-1)!.length !== mb * 1024 * 1024) throw new Error("the line was not read whole");
    }
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `one ${mb} MB line, ${repeat} runs: median ${s(median(runs.map((r) => r.ms)))}, ` +
        `peak RSS median ${median(runs.map((r) => r.maxRssMb)).toFixed(0)} MB ` +
        `(runs: ${runs.map((r) => `${s(r.ms)} / ${r.maxRssMb.toFixed(0)} MB`).join(", ")}; ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(" ")})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
