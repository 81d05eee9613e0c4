import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, serve, type RunningSimulator } from "../../src/demo/simulator.js";
import { DEFAULT_SSO_TOKEN } from "../../src/demo/simulator-sso.js";

/** The portal URL of the test logins. */
export const START_URL = "https://d-1234567890.awsapps.com/start";

/** A token as `aws sso login` caches it (the refresh fields are optional there too). */
export interface CachedToken {
  accessToken?: string;
  /** When it expires (written as the CLI does: ISO 8601, seconds, `Z`). */
  expiresAt: Date;
  /** Also write clientId, clientSecret, refreshToken and registrationExpiresAt. */
  refreshable?: boolean;
}

/** How the test's shared config names the login. */
export interface SsoProfileSpec {
  profile: string;
  /** `session`: `sso_session` + `[sso-session]` (default); `legacy`: `sso_start_url` in the profile. */
  style?: "session" | "legacy";
  /** The portal region (`sso_region`). */
  ssoRegion?: string;
  /** The profile's own `region`, if any. */
  region?: string;
  /** Extra profile keys (`sso_account_id`, `sso_role_name`, …). */
  extra?: Record<string, string>;
  /** The cached token; none is cached without it. */
  token?: CachedToken;
}

/** A temporary HOME with an AWS config and an SSO token cache, and the env that points there. */
export interface SsoHome {
  dir: string;
  env: Record<string, string>;
  /** (Re)writes the cached token of the profile. */
  writeToken(token: CachedToken): void;
  remove(): void;
}

const SESSION = "corp";

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Writes `~/.aws/config` and the token cache for one profile, as `aws configure sso` and `aws sso login` do. */
export function ssoHome(spec: SsoProfileSpec): SsoHome {
  const dir = mkdtempSync(join(tmpdir(), "cove-sso-"));
  const aws = join(dir, ".aws");
  mkdirSync(join(aws, "sso", "cache"), { recursive: true });
  const ssoRegion = spec.ssoRegion ?? "eu-central-1";
  const legacy = spec.style === "legacy";
  const profileLines = [
    `[profile ${spec.profile}]`,
    ...(legacy
      ? [`sso_start_url = ${START_URL}`, `sso_region = ${ssoRegion}`]
      : [`sso_session = ${SESSION}`]),
    ...(spec.region ? [`region = ${spec.region}`] : []),
    ...Object.entries(spec.extra ?? {}).map(([k, v]) => `${k} = ${v}`),
  ];
  const sessionLines = legacy
    ? []
    : [
        `[sso-session ${SESSION}]`,
        `sso_start_url = ${START_URL}`,
        `sso_region = ${ssoRegion}`,
        "sso_registration_scopes = sso:account:access",
      ];
  writeFileSync(join(aws, "config"), [...profileLines, "", ...sessionLines, ""].join("\n"));
  writeFileSync(join(aws, "credentials"), "");
  // The CLI keys the cache by the session name (by the start URL for a legacy profile).
  const key = createHash("sha1")
    .update(legacy ? START_URL : SESSION)
    .digest("hex");
  const writeToken = (token: CachedToken) => {
    const body = {
      startUrl: START_URL,
      region: ssoRegion,
      ...(token.accessToken === undefined ? {} : { accessToken: token.accessToken }),
      expiresAt: iso(token.expiresAt),
      ...(token.refreshable
        ? {
            clientId: "client-id-from-register-client",
            clientSecret: "client-secret-from-register-client",
            registrationExpiresAt: iso(new Date(Date.now() + 90 * 86_400_000)),
            refreshToken: "refresh-token-from-create-token",
          }
        : {}),
    };
    writeFileSync(join(aws, "sso", "cache", `${key}.json`), JSON.stringify(body));
  };
  if (spec.token) writeToken(spec.token);
  return {
    dir,
    env: {
      HOME: dir,
      AWS_CONFIG_FILE: join(aws, "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(aws, "credentials"),
    },
    writeToken,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A valid token for the simulator's portal, good for an hour. */
export const validToken = (): CachedToken => ({
  accessToken: DEFAULT_SSO_TOKEN,
  expiresAt: new Date(Date.now() + 3_600_000),
  refreshable: true,
});

/** The AWS variables a test sets; all others (keys, profile, region) are removed. */
const AWS_KEYS = (env: NodeJS.ProcessEnv) =>
  Object.keys(env).filter(
    (k) => k.startsWith("AWS_") && k !== "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED",
  );

/**
 * Points this process at `home` and the simulator only: HOME and the config files of the
 * login, every endpoint at `url`, no keys, profile or region from elsewhere. Returns the undo.
 */
export function useSsoEnv(home: SsoHome, url: string): () => void {
  const saved = { ...process.env };
  for (const k of AWS_KEYS(process.env)) delete process.env[k];
  Object.assign(process.env, home.env, {
    AWS_ENDPOINT_URL: url,
    AWS_EC2_METADATA_DISABLED: "true",
  });
  return () => {
    for (const k of [...AWS_KEYS(process.env), "HOME"]) delete process.env[k];
    Object.assign(process.env, saved);
  };
}

/** Counters of the simulator (`/_stats`). */
export interface Stats {
  calls: Record<string, number>;
  throttled: Record<string, number>;
  errors: Record<string, number>;
  requests: Record<string, number>;
  totals: { requests: number };
}

/** An in-process simulator with an Identity Center portal, and its control endpoints. */
export interface SsoSimulator {
  sim: RunningSimulator;
  url: string;
  stats(): Promise<Stats>;
  resetStats(): Promise<void>;
  /** The login: accounts it reaches, and those lacking the first permission set. */
  login(): { reached: string[]; lacking: string[] };
  close(): Promise<void>;
}

/** Starts the simulator with `flags` (see src/demo/simulator.ts and simulator-sso.ts). */
export async function startSsoSimulator(flags: string[]): Promise<SsoSimulator> {
  const sim = await serve(parseArgs(["--ous", "0", "--suspended", "0", ...flags]));
  const url = `http://127.0.0.1:${sim.port}`;
  return {
    sim,
    url,
    stats: async () => (await (await fetch(`${url}/_stats`)).json()) as Stats,
    resetStats: async () => {
      await fetch(`${url}/_reset-stats`, { method: "POST" });
    },
    login: () => {
      const { reached, lacking } = sim.sso.info();
      return { reached, lacking };
    },
    close: () => sim.close(),
  };
}
