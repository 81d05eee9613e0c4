/**
 * Micro-benchmark of what `cove exec` pays per run to start a command: a plain detached spawn
 * (what it did before) against the spawn through the process-group leader with its watcher
 * (`spawnInGroup`), each followed by what the end of a run does (`ChildTracker`: SIGTERM to
 * the group, its end awaited). Runs one after another and in batches of `concurrency`.
 *
 *   npx tsx bench/spawn.ts [runs=300] [concurrency=20]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { spawnInGroup } from "../src/cli/exec/group.js";
import { ChildTracker } from "../src/cli/exec/tracker.js";

const runs = Number(process.argv[2] ?? 300);
const concurrency = Number(process.argv[3] ?? 20);

type Start = () => ChildProcess;

const plain: Start = () =>
  spawn("true", [], { env: process.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
const grouped: Start = () => spawnInGroup("true", [], process.env);

/** One run: start, wait for exit and closed output, then for its group's end. */
async function once(start: Start, tracker: ChildTracker): Promise<void> {
  const child = start();
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  tracker.track(child, closed);
  await closed;
}

/** Milliseconds per run, `runs` runs, `width` at a time, the groups' ends included. */
async function perRun(start: Start, width: number): Promise<number> {
  const tracker = new ChildTracker((listener) => {
    process.on("exit", listener);
    return () => process.off("exit", listener);
  });
  const t0 = process.hrtime.bigint();
  for (let done = 0; done < runs; done += width) {
    const batch = Math.min(width, runs - done);
    await Promise.all(Array.from({ length: batch }, () => once(start, tracker)));
  }
  await tracker.drain(10_000);
  return Number(process.hrtime.bigint() - t0) / 1e6 / runs;
}

const row = (name: string, ms: number) => console.log(`${name.padEnd(34)} ${ms.toFixed(2)} ms/run`);

// Warm up both paths (the shell and `true` in the page cache, the JIT).
await perRun(plain, 4);
await perRun(grouped, 4);
for (const width of [1, concurrency]) {
  row(`plain spawn, ${width} at a time`, await perRun(plain, width));
  row(`group leader + watcher, ${width} at a time`, await perRun(grouped, width));
}
