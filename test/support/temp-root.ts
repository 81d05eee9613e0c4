import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Set while a run's folder exists: the projects of one run share it. */
const MARK = "COVE_TEST_TMPDIR";

/**
 * Global setup of every project (vitest.config.ts): gives the run its own temporary folder
 * (`cove-test-run-XXXXXX` under the system's), as `TMPDIR`, which the workers and what they
 * start inherit, so `os.tmpdir()` in a test is inside it. At the run's end, when every file
 * has finished, whatever is still in it was left behind by a test: the run fails and names
 * it; the folder is removed either way. Other runs on the machine have their own folders, so
 * no other run's files are counted. Tests make folders with `tempDir()`
 * (test/support/temp-dir.ts), which removes them.
 *
 * Vitest runs a global setup once per project (and once for the root); the first makes the
 * folder and checks it at the end, the others find it made.
 *
 * @returns the end-of-run check, or nothing when another project of this run made the folder.
 */
export default function setup(): (() => void) | undefined {
  if (process.env[MARK]) return undefined;
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), "cove-test-run-"));
  process.env[MARK] = root;
  process.env.TMPDIR = root;
  return () => {
    const left = readdirSync(root).sort();
    rmSync(root, { recursive: true, force: true });
    delete process.env[MARK];
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (left.length === 0) return;
    process.stderr.write(
      `\nTests left ${left.length} ${left.length === 1 ? "entry" : "entries"} in the temporary folder (removed now; ` +
        `make them with tempDir() of test/support/temp-dir.ts):\n` +
        left.map((name) => `  ${name}\n`).join(""),
    );
    process.exitCode = 1;
  };
}
