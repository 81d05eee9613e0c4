import { describe, expect, it } from "vitest";
import { emptyIdentityCenterSelection } from "../../../../src/access/identity-center/selection.js";

describe("emptyIdentityCenterSelection", () => {
  it("NO_ELIGIBLE_ACCOUNTS for a login names the missing permission set when it left everything out", () => {
    const none = emptyIdentityCenterSelection(
      { eligible: 2, selected: 0, withoutAccess: ["a", "b"] },
      undefined,
      "ReadOnly",
    );
    expect(none?.message).toContain('permission set "ReadOnly" in none of the 2');
    const filtered = emptyIdentityCenterSelection(
      { eligible: 2, selected: 0, withoutAccess: ["a"] },
      undefined,
      "ReadOnly",
    );
    expect(filtered?.message).toMatch(/tags and filter/);
    expect(
      emptyIdentityCenterSelection({ eligible: 0, selected: 0 }, undefined, "ReadOnly")?.message,
    ).toMatch(/Identity Center login/);
    expect(
      emptyIdentityCenterSelection(
        { eligible: 2, selected: 1, withoutAccess: ["a"] },
        undefined,
        "R",
      ),
    ).toBeUndefined();
  });
});
