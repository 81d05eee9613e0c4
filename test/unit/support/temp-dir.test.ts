import { existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "../../support/temp-dir.js";

/* The suite's own temporary folders: test/support/temp-dir.ts and temp-root.ts. */

const fileLong = tempDir("cove-temp-file-");
/** The folders each test's beforeEach made, in order. */
const hooks: string[] = [];
let inTest = "";

describe("tempDir", () => {
  beforeEach(() => {
    hooks.push(tempDir("cove-temp-hook-"));
  });

  it("makes a new folder named by its prefix, in the run's own temporary folder", () => {
    inTest = tempDir("cove-temp-test-");
    expect(statSync(inTest).isDirectory()).toBe(true);
    expect(basename(inTest)).toMatch(/^cove-temp-test-.{6}$/);
    expect(dirname(inTest)).toBe(tmpdir());
    expect(process.env.COVE_TEST_TMPDIR).toBeTruthy();
    expect(tmpdir()).toBe(process.env.COVE_TEST_TMPDIR);
    // Open to every user, as the system's is: some tests run cove as another user.
    expect(statSync(tmpdir()).mode & 0o7777).toBe(0o1777);
  });

  it("removes one made in a test, or in a beforeEach, when that test ends", () => {
    expect(inTest).not.toBe("");
    expect(existsSync(inTest)).toBe(false);
    expect(hooks).toHaveLength(2);
    expect(existsSync(hooks[0]!)).toBe(false);
    expect(existsSync(hooks[1]!)).toBe(true); // this test's own
  });

  it("keeps one made at the file's top level until the file ends", () => {
    expect(existsSync(fileLong)).toBe(true);
  });
});

afterAll(() => {
  expect(existsSync(fileLong)).toBe(true); // removed after this file's last hook
});
