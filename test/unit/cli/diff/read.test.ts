import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { completeDiff } from "../../../../src/cli/diff/complete.js";
import {
  LineRef,
  loadRecords,
  readSide,
  sourcesOf,
  type RecordRef,
} from "../../../../src/cli/diff/read.js";
import { UsageError } from "../../../../src/cli/errors.js";
import { RunDiffer, type DiffRecord } from "../../../../src/index.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A file of NDJSON lines in a fresh directory. */
function file(name: string, lines: unknown[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), "cove-diff-read-"));
  dirs.push(dir);
  const at = path.join(dir, name);
  writeFileSync(at, lines.map((l) => `${JSON.stringify(l)}\r\n`).join(""));
  return at;
}

const rec = (id: string, Result: unknown) => ({
  List: "Results",
  Id: id,
  Region: "eu-west-1",
  Result,
});
const keep = (l: string) => l;

describe("cove diff: lines read again by their span", () => {
  it("finds each record's line alone, without reading the file again", async () => {
    const at = file("run.ndjson", [
      { command: "exec" },
      rec("111111111111", "é"),
      rec("222222222222", [2]),
    ]);
    const refs: RecordRef[] = [];
    await readSide(sourcesOf([at]), (_r, ref) => void refs.push(ref), keep);
    expect(refs.every((r) => r instanceof LineRef)).toBe(true);
    const load = loadRecords([refs[1]!, refs[0]!], keep);
    expect(load(refs[0]!)).toMatchObject({ Id: "111111111111", Result: "é", List: "Results" });
    expect(load(refs[1]!)).toMatchObject({ Id: "222222222222", Result: [2] });
  });

  it("refuses a file that changed since it was read (no record at the span any more)", async () => {
    const at = file("run.ndjson", [rec("111111111111", 1), rec("222222222222", 2)]);
    const refs: RecordRef[] = [];
    await readSide(sourcesOf([at]), (_r, ref) => void refs.push(ref), keep);
    writeFileSync(at, `{"command":"exec"}\n${JSON.stringify(rec("111111111111", 1))}\n`);
    expect(() => loadRecords(refs, keep)).toThrow(UsageError);
    expect(() => loadRecords(refs, keep)).toThrow(
      /run\.ndjson changed while cove diff was reading it/,
    );
  });

  it("refuses a changed pair whose line now holds another pair's record", async () => {
    const base = file("base.ndjson", [rec("111111111111", 1), rec("222222222222", 2)]);
    const next = file("next.ndjson", [rec("111111111111", 9), rec("222222222222", 2)]);
    const differ = new RunDiffer<RecordRef>({});
    await readSide(sourcesOf([base]), (r: DiffRecord, ref) => differ.addBase(r, ref), keep);
    await readSide(sourcesOf([next]), (r: DiffRecord, ref) => differ.addNext(r, ref), keep);
    // Same length, other account: the span still holds a record, of the wrong pair.
    writeFileSync(
      next,
      [rec("333333333333", 9), rec("222222222222", 2)]
        .map((l) => `${JSON.stringify(l)}\r\n`)
        .join(""),
    );
    await expect(completeDiff(differ, keep)).rejects.toThrow(/next\.ndjson changed while/);
  });
});
