import { describe, expect, it } from "vitest";
import { colourWanted, palette, PLAIN } from "../../../../src/cli/output/colour.js";

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe("colourWanted", () => {
  it("colours a terminal, not a pipe, nor a dumb terminal", () => {
    expect(colourWanted(tty, {})).toBe(true);
    expect(colourWanted(pipe, {})).toBe(false);
    expect(colourWanted({}, {})).toBe(false);
    expect(colourWanted(tty, { TERM: "dumb" })).toBe(false);
  });

  it("NO_COLOR with any non-empty value turns colour off, even with FORCE_COLOR", () => {
    for (const value of ["1", "0", "true", "anything"])
      expect(colourWanted(tty, { NO_COLOR: value })).toBe(false);
    expect(colourWanted(tty, { NO_COLOR: "1", FORCE_COLOR: "1" })).toBe(false);
    // Empty is unset (no-color.org).
    expect(colourWanted(tty, { NO_COLOR: "" })).toBe(true);
  });

  it("FORCE_COLOR colours a pipe, except 0 or false, which turn it off on a terminal too", () => {
    for (const value of ["1", "2", "3", "true", ""])
      expect(colourWanted(pipe, { FORCE_COLOR: value })).toBe(true);
    for (const value of ["0", "false", "FALSE"]) {
      expect(colourWanted(pipe, { FORCE_COLOR: value })).toBe(false);
      expect(colourWanted(tty, { FORCE_COLOR: value })).toBe(false);
    }
  });

  it("CLICOLOR_FORCE (as gh reads it) colours a pipe unless 0 or empty", () => {
    expect(colourWanted(pipe, { CLICOLOR_FORCE: "1" })).toBe(true);
    expect(colourWanted(pipe, { CLICOLOR_FORCE: "0" })).toBe(false);
    expect(colourWanted(pipe, { CLICOLOR_FORCE: "" })).toBe(false);
  });
});

describe("palette", () => {
  it("wraps text in SGR codes that reset only what they set; off, it changes nothing", () => {
    const on = palette(true);
    expect(on.red("x")).toBe("\u001b[31mx\u001b[39m");
    expect(on.bold("x")).toBe("\u001b[1mx\u001b[22m");
    expect(on.green("")).toBe("");
    expect(palette(false)).toBe(PLAIN);
    expect(PLAIN.yellow("x")).toBe("x");
  });
});
