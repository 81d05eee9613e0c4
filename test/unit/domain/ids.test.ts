import { describe, expect, it } from "vitest";
import { classifyIds, idKind } from "../../../src/domain/ids.js";
import { CoveError } from "../../../src/errors/cove-error.js";

describe("OU path syntax", () => {
  it("accepts the root, paths of names and one trailing slash", () => {
    for (const p of ["/", "/a", "/a/", "/a/b", "/Workloads/Prod/", "/../x", "/a\u202Eb/\tc"]) {
      expect(idKind(p), p).toBe("path");
    }
  });

  it("refuses empty names (`//` is not the whole organization) with INVALID_ID", () => {
    for (const p of ["//", "///", "//a", "/a//b", "/a//", "/a/b//"]) {
      expect(idKind(p), p).toBeUndefined();
      const e = (() => {
        try {
          classifyIds([p], "targetIds");
        } catch (x) {
          return x;
        }
      })() as CoveError;
      expect(e, p).toBeInstanceOf(CoveError);
      expect(e).toMatchObject({ code: "INVALID_ID", ids: [p], option: "targetIds" });
    }
  });

  it("normalizes a trailing slash away, the root staying `/`", () => {
    expect(classifyIds(["/a/b/", "/"], "ignoreIds").paths).toEqual(["/a/b", "/"]);
  });
});
