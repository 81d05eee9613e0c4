import { describe, expect, it } from "vitest";
import { shardManifest } from "../../../../src/cli/journal/manifest.js";
import { pairKey } from "../../../../src/cli/journal/read.js";
import { checkShards, isComplete, verdictText } from "../../../../src/cli/merge/check.js";
import { shardOf } from "../../../../src/domain/shard.js";

const IDS = Array.from({ length: 12 }, (_, i) => String(100000000000 + i * 7919));
const REGIONS = ["eu-west-1", "us-east-1"];
const JOB = { command: "exec", args: ["./audit.sh"], role: "Auditor" };
const COUNT = 3;

/** The first-line header of shard `index` of the job (of `ids`, `count`). */
const header = (index: number, ids = IDS, count = COUNT, job: object = JOB) => ({
  ...job,
  ...shardManifest({ index, count }, ids, REGIONS),
});
const file = (
  index: number,
  ...rest: Parameters<typeof header> extends [unknown, ...infer R] ? R : never
) => ({
  source: `shard-${index}.ndjson`,
  header: header(index, ...rest),
});
const every = () => new Set(IDS.flatMap((id) => REGIONS.map((r) => pairKey(id, r))));
const all = [0, 1, 2].map((i) => file(i));

describe("checkShards", () => {
  it("finds a whole job complete: every shard, every pair", () => {
    const pairs = every();
    const v = checkShards(all, (k) => pairs.has(k));
    expect(isComplete(v)).toBe(true);
    expect(v).toMatchObject({
      count: 3,
      size: 24,
      covered: 24,
      missingPairs: [],
      missingShards: [],
    });
    expect(verdictText(v)).toMatch(/^complete: 24 of 24 pairs/);
  });

  it("names the missing shard and the pairs with no record", () => {
    const pairs = every();
    const [dropped] = [...pairs].filter((k) => k.startsWith(IDS[0]!));
    pairs.delete(dropped!);
    const lost = all.filter((f) => f.header.shard.index !== 1);
    const v = checkShards(lost, (k) => pairs.has(k));
    expect(v.missingShards).toEqual([1]);
    const shard1Pairs = IDS.filter((id) => shardOf(id, COUNT) === 1).length * 2;
    expect(v.incomplete[0]).toContain(`shard 1 of 3 missing (${shard1Pairs} pairs`);
    if (shardOf(IDS[0]!, COUNT) !== 1)
      expect(v.missingPairs).toEqual([dropped!.replace("\t", " ")]);
    expect(isComplete(v)).toBe(false);
  });

  it("refuses files of another job, or without a manifest, as inconsistent", () => {
    const other = {
      source: "other.ndjson",
      header: header(1, IDS, COUNT, { ...JOB, args: ["./x.sh"] }),
    };
    const v = checkShards(
      [all[0]!, other, all[2]!, { source: "plain.ndjson", header: { command: "exec" } }],
      () => true,
    );
    expect(v.inconsistent).toHaveLength(2);
    expect(v.inconsistent[0]).toMatch(/other.ndjson: another job .*the arguments/);
    expect(v.inconsistent[1]).toMatch(/plain.ndjson: no shard manifest/);
  });

  it("lists shards of another count or another target set as incomplete", () => {
    const moreAccounts = [...IDS, "999999999999"];
    const v = checkShards(
      [
        all[0]!,
        all[1]!,
        { ...file(2, moreAccounts), source: "late.ndjson" },
        { ...file(0, IDS, 4), source: "four.ndjson" },
      ],
      () => true,
    );
    expect(v.inconsistent).toEqual([]);
    expect(v.incomplete.join("\n")).toMatch(/late.ndjson: another target set \(26 pairs/);
    expect(v.incomplete.join("\n")).toMatch(/four.ndjson: shard 0 of 4, not of 3/);
    expect(v.missingShards).toEqual([2]);
  });

  it("refuses shards whose accounts together are not the target set they name (edited files)", () => {
    const edited = file(1);
    edited.header.shardAccounts = edited.header.shardAccounts.slice(1);
    const v = checkShards([all[0]!, edited, all[2]!], () => true);
    expect(v.inconsistent[0]).toMatch(/do not make the target set/);
  });
});
