import { describe, expect, it } from "vitest";
import { CoveError } from "../../../src/errors/cove-error.js";

describe("CoveError", () => {
  it("carries its code, ids, option and cause, and is an Error named CoveError", () => {
    const cause = Object.assign(new Error("denied"), { name: "AccessDeniedException" });
    const e = new CoveError("TARGET_NOT_FOUND", "no such OU", {
      ids: ["ou-ab12-abcdefgh"],
      option: "targetIds",
      cause,
    });
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(CoveError);
    expect(e.name).toBe("CoveError");
    expect(e.message).toBe("no such OU");
    expect(e).toMatchObject({ code: "TARGET_NOT_FOUND", ids: ["ou-ab12-abcdefgh"] });
    expect(e.option).toBe("targetIds");
    expect(e.cause).toBe(cause);
    expect(e.output).toBeUndefined();
    expect(String(e)).toBe("CoveError: no such OU");
  });

  it("leaves cause, ids and option unset when not given (no own cause key)", () => {
    const e = new CoveError("NO_REGION", "no region");
    expect(Object.hasOwn(e, "cause")).toBe(false);
    expect(e.ids).toBeUndefined();
    expect(e.option).toBeUndefined();
  });
});
