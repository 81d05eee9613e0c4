import { describe, expect, it } from "vitest";
import { ndjsonLine, parseLine } from "../../../src/cli/ndjson.js";

/** An NDJSON record line. */
function rec(list: string, id: string, region: string, extra: Record<string, unknown> = {}) {
  const base = { List: list, Id: id, Name: `n-${id}`, Region: region, ...extra };
  if (list === "Results") return JSON.stringify({ Result: `ok ${id} ${region}`, ...base });
  return JSON.stringify({
    ExceptionDetails: { name: "AccessDenied", message: `no ${id}`, code: "AccessDenied" },
    ...base,
  });
}

describe("ndjsonLine", () => {
  it("puts the list first, and reads back as the same record", () => {
    const json = JSON.stringify({ Id: "111111111111", Region: "eu-west-1", Result: [1] });
    const line = ndjsonLine("Results", json);
    expect(line).toBe('{"List":"Results","Id":"111111111111","Region":"eu-west-1","Result":[1]}');
    expect(parseLine(line)).toEqual({ kind: "record", list: "Results", record: JSON.parse(json) });
    expect(ndjsonLine("Exceptions", "{}")).toBe('{"List":"Exceptions"}');
  });
});

describe("parseLine", () => {
  it("tells records, headers, blank lines and malformed lines apart, with the reason", () => {
    expect(parseLine(rec("Results", "111111111111", "eu-west-1"))).toMatchObject({
      kind: "record",
      list: "Results",
      record: { Id: "111111111111", Region: "eu-west-1", Result: "ok 111111111111 eu-west-1" },
    });
    const record = parseLine(rec("Exceptions", "1", "r"));
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
});
