import { describe, expect, it } from "vitest";
import {
  classifyIds,
  idKind,
  normalizeOuPath,
  organizationIdFromArn,
  ouPathMeant,
  partitionFromArn,
} from "../../../src/domain/ids.js";
import { CoveError } from "../../../src/errors/cove-error.js";

function refused(ids: string[]): CoveError {
  try {
    classifyIds(ids, "targetIds");
  } catch (e) {
    return e as CoveError;
  }
  throw new Error(`accepted ${JSON.stringify(ids)}`);
}

describe("idKind", () => {
  it.each([
    ["111111111111", "account"],
    ["ou-ab12-abcdefgh", "ou"],
    ["r-ab12", "root"],
    ["/", "path"],
    ["/Workloads", "path"],
    ["/Workloads/Prod", "path"],
    ["/Workloads/Prod/", "path"],
    ["/Team A/Prod-1 (eu)", "path"],
  ])("%s is a %s", (id, kind) => {
    expect(idKind(id)).toBe(kind);
  });

  it.each([
    "11111111111",
    "1111111111111",
    "ou-AB12-abcdefgh",
    "r-AB12",
    "Workloads/Prod",
    "",
    "//",
    "///",
    "/a//b",
    "//a",
    "/a//",
    "/a/b//",
  ])("%j is none of them", (id) => {
    expect(idKind(id)).toBeUndefined();
  });
});

describe("classifyIds", () => {
  it("splits by kind, drops repeats and trailing slashes of paths", () => {
    expect(
      classifyIds(
        ["111111111111", "/A/B/", "ou-ab12-abcdefgh", "r-ab12", "111111111111", "/", "/A/B"],
        "targetIds",
      ),
    ).toEqual({
      accounts: ["111111111111"],
      ous: ["ou-ab12-abcdefgh"],
      roots: ["r-ab12"],
      paths: ["/A/B", "/", "/A/B"],
    });
  });

  it("refuses // (it is not the root) and empty OU names with INVALID_ID naming the id", () => {
    for (const id of ["//", "/Workloads//Prod", "//Workloads"]) {
      const e = refused(["111111111111", id]);
      expect(e).toBeInstanceOf(CoveError);
      expect(e).toMatchObject({ code: "INVALID_ID", ids: [id], option: "targetIds" });
      expect(e.message).toContain("empty OU name");
      expect(e.message).toContain('the root is "/"');
    }
  });

  it.each([
    ["Workloads", "/Workloads"],
    ["Workloads/Prod", "/Workloads/Prod"],
    ["Workloads/Prod/", "/Workloads/Prod"],
    ["Team A", "/Team A"],
  ])("refuses an OU name without its leading slash, suggesting the path: %j", (id, path) => {
    const e = refused([id]);
    expect(e).toMatchObject({ code: "INVALID_ID", ids: [id], option: "targetIds" });
    expect(e.message).toContain(`did you mean "${path}"?`);
    expect(ouPathMeant(id)).toBe(path);
  });

  it.each(["11111111111", "1111-2222-3333", "ou-x", "r-AB12", "o-abcdefghij", "", " Apps", "a//b"])(
    "suggests no OU path for what reads as a mistyped id or has blank edges: %j",
    (id) => {
      expect(ouPathMeant(id)).toBeUndefined();
      expect(refused([id]).message).not.toContain("did you mean");
    },
  );

  it("refuses other malformed ids with the kinds it accepts", () => {
    const e = refused(["ou-x"]);
    expect(e).toMatchObject({ code: "INVALID_ID", ids: ["ou-x"] });
    expect(e.message).toContain("neither an account id (12 digits)");
  });
});

describe("ARN and path helpers", () => {
  it("normalizes OU paths without touching the root", () => {
    expect(normalizeOuPath("/A/B/")).toBe("/A/B");
    expect(normalizeOuPath("/A")).toBe("/A");
    expect(normalizeOuPath("/")).toBe("/");
  });

  it("reads the organization id and the partition from ARNs", () => {
    const arn = "arn:aws-us-gov:organizations::111111111111:account/o-abcdefghij/222222222222";
    expect(organizationIdFromArn(arn)).toBe("o-abcdefghij");
    expect(organizationIdFromArn("arn:aws:organizations::1:root/o-abcdefghij/r-ab12")).toBe(
      "o-abcdefghij",
    );
    expect(organizationIdFromArn("arn:aws:iam::111111111111:role/x")).toBeUndefined();
    expect(organizationIdFromArn(undefined)).toBeUndefined();
    expect(partitionFromArn(arn)).toBe("aws-us-gov");
    expect(partitionFromArn("arn::iam")).toBeUndefined();
    expect(partitionFromArn("not-an-arn")).toBeUndefined();
  });
});
