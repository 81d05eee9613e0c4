import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { afterEach } from "vitest";

/** The variable that marks the processes a test started (cove passes it on to commands). */
const MARK_VARIABLE = "COVE_TEST_MARK";

/** A fresh mark: `env` goes into cove's environment, and so into every command's. */
export function newMark(): { value: string; env: Record<string, string> } {
  const value = randomUUID();
  return { value, env: { [MARK_VARIABLE]: value } };
}

/** Whether `/proc/<pid>` is a process that still runs (not a zombie). */
function running(pid: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

/**
 * The running processes whose environment holds the mark (`/proc/<pid>/environ`), but
 * `except` (cove itself, while it runs). Each holds the assumed role's credentials too.
 */
export function markedProcesses(mark: string, except?: number): number[] {
  const needle = Buffer.from(`\0${MARK_VARIABLE}=${mark}\0`);
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === except) continue;
    let environ: Buffer;
    try {
      environ = Buffer.concat([Buffer.from([0]), readFileSync(`/proc/${entry}/environ`)]);
    } catch {
      continue;
    }
    if (environ.includes(needle) && running(entry)) pids.push(Number(entry));
  }
  return pids;
}

/** Kills what a test left running (after a failed assertion), so it leaks nothing. */
export function killMarked(mark: string): void {
  for (const pid of markedProcesses(mark)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
}

/** The current test's mark: `value` and `env` as from {@link newMark}. */
export interface CurrentMark {
  readonly value: string;
  readonly env: Record<string, string>;
}

/**
 * A fresh mark for each test: after each test, the processes its mark names are killed and
 * the next test gets a new mark.
 */
export function useMarks(): CurrentMark {
  let mark = newMark();
  afterEach(() => {
    killMarked(mark.value);
    mark = newMark();
  });
  return {
    get value() {
      return mark.value;
    },
    get env() {
      return mark.env;
    },
  };
}
