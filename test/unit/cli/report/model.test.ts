import { describe, expect, it } from "vitest";
import { errorDetail, formatResult, resultDetail } from "../../../../src/cli/report/detail.js";
import type { ErrorDetail, ResultDetail } from "../../../../src/cli/report/page-data.js";
import { durationText, jobRows } from "../../../../src/cli/report/job-rows.js";
import {
  CHUNK,
  DETAIL_BUDGET,
  DETAIL_CAP,
  MIN_DETAIL_CAP,
  ReportModel,
} from "../../../../src/cli/report/model.js";

const base = (id: string, region: string, ouPath?: string, name = `n-${id}`) => ({
  Id: id,
  Name: name,
  Region: region,
  ...(ouPath === undefined ? {} : { OuPath: ouPath }),
  RoleName: "Audit",
});

describe("ReportModel.build", () => {
  it("groups accounts by OU path (none last), sorted by name then id, one letter per cell", () => {
    const m = new ReportModel();
    m.add("Results", { ...base("3", "us-east-1", "/B"), Result: 1 });
    m.add("Exceptions", {
      ...base("1", "eu-west-1", "/A", "zed"),
      ExceptionDetails: { name: "E", message: "x" },
    });
    m.add("Results", { ...base("2", "eu-west-1", "/A", "amy"), Result: 2 });
    m.add("FailedAssumeRole", {
      ...base("4", "us-east-1"),
      ExceptionDetails: { name: "AccessDenied", message: "no" },
    });
    const { data, details } = m.build({ sources: ["a.ndjson"], now: new Date(0) });
    expect(data.regions).toEqual(["eu-west-1", "us-east-1"]);
    expect(data.groups).toEqual(["/A", "/B", ""]);
    const { ids, names, groups } = data.accounts;
    expect(ids.map((id, a) => [id, names[a], groups[a]])).toEqual([
      ["2", "amy", 0],
      ["1", "zed", 0],
      ["3", "n-3", 1],
      ["4", "n-4", 2],
    ]);
    expect(data.cells).toBe("R-E--R-F");
    // Details in cell order; failures mapped to their causes in the same order.
    expect(details.flat().map((d) => ("result" in d ? d.result : d.name))).toEqual([
      "2",
      "E",
      "1",
      "AccessDenied",
    ]);
    expect(data.causes.map((c) => c.label)).toEqual(["E", "AccessDenied"]);
    expect(data.causeOfFailure).toEqual([0, 1]);
    expect(data.job).toContainEqual(["Role", "Audit"]);
    expect(data.job).toContainEqual(["Regions", "eu-west-1 us-east-1"]);
    expect(data.generatedAt).toBe("1970-01-01T00:00:00.000Z");
    expect(data.sources).toEqual(["a.ndjson"]);
  });

  it("splits details into chunks of CHUNK in cell order", () => {
    const m = new ReportModel();
    for (let i = 0; i < CHUNK + 5; i++)
      m.add("Results", { ...base(String(100000 + i), "eu-west-1"), Result: i });
    const { details } = m.build({ sources: [] });
    expect(details.map((c) => c.length)).toEqual([CHUNK, 5]);
  });

  it("cuts the details to stay within its budget, halving the cap per field, never below the minimum", () => {
    const m = new ReportModel();
    const big = "x".repeat(DETAIL_CAP * 3);
    const n = Math.ceil(DETAIL_BUDGET / DETAIL_CAP) + 10;
    for (let i = 0; i < n; i++) m.add("Results", { ...base(String(i), "eu-west-1"), Result: big });
    expect(m.cap).toBeLessThan(DETAIL_CAP);
    expect(m.cap).toBeGreaterThanOrEqual(MIN_DETAIL_CAP);
    const { data, details } = m.build({ sources: [] });
    const all = details.flat() as ResultDetail[];
    expect(all).toHaveLength(n);
    expect(data.fieldCap).toBe(m.cap);
    for (const d of [all[0], all[n - 1]]) {
      expect(d?.result).toHaveLength(m.cap);
      expect(d?.resultLength).toBe(formatResult(big).length);
    }
  });
});

describe("details", () => {
  it("formats a result as JSON and a command's result as its output", () => {
    expect(resultDetail({ a: [1, "b"] }, 100)).toEqual({
      result: '{\n  "a": [\n    1,\n    "b"\n  ]\n}',
    });
    expect(resultDetail(undefined, 100).result).toMatch(/returned undefined/);
    expect(formatResult({ exitCode: 0, stdout: '{"Vpcs":[]}\n', stderr: "" })).toBe(
      '{\n  "Vpcs": []\n}',
    );
    expect(formatResult({ exitCode: 0, stdout: "plain\n", stderr: "warn\n" })).toBe(
      "plain\n\n--- stderr ---\nwarn\n",
    );
    expect(formatResult("y".repeat(2500))).toMatch(/… \(500 more characters\)"$/);
  });

  it("cuts a result's head and stderr's tail, keeping the full lengths for the page's note", () => {
    expect(resultDetail("abcdefghij", 5)).toEqual({ result: '"abcd', resultLength: 12 });
    const d: ErrorDetail = errorDetail(
      {
        name: "CommandFailed",
        message: "m".repeat(10),
        code: "COMMAND_FAILED",
        exitCode: 3,
        stderr: "0123456789",
        requestId: "r-1",
        extra: "dropped",
      },
      4,
    );
    expect(d).toEqual({
      name: "CommandFailed",
      message: "mmmm",
      messageLength: 10,
      code: "COMMAND_FAILED",
      requestId: "r-1",
      exitCode: 3,
      stderr: "6789",
      stderrLength: 10,
    });
    expect(errorDetail("thrown text", 50)).toEqual({ name: "Error", message: "thrown text" });
  });
});

describe("job header", () => {
  it("shows known fields under labels, the duration, and any other field under its key", () => {
    const rows = jobRows(
      {
        command: "run",
        module: "audit.ts",
        export: "listUsers",
        args: ["/admins/"],
        roleName: "Audit",
        regions: ["eu-west-1", "us-east-1"],
        shard: { index: 1, count: 4 },
        startedAt: "2025-01-01T10:00:00Z",
        resumedAt: "2025-01-01T10:30:00.123Z",
        finishedAt: "2025-01-01T11:02:03.400Z",
        botocove: "1.2.3",
        custom: { a: 1 },
      },
      { roles: ["Other"], regions: ["xx-1"] },
    );
    expect(rows).toEqual([
      ["Command", "run"],
      ["Runs", "/admins/"],
      ["Module", "audit.ts"],
      ["Export", "listUsers"],
      ["Role", "Audit"],
      ["Regions", "eu-west-1 us-east-1"],
      ["Shard", "1/4"],
      ["Started", "2025-01-01 10:00:00 UTC"],
      ["Resumed", "2025-01-01 10:30:00 UTC"],
      ["Finished", "2025-01-01 11:02:03 UTC"],
      ["Duration", "1 h 2 min 3 s"],
      ["botocove", "1.2.3"],
      ["custom", '{"a":1}'],
    ]);
    expect(durationText(4200)).toBe("4.2 s");
    expect(durationText(3_600_000)).toBe("1 h");
  });
});
