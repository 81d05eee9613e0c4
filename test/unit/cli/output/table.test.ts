import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { palette } from "../../../../src/cli/output/colour.js";
import { renderTable } from "../../../../src/cli/output/table.js";

const lines = (text: string) => text.trimEnd().split("\n");

describe("renderTable", () => {
  it("aligns columns under their headers with a rule line", () => {
    const out = renderTable(
      ["Id", "Name", "Region"],
      [
        ["111111111111", "prod", "eu-west-1"],
        ["222222222222", "a-longer-name", "us-east-1"],
      ],
    );
    expect(lines(out)).toEqual([
      "  Id            Name           Region",
      "  ------------  -------------  ---------",
      "  111111111111  prod           eu-west-1",
      "  222222222222  a-longer-name  us-east-1",
    ]);
  });

  it("aligns CJK names and emoji by their terminal width (two columns each), not their length", () => {
    const out = lines(
      renderTable(
        ["Name", "Region"],
        [
          ["本番環境", "eu-west-1"],
          ["prod 🚀", "us-east-1"],
          ["café", "ap-south-1"],
        ],
      ),
    );
    expect(out).toEqual([
      "  Name      Region",
      "  --------  ----------",
      "  本番環境  eu-west-1",
      "  prod 🚀   us-east-1",
      "  café      ap-south-1",
    ]);
  });

  it("cuts a wide cell to its column's width, never splitting a character", () => {
    const [, , row] = lines(renderTable(["A", "B"], [["漢".repeat(30), "b"]]));
    // 40 columns: 19 ideographs (38 columns) and the ellipsis, padded to 40.
    expect(row).toBe(`  ${"漢".repeat(19)}…   b`);
  });

  it("cuts long cells of inner columns at 40 characters with an ellipsis", () => {
    const long = "x".repeat(60);
    const [, , row] = lines(renderTable(["A", "B"], [[long, "b"]]));
    expect(row).toBe(`  ${"x".repeat(39)}…  b`);
  });

  it("gives the last column what is left of the width, and at least 20 characters", () => {
    const long = "y".repeat(200);
    const [, , row] = lines(renderTable(["A", "Result"], [["a", long]], 50));
    expect(row).toBe(`  a  ${"y".repeat(44)}…`);
    const [, , narrow] = lines(renderTable(["A", "Result"], [["a", long]], 10));
    expect(narrow).toBe(`  a  ${"y".repeat(19)}…`);
  });

  it("keeps each row on one line: line breaks become a visible ⏎", () => {
    const [, , row] = lines(renderTable(["A", "B"], [["one\ntwo", "three\r\nfour"]]));
    expect(row).toBe("  one ⏎ two  three ⏎ four");
  });

  it("shows control, escape and bidirectional characters as escapes instead of sending them", () => {
    const hostile = "evil\u001b[2J\u202egnp\u0007\ttab\rcr\u0085";
    const [, , row] = lines(renderTable(["Name", "Region"], [[hostile, "eu-west-1"]]));
    expect(row).toBe("  evil\\x1b[2J\\u202egnp\\x07\\ttab\\rcr\\x85  eu-west-1");
    // eslint-disable-next-line no-control-regex -- no control character may reach the terminal
    expect(row).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it("measures columns after escaping, so escaped cells are not cut short", () => {
    const [, , row] = lines(renderTable(["A", "B"], [["a\u001bb", "c"]]));
    expect(row).toBe("  a\\x1bb  c");
  });

  it("renders 129,600 rows (no argument spreading over the rows)", () => {
    const rows = Array.from({ length: 129_600 }, (_, i) => [String(i), "name", "eu-west-1"]);
    const out = renderTable(["Id", "Name", "Region"], rows);
    expect(out.split("\n")).toHaveLength(129_600 + 3);
  });

  it("styles are applied to fitted cells: without their codes, the table is the plain one", () => {
    const colours = palette(true);
    const rows = [
      ["111111111111", "prod", "x".repeat(90)],
      ["222222222222", "a-longer-name", "short"],
      ["333333333333", "blank", ""],
    ];
    const style = { header: colours.bold, rule: colours.dim, lastColumn: colours.red };
    const styled = renderTable(["Id", "Name", "Error"], rows, 60, style);
    const plain = renderTable(["Id", "Name", "Error"], rows, 60);
    expect(styled).not.toBe(plain);
    expect(stripVTControlCharacters(styled)).toBe(plain);
    const [header, rule, cut, short, blank] = lines(styled);
    expect(header).toBe("\u001b[1m  Id            Name           Error\u001b[22m");
    const dashes = ["-".repeat(12), "-".repeat(13), "-".repeat(29)];
    expect(rule).toBe(`\u001b[2m  ${dashes.join("  ")}\u001b[22m`);
    // Only the last cell is painted, after it was cut to its column.
    expect(cut).toBe(`  111111111111  prod           \u001b[31m${"x".repeat(28)}…\u001b[39m`);
    expect(short).toBe("  222222222222  a-longer-name  \u001b[31mshort\u001b[39m");
    expect(blank).toBe("  333333333333  blank");
  });
});
