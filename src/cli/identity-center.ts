import { statSync } from "node:fs";
import {
  getProfileName,
  getSSOTokenFilepath,
  loadSsoSessionData,
  parseKnownFiles,
} from "@smithy/core/config";
import { readTokenFile } from "./env-secrets.js";
import type { Secrets } from "./redact.js";

/** What the CLI knows of an Identity Center login (no secret): for the job header. */
export interface IdentityCenterLoginInfo {
  /** The profile of the login. */
  profile: string;
  /** The access portal URL (`sso_start_url`): which Identity Center the job runs through. */
  startUrl: string | undefined;
  /** The SDK's token cache file of the login. */
  cacheFile: string | undefined;
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

/**
 * The login of `profileOption` (default: `AWS_PROFILE`, else `default`) as the shared config
 * files describe it: its start URL and token cache file (from its `[sso-session]`, or the
 * legacy `sso_start_url`). What cannot be read is left `undefined`: the library checks the
 * login itself and says what is wrong.
 */
export async function identityCenterLoginInfo(
  profileOption: string | undefined,
): Promise<IdentityCenterLoginInfo> {
  const profile = getProfileName({ profile: profileOption });
  try {
    const section = (await parseKnownFiles({ profile, ignoreCache: true }))[profile] ?? {};
    const session = text(section.sso_session);
    const source = session === undefined ? section : (await loadSsoSessionData())[session];
    const startUrl = text(source?.sso_start_url);
    const key = session ?? startUrl;
    return {
      profile,
      startUrl,
      cacheFile: key === undefined ? undefined : getSSOTokenFilepath(key),
    };
  } catch {
    return { profile, startUrl: undefined, cacheFile: undefined };
  }
}

/** The credentials in a token cache's text: the access token, the refresh token, the client secret. */
function tokensOf(json: string | undefined): string[] {
  if (json === undefined) return [];
  try {
    const cached = JSON.parse(json) as Record<string, unknown>;
    return [cached.accessToken, cached.refreshToken, cached.clientSecret].filter(
      (v): v is string => typeof v === "string",
    );
  } catch {
    return [];
  }
}

/**
 * Adds the login's cached access token, refresh token and client secret to the secrets, now
 * and whenever the secrets are refreshed and the cache file changed (the SDK writes a
 * refreshed token there). A cache that is not a regular file is not read (never waits on a
 * FIFO: the library refuses it with a clear error).
 */
export function watchIdentityCenterTokens(login: IdentityCenterLoginInfo, secrets: Secrets): void {
  const file = login.cacheFile;
  if (file === undefined) return;
  let seen = "";
  secrets.watch(() => {
    let version: string;
    try {
      const st = statSync(file);
      version = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      return [];
    }
    if (version === seen) return [];
    seen = version;
    return tokensOf(readTokenFile(file));
  });
}
