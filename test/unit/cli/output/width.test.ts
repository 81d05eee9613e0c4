import { describe, expect, it } from "vitest";
import { displayWidth, fitWidth, padToWidth } from "../../../../src/cli/output/width.js";

describe("displayWidth", () => {
  it("counts terminal columns: wide East Asian characters and emoji two, combining marks none", () => {
    expect(displayWidth("prod-01")).toBe(7);
    expect(displayWidth("本番")).toBe(4);
    expect(displayWidth("ｐｒｏｄ")).toBe(8); // fullwidth Latin
    expect(displayWidth("한국어")).toBe(6);
    expect(displayWidth("カタカナ")).toBe(8);
    expect(displayWidth("🚀")).toBe(2);
    expect(displayWidth("👨‍👩‍👧")).toBe(2); // one family emoji joined with ZWJ
    expect(displayWidth("🇯🇵")).toBe(2); // a flag
    expect(displayWidth("❤️")).toBe(2); // a pictograph asked for as emoji
    expect(displayWidth("cafe\u0301")).toBe(4); // e + combining acute accent
    expect(displayWidth("a\u200bb")).toBe(2); // zero-width space
    expect(displayWidth("αβγ→")).toBe(4);
  });
});

describe("fitWidth and padToWidth", () => {
  it("cut at a column count with an ellipsis, never inside a character", () => {
    expect(fitWidth("本番環境", 8)).toBe("本番環境");
    expect(fitWidth("本番環境", 7)).toBe("本番環…");
    expect(fitWidth("本番環境", 6)).toBe("本番…");
    expect(fitWidth("👨‍👩‍👧👨‍👩‍👧", 3)).toBe("👨‍👩‍👧…");
    expect(fitWidth("abc", 1)).toBe("a");
    expect(padToWidth("本番", 6)).toBe("本番  ");
    expect(padToWidth("abc", 2)).toBe("abc");
  });
});
