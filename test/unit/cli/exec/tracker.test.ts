import { once } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { liveGroups, spawnInGroup } from "../../../../src/cli/exec/group.js";
import { ChildTracker } from "../../../../src/cli/exec/tracker.js";
import { tempDir } from "../../../support/temp-dir.js";

/** Whether a process runs (not gone, not a zombie). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
  } catch {
    return false;
  }
}

/** Waits (polling) until `check` holds, for at most `ms`; whether it did. */
async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return check();
}

/** Runs `script` through spawnInGroup; resolves with the child once its output closed. */
async function runToEnd(script: string, tracker: ChildTracker) {
  const child = spawnInGroup("sh", ["-c", script], process.env);
  let stdout = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  const closed = once(child, "close").then(() => undefined);
  tracker.track(child, closed);
  const [code, signal] = (await once(child, "exit")) as [number | null, string | null];
  await closed;
  return { child, code, signal, stdout };
}

describe("commands in their own process group", () => {
  it("are the group's leader, cove's own child, with their exit code as is", async () => {
    const tracker = new ChildTracker(() => () => undefined);
    const r = await runToEnd('echo "$$ $(ps -o pgid= -p $$)"; exit 7', tracker);
    const [pid, pgid] = r.stdout.trim().split(/\s+/).map(Number);
    expect(pid).toBe(r.child.pid);
    expect(pgid).toBe(r.child.pid);
    expect(r.code).toBe(7);
    await tracker.drain(1000);
  });

  it("have no child they did not start (one that waits for all its children is not held)", async () => {
    const tracker = new ChildTracker(() => () => undefined);
    // wait() returns -1 (no child left) at once for a process that started none.
    const r = await runToEnd(`exec perl -e '1 while wait() != -1; print "no child\\n"'`, tracker);
    expect(r.stdout).toBe("no child\n");
    expect(r.code).toBe(0);
    await tracker.drain(1000);
  });

  it("a command that cannot be found exits 127, the shell saying so", async () => {
    const child = spawnInGroup("./no-such-command-cove", [], process.env);
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const tracker = new ChildTracker(() => () => undefined);
    const closed = once(child, "close").then(() => undefined);
    tracker.track(child, closed);
    const [code] = (await once(child, "exit")) as [number | null];
    await closed;
    expect(code).toBe(127);
    expect(stderr).toMatch(/^cove: \d+: exec: \.\/no-such-command-cove: not found/);
    await tracker.drain(1000);
  });

  it("a background process left by a command is stopped when the command exits", async () => {
    const dir = tempDir("cove-group-");
    const tracker = new ChildTracker(() => () => undefined);
    const r = await runToEnd(`sleep 300 >/dev/null 2>&1 & echo $! > ${dir}/pid`, tracker);
    expect(r.code).toBe(0);
    await tracker.drain(1000);
    const pid = Number(readFileSync(join(dir, "pid"), "utf8"));
    expect(running(pid)).toBe(false);
    expect(liveGroups([r.child.pid!])).toEqual([]);
  });

  it("the watcher ends the group when cove's end of its socket closes (cove is gone)", async () => {
    const dir = tempDir("cove-watcher-");
    const child = spawnInGroup(
      "sh",
      ["-c", `echo $$ > ${dir}/pid; echo started; exec sleep 300`],
      process.env,
    );
    await once(child.stdout!, "data");
    expect(readFileSync(join(dir, "pid"), "utf8")).not.toBe("");
    expect(liveGroups([child.pid!])).toEqual([child.pid]);
    // What the kernel does when cove dies: its end of the socket closes.
    child.stdio[3]?.destroy();
    const [code, signal] = (await once(child, "exit")) as [number | null, string | null];
    expect(code).toBeNull();
    expect(signal).toBe("SIGTERM");
    expect(await eventually(() => liveGroups([child.pid!]).length === 0)).toBe(true);
  });
});
