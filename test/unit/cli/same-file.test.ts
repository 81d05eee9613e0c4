import {
  closeSync,
  linkSync,
  mkdtempSync,
  openSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../../../src/cli/errors.js";
import { checkDistinctFiles, type FileFlags } from "../../../src/cli/same-file.js";

const tmp = mkdtempSync(join(tmpdir(), "cove-same-file-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** stdin: never a regular file here, so stdout checks are left out unless asked. */
const NO_STDOUT = 0;

function refusal(flags: FileFlags, stdoutFd = NO_STDOUT): string {
  let error: unknown;
  try {
    checkDistinctFiles(flags, stdoutFd);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(UsageError);
  return (error as Error).message;
}

describe("checkDistinctFiles", () => {
  it("takes distinct files, a report on stdout, and no files at all", () => {
    const ok: FileFlags[] = [
      {},
      { journal: join(tmp, "a.ndjson"), report: join(tmp, "a.html") },
      { journal: join(tmp, "a.ndjson"), report: "-", outDir: join(tmp, "out") },
      {
        resume: join(tmp, "b.ndjson"),
        report: join(tmp, "out", "report.html"),
        outDir: join(tmp, "out"),
      },
    ];
    for (const flags of ok) expect(() => checkDistinctFiles(flags, NO_STDOUT)).not.toThrow();
  });

  it("refuses two flags naming one file: as given, through '..', a symbolic link or a hard link", () => {
    const file = join(tmp, "j.ndjson");
    expect(refusal({ journal: file, report: file })).toMatch(
      /--journal .* and --report .* are the same file/,
    );
    expect(refusal({ journal: file, report: join(tmp, "sub", "..", "j.ndjson") })).toMatch(
      /same file/,
    );
    writeFileSync(file, "{}\n");
    symlinkSync(file, join(tmp, "link.ndjson"));
    expect(refusal({ resume: file, report: join(tmp, "link.ndjson") })).toMatch(
      /--resume .* and --report .* are the same file/,
    );
    linkSync(file, join(tmp, "hard.ndjson"));
    expect(refusal({ resume: file, report: join(tmp, "hard.ndjson") })).toMatch(/same file/);
  });

  it("refuses a journal or report where --out-dir writes a run's files", () => {
    const outDir = join(tmp, "out2");
    expect(refusal({ journal: join(outDir, "111111111111", "eu-west-1.json"), outDir })).toMatch(
      /--journal .* is where --out-dir .* writes a run's files/,
    );
    expect(refusal({ report: outDir, outDir })).toMatch(/--report .* is where --out-dir/);
  });

  it("refuses stdout redirected to the journal or the report", () => {
    const file = join(tmp, "redirected.ndjson");
    writeFileSync(file, "");
    const fd = openSync(file, "a");
    try {
      expect(refusal({ resume: file }, fd)).toMatch(
        /stdout is redirected to .*redirected\.ndjson \(--resume\)/,
      );
      expect(refusal({ report: file }, fd)).toMatch(/stdout is redirected to .* \(--report\)/);
      expect(() => checkDistinctFiles({ report: join(tmp, "other.html") }, fd)).not.toThrow();
    } finally {
      closeSync(fd);
    }
  });
});
