import { describe, expect, it } from "vitest";
import { cove, CoveError, listTargets, type CoveOptions } from "../../src/index.js";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";

const aws = useTestAws();
const base = { credentials: HUB_CREDENTIALS, region: "eu-west-1", progress: false } as const;

/** Ids the run really executed in (via a real cove call). */
async function ranIn(options: CoveOptions): Promise<string[]> {
  const out = await cove((s) => s.accountId, { ...base, ...options })();
  expect(out.Exceptions).toEqual([]);
  expect(out.FailedAssumeRole).toEqual([]);
  for (const r of out.Results) expect(r.Result).toBe(r.Id);
  return out.Results.map((r) => r.Id).sort();
}

const ou = (path: string) => aws.org.ous.get(path)!;
/** Active accounts at or below an OU path. */
const below = (path: string) =>
  [...aws.org.accounts]
    .filter(([, a]) => a.ouPath === path || a.ouPath.startsWith(`${path}/`))
    .map(([id]) => id)
    .sort();
const all = () => [...aws.org.accounts.keys()].sort();

async function rejection(p: Promise<unknown>): Promise<CoveError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CoveError);
  return error as CoveError;
}

describe("target resolution", () => {
  it("runs in every ACTIVE member but the calling account by default (cases 1, 4, 42)", async () => {
    expect(all()).toHaveLength(29);
    const ids = await ranIn({});
    expect(ids).toEqual(all());
    expect(ids).not.toContain(aws.org.managementAccountId);
    for (const closed of aws.org.closed) expect(ids).not.toContain(closed);
  });

  it("expands an OU recursively (nested OUs included)", async () => {
    expect(await ranIn({ targetIds: [ou("/Workloads")] })).toEqual(below("/Workloads"));
    expect(below("/Workloads")).toHaveLength(18);
  });

  it("targets the whole tree with a root id", async () => {
    expect(await ranIn({ targetIds: [aws.org.rootId] })).toEqual(all());
  });

  it("skips a closed account under a targeted OU instead of failing", async () => {
    const ids = await ranIn({ targetIds: [ou("/Sandbox")] });
    expect(ids).toEqual(below("/Sandbox"));
    expect(ids).toHaveLength(5);
  });

  it("subtracts ignored OUs, deepest first (cases 6-8)", async () => {
    expect(
      await ranIn({ targetIds: [ou("/Workloads")], ignoreIds: [ou("/Workloads/Prod")] }),
    ).toEqual(below("/Workloads/Staging"));
    const rest = await ranIn({ ignoreIds: [ou("/Workloads"), ou("/Sandbox")] });
    expect(rest).toEqual([...below("/Security"), ...aws.org.byOu.get("/")!].sort());
  });

  it("ignores accounts; ignoring wins over targeting (cases 5, 9, 16)", async () => {
    const [a, b, c] = all() as [string, string, string];
    expect(await ranIn({ ignoreIds: [a] })).toEqual(all().filter((x) => x !== a));
    expect(await ranIn({ targetIds: [a, b, c], ignoreIds: [a] })).toEqual([b, c].sort());
    const error = await rejection(cove(() => 1, { ...base, targetIds: [a], ignoreIds: [a] })());
    expect(error.code).toBe("NO_ELIGIBLE_ACCOUNTS");
  });

  it("runs an account reached several times once", async () => {
    const prod = below("/Workloads/Prod");
    const ids = await ranIn({
      targetIds: [prod[0]!, prod[0]!, ou("/Workloads/Prod"), ou("/Workloads")],
    });
    expect(ids).toEqual(below("/Workloads"));
  });

  it("refuses an explicit closed or non-member account before assuming any role (cases 45)", async () => {
    aws.proxy.clear();
    const closed = aws.org.closed[0]!;
    const e1 = await rejection(cove(() => 1, { ...base, targetIds: [all()[0]!, closed] })());
    expect(e1.code).toBe("ACCOUNT_NOT_ACTIVE");
    expect(e1.ids).toEqual([closed]);
    expect(e1.message).toContain(closed);
    const e2 = await rejection(cove(() => 1, { ...base, targetIds: ["111111111111"] })());
    expect(e2.code).toBe("ACCOUNT_NOT_ACTIVE");
    expect(e2.message).toContain("111111111111");
    expect(aws.proxy.count("sts:AssumeRole")).toBe(0);
  });

  it("checks many explicit accounts with one listing instead of one lookup each", async () => {
    aws.proxy.clear();
    const ids = all().slice(0, 25);
    expect(await ranIn({ targetIds: ids })).toEqual(ids);
    expect(aws.proxy.count("organizations:DescribeAccount")).toBe(0);
    expect(aws.proxy.count("organizations:ListAccounts")).toBeGreaterThan(0);
    aws.proxy.clear();
    const e = await rejection(cove(() => 1, { ...base, targetIds: [...ids, "222222222222"] })());
    expect(e.code).toBe("ACCOUNT_NOT_ACTIVE");
    expect(e.ids).toEqual(["222222222222"]);
    expect(aws.proxy.count("sts:AssumeRole")).toBe(0);
  });

  it("refuses unknown OUs and roots, as targets or ignores, before assuming any role", async () => {
    aws.proxy.clear();
    for (const options of [
      { targetIds: ["ou-zzzz-zzzzzzzz"] },
      { targetIds: ["r-zzzz"] },
      { ignoreIds: ["ou-zzzz-zzzzzzzz"] },
      { targetIds: [all()[0]!], ignoreIds: ["r-zzzz"] },
    ]) {
      const e = await rejection(cove(() => 1, { ...base, ...options })());
      expect(e.code).toBe("TARGET_NOT_FOUND");
      expect(e.ids?.[0]).toMatch(/zzzz/);
    }
    expect(aws.proxy.count("sts:AssumeRole")).toBe(0);
  });

  it("accepts ignoring an account that is not a member", async () => {
    expect(await ranIn({ ignoreIds: ["999999999999"] })).toEqual(all());
  });

  it("leaves the calling account out even when targeted (and fails when it is the only target)", async () => {
    const e = await rejection(
      cove(() => 1, { ...base, targetIds: [aws.org.managementAccountId] })(),
    );
    expect(e.code).toBe("NO_ELIGIBLE_ACCOUNTS");
  });

  it("refuses malformed ids, naming them, before any AWS call (cases 29, 31)", async () => {
    aws.proxy.clear();
    for (const bad of ["cat", "xu-gzxu-393a2l5b", "12345", "o-abcdefghij", "//", "/a//b"]) {
      const e = await rejection(cove(() => 1, { ...base, ignoreIds: [bad] })());
      expect(e.code).toBe("INVALID_ID");
      expect(e.message).toContain(bad);
    }
    await expect(cove(() => 1, { ...base, targetIds: [456456456456 as never] })()).rejects.toThrow(
      TypeError,
    );
    expect(aws.proxy.requests).toHaveLength(0);
  });

  it("retries Organizations throttling instead of failing", async () => {
    aws.proxy.clear();
    let throttled = 0;
    aws.proxy.faults.push((r) =>
      r.action === "organizations:ListAccounts" && throttled++ < 3
        ? {
            status: 400,
            code: "TooManyRequestsException",
            message:
              "AWS Organizations can't complete your request because another request is already in progress.",
          }
        : undefined,
    );
    expect(await ranIn({})).toEqual(all());
    expect(throttled).toBeGreaterThan(3);
    expect(aws.proxy.count("organizations:ListAccounts")).toBeGreaterThanOrEqual(4);
  });

  it("without Organizations: explicit ids run without metadata, no ids is ORGANIZATIONS_UNAVAILABLE", async () => {
    aws.proxy.clear();
    aws.proxy.faults.push((r) =>
      r.action.startsWith("organizations:")
        ? {
            status: 400,
            code: "AccessDeniedException",
            message: "You don't have permissions to access this resource.",
          }
        : undefined,
    );
    const [a, b] = all() as [string, string];
    const out = await cove((s) => s.accountId, { ...base, targetIds: [a, b] })();
    expect(out.Results.map((r) => r.Id).sort()).toEqual([a, b].sort());
    for (const r of out.Results) {
      expect(r).not.toHaveProperty("Name");
      expect(r).not.toHaveProperty("Email");
      expect(r.Result).toBe(r.Id);
    }
    const e = await rejection(cove(() => 1, base)());
    expect(e.code).toBe("ORGANIZATIONS_UNAVAILABLE");
    expect(e.message).toMatch(/targetIds/);
    expect(aws.proxy.count("sts:AssumeRole")).toBe(2);
  });

  it("lists targets without assuming any role (the dry run)", async () => {
    aws.proxy.clear();
    const plan = await listTargets({
      ...base,
      targetIds: [ou("/Workloads")],
      regions: ["eu-west-1", "us-east-1"],
    });
    expect(plan.accounts.map((a) => a.Id).sort()).toEqual(below("/Workloads"));
    expect(plan.regions).toEqual(["eu-west-1", "us-east-1"]);
    expect(plan.hub.accountId).toBe(aws.org.managementAccountId);
    expect(aws.proxy.count("sts:AssumeRole")).toBe(0);
  });
});
