import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CoveError,
  cove,
  listTargets,
  type CoveOptions,
  type CoveSession,
} from "../../src/index.js";
import {
  ssoHome,
  startSsoSimulator,
  useSsoEnv,
  validToken,
  type SsoHome,
  type SsoSimulator,
} from "../support/sso.js";

/** What each run does: asks STS who it is, with the session's credentials. */
const whoAmI = async (s: CoveSession) =>
  (await s.client(STSClient).send(new GetCallerIdentityCommand({}))).Arn;

const REGIONS = ["eu-west-1", "us-east-1"];
const base: CoveOptions = {
  identityCenter: { roleName: "ReadOnly", profile: "dev" },
  progress: false,
};

async function rejection(p: Promise<unknown>): Promise<CoveError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(CoveError);
  return e as CoveError;
}

/** The 12-digit account of an assumed-role ARN. */
const accountOf = (arn: unknown) => String(arn).split(":")[4];

describe("IAM Identity Center: a whole login", () => {
  let sim: SsoSimulator;
  let home: SsoHome;
  let restore: () => void;
  beforeAll(async () => {
    // 14 accounts; the login reaches about 3/4 of them, and lacks ReadOnly in about a third:
    // the portal lists them 4 to a page.
    sim = await startSsoSimulator([
      "--accounts",
      "14",
      "--page-size",
      "4",
      "--sso-reach",
      "0.75",
      "--sso-partial",
      "0.35",
      "--sso-roles",
      "ReadOnly,Admin",
    ]);
    home = ssoHome({ profile: "dev", ssoRegion: "eu-central-1", token: validToken() });
    restore = useSsoEnv(home, sim.url);
  });
  afterAll(async () => {
    restore();
    home.remove();
    await sim.close();
  });
  beforeEach(() => sim.resetStats());

  it("runs in every account the login reaches with the permission set, one GetRoleCredentials per account", async () => {
    const { reached, lacking } = sim.login();
    const runnable = reached.filter((id) => !lacking.includes(id));
    expect(lacking.length).toBeGreaterThan(0);
    expect(runnable.length).toBeGreaterThan(4);
    const out = await cove(whoAmI, { ...base, regions: REGIONS })();

    expect(out.FailedAssumeRole).toEqual([]);
    expect(out.Exceptions).toEqual([]);
    const runs = out.Results.map((r) => `${r.Id}/${r.Region}`).sort();
    expect(runs).toEqual(runnable.flatMap((id) => REGIONS.map((r) => `${id}/${r}`)).sort());
    for (const r of out.Results) {
      expect(accountOf(r.Result)).toBe(r.Id); // the credentials are the account's own
      expect(r.Result).toMatch(/:assumed-role\/AWSReservedSSO_ReadOnly_/);
      expect(r).toMatchObject({
        RoleName: "ReadOnly",
        RoleSessionName: "ReadOnly",
        Partition: "aws",
      });
      expect(r.Name).toMatch(/^account-/);
      expect(r.Email).toMatch(/@example\.com$/);
      expect(r).not.toHaveProperty("Arn");
    }
    const stats = await sim.stats();
    expect(stats.calls["sso:GetRoleCredentials"]).toBe(runnable.length); // not one per region
    expect(stats.calls["sso:ListAccounts"]).toBe(Math.ceil(reached.length / 4)); // every page
    expect(stats.calls["sso:ListAccountRoles"]).toBe(reached.length);
    expect(stats.requests.AssumeRole).toBeUndefined();
    // No caller identity of a hub: only the runs' own.
    expect(stats.calls.GetCallerIdentity).toBe(runs.length);
  });

  it("lists the targets and says which reached accounts lack the permission set", async () => {
    const { reached, lacking } = sim.login();
    const plan = await listTargets(base);
    // In the order their permission sets were confirmed.
    expect(plan.accounts.map((a) => a.Id).sort()).toEqual(
      reached.filter((id) => !lacking.includes(id)).sort(),
    );
    expect(plan.identityCenter).toEqual({
      permissionSet: "ReadOnly",
      profile: "dev",
      portalRegion: "eu-central-1",
      withoutPermissionSet: expect.arrayContaining(lacking),
    });
    expect(plan.identityCenter!.withoutPermissionSet).toHaveLength(lacking.length);
    // No region anywhere but the login's: the runs go to the portal region.
    expect(plan.hub).toEqual({ accountId: "", partition: "aws", region: "eu-central-1" });
    expect(plan.regions).toEqual(["eu-central-1"]);
    expect((await sim.stats()).calls["sso:GetRoleCredentials"]).toBeUndefined();
  });

  it("runs explicit ids without listing; one lacking the permission set fails naming it", async () => {
    const { reached, lacking } = sim.login();
    const good = reached.find((id) => !lacking.includes(id))!;
    const without = lacking[0]!;
    const out = await cove(whoAmI, { ...base, targetIds: [good, without], regions: REGIONS })();

    expect(out.Results.map((r) => `${r.Id}/${r.Region}`).sort()).toEqual(
      REGIONS.map((r) => `${good}/${r}`),
    );
    expect(out.FailedAssumeRole.map((r) => `${r.Id}/${r.Region}`).sort()).toEqual(
      REGIONS.map((r) => `${without}/${r}`),
    );
    for (const f of out.FailedAssumeRole) {
      expect(String((f.ExceptionDetails as Error).message)).toContain(
        'no permission set "ReadOnly"',
      );
      expect(((f.ExceptionDetails as Error).cause as Error).name).toBe("ForbiddenException");
      expect(f.RoleName).toBe("ReadOnly");
    }
    const stats = await sim.stats();
    expect(stats.calls["sso:GetRoleCredentials"]).toBe(1);
    expect(stats.errors["sso:GetRoleCredentials"]).toBe(1); // shared by the account's two regions
    expect(stats.calls["sso:ListAccountRoles"]).toBeUndefined();
    expect(stats.calls["sso:ListAccounts"]).toBe(1); // the login checked, nothing listed
  });

  it("ignoreIds, shard and filter select among the login's accounts", async () => {
    const { reached, lacking } = sim.login();
    const runnable = reached.filter((id) => !lacking.includes(id));
    const [ignored, unnamed] = runnable;
    const plan = await listTargets({
      ...base,
      ignoreIds: [ignored!],
      filter: (a) => a.Id !== unnamed && a.Name !== undefined && a.Tags === undefined,
    });
    expect(plan.accounts.map((a) => a.Id).sort()).toEqual(runnable.slice(2).sort());
    const shards = await Promise.all(
      [0, 1].map((index) => listTargets({ ...base, shard: { index, count: 2 } })),
    );
    expect(shards.flatMap((s) => s.accounts.map((a) => a.Id)).sort()).toEqual([...runnable].sort());
  });

  it("OU ids need Organizations, which the login's profile cannot read here: ORGANIZATIONS_UNAVAILABLE before any run", async () => {
    const e = await rejection(listTargets({ ...base, targetIds: ["ou-ex01-abcdefgh"] }));
    expect(e.code).toBe("ORGANIZATIONS_UNAVAILABLE");
    expect(e.message).toContain("IAM Identity Center");
    expect(e.message).toContain("account ids");
    expect((await sim.stats()).calls["sso:GetRoleCredentials"]).toBeUndefined();
  });
});
