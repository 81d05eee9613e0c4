import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../../../../src/cli/errors.js";
import { JournalLock } from "../../../../src/cli/journal/lock.js";

const tmp = mkdtempSync(join(tmpdir(), "cove-journal-lock-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const journal = () => join(tmp, `job-${++n}.ndjson`);
/** The process's end is not watched in these tests (the CLI's context does it). */
const noExitWatch = () => () => undefined;

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

function refusal(path: string): string {
  let error: unknown;
  try {
    JournalLock.acquire(path, () => undefined, noExitWatch);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(UsageError);
  return (error as Error).message;
}

describe("JournalLock", () => {
  it("is exclusive: a second taker is refused with the holder's pid, host and start", () => {
    const path = journal();
    const lock = JournalLock.acquire(path, () => undefined, noExitWatch);
    const held = JSON.parse(readFileSync(`${path}.lock`, "utf8")) as Record<string, unknown>;
    expect(held).toMatchObject({ pid: process.pid, host: hostname() });
    lock.release();
    expect(existsSync(`${path}.lock`)).toBe(false);
    // Another process of this host holds it (the test's parent, say): refused.
    writeFileSync(
      `${path}.lock`,
      JSON.stringify({ pid: process.ppid, host: hostname(), since: "2026-01-01T00:00:00Z" }),
    );
    expect(refusal(path)).toMatch(
      new RegExp(
        `in use by another cove \\(pid ${process.ppid} on host ${hostname()}, since 2026-01-01T00:00:00Z\\).*rm `,
      ),
    );
    // Refused: the holder's lock is left alone.
    expect(JSON.parse(readFileSync(`${path}.lock`, "utf8"))).toMatchObject({ pid: process.ppid });
  });

  it("takes over a lock left by a process of this host that no longer runs, and says so", () => {
    const path = journal();
    const dead = deadPid();
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: dead, host: hostname(), since: "t0" }));
    const notes: string[] = [];
    const lock = JournalLock.acquire(path, (line) => notes.push(line), noExitWatch);
    expect(notes).toEqual([
      expect.stringMatching(new RegExp(`left by pid ${dead} .*no longer running`)),
    ]);
    expect(JSON.parse(readFileSync(`${path}.lock`, "utf8"))).toMatchObject({ pid: process.pid });
    lock.release();
    lock.release();
    expect(readdirSync(tmp).filter((f) => f.startsWith(`job-${n}.`))).toEqual([]);
  });

  it("does not take over the lock of another host (its pid means nothing here), nor an unreadable one", () => {
    const path = journal();
    writeFileSync(
      `${path}.lock`,
      JSON.stringify({ pid: deadPid(), host: "elsewhere", since: "t" }),
    );
    expect(refusal(path)).toMatch(/on host elsewhere/);
    writeFileSync(`${path}.lock`, "garbage");
    expect(refusal(path)).toMatch(/does not read as a cove lock.*rm /);
  });

  it("is removed when the process ends (the context's onExit), and stops watching once released", () => {
    const path = journal();
    const listeners = new Set<() => void>();
    const onExit = (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    };
    JournalLock.acquire(path, () => undefined, onExit);
    expect(listeners.size).toBe(1);
    for (const listener of listeners) listener();
    expect(existsSync(`${path}.lock`)).toBe(false);
    expect(listeners.size).toBe(0);
    // A lock released by the run itself no longer watches the end either.
    const other = journal();
    const lock = JournalLock.acquire(other, () => undefined, onExit);
    lock.release();
    expect(listeners.size).toBe(0);
    expect(existsSync(`${other}.lock`)).toBe(false);
  });

  it("release removes only its own lock file", () => {
    const path = journal();
    const lock = JournalLock.acquire(path, () => undefined, noExitWatch);
    rmSync(`${path}.lock`);
    writeFileSync(`${path}.lock`, "someone else's");
    lock.release();
    expect(readFileSync(`${path}.lock`, "utf8")).toBe("someone else's");
  });
});
