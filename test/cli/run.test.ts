import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestAws } from "../support/env.js";
import { CLI_ORG, cliEnv, cove, oneLineNoStack, parseCsv, requireBuild, ROOT } from "./helpers.js";
import { runCli } from "./in-process.js";

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

/** Functions that return or throw values which break naive serialization, and worse. */
const HOSTILE_MJS = `
import { readFileSync } from "node:fs";
const pick = (session, victim, bad) => (session.accountId === victim ? bad() : "fine");
export function getter(session, victim) {
  return pick(session, victim, () => {
    const o = { ok: 1 };
    Object.defineProperty(o, "boom", { enumerable: true, get() { throw new Error("getter boom"); } });
    return o;
  });
}
export function tojson(session, victim) {
  return pick(session, victim, () => ({ toJSON() { throw new Error("toJSON boom"); } }));
}
export function deep(session, victim) {
  return pick(session, victim, () => {
    let v = {};
    for (let i = 0; i < 100000; i++) v = { a: v };
    return v;
  });
}
export function badName(session, victim) {
  return pick(session, victim, () => {
    const e = new Error("thrown with a bad name");
    Object.defineProperty(e, "name", { get() { throw new Error("name getter boom"); } });
    throw e;
  });
}
export async function stray(session) {
  const c = await session.credentials();
  Promise.reject(new Error("stray rejection " + c.sessionToken));
  // Thrown from a callback of the event loop; the run ends on the loop's next turn after it.
  await new Promise((r) => setImmediate(() => { setImmediate(r); throw new Error("stray throw " + c.secretAccessKey); }));
  return "ok";
}
export async function chatty(session) {
  const c = await session.credentials();
  console.log("log " + c.secretAccessKey);
  console.error("err " + c.sessionToken);
  console.info(encodeURIComponent(c.secretAccessKey));
  return "ok";
}
export function never(session, victim) {
  return session.accountId === victim ? new Promise(() => {}) : "fine";
}
export function hubFile() {
  return readFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, "utf8");
}
`;

beforeAll(() => {
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
  writeFileSync(join(dir, "hostile.mjs"), HOSTILE_MJS);
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
    const r = await runCli(
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
    const r = await runCli(["run", "audit.ts", "-o", "ndjson"], { env, cwd: dir });
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Rec);
    expect(lines.map((l) => l.Result).sort()).toEqual(members().map((id) => `default:${id}`));
  });

  it("runs a .mjs module's only export", async () => {
    const [one] = members() as [string];
    const r = await runCli(["run", join(dir, "plain.mjs"), "-t", one, "-o", "csv", "--", "world"], {
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
    const json = await runCli([...args, "-o", "json", "--", victim], { env });
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as { Results: Rec[]; Exceptions: Rec[] };
    expect(out.Results).toHaveLength(members().length - 1);
    expect(out.Exceptions).toHaveLength(1);
    expect(out.Exceptions[0]!.ExceptionDetails).toEqual({
      name: "Error",
      message: `not this one: ${victim}`,
      code: "E_PICKY",
    });
    const table = await runCli([...args, "-o", "table", "--", victim], { env });
    expect(table.code).toBe(1);
    expect(table.stdout).toContain(`E_PICKY: not this one: ${victim}`);
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
      const r = await runCli(
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
      const r = await runCli(args, { env });
      expect(r.code, args.join(" ")).toBe(2);
      expect(oneLineNoStack(r.stderr)).toMatch(message);
    }
    expect(aws.proxy.requests).toHaveLength(0);
  });
});

describe("cove run with values it cannot trust", () => {
  const hostile = () => join(dir, "hostile.mjs");

  it.each([
    ["getter", /getter boom/],
    ["tojson", /toJSON boom/],
    ["deep", /nested deeper than 1000 levels/],
  ])(
    "a Result that cannot be written (%s) is one Exception RESULT_NOT_SERIALIZABLE; the rest is written",
    async (name, why) => {
      const [victim] = members() as [string];
      for (const format of ["json", "ndjson"]) {
        // In this thread (--workers 1): the output writer's own check; on worker threads the
        // structured clone refuses these first (test/integration/workers.test.ts).
        const r = await runCli(
          ["run", hostile(), "-w", "1", "--export", name, "-o", format, "--", victim],
          { env },
        );
        expect(r.code, `${name} ${format}: ${r.stderr}`).toBe(1);
        const records =
          format === "json"
            ? (() => {
                const out = JSON.parse(r.stdout) as Record<string, Rec[]>;
                return [
                  ...out.Results!,
                  ...out.Exceptions!.map((e) => ({ ...e, List: "Exceptions" })),
                ];
              })()
            : r.stdout
                .trimEnd()
                .split("\n")
                .map((l) => JSON.parse(l) as Rec);
        expect(records).toHaveLength(members().length);
        const failed = records.filter((x) => x.ExceptionDetails !== undefined);
        expect(failed.map((x) => x.Id)).toEqual([victim]);
        expect(failed[0]!.ExceptionDetails).toMatchObject({ code: "RESULT_NOT_SERIALIZABLE" });
        expect(String(failed[0]!.ExceptionDetails!.message)).toMatch(why);
        expect(r.stderr).toContain(`1 of ${members().length} runs failed`);
      }
    },
  );

  it("describes a thrown value whose name getter throws, and writes every record", async () => {
    const [victim] = members() as [string];
    const r = await runCli(["run", hostile(), "--export", "badName", "-o", "json", "--", victim], {
      env,
    });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { Results: Rec[]; Exceptions: Rec[] };
    expect(out.Results).toHaveLength(members().length - 1);
    expect(out.Exceptions[0]!.ExceptionDetails).toEqual({
      name: "Error",
      message: "thrown with a bad name",
    });
    expect(r.stderr).not.toContain("cove: error");
  });

  // Stray errors are the process's (unhandledRejection, uncaughtException): the built binary.
  it("reports a stray rejection or throw of the module on stderr, redacted, and goes on", async () => {
    // In this thread: on a worker thread a stray throw ends the worker (WORKER_FAILED).
    requireBuild();
    const r = await cove(["run", hostile(), "-w", "1", "--export", "stray", "-o", "ndjson"], {
      env,
    });
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split("\n")).toHaveLength(members().length);
    expect(r.stderr).toContain("was rejected and nothing handled it");
    expect(r.stderr).toContain("stray rejection [REDACTED]");
    expect(r.stderr).toContain("stray throw [REDACTED]");
    expect(r.stderr).not.toMatch(/stray (rejection|throw) (?!\[REDACTED\])/);
  });

  it("sends the module's console output to stderr, redacted; stdout stays ndjson", async () => {
    const r = await runCli(["run", hostile(), "--export", "chatty", "-o", "ndjson"], { env });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(members().length);
    for (const line of lines) expect((JSON.parse(line) as Rec).Result).toBe("ok");
    const logged = r.stderr.split("\n");
    expect(logged.filter((l) => l === "log [REDACTED]")).toHaveLength(members().length);
    expect(logged.filter((l) => l === "err [REDACTED]")).toHaveLength(members().length);
    expect(logged.filter((l) => l === "[REDACTED]")).toHaveLength(members().length);
  });

  // Only a real process finds nothing left to wait for (beforeExit): the built binary.
  it("files a run whose promise never settles as an Exception, says to use --task-timeout, exits 1", async () => {
    requireBuild();
    const [victim] = members() as [string];
    // In this thread: a worker's pending promise keeps its thread alive, so only --task-timeout ends it there.
    const r = await cove(
      ["run", hostile(), "-w", "1", "--export", "never", "-o", "json", "--", victim],
      {
        env,
      },
    );
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { Results: Rec[]; Exceptions: Rec[] };
    expect(out.Results).toHaveLength(members().length - 1);
    expect(out.Exceptions.map((e) => e.Id)).toEqual([victim]);
    expect(out.Exceptions[0]!.ExceptionDetails).toMatchObject({
      name: "RunNeverSettled",
      code: "RUN_NEVER_SETTLED",
    });
    expect(r.stderr).toContain("1 run never finished");
    expect(r.stderr).toContain("--task-timeout");
  });

  it("redacts the hub's secret when it comes from a --profile, not the environment", async () => {
    const creds = join(dir, "hub-credentials");
    const hubSecret = "profile-hub-secret-0123456789";
    writeFileSync(
      creds,
      `[cove-run-hub]\naws_access_key_id = AKIAPROFILEHUB000001\naws_secret_access_key = ${hubSecret}\n`,
    );
    const profileEnv = cliEnv(aws.proxy.url, {
      AWS_SHARED_CREDENTIALS_FILE: creds,
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
    });
    const [one] = members() as [string];
    const r = await runCli(
      [
        "run",
        hostile(),
        "--export",
        "hubFile",
        "--profile",
        "cove-run-hub",
        "-t",
        one,
        "-o",
        "json",
      ],
      { env: profileEnv },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(hubSecret);
    expect((JSON.parse(r.stdout) as { Results: Rec[] }).Results[0]!.Result).toContain(
      "aws_secret_access_key = [REDACTED]",
    );
  });
});
