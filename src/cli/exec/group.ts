import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** How long a process group gets between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 3000;

/**
 * The shell that starts a command as the leader of its own process group, with a watcher
 * beside it in the group. The watcher reads fd 3, a socket whose other end only cove holds
 * (close-on-exec, so no other process inherits it): it reads end-of-file only when cove's
 * process is gone — however it ended, SIGKILL included — and then ends the whole group
 * (SIGTERM, SIGKILL after the grace period; itself last). Until then a SIGTERM ends the
 * watcher with the rest of the group, so cove's own stopping (a run's end, Ctrl-C, a timeout)
 * works as before. The watcher is started from a subshell that exits at once, so that it is
 * not the command's child (a command that waits for all its children would wait for it).
 * The command replaces the shell (`exec`): it keeps the shell's process id, which is the
 * group's id, and is cove's own child, so its exit code or signal comes to cove as is. It
 * gets neither fd 3 nor the watcher.
 */
const LEADER = [
  "({",
  "  read -r line <&3",
  "  trap '' TERM",
  "  kill -s TERM 0",
  `  sleep ${KILL_GRACE_MS / 1000}`,
  "  kill -s KILL 0",
  "} </dev/null >/dev/null 2>&1 &)",
  'exec "$@" 3<&-',
].join("\n");

/** Whether commands start through {@link LEADER} (a POSIX shell, and process groups, exist). */
const WATCHED = process.platform !== "win32";

/**
 * Starts `command` in a new process group that ends when cove's process ends, whatever ends
 * it (see {@link LEADER}): no command outlives cove holding the credentials in its environment.
 * Its stdin is empty; stdout and stderr are pipes.
 */
export function spawnInGroup(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): ChildProcess {
  const options = { env, detached: true } as const;
  if (!WATCHED) return spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  // $0 ("cove") names the shell in its own messages: `cove: 8: exec: nosuch: not found`.
  return spawn("/bin/sh", ["-c", LEADER, "cove", command, ...args], {
    ...options,
    stdio: ["ignore", "pipe", "pipe", "pipe"],
  });
}

/** Lets go of the group's watcher socket (once the group is over). */
export function releaseWatcher(child: ChildProcess): void {
  child.stdio[3]?.destroy();
}

/** Sends `signal` to every process of the group `pgid`; false when the group is gone. */
export function killGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    // EPERM: a member that is not ours to signal (it changed its user): the group lives.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The process groups with a running member (not a zombie), read from /proc; `undefined` where
 * there is no /proc. A process that ended stays in its group as a zombie until its parent (for
 * an orphan, init) collects it, which some inits do only every few seconds.
 */
function groupsWithRunningMembers(): Set<number> | undefined {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return undefined;
  }
  const groups = new Set<number>();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "latin1");
    } catch {
      continue; // ended meanwhile
    }
    // After the command name (in parentheses, and which may hold anything): state ppid pgrp …
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (state !== "Z" && state !== "X") groups.add(Number(pgrp));
  }
  return groups;
}

/** Of `pgids`, those whose group still has a running member. */
export function liveGroups(pgids: Iterable<number>): number[] {
  const existing = [...pgids].filter((pgid) => killGroup(pgid, 0));
  if (existing.length === 0) return existing;
  const running = groupsWithRunningMembers();
  return running ? existing.filter((pgid) => running.has(pgid)) : existing;
}
