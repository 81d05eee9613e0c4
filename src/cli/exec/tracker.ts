import type { ChildProcess } from "node:child_process";

/**
 * Signals a command and everything it started: each command runs in its own process group,
 * so a shell's children stop with it.
 */
export function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone: everything in it has ended.
  }
}

/** The commands still running, so an interrupted run can stop them and wait for them. */
export class ChildTracker {
  readonly #live = new Map<ChildProcess, Promise<void>>();

  track(child: ChildProcess, closed: Promise<void>): void {
    this.#live.set(child, closed);
    void closed.finally(() => this.#live.delete(child));
  }

  get size(): number {
    return this.#live.size;
  }

  /** Sends a signal to every running command. */
  killAll(signal: NodeJS.Signals): void {
    for (const child of this.#live.keys()) killTree(child, signal);
  }

  /** Waits until every command has ended, killing the stragglers after `ms`. */
  async drain(ms: number): Promise<void> {
    if (this.#live.size === 0) return;
    const timer = setTimeout(() => this.killAll("SIGKILL"), ms);
    try {
      await Promise.all([...this.#live.values()]);
    } finally {
      clearTimeout(timer);
    }
  }
}
