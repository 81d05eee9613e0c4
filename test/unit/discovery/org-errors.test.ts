import { describe, expect, it } from "vitest";
import {
  IDS_IN_MESSAGE,
  listForMessage,
  notFound,
  orgError,
} from "../../../src/discovery/org-errors.js";
import { CoveError } from "../../../src/errors/cove-error.js";
import { awsError } from "./fake-org.js";

const ids = (n: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i));

describe("Organizations errors", () => {
  it("map to TARGET_NOT_FOUND, ORGANIZATIONS_UNAVAILABLE or DISCOVERY_FAILED, keeping the cause", () => {
    const cases: [string, string][] = [
      ["ParentNotFoundException", "TARGET_NOT_FOUND"],
      ["OrganizationalUnitNotFoundException", "TARGET_NOT_FOUND"],
      ["AccessDeniedException", "ORGANIZATIONS_UNAVAILABLE"],
      ["AWSOrganizationsNotInUseException", "ORGANIZATIONS_UNAVAILABLE"],
      ["TimeoutError", "DISCOVERY_FAILED"],
      ["ServiceException", "DISCOVERY_FAILED"],
    ];
    for (const [name, code] of cases) {
      const cause = awsError(name);
      const e = orgError(cause, ["ou-ab12-aaaaaaaa"], "OU") as CoveError;
      expect(e, name).toMatchObject({ code, ids: ["ou-ab12-aaaaaaaa"] });
      expect(e.cause).toBe(cause);
    }
    const own = new CoveError("INVALID_ID", "x");
    expect(orgError(own, [], "OU")).toBe(own);
  });

  it("name no more than the first ids in a message; the error keeps them all", () => {
    expect(listForMessage(["a", "b"])).toBe("a, b");
    const many = ids(100_000);
    const listed = listForMessage(many);
    expect(listed).toContain(many[IDS_IN_MESSAGE - 1]);
    expect(listed).not.toContain(many[IDS_IN_MESSAGE]);
    expect(listed).toMatch(/… and 99990 more$/);
    for (const e of [
      notFound("OU path", many, "targetIds"),
      orgError(awsError("ParentNotFoundException"), many, "OU") as CoveError,
      orgError(awsError("ServiceException"), many, "account") as CoveError,
    ]) {
      expect(e.message.length).toBeLessThan(400);
      expect(e.ids).toHaveLength(100_000);
    }
  });

  it("say what failed without a dangling space when no id is named", () => {
    const e = orgError(awsError("ServiceException"), [], "the organization") as CoveError;
    expect(e.message).toBe("Listing the organization failed: ServiceException: ServiceException");
  });
});
