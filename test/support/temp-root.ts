import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
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
 * Like the system's, the folder is open to every user (mode 1777: some tests run cove as
 * `nobody` on files of theirs). Caches that tools keep in the temporary folder are not what
 * tests leave: tsx's `tsx-<uid>` and Node's module compile cache `node-compile-cache` (Node 22
 * and later, when vitest enables it) link to the system's, so they last from run to run as
 * before and are not counted.
 *
 * Vitest runs a global setup once per project (and once for the root); the first makes the
 * folder and checks it at the end, the others find it made.
 *
 * @returns the end-of-run check, or nothing when another project of this run made the folder.
 */
export default function setup(): (() => void) | undefined {
  if (process.env[MARK]) return undefined;
  const previous = process.env.TMPDIR;
  const system = tmpdir();
  const root = mkdtempSync(join(system, "cove-test-run-"));
  chmodSync(root, 0o1777);
  const kept = [`tsx-${process.geteuid?.() ?? userInfo().username}`, "node-compile-cache"].map(
    (name) => keepSystemEntry(system, root, name),
  );
  process.env[MARK] = root;
  process.env.TMPDIR = root;
  return () => {
    const left = readdirSync(root)
      .filter((name) => !kept.includes(name))
      .sort();
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

/** Links `name` of the run's folder to the same folder of the system's (made if missing). */
function keepSystemEntry(system: string, root: string, name: string): string {
  const target = join(system, name);
  mkdirSync(target, { recursive: true, mode: 0o700 });
  symlinkSync(target, join(root, name));
  return name;
}
