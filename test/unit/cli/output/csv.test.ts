import { describe, expect, it } from "vitest";
import { csvField, csvLine } from "../../../../src/cli/output/csv.js";

describe("csv", () => {
  it("leaves plain fields bare", () => {
    expect(csvLine(["a", "b c", "111111111111"])).toBe("a,b c,111111111111\n");
  });

  it("quotes fields with commas, quotes, line breaks or surrounding spaces, doubling quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
    expect(csvField(" padded ")).toBe('" padded "');
  });
});
