/**
 * Every targeting option through worker threads: `coveModule` on a worker gives the same
 * records as `cove` in this thread for the same call, compared field by field (records carry
 * no timing fields), and each option visibly had its effect (a form that dropped it fails).
 * Targeting happens on the main thread (workers get only a run's credentials), so one worker
 * per call proves it; how runs are shared among several workers is workers.test.ts's concern.
 */
import { describe, expect, it } from "vitest";
import {
  cove,
  coveModule,
  listTargets,
  type CoveOptions,
  type CoveOutput,
  type CoveRecordBase,
} from "../../src/index.js";
import * as task from "./workers/task.js";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";

const aws = useTestAws();
const TASK = new URL("./workers/task.ts", import.meta.url);
const REGIONS = ["eu-west-1", "us-east-1"];
const base = {
  credentials: HUB_CREDENTIALS,
  region: "eu-west-1",
  regions: REGIONS,
  progress: false,
} as const;

const byRun = (a: CoveRecordBase, b: CoveRecordBase) =>
  `${a.Id}/${a.Region}`.localeCompare(`${b.Id}/${b.Region}`);
const sorted = <T extends CoveRecordBase>(list: readonly T[]) => [...list].sort(byRun);
const ids = (records: readonly { Id: string }[]) => [...new Set(records.map((r) => r.Id))].sort();
const below = (path: string) =>
  [...aws.org.accounts]
    .filter(([, a]) => a.ouPath === path || a.ouPath.startsWith(`${path}/`))
    .map(([id]) => id)
    .sort();
const ou = (path: string) => aws.org.ous.get(path) as string;

/**
 * Runs `whoAmI` with `options` in this thread, then on a worker; expects the same three lists
 * field by field and one AssumeRole per account on the threaded side. Gives the threaded output.
 */
async function same(
  options: CoveOptions,
): Promise<CoveOutput<Awaited<ReturnType<typeof task.whoAmI>>>> {
  const local = await cove(task.whoAmI, { ...base, ...options })("opt");
  aws.proxy.clear();
  const remote = await coveModule<typeof task.whoAmI>(TASK, "whoAmI", {
    ...base,
    ...options,
    workers: 1,
  })("opt");
  expect(remote.Exceptions).toEqual([]);
  expect(remote.FailedAssumeRole).toEqual([]);
  expect(remote.Results.length).toBeGreaterThan(0);
  expect(sorted(remote.Results)).toEqual(sorted(local.Results));
  expect(sorted(remote.Exceptions)).toEqual(sorted(local.Exceptions));
  expect(sorted(remote.FailedAssumeRole)).toEqual(sorted(local.FailedAssumeRole));
  for (const r of remote.Results) {
    expect(r.Result.arn).toContain(`::${r.Id}:assumed-role/`);
    expect(r.Result.region).toBe(r.Region);
  }
  expect(aws.proxy.count("sts:AssumeRole")).toBe(ids(remote.Results).length);
  return remote;
}

describe("coveModule: every targeting option, the same records as in-process", () => {
  it("tags: only the accounts whose tags match, with their Tags in the records", async () => {
    const out = await same({ tags: { Environment: ["prod", "staging"] } });
    expect(ids(out.Results)).toEqual([...below("/Workloads")].sort());
    for (const r of out.Results) expect(["prod", "staging"]).toContain(r.Tags?.Environment);
  });

  it("filter: only the accounts it keeps, with their OuPath", async () => {
    const out = await same({ filter: (a) => a.OuPath === "/Security" });
    expect(ids(out.Results)).toEqual(below("/Security"));
    for (const r of out.Results) expect(r.OuPath).toBe("/Security");
  });

  it("ouPaths: every record carries its account's OU path", async () => {
    const out = await same({ ouPaths: true });
    expect(out.Results).toHaveLength(aws.org.accounts.size * REGIONS.length);
    for (const r of out.Results) expect(r.OuPath).toBe(aws.org.accounts.get(r.Id)?.ouPath);
  });

  it("targetIds by OU id and OU path, ignoreIds by account", async () => {
    const ignored = below("/Workloads/Prod")[0] as string;
    const out = await same({
      targetIds: [ou("/Workloads/Prod"), "/Sandbox"],
      ignoreIds: [ignored],
    });
    const expected = [...below("/Workloads/Prod"), ...below("/Sandbox")]
      .filter((id) => id !== ignored)
      .sort();
    expect(ids(out.Results)).toEqual(expected);
  });

  it("targetIds by root id, ignoreIds by OU", async () => {
    const out = await same({ targetIds: [aws.org.rootId], ignoreIds: [ou("/Workloads")] });
    const workloads = new Set(below("/Workloads"));
    const expected = [...aws.org.accounts.keys()].filter((id) => !workloads.has(id)).sort();
    expect(ids(out.Results)).toEqual(expected);
  });

  it("accounts: runs in the list given, without an Organizations call", async () => {
    const listed = await listTargets({ ...base, ouPaths: true });
    const accounts = listed.accounts.slice(3, 8);
    const out = await same({ accounts });
    expect(ids(out.Results)).toEqual(accounts.map((a) => a.Id).sort());
    expect(aws.proxy.requests.filter((r) => r.action.startsWith("organizations:"))).toEqual([]);
    for (const r of out.Results) expect(r.OuPath).toBe(aws.org.accounts.get(r.Id)?.ouPath);
  });

  it("shard: only this shard's accounts, the same ones as in-process", async () => {
    const first = await same({ shard: { index: 0, count: 3 } });
    const second = await same({ shard: { index: 1, count: 3 } });
    const a = ids(first.Results);
    const b = ids(second.Results);
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect(a.length + b.length).toBeLessThan(aws.org.accounts.size);
  });

  it("skip: the pairs it skips do not run and are in no list", async () => {
    const skipped = new Set(below("/Security"));
    const out = await same({ skip: (run) => skipped.has(run.Id) && run.Region === "us-east-1" });
    expect(out.Results).toHaveLength(aws.org.accounts.size * REGIONS.length - skipped.size);
    for (const r of out.Results) {
      expect(skipped.has(r.Id) && r.Region === "us-east-1").toBe(false);
    }
  });
});
