/**
 * An IAM Identity Center login as part of a job (journal header, resume checks, report) and
 * as credentials of this process (its tokens redacted), on the simulator's portal. The login
 * here cannot read Organizations (no hub credentials at all).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PageData } from "../../src/cli/report/page-data.js";
import { DEFAULT_SSO_TOKEN } from "../../src/demo/simulator-sso.js";
import {
  ssoHome,
  START_URL,
  startSsoSimulator,
  validToken,
  type SsoHome,
  type SsoSimulator,
} from "../support/sso.js";
import { cliEnv, cove, requireBuild } from "./helpers.js";
import { runCli } from "./in-process.js";

let sim: SsoSimulator;
let home: SsoHome;
let env: NodeJS.ProcessEnv;
let tmp: string;
let n = 0;

beforeAll(async () => {
  sim = await startSsoSimulator(["--accounts", "4", "--sso-roles", "ReadOnly,Admin"]);
  home = ssoHome({ profile: "dev", ssoRegion: "eu-central-1", token: validToken() });
  env = cliEnv(sim.url, {
    ...home.env,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_REGION: undefined,
  });
  tmp = mkdtempSync(join(tmpdir(), "cove-cli-sso-job-"));
});
afterAll(async () => {
  home.remove();
  rmSync(tmp, { recursive: true, force: true });
  await sim.close();
});

const file = (name: string) => join(tmp, `${++n}-${name}`);
const sso = (role: string) => ["--sso-role", role, "--profile", "dev"];
const firstLine = (path: string) =>
  JSON.parse(readFileSync(path, "utf8").split("\n")[0]!) as Record<string, unknown>;

/** The page's data (its `cove-data` script) and its inflated details. */
function pageOf(path: string): { data: PageData; details: string } {
  const html = readFileSync(path, "utf8");
  const json = /<script type="application\/json" id="cove-data">(.*?)<\/script>/s.exec(html)![1]!;
  const details = [...html.matchAll(/id="cove-d-\d+">([^<]*)</g)]
    .map((m) => gunzipSync(Buffer.from(m[1]!, "base64")).toString())
    .join("\n");
  return { data: JSON.parse(json) as PageData, details };
}

/** `cove exec` with the login, the given flags, and a command that succeeds. */
const exec = (flags: string[], command: string[] = ["true"]) =>
  runCli(["exec", ...flags, "--yes", "-o", "json", "--", ...command], { env });

describe("an IAM Identity Center job", () => {
  it("--report works without Organizations: no OU paths asked, the role is the permission set", async () => {
    const report = file("report.html");
    await sim.resetStats();
    const r = await exec([...sso("ReadOnly"), "--report", report, "-q"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const stats = await sim.stats();
    expect(Object.keys(stats.calls).filter((c) => !c.startsWith("sso:"))).toEqual([]);
    const { data } = pageOf(report);
    const rows = Object.fromEntries(data.job);
    expect(rows.Role).toBe("permission set ReadOnly via IAM Identity Center");
    expect(rows.Login).toBe(`${START_URL} (profile dev)`);
    expect(data.groups).toEqual([""]);
    expect(data.accounts.ids.length).toBeGreaterThan(0);
  });

  it("the journal records the login; a resume with another permission set, without the login, or a role job with one, is refused before any AWS call", async () => {
    const journal = file("job.ndjson");
    const first = await exec([...sso("ReadOnly"), "--journal", journal]);
    expect(first.code).toBe(0);
    const header = firstLine(journal);
    expect(header).toMatchObject({
      ssoRole: "ReadOnly",
      ssoProfile: "dev",
      ssoStartUrl: START_URL,
    });
    expect(header.role).toBeUndefined();
    expect(JSON.stringify(header)).not.toContain(DEFAULT_SSO_TOKEN);
    const before = readFileSync(journal, "utf8");

    await sim.resetStats();
    const admin = await exec([...sso("Admin"), "--resume", journal]);
    expect(admin.code).toBe(2);
    expect(admin.stderr).toContain(
      'the IAM Identity Center permission set (--sso-role): the journal\'s is "ReadOnly", this job\'s is "Admin"',
    );
    const none = await exec(["--resume", journal]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("the journal's is \"ReadOnly\", this job's is (none)");
    expect((await sim.stats()).totals.requests).toBe(0);
    expect(readFileSync(journal, "utf8")).toBe(before);

    // A job of a hub role (an older journal: no login recorded) is not resumed with a login.
    const roleJournal = file("role-job.ndjson");
    writeFileSync(
      roleJournal,
      `${JSON.stringify({ command: "exec", what: "true", role: "OrganizationAccountAccessRole", args: ["true"] })}\n`,
    );
    const withLogin = await exec([...sso("ReadOnly"), "--resume", roleJournal]);
    expect(withLogin.code).toBe(2);
    expect(withLogin.stderr).toContain(
      "the IAM Identity Center permission set (--sso-role): the journal's is (none), this job's is \"ReadOnly\"",
    );
    expect((await sim.stats()).totals.requests).toBe(0);

    // The same login resumes; the report of the journal names the permission set.
    const again = await exec([...sso("ReadOnly"), "--resume", journal]);
    expect(again.code).toBe(0);
    const page = file("journal.html");
    const report = await runCli(["report", journal, "-o", page, "-q"], { env });
    expect(report.code).toBe(0);
    const rows = Object.fromEntries(pageOf(page).data.job);
    expect(rows.Role).toBe("permission set ReadOnly via IAM Identity Center");
  });

  it("the login's access token, refresh token and client secret are redacted from everything a command prints", async () => {
    const journal = file("tokens.ndjson");
    const report = file("tokens.html");
    const r = await exec(
      [...sso("ReadOnly"), "--journal", journal, "--report", report],
      [
        "sh",
        "-c",
        'cat "$HOME"/.aws/sso/cache/*.json; echo; cat "$HOME"/.aws/sso/cache/*.json >&2',
      ],
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { Results: { Result: { stdout: string } }[] };
    expect(out.Results[0]!.Result.stdout).toContain('"accessToken":"[REDACTED]"');
    const { data, details } = pageOf(report);
    const everything = [
      r.stdout,
      r.stderr,
      readFileSync(journal, "utf8"),
      JSON.stringify(data),
      details,
    ].join("\n");
    for (const secret of [
      DEFAULT_SSO_TOKEN,
      "refresh-token-from-create-token",
      "client-secret-from-register-client",
    ])
      expect(everything).not.toContain(secret);
  });

  it("a token cache that is a FIFO is refused with a clear error (nothing waits on it)", async () => {
    const fifoHome = ssoHome({ profile: "dev", ssoRegion: "eu-central-1" });
    try {
      fifoHome.writeToken(validToken());
      const cache = join(fifoHome.dir, ".aws", "sso", "cache");
      const [name] = execFileSync("ls", [cache], { encoding: "utf8" }).trim().split("\n");
      rmSync(join(cache, name!));
      execFileSync("mkfifo", [join(cache, name!)]);
      const fifoEnv = { ...env, ...fifoHome.env };
      await sim.resetStats();
      // The real binary: were the FIFO opened, it would block a whole process, not the tests.
      requireBuild();
      const r = await cove(["targets", ...sso("ReadOnly")], { env: fifoEnv });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${join(cache, name!)}) is a FIFO`);
      expect(r.stderr).toContain("aws sso login --profile dev");
      expect((await sim.stats()).totals.requests).toBe(0);
    } finally {
      fifoHome.remove();
    }
  });
});
