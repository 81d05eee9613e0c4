import { describe, expect, it } from "vitest";
import { childPath, resolveOuPaths } from "../../../src/discovery/ou-paths.js";
import { classifyIds } from "../../../src/domain/ids.js";
import { CoveError } from "../../../src/errors/cove-error.js";

const paths = new Map([
  ["r-root", "/"],
  ["ou-w", "/Workloads"],
  ["ou-p", "/Workloads/Prod"],
]);

describe("OU paths", () => {
  it("builds child paths from the root", () => {
    expect(childPath("/", "A")).toBe("/A");
    expect(childPath("/A", "B")).toBe("/A/B");
  });

  it("replaces paths by the ids they name, roots as roots, and leaves the input alone", () => {
    const ids = classifyIds(["/Workloads/Prod/", "/", "ou-ab12-cccccccc"], "targetIds");
    const resolved = resolveOuPaths(ids, paths, "targetIds");
    expect(resolved).toEqual({
      accounts: [],
      ous: ["ou-ab12-cccccccc", "ou-p"],
      roots: ["r-root"],
      paths: [],
    });
    expect(ids.paths).toEqual(["/Workloads/Prod", "/"]);
    expect(ids.ous).toEqual(["ou-ab12-cccccccc"]);
  });

  it("refuses a path that names nothing, naming it and the option", () => {
    const ids = classifyIds(["/Workloads", "/Workloads/Prdo"], "ignoreIds");
    const e = (() => {
      try {
        resolveOuPaths(ids, paths, "ignoreIds");
      } catch (x) {
        return x;
      }
    })() as CoveError;
    expect(e).toBeInstanceOf(CoveError);
    expect(e).toMatchObject({
      code: "TARGET_NOT_FOUND",
      ids: ["/Workloads/Prdo"],
      option: "ignoreIds",
    });
    expect(e.message).toContain("/Workloads/Prdo");
  });
});
