import {
  chmodSync,
  lstatSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cacheKey } from "../../src/cli/cache.js";
import { useTestAws } from "../support/env.js";
import { CLI_ORG, cliEnv } from "./helpers.js";
import { runCli } from "./in-process.js";
import { tempDir } from "../support/temp-dir.js";

const aws = useTestAws(CLI_ORG);
let env: NodeJS.ProcessEnv;
const cacheDir = tempDir("cove-cache-");

beforeAll(() => {
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
  "sh",
  "-c",
  'printf %s "$AWS_ACCOUNT_ID"',
];
const members = () => [...aws.org.accounts.keys()].sort();
const orgCalls = () =>
  aws.proxy.requests.filter((r) => r.action.startsWith("organizations:")).length;

describe("--cache-ttl", () => {
  it("lists the organization once, then reuses the cached list without any Organizations call", async () => {
    const first = await runCli(EXEC_ACCOUNT_ID, { env });
    expect(first.code).toBe(0);
    expect(orgCalls()).toBeGreaterThan(0);
    const files = readdirSync(cacheDir);
    expect(files).toHaveLength(1);
    expect(statSync(join(cacheDir, files[0]!)).mode & 0o777).toBe(0o600);
    const cached = readFileSync(join(cacheDir, files[0]!), "utf8");
    expect(cached).not.toContain(env.AWS_SECRET_ACCESS_KEY!);
    expect(cached).not.toContain(env.AWS_ACCESS_KEY_ID!);

    aws.proxy.clear();
    const second = await runCli(EXEC_ACCOUNT_ID, { env });
    expect(second.code).toBe(0);
    expect(orgCalls()).toBe(0);
    const records = (JSON.parse(second.stdout) as { Results: { Id: string }[] }).Results;
    expect(records.map((r) => r.Id).sort()).toEqual(members());
  });

  it("keeps selections apart and lists again when the entry is stale", async () => {
    const prod = aws.org.ous.get("/Apps/Prod")!;
    const r = await runCli(["targets", "--cache-ttl", "300", "-t", prod, "-o", "json"], { env });
    expect(
      (JSON.parse(r.stdout) as { targets: { Id: string }[] }).targets.map((t) => t.Id).sort(),
    ).toEqual(aws.org.byOu.get("/Apps/Prod")!.slice().sort());
    aws.proxy.clear();
    await runCli(["targets", "--cache-ttl", "0", "-t", prod, "-o", "json"], { env });
    expect(orgCalls()).toBeGreaterThan(0);
  });

  it("refuses a negative ttl as bad usage", async () => {
    const r = await runCli(["targets", "--cache-ttl", "-5"], { env });
    expect(r.code).toBe(2);
  });
});

/** A cache entry as cove writes it, for an account that is not a member. */
const planted = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    version: 1,
    savedAt: Date.now(),
    accounts: [{ Id: "999999999999", Name: "planted" }],
    ...overrides,
  });

/** `cove exec` through the cache in `dir`; the ids it ran in and what it said. */
async function execThrough(dir: string) {
  const r = await runCli(EXEC_ACCOUNT_ID, { env: { ...env, COVE_CACHE_DIR: dir } });
  const ids = (JSON.parse(r.stdout || "{}") as { Results?: { Id: string }[] }).Results?.map(
    (x) => x.Id,
  );
  return { ...r, ids: ids?.sort() };
}

/** The file name the cache uses for `cove exec` without selection flags. */
const execEntry = (dir: string) => join(dir, `${cacheKey({}, env)}.json`);

describe("--cache-ttl with a cache it cannot trust", () => {
  it("does not use a folder other users can write: a warning, and the organization is listed", async () => {
    const shared = tempDir("cove-cache-shared-");
    chmodSync(shared, 0o777);
    writeFileSync(execEntry(shared), planted(), { mode: 0o600 });
    aws.proxy.clear();
    const r = await execThrough(shared);
    expect(r.code, r.stderr).toBe(0);
    expect(r.ids).toEqual(members());
    expect(r.stderr).toContain("not using the account cache");
    expect(r.stderr).toContain("other users can write to it");
    expect(orgCalls()).toBeGreaterThan(0);
    expect(readdirSync(shared)).toEqual([`${cacheKey({}, env)}.json`]);
  });

  it("does not follow a link planted where its file goes, and replaces the link", async () => {
    const dir = tempDir("cove-cache-link-");
    const elsewhere = tempDir("cove-cache-target-");
    const target = join(elsewhere, "entry.json");
    writeFileSync(target, planted(), { mode: 0o600 });
    symlinkSync(target, execEntry(dir));
    const r = await execThrough(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.ids).toEqual(members());
    expect(JSON.parse(readFileSync(target, "utf8"))).toMatchObject({
      accounts: [{ Id: "999999999999" }],
    });
    expect(lstatSync(execEntry(dir)).isSymbolicLink()).toBe(false);
    expect(statSync(execEntry(dir)).mode & 0o777).toBe(0o600);
  });

  it.each([
    ["saved in the future", planted({ savedAt: Date.now() + 86_400_000 })],
    ["with no accounts", planted({ accounts: [] })],
    ["with a malformed account id", planted({ accounts: [{ Id: "12345" }] })],
    ["that is not JSON", "{ not json"],
  ])("ignores and replaces an entry %s", async (_, text) => {
    const dir = tempDir("cove-cache-bad-");
    writeFileSync(execEntry(dir), text, { mode: 0o600 });
    const r = await execThrough(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.ids).toEqual(members());
    const saved = JSON.parse(readFileSync(execEntry(dir), "utf8")) as { accounts: unknown[] };
    expect(saved.accounts).toHaveLength(members().length);
  });

  it("cove targets from the cache keeps the OU path column", async () => {
    const dir = tempDir("cove-cache-ou-");
    const targets = ["targets", "--cache-ttl", "300", "-o", "table"];
    const first = await runCli(targets, { env: { ...env, COVE_CACHE_DIR: dir } });
    aws.proxy.clear();
    const second = await runCli(targets, { env: { ...env, COVE_CACHE_DIR: dir } });
    expect(orgCalls()).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stdout).toContain("OU path");
    for (const [id, a] of aws.org.accounts)
      expect(second.stdout).toMatch(
        new RegExp(`${id}\\s+${a.name}\\s+${a.email}\\s+ACTIVE\\s+${a.ouPath}\\s`),
      );
  });
});

describe("--shard", () => {
  it("splits the accounts over shards: every account in exactly one", async () => {
    const seen: string[] = [];
    for (const i of [0, 1, 2]) {
      const r = await runCli(["targets", "--shard", `${i}/3`, "-o", "json"], { env });
      expect(r.code).toBe(0);
      seen.push(
        ...(JSON.parse(r.stdout) as { targets: { Id: string }[] }).targets.map((t) => t.Id),
      );
    }
    expect(seen.sort()).toEqual(members());
  });
});
