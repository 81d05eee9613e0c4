import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../../../src/cli/errors.js";
import { checkOutDir, makeOutDirFolder, outDirFile } from "../../../src/cli/out-dir.js";

const tmp = mkdtempSync(join(tmpdir(), "cove-out-dir-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("checkOutDir", () => {
  it("takes no --out-dir, a folder to create, and an empty folder", () => {
    expect(() => checkOutDir(undefined, false)).not.toThrow();
    expect(() => checkOutDir(join(tmp, "new", "deeper"), false)).not.toThrow();
    mkdirSync(join(tmp, "empty"));
    expect(() => checkOutDir(join(tmp, "empty"), false)).not.toThrow();
  });

  it("refuses a folder holding anything (a hidden file too), naming --out-dir and --overwrite", () => {
    const dir = join(tmp, "used");
    mkdirSync(dir);
    writeFileSync(join(dir, ".hidden"), "");
    expect(() => checkOutDir(dir, false)).toThrow(UsageError);
    expect(() => checkOutDir(dir, false)).toThrow(
      `--out-dir ${dir} is not empty (1 entry): this run's files would mix with what is there. ` +
        "Choose a new or empty folder, or pass --overwrite to write into it anyway.",
    );
    mkdirSync(join(dir, "111111111111"));
    expect(() => checkOutDir(dir, false)).toThrow("(2 entries)");
  });

  it("with --overwrite, writes into a folder that is not empty", () => {
    const dir = join(tmp, "kept");
    mkdirSync(dir);
    writeFileSync(join(dir, "x"), "");
    expect(() => checkOutDir(dir, true)).not.toThrow();
  });

  it("leaves a path that is not a readable folder to the writing (which reports it)", () => {
    writeFileSync(join(tmp, "a-file"), "");
    expect(() => checkOutDir(join(tmp, "a-file"), false)).not.toThrow();
  });
});

describe("outDirFile and makeOutDirFolder", () => {
  it("give DIR/<id>/<name> and refuse any name that leaves DIR or goes deeper", () => {
    const dir = join(tmp, "files");
    expect(outDirFile(dir, "111111111111", "eu-west-1.json")).toBe(
      join(dir, "111111111111", "eu-west-1.json"),
    );
    const bad: [string, string][] = [
      ["../../x", "eu-west-1.json"],
      ["111111111111", "../../../x.json"],
      ["111111111111", "a/b.json"],
      ["/etc", "passwd"],
      ["..", "x"],
      ["", "x"],
    ];
    for (const [id, name] of bad)
      expect(() => outDirFile(dir, id, name)).toThrow(/outside --out-dir/);
  });

  it("refuses an account folder that is a link leading out of DIR", async () => {
    const dir = join(tmp, "linked");
    const elsewhere = join(tmp, "elsewhere");
    mkdirSync(dir);
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(dir, "111111111111"));
    const file = outDirFile(dir, "111111111111", "eu-west-1.json");
    await expect(makeOutDirFolder(dir, file)).rejects.toThrow(/leads outside --out-dir/);
    const fine = outDirFile(dir, "222222222222", "eu-west-1.json");
    await makeOutDirFolder(dir, fine);
    expect(existsSync(join(dir, "222222222222"))).toBe(true);
  });
});
