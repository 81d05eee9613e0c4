import { describe, expect, it } from "vitest";
import {
  checkCommand,
  execResultText,
  fillPlaceholders,
  safeName,
  stdoutValue,
} from "../../../../src/cli/exec/command.js";

const INFO = { Id: "111111111111", Region: "eu-west-1", Name: "prod" };

describe("placeholders", () => {
  it("fills {account}, {region} and {name} anywhere in an argument", () => {
    expect(fillPlaceholders("s3://b-{account}-{region}/{name}.csv", INFO)).toBe(
      "s3://b-111111111111-eu-west-1/prod.csv",
    );
    expect(fillPlaceholders("{name}", { ...INFO, Name: undefined })).toBe("");
  });

  it.each([
    ["../../evil", ".._.._evil"],
    ["a\\b", "a_b"],
    ["-rf", "_rf"],
    ["--help", "_-help"],
    ["..", "__"],
    [".", "_"],
    ["nul\u0000here", "nul_here"],
    ["esc\u001b[31m", "esc_[31m"],
    ["rtl\u202efdp.exe", "rtl_fdp.exe"],
    ["fine name-1.x", "fine name-1.x"],
  ])("makes the name %j safe as %j", (name, safe) => {
    expect(safeName(name)).toBe(safe);
    expect(fillPlaceholders("./dl/{name}", { ...INFO, Name: name })).toBe(`./dl/${safe}`);
  });
});

describe("checkCommand", () => {
  it("refuses an empty command and one that is not on PATH", () => {
    expect(() => checkCommand("")).toThrow(/empty/);
    expect(() => checkCommand("  ")).toThrow(/empty/);
    expect(() => checkCommand("no-such-command-cove", { PATH: "/nonexistent" })).toThrow(
      /not found on PATH/,
    );
    expect(() => checkCommand("node")).not.toThrow();
  });
});

describe("--stdout-json", () => {
  it.each([
    ['{"Account": "1"}\n', { Account: "1" }],
    ["  [1, 2]\n\n", [1, 2]],
    ["42\n", 42],
    ["null", null],
  ])("parses one JSON document: %j", (text, value) => {
    expect(stdoutValue(text, true)).toEqual(value);
  });

  it.each([
    ["", "empty output"],
    ["\n", "only a newline"],
    ['{"a": 1}\n{"a": 2}\n', "several documents"],
    ["plain text\n", "text"],
    [
      '{"cut": "off\n[cove: 10 more bytes not kept here; use --out-dir for all of it]',
      "a cut document",
    ],
  ])("keeps the text when it is not one document: %j (%s)", (text) => {
    expect(stdoutValue(text, true)).toBe(text);
  });

  it("keeps the text without the flag", () => {
    expect(stdoutValue('{"a": 1}', false)).toBe('{"a": 1}');
  });

  it("shows a parsed stdout as compact JSON in a cell, text without its last newline", () => {
    expect(execResultText({ exitCode: 0, stdout: { a: [1, "x"] }, stderr: "" })).toBe(
      '{"a":[1,"x"]}',
    );
    expect(execResultText({ exitCode: 0, stdout: "out\n", stderr: "" })).toBe("out");
    expect(execResultText({ exitCode: 0, stdout: null, stderr: "" })).toBe("null");
    expect(execResultText(undefined)).toBe("");
  });
});
