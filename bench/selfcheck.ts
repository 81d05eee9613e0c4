/**
 * Self-check of the simulator through the unmodified AWS SDK v3: start it as a process, talk STS
 * (Query/XML) and Organizations (JSON 1.1) to it, and compare what the SDK sees with the simulator's
 * own counters. Exits non-zero on the first failed check.
 *
 *   npx tsx bench/selfcheck.ts
 *
 * Written as plain functions over node:assert so it can become a vitest test later.
 */
import { pathToFileURL } from "node:url";
import assert from "node:assert/strict";
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
  type Credentials,
} from "@aws-sdk/client-sts";
import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
} from "@aws-sdk/client-organizations";
import { startSimulator, type SimulatorHandle } from "./simulator-process.js";

const MANAGEMENT = "123456789012";
const base = {
  region: "eu-west-1",
  credentials: { accessKeyId: "AKIAFAKE", secretAccessKey: "fake" },
};

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : String(err);
}

async function expectError(p: Promise<unknown>, name: string): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    assert.equal(errorName(err), name);
    return err;
  }
  assert.fail(`expected ${name}`);
}

export async function checkBasics(sim: SimulatorHandle, accounts: number): Promise<void> {
  const sts = new STSClient({ ...base, endpoint: sim.url });
  const org = new OrganizationsClient({ ...base, endpoint: sim.url });

  const me = await sts.send(new GetCallerIdentityCommand({}));
  assert.equal(me.Account, MANAGEMENT);

  const desc = await org.send(new DescribeOrganizationCommand({}));
  assert.equal(desc.Organization?.MasterAccountId, MANAGEMENT);
  const roots = await org.send(new ListRootsCommand({}));
  const rootId = roots.Roots?.[0]?.Id;
  assert.equal(rootId, "r-ex01");

  // ListAccounts: pages of 20 with NextToken, as AWS.
  const ids: string[] = [];
  let pages = 0;
  for await (const page of paginateListAccounts({ client: org }, {})) {
    pages++;
    assert.ok((page.Accounts?.length ?? 0) <= 20);
    for (const a of page.Accounts ?? []) {
      assert.match(a.Id ?? "", /^\d{12}$/);
      assert.equal(a.Arn, `arn:aws:organizations::${MANAGEMENT}:account/o-exampleorg1/${a.Id}`);
      assert.ok(a.JoinedTimestamp instanceof Date);
      ids.push(a.Id as string);
    }
  }
  assert.equal(ids.length, accounts);
  assert.equal(new Set(ids).size, accounts);
  assert.equal(pages, Math.ceil(accounts / 20));

  // Walking the OU tree finds every account exactly once.
  const walked: string[] = [];
  const walk = async (parent: string, depth: number): Promise<number> => {
    for await (const p of paginateListAccountsForParent({ client: org }, { ParentId: parent })) {
      for (const a of p.Accounts ?? []) walked.push(a.Id as string);
    }
    let deepest = depth;
    for await (const p of paginateListOrganizationalUnitsForParent(
      { client: org },
      { ParentId: parent },
    )) {
      for (const ou of p.OrganizationalUnits ?? []) {
        assert.match(ou.Id ?? "", /^ou-ex01-[a-z0-9]{8}$/);
        deepest = Math.max(deepest, await walk(ou.Id as string, depth + 1));
      }
    }
    return deepest;
  };
  const depth = await walk(rootId as string, 0);
  assert.equal(walked.length, accounts);
  assert.deepEqual([...walked].sort(), [...ids].sort());
  assert.equal(depth, 3);

  const children = await org.send(
    new ListChildrenCommand({ ParentId: rootId, ChildType: "ORGANIZATIONAL_UNIT" }),
  );
  assert.ok((children.Children?.length ?? 0) > 0);

  const first = ids[0] as string;
  const acct = await org.send(new DescribeAccountCommand({ AccountId: first }));
  assert.equal(acct.Account?.Id, first);
  const tags = await org.send(new ListTagsForResourceCommand({ ResourceId: first }));
  assert.ok((tags.Tags?.length ?? 0) > 0);

  // Errors come back as the modelled exceptions.
  await expectError(
    org.send(new DescribeAccountCommand({ AccountId: "000000000000" })),
    "AccountNotFoundException",
  );
  await expectError(
    org.send(new ListAccountsForParentCommand({ ParentId: "ou-ex01-nothere0" })),
    "ParentNotFoundException",
  );

  // AssumeRole, then GetCallerIdentity with the assumed credentials.
  const assumed = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${first}:role/OrganizationAccountAccessRole`,
      RoleSessionName: "selfcheck",
      DurationSeconds: 900,
    }),
  );
  const c = assumed.Credentials as Credentials;
  assert.match(c.AccessKeyId ?? "", new RegExp(`^ASIA${first}[A-Z2-7]{4}$`));
  assert.ok(c.Expiration instanceof Date);
  const ttl = (c.Expiration as Date).getTime() - Date.now();
  assert.ok(ttl > 880_000 && ttl <= 901_000, `expiration ${ttl} ms from now`);
  const inTarget = new STSClient({
    region: "ap-southeast-2",
    endpoint: sim.url,
    credentials: {
      accessKeyId: c.AccessKeyId as string,
      secretAccessKey: c.SecretAccessKey as string,
      sessionToken: c.SessionToken as string,
    },
  });
  const who = await inTarget.send(new GetCallerIdentityCommand({}));
  assert.equal(who.Account, first);
  assert.equal(
    who.Arn,
    `arn:aws:sts::${first}:assumed-role/OrganizationAccountAccessRole/selfcheck`,
  );

  await expectError(
    sts.send(
      new AssumeRoleCommand({
        RoleArn: "arn:aws:iam::000000000000:role/OrganizationAccountAccessRole",
        RoleSessionName: "selfcheck",
      }),
    ),
    "AccessDenied",
  );

  const stats = await sim.stats();
  assert.equal(stats.calls.AssumeRole, 1);
  assert.equal(stats.errors.AssumeRole, 1);
  assert.equal(stats.calls.GetCallerIdentity, 2);
  assert.equal(stats.calls.ListAccounts, pages);
  assert.equal(stats.calls.DescribeAccount, 1);
  assert.equal(stats.errors.DescribeAccount, 1);
}

export async function checkThrottling(sim: SimulatorHandle): Promise<void> {
  await sim.reset();
  // No retries: the first Throttling answer must surface, and be classified as throttling.
  const sts = new STSClient({ ...base, endpoint: sim.url, maxAttempts: 1 });
  const results = await Promise.allSettled(
    Array.from({ length: 20 }, () => sts.send(new GetCallerIdentityCommand({}))),
  );
  const rejected = results.filter((r) => r.status === "rejected");
  assert.ok(rejected.length >= 10, `expected throttling, got ${rejected.length} rejections`);
  const err = (rejected[0] as PromiseRejectedResult).reason as Error & {
    $metadata?: { httpStatusCode?: number };
  };
  // "Throttling" is one of the codes the SDK's retry strategy treats as throttling.
  assert.equal(err.name, "Throttling");
  assert.equal(err.message, "Rate exceeded");
  assert.equal(err.$metadata?.httpStatusCode, 400);
  const org = new OrganizationsClient({ ...base, endpoint: sim.url, maxAttempts: 1 });
  const orgResults = await Promise.allSettled(
    Array.from({ length: 20 }, () => org.send(new ListRootsCommand({}))),
  );
  const orgErr = orgResults.find((r) => r.status === "rejected") as
    PromiseRejectedResult | undefined;
  assert.equal(errorName(orgErr?.reason), "TooManyRequestsException");
  const stats = await sim.stats();
  assert.equal(stats.throttled.GetCallerIdentity, rejected.length);
  // With the SDK's default retries, throttled calls eventually get through.
  await sim.reset();
  const retrying = new STSClient({ ...base, endpoint: sim.url, maxAttempts: 10 });
  const settled = await Promise.all(
    Array.from({ length: 8 }, () => retrying.send(new GetCallerIdentityCommand({}))),
  );
  assert.ok(
    settled.some((r) => (r.$metadata.attempts ?? 1) > 1),
    "expected retried calls",
  );
  const after = await sim.stats();
  assert.equal(after.calls.GetCallerIdentity, 8);
  assert.ok((after.throttled.GetCallerIdentity ?? 0) > 0);
}

export async function checkFaults(sim: SimulatorHandle): Promise<void> {
  await sim.reset();
  const sts = new STSClient({ ...base, endpoint: sim.url, maxAttempts: 1 });
  const results = await Promise.allSettled(
    Array.from({ length: 40 }, () => sts.send(new GetCallerIdentityCommand({}))),
  );
  const failed = results.filter((r) => r.status === "rejected").length;
  const stats = await sim.stats();
  assert.ok(failed > 0, "expected injected faults");
  assert.equal(stats.faults.GetCallerIdentity ?? 0, failed);
}

/** Every check, each against a simulator of its own; `log` hears one line per passed check. */
export async function selfCheck(log: (line: string) => void = () => {}): Promise<void> {
  const accounts = 137;
  const plain = await startSimulator({
    accounts,
    ous: 12,
    depth: 3,
    suspended: 0,
    latency: [1, 3],
  });
  try {
    await checkBasics(plain, accounts);
    log("ok  basics: STS + Organizations through the SDK, paging, errors, counters");
  } finally {
    await plain.stop();
  }
  const limited = await startSimulator({ accounts: 10, stsRate: 5, stsBurst: 5, orgRate: 2 });
  try {
    await checkThrottling(limited);
    log("ok  throttling: Throttling / TooManyRequestsException classified and retried");
  } finally {
    await limited.stop();
  }
  const faulty = await startSimulator({ accounts: 10, faultRate: 0.5, seed: 7 });
  try {
    await checkFaults(faulty);
    log("ok  faults: 500 InternalFailure and connection resets counted");
  } finally {
    await faulty.stop();
  }
}

async function main(): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const t0 = performance.now();
  await selfCheck((line) => console.log(line));
  console.log(`3 passed, 0 failed (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

// Run as a script (`npx tsx bench/selfcheck.ts`); imported by the test suite, it only exports.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
