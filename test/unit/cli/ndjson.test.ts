import { describe, expect, it } from "vitest";
import { ndjsonLine, parseLine } from "../../../src/cli/ndjson.js";

describe("ndjsonLine", () => {
  it("puts the list first, and reads back as the same record", () => {
    const json = JSON.stringify({ Id: "111111111111", Region: "eu-west-1", Result: [1] });
    const line = ndjsonLine("Results", json);
    expect(line).toBe('{"List":"Results","Id":"111111111111","Region":"eu-west-1","Result":[1]}');
    expect(parseLine(line)).toEqual({ kind: "record", list: "Results", record: JSON.parse(json) });
    expect(ndjsonLine("Exceptions", "{}")).toBe('{"List":"Exceptions"}');
  });
});
