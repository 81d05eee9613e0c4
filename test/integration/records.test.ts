import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { cove, CoveError, type CoveSession } from "../../src/index.js";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";

const aws = useTestAws({ name: "Root", children: [{ name: "Team", accounts: 2 }] });
const base = { credentials: HUB_CREDENTIALS, region: "eu-west-1", progress: false } as const;

function members() {
  return [...aws.org.accounts.keys()].sort();
}

describe("records", () => {
  it("returns exactly the contract's keys for a successful run", async () => {
    const [m1, m2] = members() as [string, string];
    const add = cove((_s: CoveSession, a: number, b: number, c: number) => a + b + c, {
      ...base,
      ignoreIds: [m2],
    });
    const out = await add(1, 2, 3);
    const meta = aws.org.accounts.get(m1)!;
    expect(out.Exceptions).toEqual([]);
    expect(out.FailedAssumeRole).toEqual([]);
    expect(out.Results).toEqual([
      {
        Id: m1,
        Name: meta.name,
        Email: meta.email,
        Arn: `arn:aws:organizations::${aws.org.managementAccountId}:account/${aws.org.organizationId}/${m1}`,
        Status: "ACTIVE",
        State: "ACTIVE",
        OrganizationId: aws.org.organizationId,
        Region: "eu-west-1",
        Partition: "aws",
        RoleName: "OrganizationAccountAccessRole",
        RoleSessionName: "OrganizationAccountAccessRole",
        AssumeRoleSuccess: true,
        Result: 6,
      },
    ]);
  });

  it("leaves Result out when the function returns undefined and keeps null", async () => {
    const none = await cove(() => undefined, base)();
    expect(none.Results).toHaveLength(2);
    for (const r of none.Results) expect(r).not.toHaveProperty("Result");
    const nul = await cove(() => null, base)();
    for (const r of nul.Results) expect(r).toHaveProperty("Result", null);
  });

  it("files a thrown value into Exceptions with the thrown value itself", async () => {
    const [m1] = members() as [string];
    const boom = new Error("oh no");
    const out = await cove(
      () => {
        throw boom;
      },
      { ...base, targetIds: [m1] },
    )();
    expect(out.Results).toEqual([]);
    expect(out.Exceptions).toHaveLength(1);
    const rec = out.Exceptions[0]!;
    expect(rec.ExceptionDetails).toBe(boom);
    expect(rec.AssumeRoleSuccess).toBe(true);
    expect(rec).not.toHaveProperty("Result");
    expect(Object.keys(rec).sort()).toEqual(
      [
        "Arn",
        "AssumeRoleSuccess",
        "Email",
        "ExceptionDetails",
        "Id",
        "Name",
        "OrganizationId",
        "Partition",
        "Region",
        "RoleName",
        "RoleSessionName",
        "State",
        "Status",
      ].sort(),
    );
  });

  it("rejects with the thrown value when raiseException is set", async () => {
    const [m1] = members() as [string];
    const boom = new Error("oh no");
    await expect(
      cove(
        () => {
          throw boom;
        },
        { ...base, targetIds: [m1], raiseException: true },
      )(),
    ).rejects.toBe(boom);
  });

  it("forwards positional arguments unchanged to every run (cases 24-25)", async () => {
    const shared = { shape: "circle" };
    const out = await cove((_s: CoveSession, t: string, o: typeof shared) => [t, o], base)(
      "11:11",
      shared,
    );
    expect(out.Results).toHaveLength(2);
    for (const r of out.Results) {
      expect(r.Result?.[0]).toBe("11:11");
      expect(r.Result?.[1]).toBe(shared);
    }
  });

  it("runs every account as that account: the caller identity inside is the target", async () => {
    const out = await cove(
      async (s: CoveSession) => {
        const sts = s.client(STSClient);
        const id = await sts.send(new GetCallerIdentityCommand({}));
        return { account: id.Account, arn: id.Arn, region: await sts.config.region() };
      },
      { ...base, roleSessionName: "auditRun" },
    )();
    expect(out.Results.map((r) => r.Id).sort()).toEqual(members());
    for (const r of out.Results) {
      expect(r.Result.account).toBe(r.Id);
      expect(r.Result.arn).toBe(
        `arn:aws:sts::${r.Id}:assumed-role/OrganizationAccountAccessRole/auditRun`,
      );
      expect(r.Result.region).toBe("eu-west-1");
    }
  });

  it("puts session policy, policy ARNs and external id in the records and the AssumeRole call (cases 19-22, 40-41)", async () => {
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }],
    });
    const policyArns = [{ arn: "arn:aws:iam::aws:policy/IAMReadOnlyAccess" }];
    aws.proxy.clear();
    const out = await cove((s: CoveSession) => s.sessionInformation, {
      ...base,
      roleSessionName: "testSessionName",
      policy,
      policyArns,
      externalId: "a8h1q9zwrpo2873r2zby",
    })();
    expect(out.Exceptions).toEqual([]);
    for (const r of out.Results) {
      expect(r.Policy).toBe(policy);
      expect(r.PolicyArns).toEqual(policyArns);
      expect(r.ExternalId).toBe("a8h1q9zwrpo2873r2zby");
      expect(r.Result.RoleSessionName).toBe("testSessionName");
      expect(r.Result.AssumeRoleSuccess).toBe(true);
      // every key present inside the function
      expect(Object.keys(r.Result)).toEqual(
        expect.arrayContaining(["Result", "ExceptionDetails", "Tags", "OuPath", "State"]),
      );
    }
    const calls = aws.proxy.requests
      .filter((q) => q.action === "sts:AssumeRole")
      .map((q) => new URLSearchParams(q.body));
    expect(calls).toHaveLength(2);
    for (const c of calls) {
      expect(c.get("Policy")).toBe(policy);
      expect(c.get("ExternalId")).toBe("a8h1q9zwrpo2873r2zby");
      expect(c.get("RoleSessionName")).toBe("testSessionName");
      expect(c.get("PolicyArns.member.1.arn")).toBe(policyArns[0]!.arn);
    }
  });

  it("uses the partition option in the role ARN and the records", async () => {
    aws.proxy.clear();
    const out = await cove(() => 1, { ...base, partition: "aws-us-gov" })();
    expect(out.Results.every((r) => r.Partition === "aws-us-gov")).toBe(true);
    const arns = aws.proxy.requests
      .filter((q) => q.action === "sts:AssumeRole")
      .map((q) => new URLSearchParams(q.body).get("RoleArn"));
    expect(arns.every((a) => a?.startsWith("arn:aws-us-gov:iam::"))).toBe(true);
  });

  it("makes one AssumeRole per account whatever the number of regions", async () => {
    aws.proxy.clear();
    const out = await cove((s: CoveSession) => s.region, {
      ...base,
      regions: ["eu-west-1", "us-east-1", "eu-central-1", "ap-southeast-2"],
    })();
    expect(out.Results).toHaveLength(2 * 4);
    expect(aws.proxy.count("sts:AssumeRole")).toBe(2);
    for (const region of ["eu-west-1", "us-east-1", "eu-central-1", "ap-southeast-2"]) {
      expect(out.Results.filter((r) => r.Region === region && r.Result === region)).toHaveLength(2);
    }
  });

  it("sends every AssumeRole to the hub region's regional STS endpoint, whatever the run regions", async () => {
    await cove(() => 1, {
      ...base,
      region: "eu-central-1",
      regions: ["us-east-1", "ap-southeast-2"],
    })();
    const assumes = aws.proxy.requests.filter((q) => q.action === "sts:AssumeRole");
    expect(assumes).toHaveLength(2);
    // signed for the hub's region, so sent to its regional endpoint (v2 tokens), not the global one
    expect(assumes.map((q) => q.signingRegion)).toEqual(["eu-central-1", "eu-central-1"]);
  });

  it("refuses bad options before any AWS call", async () => {
    aws.proxy.clear();
    await expect(cove(() => 1, { ...base, concurrency: 0 })()).rejects.toBeInstanceOf(CoveError);
    await expect(
      cove(() => 1, { ...base, regions: "eu-west-1" as never })(),
    ).rejects.toBeInstanceOf(TypeError);
    await expect(cove(() => 1, { ...base, targetIds: ["cat"] })()).rejects.toMatchObject({
      code: "INVALID_ID",
      ids: ["cat"],
    });
    expect(aws.proxy.requests).toHaveLength(0);
  });
});
