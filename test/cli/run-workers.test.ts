import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PageData } from "../../src/cli/report/page-data.js";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";
import { CLI_ORG, cliEnv, cove, oneLineNoStack, requireBuild, ROOT } from "./helpers.js";
import { runCli, startInProcess } from "./in-process.js";

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

/**
 * The module of the journal and report tests: an STS call per run; throws an AWS-like error in
 * account `fail`; hangs until stopped in the pair named by the file DIR/hang, when it exists.
 */
const JOB_MJS = `
import { existsSync, readFileSync } from "node:fs";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
export async function job(session, dir, fail) {
  const hang = dir + "/hang";
  if (existsSync(hang) && readFileSync(hang, "utf8") === session.accountId + " " + session.region) {
    console.error("hanging in " + session.accountId);
    await new Promise((_, reject) => session.signal.addEventListener("abort", () => reject(session.signal.reason)));
  }
  if (session.accountId === fail) {
    throw Object.assign(new Error("no access in " + fail), { name: "AccessDenied", code: "AccessDenied" });
  }
  const id = await session.client(STSClient).send(new GetCallerIdentityCommand({}));
  return { caller: id.Arn, region: session.region, name: session.sessionInformation.Name };
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
  writeFileSync(join(dir, "job.mjs"), JOB_MJS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// No line at all is no record (a journal stopped before its first record ended).
const records = (stdout: string) =>
  stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Rec)
    .sort((a, b) => `${a.Id}/${a.Region}`.localeCompare(`${b.Id}/${b.Region}`));

describe("cove run --workers", () => {
  // The built binary, end to end: its worker entry is dist's, as users run it. The checks that
  // follow need no real process and run in this one.
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
      const r = await runCli(["run", join(dir, "task.ts"), `--workers=${bad}`], { env });
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
    const r = await runCli(["run", join(dir, "broken.ts"), "-w", "2"], { env });
    expect(r.code).toBe(2);
    expect(oneLineNoStack(r.stderr)).toMatch(/Could not load .*broken\.ts: no load/);
    expect(aws.proxy.requests).toHaveLength(0);
  });

  it("exec says it needs no --workers", async () => {
    const r = await runCli(["exec", "--help"], { env });
    expect(r.stdout).toContain("exec needs no --workers");
  });
});

/** A journal's lines: the header (without its start time) and the records, sorted by pair. */
function journal(path: string) {
  const [first, ...rest] = readFileSync(path, "utf8").trimEnd().split("\n");
  const header = JSON.parse(first as string) as Record<string, unknown>;
  expect(typeof header.startedAt).toBe("string");
  delete header.startedAt;
  // A resume appends a line without `Id` (when it resumed): not a record.
  const lines = rest.filter((l) => (JSON.parse(l) as { Id?: string }).Id !== undefined);
  return { header, records: records(lines.join("\n")) };
}

/** The data block of a report page and its details, without what depends on the clock. */
function page(path: string) {
  const html = readFileSync(path, "utf8");
  const json = /<script type="application\/json" id="cove-data">([^<]*)<\/script>/.exec(html)?.[1];
  const data = JSON.parse(json as string) as Partial<PageData>;
  delete data.generatedAt;
  data.job = data.job?.filter(([label]) => !["Started", "Finished", "Duration"].includes(label));
  const details = [...html.matchAll(/id="cove-d-\d+">([^<]*)</g)].map((m) =>
    gunzipSync(Buffer.from(m[1] as string, "base64")).toString(),
  );
  return { data, details };
}

const pairOf = (r: { Id: string; Region: string }) => `${r.Id} ${r.Region}`;

describe("cove run --workers 2 with --journal, --resume and --report", () => {
  const REGIONS = ["--regions", "eu-west-1,us-east-1"];
  const members = () => [...aws.org.accounts.keys()].sort();
  const job = () => ["--", dir, members()[1] as string];
  const run = (workers: string, extra: string[]) =>
    runCli(
      ["run", join(dir, "job.mjs"), ...REGIONS, "-o", "ndjson", "-w", workers, ...extra, ...job()],
      {
        env,
      },
    );

  it("writes the same journal and report as in this thread, field by field", async () => {
    const files = (w: string) => ({
      journal: join(dir, `same-${w}.ndjson`),
      report: join(dir, `same-${w}.html`),
    });
    const [one, two] = [files("1"), files("2")];
    const local = await run("1", ["--journal", one.journal, "--report", one.report]);
    aws.proxy.clear();
    const threaded = await run("2", ["--journal", two.journal, "--report", two.report]);
    // One run threw: exit 1 on both sides.
    expect([local.code, threaded.code]).toEqual([1, 1]);
    expect(records(threaded.stdout)).toEqual(records(local.stdout));
    expect(records(threaded.stdout)).toHaveLength(2 * members().length);
    const [j1, j2] = [journal(one.journal), journal(two.journal)];
    expect(j2).toEqual(j1);
    expect(j2.records).toEqual(records(threaded.stdout));
    expect(j2.records.filter((r) => (r as { List?: string }).List === "Exceptions")).toHaveLength(
      2,
    );
    const [p1, p2] = [page(one.report), page(two.report)];
    expect(p2).toEqual(p1);
    expect(p2.data.cells?.replace(/-/g, "")).toHaveLength(2 * members().length);
    expect(p2.details.join("\n")).toContain("no access in");
    expect(aws.proxy.count("sts:AssumeRole")).toBe(members().length);
    // The journal's hub is the run's own read of it, on the main thread: once.
    const hubIdentity = aws.proxy.requests.filter(
      (q) => q.action === "sts:GetCallerIdentity" && q.accessKeyId === HUB_CREDENTIALS.accessKeyId,
    );
    expect(hubIdentity).toHaveLength(1);
    expect(aws.proxy.count("organizations:DescribeOrganization")).toBe(1);
    expect(j2.header.hub).toEqual({
      account: aws.org.managementAccountId,
      organization: aws.org.organizationId,
    });
  }, 120_000);

  it("Ctrl-C keeps what finished in the journal; --resume runs only the rest, on the threads", async () => {
    const path = join(dir, "stopped.ndjson");
    const reference = join(dir, "reference.ndjson");
    expect((await run("1", ["--journal", reference])).code).toBe(1);
    const hangIn = `${members()[4]} us-east-1`;
    writeFileSync(join(dir, "hang"), hangIn);
    const cli = startInProcess(
      [
        "run",
        join(dir, "job.mjs"),
        ...REGIONS,
        "-o",
        "ndjson",
        "-w",
        "2",
        "--concurrency",
        "2",
        "--journal",
        path,
        ...job(),
      ],
      { env },
    );
    await cli.shows("hanging in");
    cli.signal("SIGINT");
    const stopped = await cli.done;
    expect(stopped.code).toBe(130);
    rmSync(join(dir, "hang"));
    const kept = journal(path).records.map(pairOf);
    expect(kept).not.toContain(hangIn);
    expect(new Set(kept).size).toBe(kept.length);
    aws.proxy.clear();
    const resumed = await run("2", ["--resume", path]);
    expect(resumed.code).toBe(1);
    // Only the pairs the journal lacked ran (one STS call each; none in the failing account).
    const rest = journal(reference)
      .records.map(pairOf)
      .filter((p) => !kept.includes(p));
    const failing = rest.filter((p) => p.startsWith(`${members()[1]} `)).length;
    const runCalls = aws.proxy.requests.filter(
      (q) => q.action === "sts:GetCallerIdentity" && q.accessKeyId !== HUB_CREDENTIALS.accessKeyId,
    );
    expect(runCalls).toHaveLength(rest.length - failing);
    expect(rest).toContain(hangIn);
    // The whole job, once per pair, the same records as in this thread.
    expect(journal(path)).toEqual(journal(reference));
    expect(records(resumed.stdout)).toEqual(journal(reference).records);
  }, 120_000);
});
