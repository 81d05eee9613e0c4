import { describe, expect, it } from "vitest";
import { cove, type CoveOutput, type CoveSession } from "../../src/index.js";
import { setDeadlinesForTests } from "../../src/aws/deadlines.js";
import { startTestOrganization } from "../../src/testing/index.js";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";
import { every, expectComplete as expectCompleteFor, isAssume } from "../support/faults.js";

const aws = useTestAws();
const base = { credentials: HUB_CREDENTIALS, region: "eu-west-1", progress: false } as const;
const regions = ["eu-west-1", "us-east-1"];
const members = () => [...aws.org.accounts.keys()].sort();

const expectComplete = (out: CoveOutput<unknown>) => expectCompleteFor(out, members(), regions);

const work = (s: CoveSession) => `${s.accountId}/${s.region}`;

describe("faults are retried and nothing is lost or counted twice", () => {
  it("STS Throttling storm on AssumeRole: every run succeeds, one successful AssumeRole per account", async () => {
    let throttled = 0;
    aws.proxy.faults.push((r) =>
      isAssume(r) && throttled++ < 15
        ? { status: 400, code: "Throttling", message: "Rate exceeded" }
        : undefined,
    );
    const out = await cove(work, { ...base, regions, concurrency: 29 })();
    expect(out.FailedAssumeRole).toEqual([]);
    expect(out.Results).toHaveLength(58);
    expectComplete(out);
    expect(aws.proxy.count("sts:AssumeRole")).toBe(29 + 15);
  });

  it("STS rate-limited at 20 requests/s (token bucket): adaptive retries get every account through", async () => {
    // The simulator's own per-caller token bucket (botocove/testing), not a hand-written one.
    await using org = await startTestOrganization({
      stsRate: 20,
      stsBurst: 20,
      accounts: members().map((id, i) => ({ name: `member-${i}`, id })),
    });
    org.useEnv();
    const out = await cove(work, { ...org.options, regions, concurrency: 58 })();
    expect(out.FailedAssumeRole).toEqual([]);
    expectComplete(out);
    const calls = await org.calls();
    expect(calls.throttled.AssumeRole).toBeGreaterThan(0);
    expect(calls.calls.AssumeRole).toBe(members().length);
  });

  it("5xx answers and connection resets from STS and Organizations are retried", async () => {
    aws.proxy.faults.push(
      every(3, isAssume, { status: 500, code: "InternalFailure", message: "internal" }),
    );
    aws.proxy.faults.push(every(4, isAssume, "reset"));
    aws.proxy.faults.push(
      every(2, (r) => r.action === "organizations:ListAccounts", {
        status: 503,
        code: "ServiceUnavailableException",
      }),
    );
    aws.proxy.faults.push(every(2, (r) => r.action === "sts:GetCallerIdentity", "reset"));
    const out = await cove(work, { ...base, regions })();
    expect(out.FailedAssumeRole).toEqual([]);
    expect(out.Exceptions).toEqual([]);
    expect(out.Results.every((r) => r.Result === `${r.Id}/${r.Region}`)).toBe(true);
    expectComplete(out);
  });

  it("slow answers delay runs but lose nothing", async () => {
    aws.proxy.faults.push(every(5, isAssume, { delayMs: 1500 }));
    const out = await cove(work, { ...base, regions, concurrency: 10 })();
    expect(out.Results).toHaveLength(58);
    expectComplete(out);
  });

  it("a fault that never stops ends as FailedAssumeRole for that account only, at the account's deadline", async () => {
    const [a] = members() as [string];
    aws.proxy.faults.push((r) =>
      isAssume(r) && r.body.includes(a)
        ? { status: 500, code: "InternalFailure", message: "internal" }
        : undefined,
    );
    const restore = setDeadlinesForTests({ retryMs: 3_000 });
    try {
      const out = await cove(work, { ...base, regions })();
      expect(out.FailedAssumeRole.map((f) => f.Id)).toEqual([a, a]);
      expect((out.FailedAssumeRole[0]!.ExceptionDetails as Error).name).toBe("InternalFailure");
      const tries = aws.proxy.requests.filter((q) => isAssume(q) && q.body.includes(a)).length;
      expect(tries).toBeGreaterThan(1);
      expect(out.Results).toHaveLength(56);
      expectComplete(out);
    } finally {
      restore();
    }
  });

  it("faults inside the user's own calls stay Exceptions, with the error value kept", async () => {
    const [a] = members() as [string];
    const out = await cove(
      async (s: CoveSession) => {
        if (s.accountId === a)
          throw Object.assign(new Error("AccessDenied on iam:ListUsers"), {
            name: "AccessDenied",
            $metadata: { requestId: "r-1" },
          });
        return 1;
      },
      { ...base, regions },
    )();
    expect(out.Exceptions).toHaveLength(2);
    expect(out.Exceptions.every((e) => (e.ExceptionDetails as Error).name === "AccessDenied")).toBe(
      true,
    );
    expectComplete(out);
  });
});
