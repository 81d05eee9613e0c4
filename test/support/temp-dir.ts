import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, onTestFinished } from "vitest";

/**
 * A fresh directory under the system's temporary folder (`os.tmpdir()`; during `vitest` the
 * run's own folder, see test/support/temp-root.ts), named `PREFIX` and six random characters,
 * that removes itself: after the test when made inside one (also from a `beforeEach`), after
 * the file when made at a file's or a `describe`'s top level. Not from `beforeAll` (nothing
 * would remove it there: make it at the top level, or remove it in an `afterAll`).
 *
 * @param prefix - the start of its name, e.g. `"cove-cache-"`.
 * @returns its absolute path.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    onTestFinished(remove);
  } catch {
    afterAll(remove); // at collection: the file's (or describe's) end
  }
  return dir;
}
