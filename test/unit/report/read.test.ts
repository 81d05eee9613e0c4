import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ReportModel } from "../../../src/cli/report/model.js";
import { readInto } from "../../../src/cli/report/read.js";
import type { LineIssue } from "../../../src/cli/ndjson.js";

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
