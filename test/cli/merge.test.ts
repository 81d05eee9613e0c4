/**
 * `--shard auto`, the shard manifest and `cove merge` / `cove report` on shards, on a real
 * `cove exec` against moto (the engine templates' runs are in engines.test.ts).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PageData } from "../../src/cli/report/page-data.js";
import { shardOf } from "../../src/index.js";
import { useTestAws } from "../support/env.js";
import { CLI_ORG, cliEnv } from "./helpers.js";
import { runCli } from "./in-process.js";

const aws = useTestAws(CLI_ORG);
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "cove-cli-merge-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const REGIONS = ["eu-west-1", "us-east-1"];

/** A line of output: a record, or the manifest header. */
interface Line {
  Id?: string;
  Region?: string;
  shard?: { index: number; count: number };
  targetSet?: { sha256: string; size: number; accounts: number; regions: string[] | null };
  shardAccounts?: string[];
  [key: string]: unknown;
}
const env = (extra: Record<string, string> = {}) => cliEnv(aws.proxy.url, extra);
const exec = (shard: string, more: string[] = [], argv = ["sh", "-c", "echo ok"]) =>
  runCli(
    [
      "exec",
      "--shard",
      shard,
      "--regions",
      REGIONS.join(","),
      "--yes",
      "-o",
      "ndjson",
      ...more,
      "--",
      ...argv,
    ],
    {
      env: env(),
    },
  );
const lines = (text: string) =>
  text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Line);

/** Runs shards `indexes` of 3 into journals; returns their paths. */
async function shards(name: string, indexes: number[], argv?: string[]): Promise<string[]> {
  const paths: string[] = [];
  for (const i of indexes) {
    const path = join(tmp, `${name}-${i}.ndjson`);
    const r = await exec(`${i}/3`, ["--journal", path], argv);
    expect(r.code, r.stderr).toBe(0);
    paths.push(path);
  }
  return paths;
}

describe("--shard auto", () => {
  it("without an engine variable: exit 2 before any AWS call, naming the variables looked for", async () => {
    const r = await exec("auto");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/AWS_BATCH_JOB_ARRAY_INDEX \+ AWS_BATCH_JOB_ARRAY_SIZE/);
    expect(r.stderr).toMatch(/JOB_COMPLETION_INDEX/);
    expect(aws.proxy.requests).toEqual([]);
    const k8s = await runCli(["exec", "--shard", "auto/3", "--yes", "--", "true"], {
      env: env({ JOB_COMPLETION_INDEX: "3" }),
    });
    expect(k8s.code).toBe(2);
    expect(k8s.stderr).toMatch(/JOB_COMPLETION_INDEX=3: index 3 is outside the count 3/);
    expect(aws.proxy.requests).toEqual([]);
  });

  it("takes AWS Batch's index and size: the manifest says shard 1 of 3, first in -o ndjson and the journal", async () => {
    const journal = join(tmp, "batch.ndjson");
    const r = await runCli(
      [
        "exec",
        "--shard",
        "auto",
        "--regions",
        REGIONS.join(","),
        "--yes",
        "-o",
        "ndjson",
        "--journal",
        journal,
        "--",
        "sh",
        "-c",
        "echo ok",
      ],
      { env: env({ AWS_BATCH_JOB_ARRAY_INDEX: "1", AWS_BATCH_JOB_ARRAY_SIZE: "3" }) },
    );
    expect(r.code, r.stderr).toBe(0);
    const [first, ...records] = lines(r.stdout);
    expect(first).toMatchObject({ command: "exec", shard: { index: 1, count: 3 } });
    const members = [...aws.org.accounts.keys()].sort();
    expect(first!.targetSet).toMatchObject({
      size: members.length * 2,
      accounts: members.length,
      regions: REGIONS,
    });
    expect(first!.targetSet!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(records.map((x) => x.Id))).toEqual(new Set(first!.shardAccounts));
    expect(lines(readFileSync(journal, "utf8"))[0]).toEqual(first);
  });
});

describe("cove merge", () => {
  it("writes the whole job when every shard is there (exit 0), the latest record per pair", async () => {
    const files = await shards("whole", [0, 1, 2]);
    const out = join(tmp, "whole.ndjson");
    const r = await runCli(["merge", ...files, "--out", out], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/complete: 14 records of 3 shards \(14 of 14 pairs/);
    const merged = lines(readFileSync(out, "utf8"));
    expect(merged).toHaveLength(14);
    expect(new Set(merged.map((x) => `${x.Id} ${x.Region}`)).size).toBe(14);
    const csv = await runCli(["merge", ...files, "-o", "csv"], { env: env() });
    expect(csv.stdout.split("\n")[0]).toBe("List,Id,Name,Email,OuPath,Region,Result,Error");
  });

  it("--sort: the merged records by account id then region, whatever the order of the files", async () => {
    const files = await shards("sorted", [2, 1, 0]);
    const pairs = (text: string) => lines(text).map((x) => `${x.Id} ${x.Region}`);
    const plain = await runCli(["merge", ...files], { env: env() });
    const sorted = await runCli(["merge", ...files, "--sort"], { env: env() });
    expect(sorted.code, sorted.stderr).toBe(0);
    const expected = pairs(plain.stdout).sort();
    // The files' order is not the sorted one: without --sort the records keep it.
    expect(pairs(plain.stdout)).not.toEqual(expected);
    expect(pairs(sorted.stdout)).toEqual(expected);
  });

  it("a shard missing: nothing written, exit 1, the shard and pairs on stderr; --allow-partial writes them", async () => {
    // The shard left out: one that holds accounts (a shard may hold none).
    const held = [0, 1, 2].map(
      (i) => [...aws.org.accounts.keys()].filter((id) => shardOf(id, 3) === i).length,
    );
    const gone = held.indexOf(Math.max(...held));
    const files = await shards(
      "part",
      [0, 1, 2].filter((i) => i !== gone),
    );
    const out = join(tmp, "part.ndjson");
    const r = await runCli(["merge", ...files, "--out", out], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`incomplete: shard ${gone} of 3 missing \\(${held[gone]! * 2} pairs`),
    );
    expect(r.stderr).toMatch(/nothing written/);
    expect(existsSync(out)).toBe(false);
    const partial = await runCli(["merge", ...files, "--out", out, "--allow-partial"], {
      env: env(),
    });
    expect(partial.code).toBe(1);
    const kept = lines(readFileSync(out, "utf8"));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBe(14 - held[gone]! * 2);
    // cove report shows the verdict at the top of the page.
    const page = join(tmp, "part.html");
    expect((await runCli(["report", ...files, "-o", page], { env: env() })).code).toBe(0);
    const html = readFileSync(page, "utf8");
    const data = JSON.parse(
      /<script type="application\/json" id="cove-data">(.*?)<\/script>/s.exec(html)![1]!,
    ) as PageData;
    expect(data.job[0]![0]).toBe("Shards");
    expect(data.job[0]![1]).toMatch(new RegExp(`^INCOMPLETE: .* shard ${gone} of 3 missing`));
  });

  it("files of another job: exit 2, nothing written", async () => {
    const [a, c] = await shards("jobA", [0, 2]);
    const [b] = await shards("jobB", [1], ["sh", "-c", "echo other"]);
    const out = join(tmp, "mixed.ndjson");
    const r = await runCli(["merge", a!, b!, c!, "--out", out], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/jobB-1.ndjson: another job .*the arguments/);
    expect(existsSync(out)).toBe(false);
    const plain = join(tmp, "plain.ndjson");
    writeFileSync(plain, '{"command":"exec"}\n');
    expect((await runCli(["merge", a!, plain], { env: env() })).code).toBe(2);
  });

  it("a resumed journal must be of the same shard", async () => {
    const [journal] = await shards("resume", [0]);
    const r = await exec("1/3", ["--resume", journal!]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/journal of another shard or target set/);
  });
});
