import { GetCallerIdentityCommand, AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { describe, expect, it } from "vitest";
import {
  cove,
  CoveError,
  listTargets,
  type CoveOptions,
  type CoveSession,
} from "../../src/index.js";
import { matchRegions } from "../../src/domain/regions.js";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";
import { roundTrip } from "../support/events.js";

const aws = useTestAws();
const base = { credentials: HUB_CREDENTIALS, region: "eu-west-1", progress: false } as const;

const below = (path: string) =>
  [...aws.org.accounts]
    .filter(([, a]) => a.ouPath === path || a.ouPath.startsWith(`${path}/`))
    .map(([id]) => id)
    .sort();
const ids = (records: { Id: string }[]) => [...new Set(records.map((r) => r.Id))].sort();
async function run(options: CoveOptions) {
  const out = await cove((s: CoveSession) => s.region, { ...base, ...options })();
  expect(out.Exceptions).toEqual([]);
  expect(out.FailedAssumeRole).toEqual([]);
  return out;
}
async function rejection(p: Promise<unknown>): Promise<CoveError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(CoveError);
  return e as CoveError;
}

describe("selection by tags, filter and OU paths", () => {
  it("keeps accounts whose tags match: OR across values, AND across keys; one tag read per account", async () => {
    const out = await run({ tags: { Environment: ["prod", "staging"] } });
    expect(ids(out.Results)).toEqual([...below("/Workloads")].sort());
    expect(aws.proxy.count("organizations:ListTagsForResource")).toBe(29);
    for (const r of out.Results) expect(["prod", "staging"]).toContain(r.Tags?.Environment);
    aws.proxy.clear();
    const both = await run({ tags: { Environment: "prod", Team: "payments" } });
    expect(ids(both.Results)).toEqual(below("/Workloads/Prod/Payments"));
    expect(both.Results[0]!.Tags).toEqual({ Environment: "prod", Team: "payments" });
  });

  it("refuses when no account matches the tags", async () => {
    const e = await rejection(cove(() => 1, { ...base, tags: { Environment: "nope" } })());
    expect(e.code).toBe("NO_ELIGIBLE_ACCOUNTS");
    expect(e.message).toMatch(/tags/);
  });

  it("filter sees metadata, Tags and OuPath; OU paths cost a call per OU, not per account", async () => {
    const seen: string[] = [];
    const out = await run({
      filter: (a) => {
        seen.push(`${a.Id}:${a.OuPath}`);
        return a.OuPath === "/Workloads/Prod" && (a.Name ?? "").startsWith("prod-");
      },
    });
    expect(ids(out.Results)).toEqual(aws.org.byOu.get("/Workloads/Prod")!.slice().sort());
    for (const r of out.Results) {
      expect(r.OuPath).toBe("/Workloads/Prod");
      expect(r.Tags).toEqual({ Environment: "prod" });
    }
    expect(seen).toHaveLength(29);
    for (const [id, meta] of aws.org.accounts) expect(seen).toContain(`${id}:${meta.ouPath}`);
    // 7 OUs + root: one ListOrganizationalUnitsForParent per parent for the tree, one walk for accounts
    expect(aws.proxy.count("organizations:ListAccountsForParent")).toBe(aws.org.ous.size);
    expect(aws.proxy.count("organizations:ListTagsForResource")).toBe(29);
  });

  it("a filter that throws fails the call with the account named", async () => {
    const e = await rejection(
      cove(() => 1, {
        ...base,
        filter: () => {
          throw new Error("bad filter");
        },
      })(),
    );
    expect(e.option).toBe("filter");
    expect(e.message).toContain("bad filter");
    // let tag reads that were already on the wire land before the next test counts calls
    await roundTrip(aws.proxy.url);
    await aws.proxy.idle();
  });

  it("ouPaths reads every account's OU path without a filter", async () => {
    const out = await run({ ouPaths: true, targetIds: [aws.org.ous.get("/Workloads")!] });
    for (const r of out.Results) expect(r.OuPath).toBe(aws.org.accounts.get(r.Id)!.ouPath);
    expect(out.Results.some((r) => r.OuPath === "/Workloads/Prod/Payments")).toBe(true);
    expect(aws.proxy.count("organizations:ListTagsForResource")).toBe(0);
  });

  it("targets and ignores OU paths", async () => {
    expect(ids((await run({ targetIds: ["/Workloads/Prod"] })).Results)).toEqual(
      below("/Workloads/Prod"),
    );
    const out = await run({
      targetIds: ["/Workloads/Prod/"],
      ignoreIds: ["/Workloads/Prod/Payments"],
    });
    expect(ids(out.Results)).toEqual(aws.org.byOu.get("/Workloads/Prod")!.slice().sort());
    expect(out.Results.every((r) => r.OuPath === "/Workloads/Prod")).toBe(true);
    const all = await run({ targetIds: ["/"], ignoreIds: ["/Workloads"] });
    expect(ids(all.Results)).toEqual(
      [...below("/Sandbox"), ...below("/Security"), ...aws.org.byOu.get("/")!].sort(),
    );
    aws.proxy.clear();
    const e = await rejection(cove(() => 1, { ...base, targetIds: ["/Workloads/Prdo"] })());
    expect(e.code).toBe("TARGET_NOT_FOUND");
    expect(e.ids).toEqual(["/Workloads/Prdo"]);
    expect(aws.proxy.count("sts:AssumeRole")).toBe(0);
  });
});

describe("regions", () => {
  const two = () => below("/Security").slice(0, 2);

  it("expands patterns within the partition and removes ignoreRegions", async () => {
    const eu = matchRegions("eu-*", "aws");
    expect(eu.length).toBeGreaterThanOrEqual(5);
    expect(eu).not.toContain("eu-south-1"); // opt-in regions are left out of globs
    const out = await run({
      targetIds: two(),
      regions: ["eu-*", "us-east-1"],
      ignoreRegions: ["eu-west-*"],
    });
    const expected = [...eu.filter((r) => !r.startsWith("eu-west-")), "us-east-1"].sort();
    expect([...new Set(out.Results.map((r) => r.Region))].sort()).toEqual(expected);
    expect(out.Results).toHaveLength(2 * expected.length);
    expect(out.Results.every((r) => r.Result === r.Region)).toBe(true);
  });

  it("refuses an unknown region before any AWS call, suggesting the closest", async () => {
    aws.proxy.clear();
    const e = await rejection(cove(() => 1, { ...base, regions: ["eu-west-1", "eu-wset-2"] })());
    expect(e.code).toBe("INVALID_REGION");
    expect(e.message).toContain('did you mean "eu-west-2"?');
    expect(aws.proxy.requests).toHaveLength(0);
  });

  it("refuses a region of another partition once the hub's partition is known, before any AssumeRole", async () => {
    aws.proxy.clear();
    const e = await rejection(cove(() => 1, { ...base, regions: ["cn-north-1"] })());
    expect(e.code).toBe("INVALID_REGION");
    expect(e.message).toContain("aws-cn");
    expect(aws.proxy.count("sts:AssumeRole")).toBe(0);
  });

  it('"enabled" runs each account in the regions enabled for it, found with its own role', async () => {
    const out = await run({ targetIds: two(), regions: ["enabled"] });
    const perAccount = new Map<string, string[]>();
    for (const r of out.Results) perAccount.set(r.Id, [...(perAccount.get(r.Id) ?? []), r.Region]);
    expect([...perAccount.keys()].sort()).toEqual(two().sort());
    for (const regions of perAccount.values()) {
      expect(regions).toContain("eu-west-1");
      expect(regions).toContain("us-east-1");
      expect(regions).not.toContain("ap-east-1"); // opt-in region not enabled
      expect(regions.length).toBeGreaterThan(10);
    }
    const calls = aws.proxy.requests.filter((q) => q.action === "ec2:DescribeRegions");
    expect(calls).toHaveLength(2);
    // asked with each account's assumed credentials, not the hub's
    expect(calls.every((c) => c.accessKeyId !== HUB_CREDENTIALS.accessKeyId)).toBe(true);
    expect(aws.proxy.count("sts:AssumeRole")).toBe(2);
  });

  it('"enabled" combined with patterns filters the enabled list', async () => {
    const out = await run({
      targetIds: two(),
      regions: ["enabled", "ap-*"],
      ignoreRegions: ["ap-northeast-*"],
    });
    const regions = [...new Set(out.Results.map((r) => r.Region))];
    expect(regions.length).toBeGreaterThan(0);
    expect(regions.every((r) => r.startsWith("ap-") && !r.startsWith("ap-northeast-"))).toBe(true);
    expect(regions).not.toContain("ap-east-1");
  });

  it("takes each account's regions from a function of the account", async () => {
    const [a, b] = two() as [string, string];
    const out = await run({
      targetIds: [a, b],
      regions: async (account) =>
        account.Id === a ? ["eu-west-1", "us-east-1"] : ["ap-southeast-2"],
    });
    expect(
      out.Results.filter((r) => r.Id === a)
        .map((r) => r.Region)
        .sort(),
    ).toEqual(["eu-west-1", "us-east-1"]);
    expect(out.Results.filter((r) => r.Id === b).map((r) => r.Region)).toEqual(["ap-southeast-2"]);
    const plan = await listTargets({ ...base, targetIds: [a], regions: () => ["eu-west-1"] });
    expect(plan.perAccountRegions).toBe(true);
  });

  it("a regions function giving an unknown region files that account as an exception, others run", async () => {
    const [a, b] = two() as [string, string];
    const out = await cove((s: CoveSession) => s.region, {
      ...base,
      targetIds: [a, b],
      regions: (account) => (account.Id === a ? ["eu-wset-1"] : ["eu-west-1"]),
    })();
    expect(out.Results.map((r) => r.Id)).toEqual([b]);
    expect(out.Exceptions).toHaveLength(1);
    expect(out.Exceptions[0]!.Id).toBe(a);
    expect(out.Exceptions[0]!.ExceptionDetails).toMatchObject({ code: "INVALID_REGION" });
  });
});

describe("hub on a chained role", () => {
  it("runs from a tooling account that first assumes a role in the management account; durationSeconds is capped", async () => {
    const mgmt = aws.org.managementAccountId;
    const tooling = below("/Security")[0]!;
    // The tooling account's own credentials (here: obtained through the management account).
    const sts = new STSClient({ region: "eu-west-1", credentials: HUB_CREDENTIALS });
    const t = (
      await sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${tooling}:role/OrganizationAccountAccessRole`,
          RoleSessionName: "tooling",
        }),
      )
    ).Credentials!;
    sts.destroy();
    const toolingCreds = {
      accessKeyId: t.AccessKeyId!,
      secretAccessKey: t.SecretAccessKey!,
      sessionToken: t.SessionToken!,
    };
    // The recipe: hub credentials = a role in the management account, assumed from tooling.
    const hub = fromTemporaryCredentials({
      masterCredentials: toolingCreds,
      params: { RoleArn: `arn:aws:iam::${mgmt}:role/CoveHub`, RoleSessionName: "cove-hub" },
      clientConfig: { region: "eu-west-1" },
    });
    const check = new STSClient({ region: "eu-west-1", credentials: hub });
    expect((await check.send(new GetCallerIdentityCommand({}))).Account).toBe(mgmt);
    check.destroy();

    const out = await cove(
      async (s: CoveSession) => {
        const c = s.client(STSClient);
        return (await c.send(new GetCallerIdentityCommand({}))).Account;
      },
      { ...base, credentials: hub, targetIds: ["/Workloads/Staging"], durationSeconds: 900 },
    )();
    expect(ids(out.Results)).toEqual(below("/Workloads/Staging"));
    expect(out.Results.every((r) => r.Result === r.Id)).toBe(true);
    const assume = aws.proxy.requests
      .filter((q) => q.action === "sts:AssumeRole")
      .map((q) => new URLSearchParams(q.body));
    expect(assume.filter((p) => p.get("DurationSeconds") === "900")).toHaveLength(6);

    aws.proxy.clear();
    const e = await rejection(
      cove(() => 1, { ...base, credentials: hub, durationSeconds: 7200 })(),
    );
    expect(e).toMatchObject({ code: "INVALID_OPTION", option: "durationSeconds" });
    expect(e.message).toMatch(/chained|one hour/);
    expect(
      aws.proxy.requests.filter(
        (q) => q.action === "sts:AssumeRole" && q.body.includes("OrganizationAccountAccessRole"),
      ),
    ).toHaveLength(0);
  });
});
