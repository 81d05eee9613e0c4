import { homedir } from "node:os";
import { join } from "node:path";
import { getSSOTokenFromFile, loadSharedConfigFiles } from "@smithy/core/config";
import { CoveError } from "../errors/cove-error.js";
import { describeError } from "../errors/describe.js";

/** How the hub's credentials were asked for, as the caller knows it. */
export interface CredentialsRequest {
  /** The profile named (`--profile`, the `profile` option, `AWS_PROFILE`), if any. */
  profile: string | undefined;
  /** Where that name came from, as a message says it: `--profile`, `AWS_PROFILE`. */
  namedBy: string | undefined;
  /** How a profile is named where the caller is: `--profile` (CLI), `the "profile" option`. */
  setting: string;
  /** The environment the SDK reads: keys, `AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`. */
  env: NodeJS.ProcessEnv;
}

/** What the shared files say of one profile: how it would give credentials. */
export type ProfileSetup =
  | { kind: "missing" }
  /** An IAM Identity Center login: no token cached, one that expired, or one that is there. */
  | { kind: "sso"; login: "none" | "expired" | "cached"; expiredAt?: string }
  | { kind: "role"; sourceProfile: string | undefined; sourceFound: boolean }
  | { kind: "process" }
  | { kind: "partial-keys"; has: string; lacks: string }
  | { kind: "keys" }
  | { kind: "empty" };

/** Everything the advice is built from; no secret among it. */
export interface CredentialsFacts {
  /** The profile looked at: the one named, else `default`. */
  profile: string;
  /** Where its name came from; `undefined`: nothing named (the default profile). */
  namedBy: string | undefined;
  /** How a profile is named here (`--profile`, `the "profile" option`). */
  setting: string;
  /** Which of the environment's two keys are set. */
  envKeys: "none" | "access-key-only" | "secret-only";
  /** The shared files, as said in a message (`~/.aws/config or ~/.aws/credentials`). */
  files: string;
  /** The profiles the files hold, sorted. */
  profiles: string[];
  setup: ProfileSetup;
  /** The SDK's own message, for the cases where it says more than the facts above. */
  sdkMessage: string;
}

/** The SDK's message when its chain found nothing: it says nothing more. */
const CHAIN_EMPTY = /Could not load credentials from any providers/i;

/** A message, and its last sentence: what to do. */
export interface Advice {
  message: string;
  hint: string;
}

const quoteCommand = (command: string) => `\`${command}\``;

/** `Profile "dev" (from --profile)`, or `The default profile (…)` when nothing was named. */
function subject(f: CredentialsFacts): string {
  if (f.namedBy === undefined) return `The default profile (no ${f.setting} or AWS_PROFILE given)`;
  return `Profile "${f.profile}" (from ${f.namedBy})`;
}

/** `aws configure` for the default profile, `aws configure --profile X` for another. */
function configure(profile: string, sub = "configure"): string {
  return quoteCommand(profile === "default" ? `aws ${sub}` : `aws ${sub} --profile ${profile}`);
}

/** How a profile is named, with its place holder: `--profile NAME`, `the "profile" option`. */
const nameWith = (f: CredentialsFacts) =>
  f.setting.startsWith("-") ? `${f.setting} NAME` : f.setting;

function environmentPart(f: CredentialsFacts): string {
  if (f.envKeys === "access-key-only")
    return "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not";
  if (f.envKeys === "secret-only")
    return "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not";
  return "no AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment";
}

/** Nothing named, no keys, no default profile. */
function noCredentials(f: CredentialsFacts): Advice {
  const found = f.profiles.length > 0 ? ` (profiles found: ${f.profiles.join(", ")})` : "";
  const hint =
    f.profiles.length > 0
      ? `Name one with ${nameWith(f)} or AWS_PROFILE=NAME, or run ${quoteCommand("aws configure")} to set up a default profile.`
      : `Run ${quoteCommand("aws configure")} to set up credentials.`;
  return {
    message: `No AWS credentials for the calling account: ${environmentPart(f)}, no AWS_PROFILE, and no [default] profile in ${f.files}${found}. ${hint}`,
    hint,
  };
}

/** A named profile that is in neither file. */
function missingProfile(f: CredentialsFacts): Advice {
  const create = `run ${configure(f.profile)} to create it`;
  let hint: string;
  if (f.profiles.length === 0) hint = `Run ${configure(f.profile)} to create it.`;
  else if (f.namedBy === "AWS_PROFILE") hint = `Set AWS_PROFILE to one of those, or ${create}.`;
  else hint = `Use one of those with ${f.setting}, or ${create}.`;
  const found =
    f.profiles.length > 0
      ? `; profiles found: ${f.profiles.join(", ")}`
      : ", which hold no profiles";
  return { message: `${subject(f)} is not in ${f.files}${found}. ${hint}`, hint };
}

function ssoAdvice(f: CredentialsFacts, login: "none" | "expired" | "cached", at?: string): Advice {
  const hint = `Run ${quoteCommand(`aws sso login --profile ${f.profile}`)}, then try again.`;
  const state =
    login === "none"
      ? "there is no cached login for it on this machine"
      : login === "expired"
        ? `its login expired${at ? ` at ${at}` : ""}`
        : `its login gave no credentials (${f.sdkMessage})`;
  return {
    message: `${subject(f)} signs in with IAM Identity Center, and ${state}. ${hint}`,
    hint,
  };
}

function roleAdvice(f: CredentialsFacts, source: string | undefined, found: boolean): Advice {
  if (source !== undefined && !found) {
    const hint = `Run ${configure(source)} to create it, or correct source_profile.`;
    return {
      message: `${subject(f)} assumes a role with source_profile "${source}", which is not in ${f.files}. ${hint}`,
      hint,
    };
  }
  const hint = `Run ${quoteCommand(`aws sts get-caller-identity --profile ${f.profile}`)} to see what fails.`;
  const why = CHAIN_EMPTY.test(f.sdkMessage) ? "" : ` (${f.sdkMessage})`;
  return {
    message: `${subject(f)} assumes a role (role_arn), and that gave no credentials${why}. ${hint}`,
    hint,
  };
}

/**
 * The message and the advice for hub credentials that could not be loaded. Pure: every fact
 * comes in `f` (see {@link readCredentialsFacts}). Never holds a secret: profile names, file
 * names, setting names and dates only (the SDK's message only where it adds to them).
 */
export function credentialsAdvice(f: CredentialsFacts): Advice {
  const s = f.setup;
  switch (s.kind) {
    case "missing":
      return f.namedBy === undefined ? noCredentials(f) : missingProfile(f);
    case "sso":
      return ssoAdvice(f, s.login, s.expiredAt);
    case "role":
      return roleAdvice(f, s.sourceProfile, s.sourceFound);
    case "process": {
      const hint = `Run ${quoteCommand(`aws sts get-caller-identity --profile ${f.profile}`)} to see its error.`;
      const message = `${subject(f)} gets its credentials from credential_process, which failed. ${hint}`;
      return { message, hint };
    }
    case "partial-keys": {
      const hint = `Run ${configure(f.profile)} to set both keys.`;
      return { message: `${subject(f)} has ${s.has} but no ${s.lacks}. ${hint}`, hint };
    }
    case "empty": {
      const hint = `Run ${configure(f.profile)} to add keys, or ${configure(f.profile, "configure sso")} for an IAM Identity Center login.`;
      const message = `${subject(f)} has no credentials: no keys, no IAM Identity Center login, no role_arn and no credential_process. ${hint}`;
      return { message, hint };
    }
    case "keys": {
      const hint = `Run ${quoteCommand(`aws sts get-caller-identity --profile ${f.profile}`)} to check them.`;
      return { message: `${subject(f)} gave no credentials (${f.sdkMessage}). ${hint}`, hint };
    }
  }
}

type Section = Record<string, string | undefined>;

const value = (section: Section, key: string): string | undefined => {
  const v = section[key];
  return typeof v === "string" && v !== "" ? v : undefined;
};

/** The login state of an SSO profile, from the SDK's token cache (its token never read out). */
async function ssoLogin(key: string): Promise<ProfileSetup> {
  try {
    const cached = await getSSOTokenFromFile(key);
    const expires = new Date(cached.expiresAt);
    if (!Number.isNaN(expires.getTime()) && expires.getTime() <= Date.now()) {
      return { kind: "sso", login: "expired", expiredAt: expires.toISOString() };
    }
    return { kind: "sso", login: "cached" };
  } catch {
    return { kind: "sso", login: "none" };
  }
}

/** How `section` would give credentials. */
async function setupOf(section: Section | undefined, has: (name: string) => boolean) {
  if (section === undefined) return { kind: "missing" } as const;
  const session = value(section, "sso_session");
  const startUrl = value(section, "sso_start_url");
  if (session !== undefined || startUrl !== undefined) return ssoLogin(session ?? startUrl!);
  if (value(section, "role_arn") !== undefined) {
    const source = value(section, "source_profile");
    return {
      kind: "role",
      sourceProfile: source,
      sourceFound: source === undefined || has(source),
    } as const;
  }
  if (value(section, "credential_process") !== undefined) return { kind: "process" } as const;
  const id = value(section, "aws_access_key_id");
  const secret = value(section, "aws_secret_access_key");
  if (id !== undefined && secret !== undefined) return { kind: "keys" } as const;
  if (id !== undefined)
    return {
      kind: "partial-keys",
      has: "aws_access_key_id",
      lacks: "aws_secret_access_key",
    } as const;
  if (secret !== undefined)
    return {
      kind: "partial-keys",
      has: "aws_secret_access_key",
      lacks: "aws_access_key_id",
    } as const;
  return { kind: "empty" } as const;
}

/** `~/.aws/config` rather than the whole path under the home folder. */
function shown(path: string, home: string): string {
  return home !== "" && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}

/** Section names of other kinds than profiles (`[sso-session corp]`, `[services s3]`). */
const NOT_PROFILES = /^(sso-session|services)\./;

/**
 * The facts about the hub's credentials setup, read from the shared config and credentials
 * files the way the SDK reads them (`loadSharedConfigFiles`), and from the SDK's SSO token
 * cache. Unreadable files count as empty (as for the SDK).
 */
export async function readCredentialsFacts(
  request: CredentialsRequest,
  error: unknown,
): Promise<CredentialsFacts> {
  const { env } = request;
  const home = env.HOME || homedir();
  const configPath = env.AWS_CONFIG_FILE || join(home, ".aws", "config");
  const credentialsPath = env.AWS_SHARED_CREDENTIALS_FILE || join(home, ".aws", "credentials");
  const files = await loadSharedConfigFiles({
    configFilepath: configPath,
    filepath: credentialsPath,
    ignoreCache: true,
  }).catch(() => ({ configFile: {}, credentialsFile: {} }));
  const merged: Record<string, Section> = {};
  for (const [name, section] of Object.entries(files.configFile)) {
    if (!NOT_PROFILES.test(name)) merged[name] = { ...section };
  }
  for (const [name, section] of Object.entries(files.credentialsFile)) {
    merged[name] = { ...merged[name], ...section };
  }
  const profile = request.profile ?? "default";
  const setup = await setupOf(merged[profile], (name) => Object.hasOwn(merged, name));
  const id = Boolean(env.AWS_ACCESS_KEY_ID);
  const secret = Boolean(env.AWS_SECRET_ACCESS_KEY);
  return {
    profile,
    namedBy: request.profile === undefined ? undefined : request.namedBy,
    setting: request.setting,
    envKeys: id && !secret ? "access-key-only" : secret && !id ? "secret-only" : "none",
    files: `${shown(configPath, home)} or ${shown(credentialsPath, home)}`,
    profiles: Object.keys(merged).sort(),
    setup,
    sdkMessage: messageOf(error),
  };
}

/** The error's own message (without its name), for the cases that show it. */
function messageOf(error: unknown): string {
  const text = describeError(error);
  return text.replace(/^[A-Za-z]*Error: /, "");
}

/**
 * Whether `error` says the SDK's credential chain found no credentials (its
 * `CredentialsProviderError`, or a `TokenProviderError` of an SSO login).
 */
export function isCredentialsFailure(error: unknown): boolean {
  try {
    const name = (error as { name?: unknown } | null)?.name;
    return name === "CredentialsProviderError" || name === "TokenProviderError";
  } catch {
    return false;
  }
}

/**
 * `HUB_IDENTITY_FAILED` for hub credentials that could not be loaded: the message names the
 * profile asked for and where its name came from, whether the shared files hold it (and the
 * profiles they do hold), and what to run. `profile` and `hint` carry the same; `cause` is
 * the SDK's error.
 */
export async function credentialsError(
  error: unknown,
  request: CredentialsRequest,
): Promise<CoveError> {
  const facts = await readCredentialsFacts(request, error);
  const { message, hint } = credentialsAdvice(facts);
  return new CoveError("HUB_IDENTITY_FAILED", message, {
    cause: error,
    hint,
    ...(request.profile === undefined ? {} : { profile: request.profile }),
  });
}
