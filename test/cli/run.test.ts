import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestAws } from "../support/env.js";
import { CLI_ORG, cliEnv, cove, oneLineNoStack, parseCsv, requireBuild, ROOT } from "./helpers.js";

const aws = useTestAws(CLI_ORG);
let env: NodeJS.ProcessEnv;
let dir: string;

const members = () => [...aws.org.accounts.keys()].sort();

/** A TypeScript module (no build step): type-only import of botocove, real SDK calls. */
const AUDIT_TS = `
import type { CoveSession } from "botocove";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";

interface Audit {
  account: string;
  region: string;
  name: string | undefined;
  caller: string | undefined;
  args: string[];
}

export async function audit(session: CoveSession, ...args: string[]): Promise<Audit> {
  const id = await session.client(STSClient).send(new GetCallerIdentityCommand({}));
  return { account: session.accountId, region: session.region, name: session.sessionInformation.Name, caller: id.Arn, args };
}

export function callerOnly(session: CoveSession): Promise<string | undefined> {
  return session.client(STSClient).send(new GetCallerIdentityCommand({})).then((o) => o.Account);
}

export function picky(session: CoveSession, victim: string): string {
  if (session.accountId === victim) {
    const e = new Error("not this one: " + victim) as Error & { code: string; details: object };
    e.code = "E_PICKY";
    e.details = { nested: { deep: true } };
    throw e;
  }
  return "ok";
}

export default (session: CoveSession): string => "default:" + session.accountId;
`;

beforeAll(() => {
  requireBuild();
  env = cliEnv(aws.proxy.url);
  dir = mkdtempSync(join(tmpdir(), "cove-cli-run-"));
  // The modules import the SDK like a user's project would: from its node_modules.
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  writeFileSync(join(dir, "audit.ts"), AUDIT_TS);
  writeFileSync(
    join(dir, "plain.mjs"),
    `export function hello(session, who) { return "hello " + who + " from " + session.accountId; }\n`,
  );
  writeFileSync(join(dir, "broken.ts"), `export const x: number = ;\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Rec {
  List?: string;
  Id: string;
  Region: string;
  Result?: unknown;
  ExceptionDetails?: Record<string, unknown>;
}

describe("cove run", () => {
  it("runs a named export of a .ts module with ARGS as strings, as each target", async () => {
    const r = await cove(
      [
        "run",
        join(dir, "audit.ts"),
        "--export",
        "audit",
        "--regions",
        "eu-west-1,us-east-1",
        "-o",
        "json",
        "--",
        "a b",
        "--not-a-flag",
        "7",
      ],
      { env },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      Results: Rec[];
      Exceptions: Rec[];
      FailedAssumeRole: Rec[];
    };
    expect(out.Results).toHaveLength(members().length * 2);
    for (const rec of out.Results) {
      expect(rec.Result).toEqual({
        account: rec.Id,
        region: rec.Region,
        name: aws.org.accounts.get(rec.Id)!.name,
        caller: `arn:aws:sts::${rec.Id}:assumed-role/OrganizationAccountAccessRole/OrganizationAccountAccessRole`,
        args: ["a b", "--not-a-flag", "7"],
      });
    }
  });

  it("runs the default export without --export, relative to the working directory", async () => {
    const r = await cove(["run", "audit.ts", "-o", "ndjson"], { env, cwd: dir });
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Rec);
    expect(lines.map((l) => l.Result).sort()).toEqual(members().map((id) => `default:${id}`));
  });

  it("runs a .mjs module's only export", async () => {
    const [one] = members() as [string];
    const r = await cove(["run", join(dir, "plain.mjs"), "-t", one, "-o", "csv", "--", "world"], {
      env,
    });
    expect(r.code).toBe(0);
    const [, row] = parseCsv(r.stdout);
    expect(row![0]).toBe("Results");
    expect(row![6]).toBe(`hello world from ${one}`);
  });

  it("serializes a thrown error as {name, message, code}, exits 1, and shows it in every format", async () => {
    const [victim] = members() as [string];
    const args = ["run", join(dir, "audit.ts"), "--export", "picky"];
    const json = await cove([...args, "-o", "json", "--", victim], { env });
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { Results: Rec[]; Exceptions: Rec[] };
    expect(out.Results).toHaveLength(members().length - 1);
    expect(out.Exceptions).toHaveLength(1);
    expect(out.Exceptions[0]!.ExceptionDetails).toEqual({
      name: "Error",
      message: `not this one: ${victim}`,
      code: "E_PICKY",
    });
    const table = await cove([...args, "-o", "table", "--", victim], { env });
    expect(table.code).toBe(1);
    expect(table.stdout).toContain(`Error: not this one: ${victim}`);
    expect(table.stdout).not.toContain("[object Object]");
  });

  it("serializes an AWS error with its request id", async () => {
    aws.proxy.faults.push((q) =>
      q.action === "sts:GetCallerIdentity" && q.accessKeyId?.startsWith("ASIA")
        ? {
            status: 403,
            code: "ExpiredToken",
            message: "The security token included in the request is expired",
          }
        : undefined,
    );
    try {
      const r = await cove(
        ["run", join(dir, "audit.ts"), "--export", "callerOnly", "-o", "ndjson"],
        { env },
      );
      expect(r.code).toBe(1);
      const lines = r.stdout
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l) as Rec);
      expect(lines).toHaveLength(members().length);
      for (const l of lines) {
        expect(l.List).toBe("Exceptions");
        expect(l.ExceptionDetails).toEqual({
          name: "ExpiredToken",
          message: "The security token included in the request is expired",
          code: "ExpiredToken",
          requestId: "proxy-fault",
        });
      }
    } finally {
      aws.proxy.clear();
    }
  });

  it("refuses a missing module, a missing export and a module that does not compile with exit 2", async () => {
    const cases: [string[], RegExp][] = [
      [["run", join(dir, "nope.ts")], /Module not found/],
      [
        ["run", join(dir, "audit.ts"), "--export", "nothing"],
        /no exported function "nothing".*audit, callerOnly, picky, default/,
      ],
      [["run", join(dir, "broken.ts")], /Could not load/],
      [["run", join(dir, "plain.txt")], /must be a \.js, \.mjs, \.cjs, \.ts/],
    ];
    writeFileSync(join(dir, "plain.txt"), "");
    aws.proxy.clear();
    for (const [args, message] of cases) {
      const r = await cove(args, { env });
      expect(r.code, args.join(" ")).toBe(2);
      expect(oneLineNoStack(r.stderr)).toMatch(message);
    }
    expect(aws.proxy.requests).toHaveLength(0);
  });
});
