import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cove, CoveError, listTargets, type CoveSession } from "../../src/index.js";
import { startTestOrganization, type TestOrganization } from "../../src/testing/index.js";

/** Each run asks STS who it is with the session's credentials: the assumed role's ARN. */
const whoAmI = async (s: CoveSession) =>
  (await s.client(STSClient).send(new GetCallerIdentityCommand({}))).Arn;

const runs = (records: readonly { Id: string; Region: string }[]) =>
  records.map((r) => `${r.Id}/${r.Region}`).sort();

describe("botocove/testing: an organization with missing roles and refusals", () => {
  let org: TestOrganization;
  beforeAll(async () => {
    org = await startTestOrganization({
      accounts: [{ name: "shared", tags: { team: "core" } }],
      ous: [
        {
          name: "Workloads",
          ous: [
            {
              name: "Prod",
              accounts: [
                { name: "shop", id: "111111111111", tags: { env: "prod" } },
                { name: "legacy", roles: ["SomeOtherRole"] },
                { name: "locked", refuse: ["OrganizationAccountAccessRole"] },
              ],
            },
            { name: "Dev", accounts: [{ name: "dev", tags: { env: "dev" } }] },
          ],
        },
        { name: "Closed", accounts: [{ name: "gone", status: "SUSPENDED" }] },
      ],
    });
    org.useEnv();
  });
  afterAll(() => org.stop());
  beforeEach(() => org.resetCalls());

  it("a missing role and a refused one end in FailedAssumeRole; the others run as the role", async () => {
    const { shared, shop, legacy, locked, dev } = org.accounts as Record<string, string>;
    expect(shop).toBe("111111111111");
    const out = await cove(whoAmI, { ...org.options, regions: ["eu-west-1", "us-east-1"] })();

    const both = (ids: string[]) => ids.flatMap((id) => [`${id}/eu-west-1`, `${id}/us-east-1`]);
    expect(runs(out.Results)).toEqual(both([shared!, shop!, dev!]).sort());
    expect(runs(out.FailedAssumeRole)).toEqual(both([legacy!, locked!]).sort());
    expect(out.Exceptions).toEqual([]);
    for (const f of out.FailedAssumeRole) {
      expect((f.ExceptionDetails as Error).name).toBe("AccessDenied");
    }
    for (const r of out.Results) {
      expect(r.Result).toMatch(
        new RegExp(`^arn:aws:sts::${r.Id}:assumed-role/OrganizationAccountAccessRole/`),
      );
    }

    const calls = await org.calls();
    // One AssumeRole per account, whatever the number of regions; the suspended one never tried.
    expect(calls.requests.AssumeRole).toBe(5);
    expect(calls.calls.AssumeRole).toBe(3);
    expect(calls.errors.AssumeRole).toBe(2);
    expect(calls.assumedAccounts).toEqual([shared!, shop!, dev!].sort());
    expect(Object.keys(calls.refused).sort()).toEqual(
      [legacy!, locked!]
        .map((id) => `arn:aws:iam::${id}:role/OrganizationAccountAccessRole`)
        .sort(),
    );
    // Every run's own call: 3 accounts × 2 regions.
    expect(calls.calls.GetCallerIdentity).toBeGreaterThanOrEqual(6);
  });

  it("another role exists where it was declared: the missing-role account runs with it", async () => {
    const { legacy } = org.accounts as Record<string, string>;
    const out = await cove(whoAmI, {
      ...org.options,
      roleName: "SomeOtherRole",
      targetIds: [legacy!],
    })();
    expect(runs(out.Results)).toEqual([`${legacy}/us-east-1`]);
    expect(out.Results[0]?.Result).toContain(`${legacy}:assumed-role/SomeOtherRole/`);
    expect((await org.calls()).assumed).toEqual({
      [`arn:aws:iam::${legacy}:role/SomeOtherRole`]: 1,
    });
  });

  it("selects by OU path: only the accounts under /Workloads/Prod, none of Dev's", async () => {
    const { shop, legacy, locked } = org.accounts as Record<string, string>;
    const out = await cove((s) => s.accountId, {
      ...org.options,
      targetIds: ["/Workloads/Prod"],
    })();
    expect(runs(out.Results)).toEqual([`${shop}/us-east-1`]);
    expect(out.FailedAssumeRole.map((f) => f.Id).sort()).toEqual([legacy, locked].sort());
    const calls = await org.calls();
    expect(calls.requests.AssumeRole).toBe(3);
    expect(calls.calls.ListAccountsForParent).toBeGreaterThan(0);
  });

  it("tags come from the description", async () => {
    const out = await cove((s) => s.accountId, { ...org.options, tags: { env: "dev" } })();
    expect(out.Results.map((r) => r.Id)).toEqual([org.accounts.dev]);
  });

  it("a bad description is a CoveError before anything starts", async () => {
    await expect(startTestOrganization({ accounts: [{ name: "a", id: "12" }] })).rejects.toSatisfy(
      (e) => e instanceof CoveError && e.code === "INVALID_OPTION",
    );
    await expect(
      startTestOrganization({ accounts: [{ name: "a" }, { name: "a" }] }),
    ).rejects.toThrow(/two accounts are named "a"/);
  });
});

describe("botocove/testing: STS throttling", () => {
  it("AssumeRole over 10 requests/s is throttled, retried, and every account still runs", async () => {
    await using org = await startTestOrganization({
      stsRate: 10,
      stsBurst: 2,
      accounts: Array.from({ length: 12 }, (_, i) => ({ name: `acct-${i}` })),
    });
    org.useEnv();
    const out = await cove((s) => s.accountId, { ...org.options, concurrency: 12 })();
    expect(out.FailedAssumeRole).toEqual([]);
    expect(out.Exceptions).toEqual([]);
    expect(out.Results.map((r) => r.Id).sort()).toEqual(Object.values(org.accounts).sort());
    const calls = await org.calls();
    expect(calls.throttled.AssumeRole).toBeGreaterThan(0);
    expect(calls.calls.AssumeRole).toBe(12);
  });

  it("stop() (or await using) undoes useEnv()", async () => {
    const before = process.env.AWS_ENDPOINT_URL;
    {
      await using org = await startTestOrganization();
      org.useEnv();
      expect(process.env.AWS_ENDPOINT_URL).toBe(org.url);
    }
    expect(process.env.AWS_ENDPOINT_URL).toBe(before);
  });
});

describe("botocove/testing: an IAM Identity Center login", () => {
  it("runs where the login has the permission set; the portal's calls are counted", async () => {
    await using org = await startTestOrganization({
      identityCenter: { token: "test-login-token", permissionSets: ["ReadOnly"] },
      accounts: [
        { name: "reader" },
        { name: "admin-only", permissionSets: ["Admin"] },
        { name: "unreached", permissionSets: [] },
      ],
    });
    expect(org.identityCenter?.token).toBe("test-login-token");
    const undo = org.useIdentityCenter("dev");
    try {
      const out = await cove(whoAmI, {
        identityCenter: { roleName: "ReadOnly", profile: "dev" },
        targetIds: [org.accounts.reader!],
        progress: false,
      })();
      expect(runs(out.Results)).toEqual([`${org.accounts.reader}/us-east-1`]);
      expect(out.Results[0]?.Result).toContain(
        `${org.accounts.reader}:assumed-role/AWSReservedSSO_ReadOnly_`,
      );
      const plan = await listTargets({ identityCenter: { roleName: "ReadOnly", profile: "dev" } });
      expect(plan.accounts.map((a) => a.Id)).toEqual([org.accounts.reader]);
      expect(plan.identityCenter?.withoutPermissionSet).toEqual([org.accounts["admin-only"]]);
      const calls = await org.calls();
      expect(calls.calls["sso:GetRoleCredentials"]).toBe(1);
      expect(calls.requests.AssumeRole).toBeUndefined();
    } finally {
      undo();
    }
    expect(process.env.HOME).not.toContain("botocove-test-sso-");
  });
});
