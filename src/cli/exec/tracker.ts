import type { ChildProcess } from "node:child_process";
import { KILL_GRACE_MS, killGroup, liveGroups, releaseWatcher } from "./group.js";

/** How often the end of process groups is checked while waiting for them. */
const POLL_MS = 50;

/** How long a killed group may take to be gone before it is no longer waited for. */
const KILLED_WAIT_MS = 1000;

/** When a group's next step is due: SIGKILL, then no longer waiting for it. */
interface GroupEnd {
  at: number;
  killed: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Signals a command and everything it started: each command runs in its own process group,
 * so a shell's children stop with it.
 */
export function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid !== undefined) killGroup(child.pid, signal);
}

/**
 * The commands' process groups, from the start of each command until nothing of its group
 * runs any more. When a command exits, what it left running in its group (a background
 * `sleep &`, a daemon that kept the group) gets SIGTERM, and SIGKILL after a grace period. When
 * cove's process exits, however it exits, every group still known gets SIGKILL.
 */
export class ChildTracker {
  /** The commands still running (or whose output is still open), with their end. */
  readonly #live = new Map<ChildProcess, Promise<void>>();
  /** The process groups not yet seen over (ids), with their next step. */
  readonly #groups = new Map<number, GroupEnd>();

  readonly #unsubscribe: () => void;

  /** `onExit`: the process exits (however it exits): every group still known gets SIGKILL. */
  constructor(onExit: (listener: () => void) => () => void) {
    this.#unsubscribe = onExit(() => this.killAll("SIGKILL"));
  }

  /** Stops listening for the process's exit (what was started is over). */
  dispose(): void {
    this.#unsubscribe();
  }

  /** Follows a command from its start: `closed` settles once it exited and its output closed. */
  track(child: ChildProcess, closed: Promise<void>): void {
    const pgid = child.pid;
    if (pgid !== undefined) this.#groups.set(pgid, { at: Infinity, killed: false });
    child.once("exit", () => pgid !== undefined && this.#endGroup(child, pgid));
    this.#live.set(child, closed);
    void closed.finally(() => this.#live.delete(child));
  }

  get size(): number {
    return this.#live.size;
  }

  /** Sends a signal to every process group, running commands and what they left alike. */
  killAll(signal: NodeJS.Signals): void {
    for (const pgid of this.#groups.keys()) killGroup(pgid, signal);
  }

  /** SIGKILL to every group at once; resolves when none runs any more (after a moment at most). */
  async killNow(): Promise<void> {
    this.killAll("SIGKILL");
    const deadline = Date.now() + KILLED_WAIT_MS;
    while (liveGroups(this.#groups.keys()).length > 0 && Date.now() < deadline) await sleep(10);
  }

  /**
   * Waits until every command has ended (killing the stragglers after `ms`), then until
   * nothing of their groups runs (each group killed at the end of its grace period).
   */
  async drain(ms: number): Promise<void> {
    if (this.#live.size > 0) {
      const timer = setTimeout(() => this.killAll("SIGKILL"), ms);
      try {
        await Promise.all([...this.#live.values()]);
      } finally {
        clearTimeout(timer);
      }
    }
    while (this.#groups.size > 0) {
      this.#reapGroups();
      if (this.#groups.size > 0) await sleep(POLL_MS);
    }
  }

  /** The command (the group's leader) exited: the rest of its group is stopped. */
  #endGroup(child: ChildProcess, pgid: number): void {
    killGroup(pgid, "SIGTERM");
    releaseWatcher(child);
    this.#groups.set(pgid, { at: Date.now() + KILL_GRACE_MS, killed: false });
    const timer = setTimeout(() => this.#reapGroups(), KILL_GRACE_MS + POLL_MS);
    timer.unref();
  }

  /**
   * Forgets the groups that are over; kills those of ended commands past their grace period
   * (and waits a moment for them to be gone).
   */
  #reapGroups(): void {
    const live = new Set(liveGroups(this.#groups.keys()));
    const now = Date.now();
    for (const [pgid, end] of this.#groups) {
      if (!live.has(pgid) || (end.killed && now >= end.at)) this.#groups.delete(pgid);
      else if (now >= end.at) {
        killGroup(pgid, "SIGKILL");
        this.#groups.set(pgid, { at: now + KILLED_WAIT_MS, killed: true });
      }
    }
  }
}
