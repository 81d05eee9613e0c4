import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  CoveError,
  cove,
  listTargets,
  type CoveOptions,
  type CoveSession,
  type HubEvent,
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

  it("onHub hears no calling account and reads no organization with a login", async () => {
    const heard: HubEvent[] = [];
    await listTargets({ ...base, onHub: (hub) => void heard.push(hub) });
    expect(heard).toEqual([
      {
        accountId: undefined,
        arn: undefined,
        partition: "aws",
        region: "eu-central-1",
        organizationId: undefined,
      },
    ]);
    expect((await sim.stats()).requests.DescribeOrganization).toBeUndefined();
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

/** A simulator and a login for one test; undone after it. */
function useLogin(flags: string[], spec: Parameters<typeof ssoHome>[0]) {
  const ctx = {} as { sim: SsoSimulator; home: SsoHome; restore: () => void };
  beforeEach(async () => {
    ctx.sim = await startSsoSimulator(flags);
    ctx.home = ssoHome(spec);
    ctx.restore = useSsoEnv(ctx.home, ctx.sim.url);
  });
  afterEach(async () => {
    ctx.restore();
    ctx.home.remove();
    await ctx.sim.close();
  });
  return ctx;
}

/** Requests the simulator got for the portal or for a run: none may come before the login is checked. */
const portalOrRunRequests = (stats: { requests: Record<string, number> }) =>
  Object.keys(stats.requests).filter(
    (k) => k.startsWith("sso:") || k === "GetCallerIdentity" || k === "AssumeRole",
  );

describe("IAM Identity Center: the login's token", () => {
  const expired = { accessToken: "old", expiresAt: new Date(Date.now() - 60_000) };
  const ctx = useLogin(["--accounts", "3"], { profile: "dev" });

  it("an expired token: SSO_LOGIN_REQUIRED naming `aws sso login --profile dev`, before any portal or run call", async () => {
    ctx.home.writeToken(expired);
    let ran = 0;
    const e = await rejection(cove(() => ran++, base)());
    expect(e.code).toBe("SSO_LOGIN_REQUIRED");
    expect(e.message).toContain("aws sso login --profile dev");
    expect(ran).toBe(0);
    expect((await ctx.sim.stats()).totals.requests).toBe(0);
  });

  it("an expired token the SDK cannot refresh: the same, after the SDK's own refresh attempt", async () => {
    ctx.home.writeToken({ ...expired, refreshable: true });
    const e = await rejection(listTargets(base));
    expect(e.code).toBe("SSO_LOGIN_REQUIRED");
    expect(e.message).toContain("aws sso login --profile dev");
    expect(portalOrRunRequests(await ctx.sim.stats())).toEqual([]);
  });

  it("no cached token at all: SSO_LOGIN_REQUIRED; the profile comes from AWS_PROFILE by default", async () => {
    process.env.AWS_PROFILE = "dev";
    const e = await rejection(listTargets({ identityCenter: { roleName: "ReadOnly" } }));
    expect(e.code).toBe("SSO_LOGIN_REQUIRED");
    expect(e.message).toContain("aws sso login --profile dev");
    expect((await ctx.sim.stats()).totals.requests).toBe(0);
  });

  it("a profile without Identity Center settings: INVALID_OPTION saying how to set one up", async () => {
    const e = await rejection(
      listTargets({ identityCenter: { roleName: "ReadOnly", profile: "nope" } }),
    );
    expect(e.code).toBe("INVALID_OPTION");
    expect(e.message).toContain('profile "nope"');
    expect(e.message).toContain("aws configure sso");
  });

  it("a token the portal refuses (401) at the first listing: SSO_LOGIN_REQUIRED before any run", async () => {
    ctx.home.writeToken({
      accessToken: "revoked-elsewhere",
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    let ran = 0;
    const e = await rejection(cove(() => ran++, base)());
    expect(e.code).toBe("SSO_LOGIN_REQUIRED");
    expect(e.message).toContain("aws sso login --profile dev");
    expect(ran).toBe(0);
    expect((await ctx.sim.stats()).calls["sso:GetRoleCredentials"]).toBeUndefined();
  });
});

describe("IAM Identity Center: a legacy profile (sso_start_url and sso_region in the profile)", () => {
  const ctx = useLogin(["--accounts", "5"], {
    profile: "old",
    style: "legacy",
    ssoRegion: "us-west-2",
    region: "eu-west-1",
    token: validToken(),
  });
  const legacy: CoveOptions = {
    identityCenter: { roleName: "Admin", profile: "old" },
    progress: false,
  };

  it("reads the token cached under the start URL and runs in the profile's region", async () => {
    const out = await cove(whoAmI, legacy)();
    expect(out.Results.map((r) => r.Id).sort()).toEqual([...ctx.sim.login().reached].sort());
    expect(out.Results.every((r) => r.Region === "eu-west-1" && accountOf(r.Result) === r.Id)).toBe(
      true,
    );
    expect(out.Results[0]!.Result).toMatch(/AWSReservedSSO_Admin_/);
  });

  it("an expired legacy token: SSO_LOGIN_REQUIRED before any call", async () => {
    ctx.home.writeToken({ accessToken: "x", expiresAt: new Date(Date.now() - 1000) });
    const e = await rejection(cove(whoAmI, legacy)());
    expect(e.code).toBe("SSO_LOGIN_REQUIRED");
    expect(e.message).toContain("aws sso login --profile old");
    expect((await ctx.sim.stats()).totals.requests).toBe(0);
  });
});

describe("IAM Identity Center: the login ends mid-run (401)", () => {
  const ctx = useLogin(["--accounts", "4", "--page-size", "20"], {
    profile: "dev",
    token: validToken(),
  });
  const revokeAfter = (n: number) =>
    fetch(`${ctx.sim.url}/_sso/revoke?after=${n}`, { method: "POST" });

  it("accounts not yet started fail with SSO_LOGIN_REQUIRED; the portal is not asked again", async () => {
    const [a, b, c] = ctx.sim.login().reached;
    await revokeAfter(2); // the login check, then the first account's credentials
    const out = await cove(whoAmI, { ...base, targetIds: [a!, b!, c!], concurrency: 1 })();
    expect(out.Results.map((r) => r.Id)).toEqual([a]);
    expect(out.FailedAssumeRole.map((r) => r.Id).sort()).toEqual([b, c].sort());
    for (const f of out.FailedAssumeRole) {
      expect(f.ExceptionDetails).toBeInstanceOf(CoveError);
      expect((f.ExceptionDetails as CoveError).code).toBe("SSO_LOGIN_REQUIRED");
      expect((f.ExceptionDetails as CoveError).message).toContain("aws sso login --profile dev");
    }
    const stats = await ctx.sim.stats();
    expect(stats.errors["sso:GetRoleCredentials"]).toBe(1);
    expect(stats.requests["sso:GetRoleCredentials"]).toBe(2);
  });

  it("a listing refused part-way rejects the call with SSO_LOGIN_REQUIRED, and nothing runs", async () => {
    await revokeAfter(1); // the first ListAccounts page, then the permission sets are refused
    let ran = 0;
    const e = await rejection(cove(() => ran++, base)());
    expect(e.code).toBe("SSO_LOGIN_REQUIRED");
    expect(ran).toBe(0);
  });
});

describe("IAM Identity Center: a throttling storm at the portal", () => {
  const ctx = useLogin(
    ["--accounts", "40", "--sso-rate", "20", "--sso-burst", "2", "--latency", "1-3"],
    { profile: "dev", token: validToken() },
  );

  it("retries every 429 through the fleet rate limiter: nothing lost, one GetRoleCredentials per account", async () => {
    const { reached } = ctx.sim.login();
    expect(reached).toHaveLength(40);
    const out = await cove(whoAmI, { ...base, regions: REGIONS, concurrency: 40 })();
    expect(out.FailedAssumeRole).toEqual([]);
    expect(out.Exceptions).toEqual([]);
    expect(out.Results.map((r) => `${r.Id}/${r.Region}`).sort()).toEqual(
      reached.flatMap((id) => REGIONS.map((r) => `${id}/${r}`)).sort(),
    );
    const stats = await ctx.sim.stats();
    const throttled = Object.entries(stats.throttled).filter(([k]) => k.startsWith("sso:"));
    expect(throttled.reduce((n, [, v]) => n + v, 0)).toBeGreaterThan(10);
    expect(stats.calls["sso:GetRoleCredentials"]).toBe(40);
    expect(stats.calls["sso:ListAccountRoles"]).toBe(40);
  }, 120_000);
});

describe("IAM Identity Center: short-lived role credentials", () => {
  const ctx = useLogin(["--accounts", "2", "--sso-lifetime", "2"], {
    profile: "dev",
    token: validToken(),
  });

  it("are fetched again (GetRoleCredentials) when a long run outlives half their lifetime", async () => {
    // Only the clock is fake (the library and the simulator read it): each run moves it past
    // half of the 2 s lifetime between its two calls.
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.now();
    const keys = async (s: CoveSession) => {
      const before = (await s.credentials()).accessKeyId;
      const first = await whoAmI(s);
      vi.setSystemTime(start + 1600);
      const second = await whoAmI(s);
      return { changed: (await s.credentials()).accessKeyId !== before, first, second };
    };
    const out = await cove(keys, base)().finally(() => vi.useRealTimers());
    expect(out.Exceptions).toEqual([]);
    expect(out.Results).toHaveLength(2);
    for (const r of out.Results) {
      expect(r.Result.changed).toBe(true);
      expect(accountOf(r.Result.second)).toBe(r.Id);
    }
    expect((await ctx.sim.stats()).calls["sso:GetRoleCredentials"]).toBeGreaterThanOrEqual(4);
  });
});

describe("IAM Identity Center: OUs and tags through Organizations", () => {
  // A full SSO profile: the hub's own credentials come from the SDK's SSO provider (the
  // management account is a member, reached with Admin).
  const ctx = useLogin(
    ["--accounts", "24", "--with-management", "--ous", "3", "--depth", "1", "--sso-partial", "0.3"],
    {
      profile: "dev",
      token: validToken(),
      extra: { sso_account_id: "123456789012", sso_role_name: "Admin" },
    },
  );
  const org = () => ctx.sim.sim.org;

  it("tags select among the accounts with the permission set", async () => {
    const { reached, lacking } = ctx.sim.login();
    const prod = (id: string) =>
      org()
        .tags.get(id)
        ?.some((t) => t.Key === "env" && t.Value === "prod");
    const plan = await listTargets({ ...base, tags: { env: "prod" } });
    const want = reached.filter((id) => prod(id) && !lacking.includes(id));
    expect(want.length).toBeGreaterThan(0);
    expect(plan.accounts.map((a) => a.Id).sort()).toEqual(want.sort());
    expect(plan.accounts.every((a) => a.Tags?.env === "prod")).toBe(true);
  });

  it("an OU's accounts are checked for the permission set like the login's listing", async () => {
    const { lacking } = ctx.sim.login();
    const ou = org().ous.find((o) =>
      (org().childAccounts.get(o.Id) ?? []).slice(1).some((id) => lacking.includes(id)),
    )!;
    const inOu = org().childAccounts.get(ou.Id)!;
    const plan = await listTargets({
      ...base,
      targetIds: [ou.Id],
      ignoreIds: [inOu[0]!],
    });
    expect(plan.accounts.map((a) => a.Id).sort()).toEqual(
      inOu
        .slice(1)
        .filter((id) => !lacking.includes(id))
        .sort(),
    );
    expect(plan.identityCenter!.withoutPermissionSet.sort()).toEqual(
      inOu
        .slice(1)
        .filter((id) => lacking.includes(id))
        .sort(),
    );
  });
});
