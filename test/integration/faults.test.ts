import { describe, expect, it } from "vitest";
import { cove, type CoveOutput, type CoveSession } from "../../src/index.js";
import type { FaultRule, SeenRequest } from "../support/proxy.js";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";

const aws = useTestAws();
const base = { credentials: HUB_CREDENTIALS, region: "eu-west-1", progress: false } as const;
const regions = ["eu-west-1", "us-east-1"];
const members = () => [...aws.org.accounts.keys()].sort();

/** Every account x region is in exactly one list. */
function expectComplete(out: CoveOutput<unknown>) {
  const keys = [...out.Results, ...out.Exceptions, ...out.FailedAssumeRole].map(
    (r) => `${r.Id}/${r.Region}`,
  );
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys.sort()).toEqual(
    members()
      .flatMap((id) => regions.map((r) => `${id}/${r}`))
      .sort(),
  );
}
const isAssume = (r: SeenRequest) => r.action === "sts:AssumeRole";
/** A rule that applies `answer` to every `nth` matching request. */
function every(
  nth: number,
  match: (r: SeenRequest) => boolean,
  answer: ReturnType<FaultRule>,
): FaultRule {
  let n = 0;
  return (r) => (match(r) && ++n % nth === 0 ? answer : undefined);
}

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
    let tokens = 20;
    let last = Date.now();
    aws.proxy.faults.push((r) => {
      if (!isAssume(r)) return undefined;
      const now = Date.now();
      tokens = Math.min(20, tokens + ((now - last) / 1000) * 20);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return undefined;
      }
      return { status: 400, code: "Throttling", message: "Rate exceeded" };
    });
    const out = await cove(work, { ...base, regions, concurrency: 58 })();
    expect(out.FailedAssumeRole).toEqual([]);
    expectComplete(out);
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

  it("a fault that never stops ends as FailedAssumeRole for that account only, after bounded retries", async () => {
    const [a] = members() as [string];
    aws.proxy.faults.push((r) =>
      isAssume(r) && r.body.includes(a)
        ? { status: 500, code: "InternalFailure", message: "internal" }
        : undefined,
    );
    const out = await cove(work, { ...base, regions })();
    expect(out.FailedAssumeRole.map((f) => f.Id)).toEqual([a, a]);
    expect((out.FailedAssumeRole[0]!.ExceptionDetails as Error).name).toBe("InternalFailure");
    const tries = aws.proxy.requests.filter((q) => isAssume(q) && q.body.includes(a)).length;
    expect(tries).toBeGreaterThan(1);
    expect(tries).toBeLessThanOrEqual(10);
    expect(out.Results).toHaveLength(56);
    expectComplete(out);
  }, 120_000);

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
