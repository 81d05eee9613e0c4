import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestAws } from "../support/env.js";
import { CLI_ORG, cliEnv, cove, requireBuild } from "./helpers.js";

const aws = useTestAws(CLI_ORG);
let env: NodeJS.ProcessEnv;
let cacheDir: string;

beforeAll(() => {
  requireBuild();
  cacheDir = mkdtempSync(join(tmpdir(), "cove-cache-"));
  env = cliEnv(aws.proxy.url, { COVE_CACHE_DIR: cacheDir });
});

/** `cove exec` printing each run's account id, through the cache. */
const EXEC_ACCOUNT_ID = [
  "exec",
  "--cache-ttl",
  "300",
  "-o",
  "json",
  "-q",
  "--",
  "node",
  "-e",
  "process.stdout.write(process.env.AWS_ACCOUNT_ID)",
];
const members = () => [...aws.org.accounts.keys()].sort();
const orgCalls = () =>
  aws.proxy.requests.filter((r) => r.action.startsWith("organizations:")).length;

describe("--cache-ttl", () => {
  it("lists the organization once, then reuses the cached list without any Organizations call", async () => {
    const first = await cove(EXEC_ACCOUNT_ID, { env });
    expect(first.code).toBe(0);
    expect(orgCalls()).toBeGreaterThan(0);
    const files = readdirSync(cacheDir);
    expect(files).toHaveLength(1);
    expect(statSync(join(cacheDir, files[0]!)).mode & 0o777).toBe(0o600);
    const cached = readFileSync(join(cacheDir, files[0]!), "utf8");
    expect(cached).not.toContain(env.AWS_SECRET_ACCESS_KEY!);
    expect(cached).not.toContain(env.AWS_ACCESS_KEY_ID!);

    aws.proxy.clear();
    const t0 = Date.now();
    const second = await cove(EXEC_ACCOUNT_ID, { env });
    expect(second.code).toBe(0);
    expect(orgCalls()).toBe(0);
    const records = (JSON.parse(second.stdout) as { Results: { Id: string }[] }).Results;
    expect(records.map((r) => r.Id).sort()).toEqual(members());
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it("keeps selections apart and lists again when the entry is stale", async () => {
    const prod = aws.org.ous.get("/Apps/Prod")!;
    const r = await cove(["targets", "--cache-ttl", "300", "-t", prod, "-o", "json"], { env });
    expect(
      (JSON.parse(r.stdout) as { targets: { Id: string }[] }).targets.map((t) => t.Id).sort(),
    ).toEqual(aws.org.byOu.get("/Apps/Prod")!.slice().sort());
    aws.proxy.clear();
    await cove(["targets", "--cache-ttl", "0", "-t", prod, "-o", "json"], { env });
    expect(orgCalls()).toBeGreaterThan(0);
  });

  it("refuses a negative ttl as bad usage", async () => {
    const r = await cove(["targets", "--cache-ttl", "-5"], { env });
    expect(r.code).toBe(2);
  });
});

describe("--shard", () => {
  it("splits the accounts over shards: every account in exactly one", async () => {
    const seen: string[] = [];
    for (const i of [0, 1, 2]) {
      const r = await cove(["targets", "--shard", `${i}/3`, "-o", "json"], { env });
      expect(r.code).toBe(0);
      seen.push(
        ...(JSON.parse(r.stdout) as { targets: { Id: string }[] }).targets.map((t) => t.Id),
      );
    }
    expect(seen.sort()).toEqual(members());
  });
});
