import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  credentialsAdvice,
  credentialsError,
  readCredentialsFacts,
  type CredentialsFacts,
  type CredentialsRequest,
} from "../../../src/aws/credentials-help.js";

/** What the SDK's chain throws when it found nothing. */
const chainError = () =>
  Object.assign(new Error("Could not load credentials from any providers"), {
    name: "CredentialsProviderError",
  });

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

const savedHome = process.env.HOME;
const homes: string[] = [];
afterEach(() => {
  process.env.HOME = savedHome;
  for (const dir of homes.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary HOME with `~/.aws/config`, `~/.aws/credentials` and SSO token caches. */
function home(files: { config?: string; credentials?: string; tokens?: Record<string, Date> }) {
  const dir = mkdtempSync(join(tmpdir(), "cove-creds-help-"));
  homes.push(dir);
  mkdirSync(join(dir, ".aws", "sso", "cache"), { recursive: true });
  if (files.config !== undefined) writeFileSync(join(dir, ".aws", "config"), files.config);
  if (files.credentials !== undefined)
    writeFileSync(join(dir, ".aws", "credentials"), files.credentials);
  for (const [key, expiresAt] of Object.entries(files.tokens ?? {})) {
    const name = createHash("sha1").update(key).digest("hex");
    writeFileSync(
      join(dir, ".aws", "sso", "cache", `${name}.json`),
      JSON.stringify({ accessToken: "sso-token-not-to-show", expiresAt: expiresAt.toISOString() }),
    );
  }
  // The SDK finds the SSO token cache from the process's HOME (the CLI's is the process's).
  process.env.HOME = dir;
  return { HOME: dir };
}

const CONFIG = `[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin

[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = eu-west-1

[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1

[profile half]
aws_access_key_id = AKIAHALFHALFHALFHALF

[profile chained]
role_arn = arn:aws:iam::111111111111:role/Ops
source_profile = gone

[profile empty]
region = eu-west-1
`;
const CREDENTIALS = `[ops]
aws_access_key_id = AKIAOPSOPSOPSOPSOPS1
aws_secret_access_key = ${SECRET}
`;

const flag = (profile: string | undefined, env: NodeJS.ProcessEnv): CredentialsRequest => ({
  profile,
  namedBy: "--profile",
  setting: "--profile",
  env,
});

async function advise(request: CredentialsRequest) {
  const facts = await readCredentialsFacts(request, chainError());
  return { facts, ...credentialsAdvice(facts) };
}

describe("what a credentials failure says", () => {
  it("with nothing at all: no keys, no AWS_PROFILE, no default profile — run aws configure", async () => {
    const env = home({});
    const { message, hint } = await advise(flag(undefined, env));
    expect(message).toContain("No AWS credentials for the calling account");
    expect(message).toContain("no AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment");
    expect(message).toContain("no [default] profile in ~/.aws/config or ~/.aws/credentials");
    expect(hint).toContain("`aws configure`");
    expect(message.endsWith(hint)).toBe(true);
  });

  it("with profiles but no default: lists them and says how to name one", async () => {
    const env = home({ config: CONFIG, credentials: CREDENTIALS });
    const { message, hint } = await advise(flag(undefined, env));
    expect(message).toContain("(profiles found: chained, dev, empty, half, legacy, ops)");
    expect(message).not.toContain("corp"); // an [sso-session] is not a profile
    expect(hint).toContain("--profile NAME or AWS_PROFILE=NAME");
  });

  it("a half-set environment says which key is missing", async () => {
    const env = { ...home({}), AWS_ACCESS_KEY_ID: "AKIAONLYTHEID0000001" };
    const { message } = await advise(flag(undefined, env));
    expect(message).toContain("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
    expect(message).not.toContain("AKIAONLYTHEID0000001");
  });

  it("--profile nosuch: names it, says it is not in the files, lists those there, says what to run", async () => {
    const env = home({ config: CONFIG, credentials: CREDENTIALS });
    const { message, hint } = await advise(flag("nosuch", env));
    expect(message).toContain(
      'Profile "nosuch" (from --profile) is not in ~/.aws/config or ~/.aws/credentials',
    );
    expect(message).toContain("profiles found: chained, dev, empty, half, legacy, ops");
    expect(hint).toBe(
      "Use one of those with --profile, or run `aws configure --profile nosuch` to create it.",
    );
  });

  it("AWS_PROFILE=nosuch: says the name came from AWS_PROFILE and to set it to one found", async () => {
    const env = home({ credentials: CREDENTIALS });
    const { message, hint } = await advise({ ...flag("nosuch", env), namedBy: "AWS_PROFILE" });
    expect(message).toContain('Profile "nosuch" (from AWS_PROFILE) is not in');
    expect(hint).toContain("Set AWS_PROFILE to one of those");
    expect(hint).toContain("`aws configure --profile nosuch`");
  });

  it("a missing profile when the files hold none", async () => {
    const env = home({});
    const { message, hint } = await advise(flag("nosuch", env));
    expect(message).toContain("which hold no profiles");
    expect(hint).toBe("Run `aws configure --profile nosuch` to create it.");
  });

  it("an SSO profile never logged in on this machine: aws sso login --profile dev", async () => {
    const env = home({ config: CONFIG });
    const { message, hint } = await advise(flag("dev", env));
    expect(message).toContain('Profile "dev" (from --profile) signs in with IAM Identity Center');
    expect(message).toContain("there is no cached login for it on this machine");
    expect(hint).toBe("Run `aws sso login --profile dev`, then try again.");
  });

  it("an SSO profile whose login expired says when (legacy profiles too), never the token", async () => {
    const expired = new Date("2026-01-02T03:04:05Z");
    const env = home({
      config: CONFIG,
      tokens: { corp: expired, "https://legacy.awsapps.com/start": expired },
    });
    for (const profile of ["dev", "legacy"]) {
      const { message, hint } = await advise(flag(profile, env));
      expect(message).toContain("its login expired at 2026-01-02T03:04:05.000Z");
      expect(hint).toBe(`Run \`aws sso login --profile ${profile}\`, then try again.`);
      expect(message).not.toContain("sso-token-not-to-show");
    }
  });

  it("a profile with one key of two, a role whose source is missing, a profile with nothing", async () => {
    const env = home({ config: CONFIG, credentials: CREDENTIALS });
    const half = await advise(flag("half", env));
    expect(half.message).toContain("has aws_access_key_id but no aws_secret_access_key");
    expect(half.message).not.toContain("AKIAHALFHALFHALFHALF");
    expect(half.hint).toContain("`aws configure --profile half`");
    const chained = await advise(flag("chained", env));
    expect(chained.message).toContain('source_profile "gone", which is not in');
    expect(chained.hint).toContain("`aws configure --profile gone`");
    const empty = await advise(flag("empty", env));
    expect(empty.message).toContain('Profile "empty" (from --profile) has no credentials');
    expect(empty.hint).toContain("`aws configure sso --profile empty`");
  });

  it("the default profile, when it exists but gives nothing, is named as the default", async () => {
    const env = home({ config: "[default]\nregion = eu-west-1\n" });
    const { message, hint } = await advise(flag(undefined, env));
    expect(message).toContain(
      "The default profile (no --profile or AWS_PROFILE given) has no credentials",
    );
    expect(hint).toContain("Run `aws configure` to add keys");
  });

  it("reads the files AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name, and names them", async () => {
    const dir = home({}).HOME;
    const config = join(dir, "elsewhere-config");
    writeFileSync(config, "[profile team]\nregion = eu-west-1\n");
    const env = {
      HOME: dir,
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/c",
    };
    const { message } = await advise(flag("nosuch", env));
    expect(message).toContain(
      "is not in ~/elsewhere-config or /nonexistent/c; profiles found: team",
    );
  });

  it("the CoveError keeps HUB_IDENTITY_FAILED and carries the profile, the hint and the SDK's error", async () => {
    const env = home({ credentials: CREDENTIALS });
    const cause = chainError();
    const error = await credentialsError(cause, flag("nosuch", env));
    expect(error.code).toBe("HUB_IDENTITY_FAILED");
    expect(error.profile).toBe("nosuch");
    expect(error.hint).toContain("aws configure --profile nosuch");
    expect(error.message.endsWith(error.hint!)).toBe(true);
    expect(error.cause).toBe(cause);
    expect(error.message).not.toContain(SECRET);
  });
});

describe("credentialsAdvice (pure)", () => {
  const facts = (over: Partial<CredentialsFacts>): CredentialsFacts => ({
    profile: "dev",
    namedBy: "--profile",
    setting: "--profile",
    envKeys: "none",
    files: "~/.aws/config or ~/.aws/credentials",
    profiles: [],
    setup: { kind: "missing" },
    sdkMessage: "Could not load credentials from any providers",
    ...over,
  });

  it("an SSO login that is cached but still fails shows the SDK's reason and still says to log in", () => {
    const { message, hint } = credentialsAdvice(
      facts({ setup: { kind: "sso", login: "cached" }, sdkMessage: "the portal said 401" }),
    );
    expect(message).toContain("its login gave no credentials (the portal said 401)");
    expect(hint).toBe("Run `aws sso login --profile dev`, then try again.");
  });

  it("the library names its own setting, not the CLI's flag", () => {
    const { message, hint } = credentialsAdvice(
      facts({
        profile: "default",
        namedBy: undefined,
        setting: 'the "profile" option',
        profiles: ["a"],
      }),
    );
    expect(message).toContain("(profiles found: a)");
    expect(hint).toContain('Name one with the "profile" option or AWS_PROFILE=NAME');
  });

  it("a credential_process profile points at the command that shows its error", () => {
    const { hint } = credentialsAdvice(facts({ setup: { kind: "process" } }));
    expect(hint).toBe("Run `aws sts get-caller-identity --profile dev` to see its error.");
  });
});
