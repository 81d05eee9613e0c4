import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { execTask } from "../../../../src/cli/exec/task.js";
import { ChildTracker } from "../../../../src/cli/exec/tracker.js";
import { Secrets } from "../../../../src/cli/redact.js";
import type { CoveSession } from "../../../../src/index.js";
import { tempDir } from "../../../support/temp-dir.js";

/** What execTask reads of a session. */
function fakeSession(): CoveSession {
  return {
    credentials: async () => ({
      accessKeyId: "AKIAFAKE",
      secretAccessKey: "fake-secret-0123456789",
    }),
    signal: new AbortController().signal,
    sessionInformation: { Id: "111111111111", Region: "eu-west-1", Name: "prod" },
  } as unknown as CoveSession;
}

const openDescriptors = () => readdirSync("/proc/self/fd").length;

/** Waits (polling) until `check` holds, for at most `ms`; whether it did. */
async function eventually(check: () => boolean, ms = 2000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return check();
}

describe("execTask", () => {
  it("closes the run's --out-dir files when the command cannot even be started", async () => {
    const outDir = tempDir("cove-exec-unit-");
    const task = execTask({
      // A NUL in an argument makes spawn throw at once.
      argv: ["node", "-e", "0", "a\u0000b"],
      outDir,
      secrets: new Secrets(),
      env: process.env,
      tracker: new ChildTracker(() => () => undefined),
      onFileError: () => undefined,
    });
    const before = openDescriptors();
    for (let i = 0; i < 5; i++)
      await expect(task(fakeSession())).rejects.toThrow(/null bytes|must be a string without/);
    // The files were opened (they exist) …
    const dir = join(outDir, "111111111111");
    expect(
      await eventually(
        () =>
          existsSync(join(dir, "eu-west-1.stdout")) && existsSync(join(dir, "eu-west-1.stderr")),
      ),
    ).toBe(true);
    // … and closed again.
    expect(await eventually(() => openDescriptors() <= before)).toBe(true);
  });
});
