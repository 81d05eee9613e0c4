import { describe, expect, it } from "vitest";
import { checkCommand, fillPlaceholders, safeName } from "../../../../src/cli/exec/command.js";

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
    expect(() => checkCommand("", process.env)).toThrow(/empty/);
    expect(() => checkCommand("  ", process.env)).toThrow(/empty/);
    expect(() => checkCommand("no-such-command-cove", { PATH: "/nonexistent" })).toThrow(
      /not found on PATH/,
    );
    expect(() => checkCommand("node", process.env)).not.toThrow();
  });
});
