import { describe, expect, it } from "vitest";
import type { AccountCredentials } from "../../../src/credentials/source.js";
import type { Discovery } from "../../../src/discovery/discover.js";
import { CoveError } from "../../../src/errors/cove-error.js";
import type { RoleOptions } from "../../../src/options/index.js";
import { accountPreparer, accountSource } from "../../../src/run/prepare.js";
import type { RegionPlan } from "../../../src/run/region-plan.js";
import { Scheduler } from "../../../src/run/scheduler.js";
import { keptRegions, skips, type SkipPair } from "../../../src/run/skip.js";
import { Stopper } from "../../../src/run/stopper.js";
import { Tallies } from "../../../src/run/tallies.js";
import type { AccountInfo, CoveEvent, ProgressEvent } from "../../../src/types.js";
import { AsyncQueue } from "../../../src/util/queue.js";

const ROLE: RoleOptions = {
  roleName: "R",
  roleSessionName: "R",
  policy: undefined,
  policyArns: undefined,
  externalId: undefined,
  durationSeconds: undefined,
};
const HUB = { region: "eu-west-1", partition: "aws" };
const ids = (n: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i));

/** A discovery that has listed `accounts` (all pushed before the call pulls any). */
function listed(accounts: string[]): Discovery {
  const channel = new AsyncQueue<AccountInfo>();
  for (const Id of accounts) void channel.push({ Id });
  channel.close();
  return {
    ready: Promise.resolve(),
    accounts: channel,
    size: Promise.resolve(accounts.length),
    withoutAccess: Promise.resolve([]),
  };
}

/**
 * A call over `accounts` with `plan` and `skip`, through the real scheduler: counts the
 * AssumeRoles (per account), the runs queued, the records filed and the progress totals.
 */
async function call(
  accounts: string[],
  plan: RegionPlan,
  skip: SkipPair | undefined,
  failAssume: (id: string) => boolean = () => false,
) {
  const stopper = new Stopper();
  const totals: (number | undefined)[] = [];
  const tallies = new Tallies({ update: (e: ProgressEvent) => totals.push(e.total), end() {} });
  const assumed: string[] = [];
  const runs: string[] = [];
  const records: CoveEvent<unknown>[] = [];
  const prepare = accountPreparer({
    plan,
    hub: HUB,
    role: ROLE,
    skip,
    tallies,
    deliver: async (event) => void records.push(event),
    assume(account): AccountCredentials {
      assumed.push(account.Id);
      const first = failAssume(account.Id)
        ? Promise.reject(new Error(`AccessDenied ${account.Id}`))
        : Promise.resolve({ accessKeyId: "k", secretAccessKey: "s" });
      first.catch(() => undefined);
      return { first, provider: () => first };
    },
    queueRun(ready, account, region) {
      tallies.plan();
      ready(async () => void runs.push(`${account.Id} ${region}`));
    },
  });
  const scheduler = new Scheduler({
    concurrency: 3,
    signal: stopper.signal,
    prepare,
    onPrepared: plan.kind === "perAccount" ? () => tallies.planComplete() : undefined,
  });
  const source = accountSource(plan, listed(accounts), skip, stopper, tallies);
  let error: unknown;
  try {
    await Promise.race([scheduler.run(source[Symbol.asyncIterator]()), stopper.stopped]);
  } catch (e) {
    error = e;
  }
  return { assumed, runs: runs.sort(), records, totals, error, stopper };
}

const STATIC: RegionPlan = { kind: "static", regions: ["eu-west-1", "us-east-1"] };
/** Skips the pairs listed as `id region`. */
const skipping =
  (...pairs: string[]): SkipPair =>
  ({ Id, Region }) =>
    pairs.includes(`${Id} ${Region}`);

describe("skips and keptRegions", () => {
  it("keeps the regions skip answers false for, in order; all of them without a skip", () => {
    const account = { Id: "1" };
    expect(keptRegions(account, ["a", "b", "c"], ({ Region }) => Region === "b")).toEqual([
      "a",
      "c",
    ]);
    expect(keptRegions(account, ["a", "b"], undefined)).toEqual(["a", "b"]);
  });

  it("a skip that throws is CALLBACK_FAILED naming skip, with what it threw as cause", () => {
    const thrown = new Error("journal unreadable");
    const e = (() => {
      try {
        skips(
          () => {
            throw thrown;
          },
          "1",
          "a",
        );
      } catch (error) {
        return error;
      }
    })();
    expect(e).toBeInstanceOf(CoveError);
    expect(e).toMatchObject({ code: "CALLBACK_FAILED", option: "skip", cause: thrown });
  });

  it("an async skip (a promise, always truthy) is refused, not taken as 'skip everything'", () => {
    const asyncSkip = (async () => false) as unknown as SkipPair;
    expect(() => skips(asyncSkip, "1", "a")).toThrow(/must return a boolean.*a promise|Promise/);
    expect(() => skips(asyncSkip, "1", "a")).toThrow(CoveError);
  });
});

describe("skip in a call (static regions)", () => {
  it("runs only the pairs not skipped; the progress total counts only those", async () => {
    const accounts = ids(4);
    const [a, b] = accounts as [string, string];
    const r = await call(accounts, STATIC, skipping(`${a} eu-west-1`, `${b} us-east-1`));
    expect(r.error).toBeUndefined();
    const all = accounts.flatMap((id) => STATIC.regions.map((g) => `${id} ${g}`));
    expect(r.runs).toEqual(all.filter((p) => p !== `${a} eu-west-1` && p !== `${b} us-east-1`));
    expect(r.totals.filter((t) => t !== undefined)).toEqual([6]);
  });

  it("an account whose every region is skipped costs no AssumeRole", async () => {
    const accounts = ids(5);
    const done = new Set(accounts.slice(0, 3));
    const r = await call(accounts, STATIC, ({ Id }) => done.has(Id));
    expect(r.assumed.sort()).toEqual(accounts.slice(3));
    expect(r.runs).toHaveLength(4);
    expect(r.totals.filter((t) => t !== undefined)).toEqual([4]);
  });

  it("skipping everything runs nothing, assumes nothing, and the total is 0", async () => {
    const r = await call(ids(3), STATIC, () => true);
    expect(r.error).toBeUndefined();
    expect(r.assumed).toEqual([]);
    expect(r.runs).toEqual([]);
    expect(r.totals).toEqual([0]);
  });

  it("a skip that throws stops the call with CALLBACK_FAILED before the next account's role", async () => {
    const accounts = ids(6);
    const r = await call(accounts, STATIC, ({ Id }) => {
      if (Id === accounts[2]) throw new Error("boom");
      return false;
    });
    expect(r.error).toMatchObject({ code: "CALLBACK_FAILED", option: "skip" });
    expect(r.stopper.isStopped).toBe(true);
    // Asked ahead of the runs: the call stops before the later accounts' AssumeRoles.
    expect(r.assumed).not.toContain(accounts[5]);
  });
});

describe("skip in a call (per-account regions)", () => {
  const fn: RegionPlan = {
    kind: "perAccount",
    needsRole: false,
    resolve: async () => ["eu-west-1", "us-east-1"],
  };
  const enabled: RegionPlan = {
    kind: "perAccount",
    needsRole: true,
    resolve: async () => ["eu-west-1", "us-east-1"],
  };

  it("a regions function is asked before the role: fully skipped accounts cost no AssumeRole", async () => {
    const accounts = ids(3);
    const [a, b] = accounts as [string, string];
    const r = await call(
      accounts,
      fn,
      skipping(`${a} eu-west-1`, `${a} us-east-1`, `${b} us-east-1`),
    );
    expect(r.assumed.sort()).toEqual(accounts.slice(1));
    expect(r.runs).toEqual([`${b} eu-west-1`, ...STATIC.regions.map((g) => `${accounts[2]} ${g}`)]);
    expect(r.totals.at(-1)).toBe(3);
  });

  it('regions found with the role ("enabled"): the role is assumed, then the pairs skipped', async () => {
    const accounts = ids(2);
    const [a] = accounts as [string];
    const r = await call(accounts, enabled, skipping(`${a} eu-west-1`, `${a} us-east-1`));
    expect(r.assumed.sort()).toEqual(accounts);
    expect(r.runs).toEqual(STATIC.regions.map((g) => `${accounts[1]} ${g}`));
    expect(r.totals.at(-1)).toBe(2);
  });

  it("an account whose regions cannot be found is filed under its hub-region pair, unless skipped", async () => {
    const accounts = ids(2);
    const [a, b] = accounts as [string, string];
    const r = await call(accounts, enabled, skipping(`${a} eu-west-1`), () => true);
    expect(r.runs).toEqual([]);
    expect(r.records.map((e) => `${e.list} ${e.record.Id} ${e.record.Region}`)).toEqual([
      `FailedAssumeRole ${b} eu-west-1`,
    ]);
    expect(r.totals.at(-1)).toBe(1);
  });

  it("a regions function that throws is filed once the role is assumed, as before", async () => {
    const accounts = ids(1);
    const failing: RegionPlan = {
      kind: "perAccount",
      needsRole: false,
      resolve: () => Promise.reject(new Error("no regions")),
    };
    const r = await call(accounts, failing, undefined);
    expect(r.assumed).toEqual(accounts);
    expect(r.records).toHaveLength(1);
    expect(r.records[0]).toMatchObject({
      list: "Exceptions",
      record: { Id: accounts[0], Region: "eu-west-1", ExceptionDetails: { message: "no regions" } },
    });
  });
});
