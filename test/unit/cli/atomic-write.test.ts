import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempPathFor, writeFileAtomic } from "../../../src/cli/atomic-write.js";
import { saveEntry } from "../../../src/cli/cache-file.js";
import { writePageFile } from "../../../src/cli/report/write.js";

const tmp = mkdtempSync(join(tmpdir(), "cove-atomic-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

/** A folder anyone may write, without the sticky bit (a shared folder done wrong). */
function sharedFolder(): string {
  const dir = join(tmp, `shared-${++n}`);
  mkdirSync(dir);
  chmodSync(dir, 0o777);
  return dir;
}

describe("writePageFile in a folder others can write", () => {
  it("does not write through a link planted at the old predictable temporary name", async () => {
    const dir = sharedFolder();
    const victim = join(tmp, `victim-${n}.txt`);
    writeFileSync(victim, "precious\n");
    const page = join(dir, "report.html");
    // What an attacker could plant before: `.report.html.<pid>.tmp` -> the victim's file.
    symlinkSync(victim, join(dir, `.report.html.${process.pid}.tmp`));
    const bytes = await writePageFile(page, ["<!doctype html>", "<p>page</p>\n"]);
    expect(readFileSync(victim, "utf8")).toBe("precious\n");
    expect(readFileSync(page, "utf8")).toBe("<!doctype html><p>page</p>\n");
    expect(bytes).toBe(Buffer.byteLength("<!doctype html><p>page</p>\n"));
    expect(lstatSync(page).isFile()).toBe(true);
  });

  it("replaces a link at the page's own name instead of writing through it", async () => {
    const dir = sharedFolder();
    const victim = join(tmp, `victim-${n}.txt`);
    writeFileSync(victim, "precious\n");
    const page = join(dir, "report.html");
    symlinkSync(victim, page);
    await writePageFile(page, ["page"]);
    expect(readFileSync(victim, "utf8")).toBe("precious\n");
    expect(lstatSync(page).isSymbolicLink()).toBe(false);
    expect(readFileSync(page, "utf8")).toBe("page");
  });
});

describe("writeFileAtomic", () => {
  it("writes the parts in order with the mode asked for, leaving no temporary file", async () => {
    const dir = sharedFolder();
    const file = join(dir, "out.json");
    const parts = Array.from({ length: 5000 }, (_, i) => `part ${i} é名\n`);
    await writeFileAtomic(file, parts, { mode: 0o640 });
    expect(readFileSync(file, "utf8")).toBe(parts.join(""));
    expect(statSync(file).mode & 0o777).toBe(0o640 & ~process.umask());
    await writeFileAtomic(file, "again");
    expect(readFileSync(file, "utf8")).toBe("again");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["out.json"]);
  });

  it("gives unpredictable temporary names, and never opens an existing one", async () => {
    const file = join(sharedFolder(), "x.json");
    const names = new Set(Array.from({ length: 100 }, () => tempPathFor(file)));
    expect(names.size).toBe(100);
    for (const name of names) expect(name).toMatch(/\/\.x\.json\.[0-9a-f]{32}\.tmp$/);
  });

  it("leaves the file as it was and no temporary file when the content fails", async () => {
    const dir = sharedFolder();
    const file = join(dir, "keep.json");
    writeFileSync(file, "old");
    function* failing() {
      yield "new";
      throw new Error("the page could not be built");
    }
    await expect(writeFileAtomic(file, failing())).rejects.toThrow(/could not be built/);
    expect(readFileSync(file, "utf8")).toBe("old");
    expect(readdirSync(dir)).toEqual(["keep.json"]);
  });
});

describe("the account cache's file", () => {
  it("is saved through the same writer: mode 0600, a link at its name replaced", async () => {
    const dir = sharedFolder();
    const victim = join(tmp, `victim-${n}.txt`);
    writeFileSync(victim, "precious\n");
    const file = join(dir, "abc.json");
    symlinkSync(victim, file);
    await saveEntry(file, [{ Id: "111111111111" }], Date.now());
    expect(readFileSync(victim, "utf8")).toBe("precious\n");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({
      accounts: [{ Id: "111111111111" }],
    });
  });
});
