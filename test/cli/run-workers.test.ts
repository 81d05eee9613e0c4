import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestAws } from "../support/env.js";
import { CLI_ORG, cliEnv, cove, oneLineNoStack, requireBuild, ROOT } from "./helpers.js";

const aws = useTestAws(CLI_ORG);
let env: NodeJS.ProcessEnv;
let dir: string;

/** A TypeScript module run on worker threads: an STS call, and the thread it ran on. */
const TASK_TS = `
import { isMainThread } from "node:worker_threads";
import type { CoveSession } from "botocove";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
export async function who(session: CoveSession, tag: string) {
  const id = await session.client(STSClient).send(new GetCallerIdentityCommand({}));
  console.log("secret " + (await session.credentials()).secretAccessKey);
  return { caller: id.Arn, tag, name: session.sessionInformation.Name, main: isMainThread };
}
`;

interface Rec {
  Id: string;
  Region: string;
  Result: { main: boolean } & Record<string, unknown>;
}

beforeAll(() => {
  requireBuild();
  env = cliEnv(aws.proxy.url);
  dir = mkdtempSync(join(tmpdir(), "cove-cli-workers-"));
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  writeFileSync(join(dir, "task.ts"), TASK_TS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const records = (stdout: string) =>
  stdout
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as Rec)
    .sort((a, b) => `${a.Id}/${a.Region}`.localeCompare(`${b.Id}/${b.Region}`));

describe("cove run --workers", () => {
  it("writes the same records on 2 threads as in this one; module output is redacted on stderr", async () => {
    const args = ["run", join(dir, "task.ts"), "--regions", "eu-west-1,us-east-1", "-o", "ndjson"];
    const one = await cove([...args, "--workers", "1", "--", "t"], { env });
    aws.proxy.clear();
    const two = await cove([...args, "-w", "2", "--", "t"], { env });
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    const local = records(one.stdout);
    const threaded = records(two.stdout);
    expect(local.every((r) => r.Result.main)).toBe(true);
    expect(threaded.every((r) => !r.Result.main)).toBe(true);
    const strip = (list: Rec[]) => list.map((r) => ({ ...r, Result: { ...r.Result, main: 0 } }));
    expect(strip(threaded)).toEqual(strip(local));
    const accounts = new Set(threaded.map((r) => r.Id)).size;
    expect(aws.proxy.count("sts:AssumeRole")).toBe(accounts);
    expect(two.stderr).toContain("secret [REDACTED]");
    expect(two.stderr).not.toMatch(/secret (?!\[REDACTED\])/);
  });

  it("refuses a bad --workers value with exit 2, before any AWS call", async () => {
    for (const bad of ["0", "-1", "1.5", "two", "257"]) {
      aws.proxy.clear();
      const r = await cove(["run", join(dir, "task.ts"), `--workers=${bad}`], { env });
      expect(r.code, bad).toBe(2);
      expect(oneLineNoStack(r.stderr)).toMatch(/--workers.*expected an integer from 1 to 256/);
      expect(aws.proxy.requests).toHaveLength(0);
    }
  });

  it("a module that fails to load on the threads stops with exit 2, before any AWS call", async () => {
    writeFileSync(
      join(dir, "broken.ts"),
      `throw new Error("no load");\nexport const f = () => 1;\n`,
    );
    aws.proxy.clear();
    const r = await cove(["run", join(dir, "broken.ts"), "-w", "2"], { env });
    expect(r.code).toBe(2);
    expect(oneLineNoStack(r.stderr)).toMatch(/Could not load .*broken\.ts: no load/);
    expect(aws.proxy.requests).toHaveLength(0);
  });

  it("exec says it needs no --workers", async () => {
    const r = await cove(["exec", "--help"], { env });
    expect(r.stdout).toContain("exec needs no --workers");
  });
});
