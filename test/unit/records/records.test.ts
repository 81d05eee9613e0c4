import { describe, expect, it } from "vitest";
import { collect, emptyOutput, toEvent } from "../../../src/records/records.js";
import type { SessionInformation } from "../../../src/types.js";

function info(overrides: Partial<SessionInformation> = {}): SessionInformation {
  return {
    Id: "111111111111",
    Name: undefined,
    Email: undefined,
    Arn: undefined,
    Status: undefined,
    State: undefined,
    OrganizationId: undefined,
    Region: "eu-west-1",
    Partition: "aws",
    RoleName: "R",
    RoleSessionName: "R",
    Policy: undefined,
    PolicyArns: undefined,
    ExternalId: undefined,
    AssumeRoleSuccess: true,
    Result: undefined,
    ExceptionDetails: undefined,
    Tags: undefined,
    OuPath: undefined,
    ...overrides,
  };
}

describe("toEvent", () => {
  it("files a result into Results without undefined keys, in the contract's key order", () => {
    const event = toEvent(info({ Name: "dev", Result: 0, ExceptionDetails: "stale" }), "result");
    expect(event.list).toBe("Results");
    expect(Object.keys(event.record)).toEqual([
      "Id",
      "Name",
      "Region",
      "Partition",
      "RoleName",
      "RoleSessionName",
      "AssumeRoleSuccess",
      "Result",
    ]);
    expect(event.record).toMatchObject({ Result: 0 });
  });

  it("carries every known key, in record order, in all three lists", () => {
    const known = info({
      Name: "dev",
      Email: "dev@example.com",
      Arn: "arn:aws:organizations::999999999999:account/o-abc/111111111111",
      Status: "ACTIVE",
      State: "ACTIVE",
      OrganizationId: "o-abc",
      OuPath: "/Workloads",
      Tags: { team: "a" },
      Policy: "{}",
      PolicyArns: [{ arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }],
      ExternalId: "x",
      Result: 1,
      ExceptionDetails: "e",
    });
    const base = [
      "Id",
      "Name",
      "Email",
      "Arn",
      "Status",
      "State",
      "OrganizationId",
      "OuPath",
      "Tags",
      "Region",
      "Partition",
      "RoleName",
      "RoleSessionName",
      "Policy",
      "PolicyArns",
      "ExternalId",
    ];
    expect(Object.keys(toEvent(known, "result").record)).toEqual([
      ...base,
      "AssumeRoleSuccess",
      "Result",
    ]);
    for (const assumed of [true, false]) {
      const event = toEvent({ ...known, AssumeRoleSuccess: assumed }, "exception");
      expect(event.list).toBe(assumed ? "Exceptions" : "FailedAssumeRole");
      expect(Object.keys(event.record)).toEqual([...base, "AssumeRoleSuccess", "ExceptionDetails"]);
      expect(event.record).toMatchObject({ Tags: { team: "a" }, OuPath: "/Workloads" });
    }
  });

  it("keeps a null result and leaves an undefined one out", () => {
    expect(toEvent(info({ Result: null }), "result").record).toHaveProperty("Result", null);
    expect(toEvent(info(), "result").record).not.toHaveProperty("Result");
  });

  it("files a failure after the role was assumed into Exceptions, with the thrown value itself", () => {
    const thrown = new Error("boom");
    const event = toEvent(info({ Result: "partial", ExceptionDetails: thrown }), "exception");
    expect(event.list).toBe("Exceptions");
    expect(event.record).not.toHaveProperty("Result");
    expect((event.record as { ExceptionDetails: unknown }).ExceptionDetails).toBe(thrown);
  });

  it("files a failure to assume the role into FailedAssumeRole", () => {
    const event = toEvent(
      info({ AssumeRoleSuccess: false, ExceptionDetails: "denied" }),
      "exception",
    );
    expect(event.list).toBe("FailedAssumeRole");
    expect(event.record).toMatchObject({ AssumeRoleSuccess: false, ExceptionDetails: "denied" });
  });
});

describe("collect", () => {
  it("appends each record to its list, in arrival order", () => {
    const output = emptyOutput<unknown>();
    collect(output, toEvent(info({ Result: 1 }), "result"));
    collect(output, toEvent(info({ ExceptionDetails: "x" }), "exception"));
    collect(output, toEvent(info({ Result: 2 }), "result"));
    expect(output.Results.map((r) => r.Result)).toEqual([1, 2]);
    expect(output.Exceptions).toHaveLength(1);
    expect(output.FailedAssumeRole).toEqual([]);
  });
});
