import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cove, type CoveOutput, type CoveSession } from "../../src/index.js";
import { setDeadlinesForTests } from "../../src/aws/deadlines.js";
import type { SeenRequest } from "../support/proxy.js";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";
import { assumedAccount, expectComplete, isAssume, randomly } from "../support/faults.js";

/** A few hundred accounts, in two OUs. */
const aws = useTestAws({
  name: "Root",
  children: [
    { name: "Blue", accounts: 150 },
    { name: "Green", accounts: 150 },
  ],
});
const base = { credentials: HUB_CREDENTIALS, region: "eu-west-1", progress: false } as const;
const regions = ["eu-west-1", "us-east-1"];
const members = () => [...aws.org.accounts.keys()].sort();
const work = (s: CoveSession) => `${s.accountId}/${s.region}`;
// Every account's AssumeRole in flight at once: retries pile up as they do in a large run,
// enough to drain the SDK's shared retry capacity.
const run = () => cove(work, { ...base, regions, concurrency: 300 })();

/** Complete, with every run a success of its own account and region. */
function expectAllSucceeded(out: CoveOutput<unknown>) {
  expect(out.FailedAssumeRole).toEqual([]);
  expect(out.Exceptions).toEqual([]);
  expect(out.Results.every((r) => r.Result === `${r.Id}/${r.Region}`)).toBe(true);
  expectComplete(out, members(), regions);
}

// A request not answered is abandoned after 5 s here (20 s in a real run); moto, one process
// answering 300 requests at once, takes about 2 s.
let restoreDeadlines: () => void;
beforeEach(() => {
  restoreDeadlines = setDeadlinesForTests({ requestMs: 5_000 });
});
afterEach(() => restoreDeadlines());

describe("calls that never answer are abandoned at their deadline and retried", () => {
  it("AssumeRole never answered for some accounts: each is retried, every account gets through", async () => {
    const hung = new Set(members().filter((_, i) => i % 30 === 0));
    const tried = new Set<string>();
    aws.proxy.faults.push((r) => {
      const account = isAssume(r) ? assumedAccount(r) : undefined;
      if (account === undefined || !hung.has(account) || tried.has(account)) return undefined;
      tried.add(account);
      return "hang";
    });
    const out = await run();
    expect(tried).toEqual(hung);
    expectAllSucceeded(out);
    for (const id of hung) {
      const sent = aws.proxy.requests.filter((r) => isAssume(r) && assumedAccount(r) === id);
      expect(sent.length).toBeGreaterThan(1);
    }
  });

  it("the hub's identity call and an Organizations page never answered: the run still finishes, complete", async () => {
    let identity = 0;
    let pages = 0;
    const hangFirst = (r: SeenRequest) =>
      (r.action === "sts:GetCallerIdentity" && ++identity === 1) ||
      (r.action.startsWith("organizations:List") && ++pages === 2);
    aws.proxy.faults.push((r) => (hangFirst(r) ? "hang" : undefined));
    const out = await run();
    expect(identity).toBeGreaterThan(1);
    expect(pages).toBeGreaterThan(2);
    expectAllSucceeded(out);
  });
});

describe("transient faults lose no account; permanent ones fail at once", () => {
  it("30% 5xx answers from STS", async () => {
    const fault = randomly(0.3, isAssume, { status: 500, code: "InternalFailure" }, 30);
    aws.proxy.faults.push(fault);
    const out = await run();
    expect(fault.hits).toBeGreaterThan(50); // the faults were there
    expectAllSucceeded(out);
  });

  it("20% connection resets from STS", async () => {
    const fault = randomly(0.2, isAssume, "reset", 20);
    aws.proxy.faults.push(fault);
    const out = await run();
    expect(fault.hits).toBeGreaterThan(50); // the faults were there
    expectAllSucceeded(out);
  });

  it("50% throttling from STS", async () => {
    const fault = randomly(0.5, isAssume, { status: 400, code: "Throttling" }, 50);
    aws.proxy.faults.push(fault);
    const out = await run();
    expect(fault.hits).toBeGreaterThan(50); // the faults were there
    expectAllSucceeded(out);
  });

  it("AccessDenied for chosen accounts amid 30% 5xx: one AssumeRole each, FailedAssumeRole at once", async () => {
    const denied = new Set(members().filter((_, i) => i % 50 === 7));
    aws.proxy.faults.push((r) =>
      isAssume(r) && denied.has(assumedAccount(r) ?? "")
        ? { status: 403, code: "AccessDenied", message: "not authorized to perform sts:AssumeRole" }
        : undefined,
    );
    aws.proxy.faults.push(randomly(0.3, isAssume, { status: 503, code: "ServiceUnavailable" }, 7));
    const out = await run();
    expectComplete(out, members(), regions);
    expect(out.Exceptions).toEqual([]);
    expect(new Set(out.FailedAssumeRole.map((f) => f.Id))).toEqual(denied);
    expect(out.FailedAssumeRole).toHaveLength(denied.size * regions.length);
    expect(
      out.FailedAssumeRole.every((f) => (f.ExceptionDetails as Error).name === "AccessDenied"),
    ).toBe(true);
    for (const id of denied) {
      expect(
        aws.proxy.requests.filter((r) => isAssume(r) && assumedAccount(r) === id),
      ).toHaveLength(1);
    }
  });
});
