import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../../cli/helpers.js";

const tmp = mkdtempSync(join(tmpdir(), "cove-process-context-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Runs a script in a real Node process (signals are the process's): it builds the `cove`
 * process context, subscribes to `onExit` (appending "exit" to a file), optionally to
 * `onSignal` (appending "signal:NAME", then exiting 130 as the drive does), and sends
 * itself SIGTERM.
 */
function run(withRunHandler: boolean) {
  const marks = join(tmp, `marks-${withRunHandler}`);
  const script = `
    import { appendFileSync } from "node:fs";
    import { processContext } from ${JSON.stringify(join(ROOT, "src/cli/process-context.ts"))};
    import { Secrets } from ${JSON.stringify(join(ROOT, "src/cli/redact.ts"))};
    const ctx = processContext(new Secrets(), process.env);
    ctx.onExit(() => appendFileSync(${JSON.stringify(marks)}, "exit\\n"));
    if (${withRunHandler}) ctx.onSignal((s) => { appendFileSync(${JSON.stringify(marks)}, "signal:" + s + "\\n"); ctx.exit(130); });
    process.kill(process.pid, "SIGTERM");
    setTimeout(() => appendFileSync(${JSON.stringify(marks)}, "still running\\n"), 5000);
  `;
  const child = spawnSync(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", script],
    {
      cwd: ROOT,
      encoding: "utf8",
    },
  );
  let text = "";
  try {
    text = readFileSync(marks, "utf8");
  } catch {
    // No mark written.
  }
  return { signal: child.signal, status: child.status, marks: text, stderr: child.stderr };
}

describe("processContext().onExit", () => {
  it("runs its listeners on a stop signal nothing else handles, then the process dies by that signal", () => {
    const r = run(false);
    expect(r.stderr).toBe("");
    expect(r.marks).toBe("exit\n");
    expect(r.signal).toBe("SIGTERM");
  });

  it("leaves a stop signal to the run's own handler, and runs its listeners when that exits", () => {
    const r = run(true);
    expect(r.stderr).toBe("");
    expect(r.marks).toBe("signal:SIGTERM\nexit\n");
    expect(r.status).toBe(130);
  });
});
