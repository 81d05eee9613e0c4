import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setDeadlinesForTests } from "../../src/aws/deadlines.js";
import { closedPort, silentEndpoint, type SilentEndpoint } from "../support/dead-endpoints.js";
import { HUB_CREDENTIALS } from "../support/env.js";
import { ssoHome } from "../support/sso.js";
import { cliEnv } from "./helpers.js";
import { runCli, startInProcess } from "./in-process.js";

const SECRET = "ops-secret-in-the-credentials-file-0123";

let home: string;
let refusedPort: number;
beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), "cove-hub-errors-"));
  mkdirSync(join(home, ".aws"));
  writeFileSync(
    join(home, ".aws", "config"),
    "[profile dev]\nregion = eu-west-1\nsso_session = corp\n\n[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = eu-west-1\n",
  );
  writeFileSync(
    join(home, ".aws", "credentials"),
    `[ops]\naws_access_key_id = AKIAOPSOPSOPSOPSOPS1\naws_secret_access_key = ${SECRET}\n`,
  );
  refusedPort = await closedPort();
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** No hub keys in the environment, the shared files in `dir`'s ~/.aws; endpoints refuse. */
const noKeys = (dir: string, extra: Record<string, string | undefined> = {}) =>
  cliEnv(`http://127.0.0.1:${refusedPort}`, {
    HOME: dir,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
    AWS_CONFIG_FILE: undefined,
    AWS_SHARED_CREDENTIALS_FILE: undefined,
    ...extra,
  });

describe("cove without usable hub credentials says which profile and what to run", () => {
  it("--profile nosuch: the profile, that it is not in the files, the profiles there, aws configure --profile", async () => {
    const run = await runCli(["targets", "--profile", "nosuch"], { env: noKeys(home) });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'cove: error: Profile "nosuch" (from --profile) is not in ~/.aws/config or ~/.aws/credentials; profiles found: dev, ops. Use one of those with --profile, or run `aws configure --profile nosuch` to create it. [HUB_IDENTITY_FAILED]\n',
    );
  });

  it("AWS_PROFILE=nosuch: says the name came from AWS_PROFILE", async () => {
    const run = await runCli(["targets"], { env: noKeys(home, { AWS_PROFILE: "nosuch" }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Profile "nosuch" (from AWS_PROFILE) is not in ~/.aws/config');
    expect(run.stderr).toContain(
      "Set AWS_PROFILE to one of those, or run `aws configure --profile nosuch`",
    );
    expect(run.stderr).toContain("[HUB_IDENTITY_FAILED]");
  });

  it("no credentials at all (and no region): aws configure", async () => {
    const empty = mkdtempSync(join(tmpdir(), "cove-hub-empty-"));
    try {
      const run = await runCli(["targets"], { env: noKeys(empty, { AWS_REGION: undefined }) });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("No AWS credentials for the calling account");
      expect(run.stderr).toContain("Run `aws configure` to set up credentials.");
      expect(run.stderr).not.toContain("NO_REGION");
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("an IAM Identity Center profile whose login expired: aws sso login --profile dev", async () => {
    const sso = ssoHome({
      profile: "dev",
      region: "eu-west-1",
      token: { accessToken: "expired-token-value", expiresAt: new Date(Date.now() - 3_600_000) },
    });
    try {
      const run = await runCli(["targets", "--profile", "dev"], { env: noKeys(sso.dir, sso.env) });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        'Profile "dev" (from --profile) signs in with IAM Identity Center, and its login expired at',
      );
      expect(run.stderr).toContain("Run `aws sso login --profile dev`, then try again.");
      expect(run.stderr).not.toContain("expired-token-value");
    } finally {
      sso.remove();
    }
  });

  it("never shows a secret of the files", async () => {
    const run = await runCli(["targets", "--profile", "nosuch"], { env: noKeys(home) });
    expect(run.stderr).not.toContain(SECRET);
    expect(run.stderr).not.toContain("AKIAOPSOPSOPSOPSOPS1");
  });
});

describe("cove when the hub's endpoint does not answer", () => {
  let restore: (() => void) | undefined;
  let silent: SilentEndpoint | undefined;
  afterEach(async () => {
    restore?.();
    restore = undefined;
    await silent?.close();
    silent = undefined;
  });

  it("a refused connection on the first call: two attempts, then an error naming the endpoint", async () => {
    const run = await runCli(["targets"], { env: cliEnv(`http://127.0.0.1:${refusedPort}`) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `cove: error: Could not reach STS at 127.0.0.1:${refusedPort} (sts:GetCallerIdentity in eu-west-1): connection refused, 2 attempts: nothing listens there.`,
    );
    expect(run.stderr).toContain("Check the endpoint (AWS_ENDPOINT_URL");
    expect(run.stderr).not.toContain("cove: waiting");
  });

  it("a silent one: a line on stderr while cove still waits (endpoint, call, why, how long), then the error", async () => {
    // Shortened: the notice after 0.5 s (3 s by default, see test/unit/aws/call-watch.test.ts),
    // the deadline after 2 s (a minute by default); one attempt would wait 4 s for its answer.
    restore = setDeadlinesForTests({ waitNoticeMs: 500, hubRetryMs: 2_000, requestMs: 4_000 });
    silent = await silentEndpoint();
    const endpoint = `127.0.0.1:${silent.port}`;
    const cli = startInProcess(["targets"], { env: cliEnv(`http://${endpoint}`) });
    let ended = false;
    void cli.done.then(() => (ended = true));
    await cli.shows("cove: waiting");
    expect(ended).toBe(false);
    expect(silent.connections()).toBe(1);
    expect(cli.stderr()).toMatch(
      new RegExp(
        `^cove: waiting \\d+ s so far for ${endpoint.replace(/\./g, "\\.")} to answer sts:GetCallerIdentity \\(the calling account's identity\\): no answer yet \\(1 attempt sent\\); retrying for up to \\d+ s more before giving up \\(Ctrl-C stops\\)\\.\\n$`,
      ),
    );
    const run = await cli.done;
    expect(run.code).toBe(2);
    expect(run.stderr.match(/cove: waiting/g)).toHaveLength(1);
    expect(run.stderr).toContain(
      `cove: error: Could not read the calling account's identity: ${endpoint} did not answer sts:GetCallerIdentity (in eu-west-1) within 2 s (1 attempt, none answered).`,
    );
    expect(run.stderr).not.toContain(HUB_CREDENTIALS.secretAccessKey);
  });

  it("--journal: the run's own read of the hub, the same waiting line and error; no journal left", async () => {
    restore = setDeadlinesForTests({ waitNoticeMs: 500, hubRetryMs: 2_000, requestMs: 4_000 });
    silent = await silentEndpoint();
    const endpoint = `127.0.0.1:${silent.port}`;
    const dir = mkdtempSync(join(tmpdir(), "cove-hub-journal-"));
    try {
      const journal = join(dir, "job.ndjson");
      const cli = startInProcess(["exec", "--journal", journal, "--yes", "--", "true"], {
        env: cliEnv(`http://${endpoint}`),
      });
      await cli.shows(`cove: waiting`);
      expect(cli.stderr()).toContain(`for ${endpoint} to answer sts:GetCallerIdentity`);
      const run = await cli.done;
      expect(run.code).toBe(2);
      expect(run.stderr.match(/cove: waiting/g)).toHaveLength(1);
      expect(run.stderr).toContain(
        `cove: error: Could not read the calling account's identity: ${endpoint} did not answer sts:GetCallerIdentity (in eu-west-1) within 2 s (1 attempt, none answered).`,
      );
      expect(existsSync(journal)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
