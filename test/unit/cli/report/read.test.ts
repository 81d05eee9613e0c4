import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ReportModel } from "../../../../src/cli/report/model.js";
import { parseLine, readRecords, type LineIssue } from "../../../../src/cli/ndjson.js";
import { readInto } from "../../../../src/cli/report/read.js";
import { CoveError } from "../../../../src/errors/cove-error.js";

const tmp = mkdtempSync(join(tmpdir(), "cove-report-read-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** An NDJSON record line. */
function rec(list: string, id: string, region: string, extra: Record<string, unknown> = {}) {
  const base = { List: list, Id: id, Name: `n-${id}`, Region: region, ...extra };
  if (list === "Results") return JSON.stringify({ Result: `ok ${id} ${region}`, ...base });
  return JSON.stringify({
    ExceptionDetails: { name: "AccessDenied", message: `no ${id}`, code: "AccessDenied" },
    ...base,
  });
}

/** Writes a file and reads it into `model` through a real file stream in small chunks. */
async function read(model: ReportModel, name: string, text: string, issues: LineIssue[] = []) {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return readInto(
    model,
    { source: name, stream: createReadStream(path, { encoding: "utf8", highWaterMark: 7 }) },
    (i) => issues.push(i),
  );
}

/** `id region outcome` of every filled cell of the model's page. */
function cells(model: ReportModel): string[] {
  const { data } = model.build({ sources: [] });
  const out: string[] = [];
  data.accounts.ids.forEach((id, a) =>
    data.regions.forEach((region, j) => {
      const c = data.cells[a * data.regions.length + j];
      if (c !== "-") out.push(`${id} ${region} ${c}`);
    }),
  );
  return out.sort();
}

describe("parseLine", () => {
  it("tells records, headers, blank lines and malformed lines apart, with the reason", () => {
    expect(parseLine(rec("Results", "111111111111", "eu-west-1"))).toMatchObject({
      kind: "record",
      list: "Results",
      record: { Id: "111111111111", Region: "eu-west-1", Result: "ok 111111111111 eu-west-1" },
    });
    const record = parseLine(rec("Exceptions", "111111111111", "eu-west-1"));
    expect(record.kind === "record" && "List" in record.record).toBe(false);
    expect(parseLine('{"command":"exec","startedAt":"2025-01-01T00:00:00Z"}')).toEqual({
      kind: "header",
      header: { command: "exec", startedAt: "2025-01-01T00:00:00Z" },
    });
    expect(parseLine("   ")).toEqual({ kind: "blank" });
    expect(parseLine("{oops")).toMatchObject({ kind: "malformed", reason: /^not JSON/ });
    expect(parseLine("[1,2]")).toEqual({ kind: "malformed", reason: "not a JSON object" });
    expect(parseLine("42")).toEqual({ kind: "malformed", reason: "not a JSON object" });
    expect(parseLine('{"List":"Results","Region":"eu-west-1"}')).toEqual({
      kind: "malformed",
      reason: "no Id",
    });
    expect(parseLine('{"List":"Results","Id":"1"}')).toEqual({
      kind: "malformed",
      reason: "no Region",
    });
    expect(parseLine('{"List":"Nope","Id":"1","Region":"r"}')).toMatchObject({
      kind: "malformed",
      reason: /List is not Results/,
    });
    expect(parseLine('{"Id":"1","Region":"r"}')).toMatchObject({ kind: "malformed" });
  });

  it("refuses an Id that is not 12 digits, a Region that is not a region name, a List that is an inherited key", () => {
    const line = (o: object) => JSON.stringify({ List: "Results", ...o });
    const cases: [object, RegExp][] = [
      [{ Id: "../../x", Region: "eu-west-1" }, /^Id is not an account id/],
      [{ Id: 111111111111, Region: "eu-west-1" }, /^no Id/],
      [{ Id: "1111111111112", Region: "eu-west-1" }, /^Id is not an account id/],
      [{ Id: "111111111111", Region: "../x" }, /^Region is not a region name/],
      [{ Id: "111111111111", Region: "eu-west-1/../../etc" }, /^Region is not a region name/],
      [{ Id: "111111111111", Region: "eu-west-1\u001b[2J" }, /^Region is not a region name/],
      [{ Id: "111111111111", Region: "eu-west-1", List: "constructor" }, /^List is not/],
    ];
    for (const [fields, reason] of cases)
      expect(parseLine(line(fields))).toMatchObject({ kind: "malformed", reason });
    // A region the installed SDK may not know yet, by its form, is taken.
    expect(parseLine(line({ Id: "111111111111", Region: "xx-newplace-9" }))).toMatchObject({
      kind: "record",
    });
  });
});

/** `chunks` as a stream of strings, one at a time. */
async function* chunked(chunks: string[]): AsyncGenerator<string> {
  for (const chunk of chunks) yield await Promise.resolve(chunk);
}

/** The lines `readRecords` hands on (records by Id, headers as `h:<command>`) and its issues. */
async function linesOf(chunks: string[], maxLineLength?: number) {
  const seen: string[] = [];
  const issues: LineIssue[] = [];
  await readRecords(
    { source: "in.ndjson", stream: chunked(chunks), ...(maxLineLength ? { maxLineLength } : {}) },
    {
      record: (_list, r, n) => void seen.push(`${n}:${String(r.Id)}:${String(r.Result)}`),
      header: (h, n) => void seen.push(`${n}:h:${String(h.command)}`),
    },
    (i) => issues.push(i),
  );
  return { seen, issues };
}

describe("readRecords: lines", () => {
  const a = rec("Results", "111111111111", "eu-west-1");
  const b = rec("Results", "222222222222", "eu-west-1");

  it("splits lines wherever the chunks end: inside a line, at a newline, between \\r and \\n", async () => {
    const text = `{"command":"exec"}\r\n${a}\n\n${b}\r\n`;
    const expected = [
      "1:h:exec",
      "2:111111111111:ok 111111111111 eu-west-1",
      "4:222222222222:ok 222222222222 eu-west-1",
    ];
    for (const size of [1, 2, 3, 7, 19, 64, text.length]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect((await linesOf(chunks)).seen).toEqual(expected);
    }
    // \r then \n in the next chunk ends the line (no \r left in it); a lone \r is kept.
    const split = await linesOf([a.slice(0, -1), `${a.slice(-1)}\r`, "\n", b, "\r", "\n"]);
    expect(split.seen).toHaveLength(2);
    expect(split.issues).toEqual([]);
  });

  it("keeps a torn last line torn (no newline, cut JSON) wherever the chunks end", async () => {
    const cut = b.slice(0, 30);
    const { seen, issues } = await linesOf([
      a.slice(0, 5),
      a.slice(5),
      "\n",
      cut.slice(0, 4),
      cut.slice(4),
    ]);
    expect(seen).toEqual(["1:111111111111:ok 111111111111 eu-west-1"]);
    expect(issues).toMatchObject([{ line: 2, torn: true }]);
  });

  it("reads a line of many chunks whole", async () => {
    const big = "x".repeat(300_000);
    const line = rec("Results", "111111111111", "eu-west-1", { Result: big });
    const chunks: string[] = [];
    for (let i = 0; i < line.length; i += 4096) chunks.push(line.slice(i, i + 4096));
    const { seen } = await linesOf([...chunks, "\n", b, "\n"]);
    expect(seen).toEqual([`1:111111111111:${big}`, "2:222222222222:ok 222222222222 eu-west-1"]);
  });

  it("refuses a line longer than the limit, naming the input and the line (INVALID_RECORD)", async () => {
    const long = rec("Results", "333333333333", "eu-west-1", { Result: "y".repeat(200) });
    for (const chunks of [[`${a}\n${long}\n`], [`${a}\n`, long.slice(0, 150), long.slice(150)]]) {
      const error = await linesOf(chunks, 200).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CoveError);
      expect((error as CoveError).code).toBe("INVALID_RECORD");
      expect((error as Error).message).toMatch(
        /^in\.ndjson:2: the line is longer than 200 characters/,
      );
    }
    // Up to the limit is fine.
    expect((await linesOf([`${a}\n`], a.length)).seen).toHaveLength(1);
  });
});

describe("readInto", () => {
  it("takes a header line and the records after it, across small chunks and multi-byte text", async () => {
    const model = new ReportModel();
    const header = JSON.stringify({ command: "exec", args: ["aws", "s3", "ls"], role: "Audit" });
    const counts = await read(
      model,
      "header.ndjson",
      [header, rec("Results", "111111111111", "eu-west-1", { Name: "é名 account" })].join("\n") +
        "\n",
    );
    expect(counts).toEqual({ records: 1, headers: 1, malformed: 0 });
    const { data } = model.build({ sources: [] });
    expect(data.accounts.names[0]).toBe("é名 account");
    expect(data.job).toContainEqual(["Command", "exec"]);
    expect(data.job).toContainEqual(["Runs", "aws s3 ls"]);
    expect(data.job).toContainEqual(["Role", "Audit"]);
    expect(data.title).toBe("cove exec report");
  });

  it("ignores a torn last line (no newline, cut JSON) as torn, not as an error", async () => {
    const model = new ReportModel();
    const issues: LineIssue[] = [];
    const full = rec("Results", "111111111111", "eu-west-1");
    const counts = await read(
      model,
      "torn.ndjson",
      `${full}\n${rec("Results", "222222222222", "eu-west-1").slice(0, 30)}`,
      issues,
    );
    expect(counts).toEqual({ records: 1, headers: 0, malformed: 0 });
    expect(issues).toEqual([
      { source: "torn.ndjson", line: 2, reason: expect.stringMatching(/^not JSON/), torn: true },
    ]);
    expect(cells(model)).toEqual(["111111111111 eu-west-1 R"]);
  });

  it("takes a complete last line without its newline", async () => {
    const model = new ReportModel();
    const issues: LineIssue[] = [];
    await read(model, "nonl.ndjson", rec("Results", "111111111111", "eu-west-1"), issues);
    expect(issues).toEqual([]);
    expect(cells(model)).toEqual(["111111111111 eu-west-1 R"]);
  });

  it("reports a malformed line that is not the last with its line number, and goes on", async () => {
    const model = new ReportModel();
    const issues: LineIssue[] = [];
    const counts = await read(
      model,
      "bad.ndjson",
      [
        rec("Results", "111111111111", "eu-west-1"),
        "{not json",
        "",
        '{"List":"Results","Region":"eu-west-1"}',
        rec("Exceptions", "222222222222", "eu-west-1"),
        "",
      ].join("\r\n"),
      issues,
    );
    expect(counts).toEqual({ records: 2, headers: 0, malformed: 2 });
    expect(issues.map((i) => [i.line, i.torn, i.reason.slice(0, 8)])).toEqual([
      [2, false, "not JSON"],
      [4, false, "no Id"],
    ]);
    expect(cells(model)).toEqual(["111111111111 eu-west-1 R", "222222222222 eu-west-1 E"]);
  });

  it("keeps the latest record per account × region: later lines and later files win", async () => {
    const model = new ReportModel();
    await read(
      model,
      "shard-a.ndjson",
      [
        rec("Exceptions", "111111111111", "eu-west-1"),
        rec("Results", "111111111111", "eu-west-1"),
        rec("FailedAssumeRole", "222222222222", "us-east-1"),
        rec("Results", "333333333333", "us-east-1", { OuPath: "/Old" }),
      ].join("\n") + "\n",
    );
    await read(
      model,
      "shard-b.ndjson",
      [
        rec("Results", "222222222222", "us-east-1"),
        rec("Exceptions", "333333333333", "us-east-1", { OuPath: "/New" }),
      ].join("\n") + "\n",
    );
    expect(cells(model)).toEqual([
      "111111111111 eu-west-1 R",
      "222222222222 us-east-1 R",
      "333333333333 us-east-1 E",
    ]);
    expect(model.runs).toBe(3);
    expect(model.records).toBe(6);
    const { data, details } = model.build({ sources: [] });
    expect(data.groups).toEqual(["/New", ""]);
    // The failure list and the details follow the winners only.
    expect(data.causes.map((c) => [c.outcome, c.label, c.runs])).toEqual([
      ["E", "AccessDenied", 1],
    ]);
    expect(details.flat().map((d) => ("result" in d ? d.result : d.message))).toEqual([
      "no 333333333333",
      '"ok 111111111111 eu-west-1"',
      '"ok 222222222222 us-east-1"',
    ]);
  });
});
