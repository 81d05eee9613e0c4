import { describe, expect, it } from "vitest";
import { CoveError } from "../../../src/errors/cove-error.js";
import { resolveOptions } from "../../../src/options/index.js";
import { fails } from "../../support/options.js";

describe("the identityCenter option", () => {
  it("is absent by default: AssumeRole", () => {
    expect(resolveOptions({}).identityCenter).toBeUndefined();
  });

  it("names the permission set in the records' RoleName and RoleSessionName, with no AssumeRole fields", () => {
    const o = resolveOptions({ identityCenter: { roleName: "ReadOnly", profile: "sso" } });
    expect(o.identityCenter).toEqual({ roleName: "ReadOnly", profile: "sso" });
    expect(o.role).toEqual({
      roleName: "ReadOnly",
      roleSessionName: "ReadOnly",
      policy: undefined,
      policyArns: undefined,
      externalId: undefined,
      durationSeconds: undefined,
    });
  });

  it("takes the login's profile from the profile option, and gives the hub the login's profile", () => {
    const fromHub = resolveOptions({ profile: "hub", identityCenter: { roleName: "R" } });
    expect(fromHub.identityCenter!.profile).toBe("hub");
    const own = resolveOptions({ identityCenter: { roleName: "R", profile: "sso" } });
    expect(own.hub.profile).toBe("sso");
    const keys = { accessKeyId: "a", secretAccessKey: "b" };
    const withKeys = resolveOptions({
      credentials: keys,
      identityCenter: { roleName: "R", profile: "sso" },
    });
    expect(withKeys.hub).toMatchObject({ credentials: keys, profile: undefined });
    expect(
      resolveOptions({ identityCenter: { roleName: "R" } }).identityCenter!.profile,
    ).toBeUndefined();
  });

  it("refuses a wrong shape with a TypeError", () => {
    for (const bad of [
      "ReadOnly",
      null,
      [],
      { profile: "x" },
      { roleName: 3 },
      { roleName: "R", profile: 1 },
    ]) {
      const e = fails({ identityCenter: bad });
      expect(e).toBeInstanceOf(TypeError);
      expect(e.message).toContain("identityCenter");
    }
    const extra = fails({ identityCenter: { roleName: "R", role: "x" } });
    expect(extra).toBeInstanceOf(TypeError);
    expect(extra.message).toContain('"role"');
  });

  it("refuses a bad permission set name or an empty profile with INVALID_OPTION", () => {
    for (const [value, option] of [
      [{ roleName: "" }, "identityCenter.roleName"],
      [{ roleName: "Read Only" }, "identityCenter.roleName"],
      [{ roleName: "x".repeat(33) }, "identityCenter.roleName"],
      [{ roleName: "R", profile: "" }, "identityCenter.profile"],
    ] as const) {
      const e = fails({ identityCenter: value });
      expect(e).toBeInstanceOf(CoveError);
      expect(e).toMatchObject({ code: "INVALID_OPTION", option });
    }
  });

  it("refuses the AssumeRole-only options with it, naming them", () => {
    const e = fails({
      identityCenter: { roleName: "R" },
      roleName: "Admin",
      externalId: "xyz123",
      durationSeconds: 3600,
    });
    expect(e).toBeInstanceOf(CoveError);
    expect(e).toMatchObject({ code: "INVALID_OPTION", option: "roleName" });
    expect(e.message).toContain("roleName, externalId, durationSeconds");
    expect(e.message).toContain("identityCenter.roleName");
    for (const key of ["roleSessionName", "policy", "policyArns"]) {
      const value =
        key === "policyArns"
          ? [{ arn: "arn:aws:iam::aws:policy/X" }]
          : key === "policy"
            ? "{}"
            : "ss";
      expect(fails({ identityCenter: { roleName: "R" }, [key]: value })).toMatchObject({
        code: "INVALID_OPTION",
        option: key,
      });
    }
  });
});
