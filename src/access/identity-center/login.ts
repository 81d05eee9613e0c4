import { stat } from "node:fs/promises";
import { fromSso } from "@aws-sdk/token-providers";
import {
  getProfileName,
  getSSOTokenFilepath,
  getSSOTokenFromFile,
  loadSsoSessionData,
  parseKnownFiles,
} from "@smithy/core/config";
import { memoize } from "@smithy/property-provider";
import { CoveError } from "../../errors/cove-error.js";
import { partitionOfRegion } from "../../domain/regions.js";
import { silentLogger } from "../../aws/pool.js";

/** An Identity Center login, as `aws sso login --profile NAME` left it on this machine. */
export interface IdentityCenterLogin {
  /** The profile whose settings and token these are. */
  profile: string;
  /** The portal's region (`sso_region`). */
  region: string;
  /** The access portal URL (`sso_start_url`). */
  startUrl: string;
  /**
   * The access token from the SDK's token cache (refreshed by the SDK when the cache holds a
   * refresh token); rejects with `SSO_LOGIN_REQUIRED` when there is none or it expired.
   */
  token(): Promise<string>;
}

/** Where a profile's login lives: an `[sso-session]` section, or the legacy profile keys. */
interface LoginSettings {
  region: string;
  startUrl: string;
  /** The `sso_session` name; `undefined` for a legacy profile (`sso_start_url` in the profile). */
  session: string | undefined;
}

/** An access token and when it expires. */
interface Token {
  token: string;
  expiration: Date;
}

/** A token is read again this long before it expires (the SDK refreshes in the same window). */
const TOKEN_REFRESH_WINDOW_MS = 5 * 60_000;

/** `SSO_LOGIN_REQUIRED`, naming the command that logs in. */
export function identityCenterLoginRequired(
  profile: string,
  reason: string,
  cause?: unknown,
): CoveError {
  const hint = `Run \`aws sso login --profile ${profile}\`, then try again.`;
  return new CoveError(
    "SSO_LOGIN_REQUIRED",
    `The IAM Identity Center login of profile "${profile}" ${reason}. ${hint}`,
    { option: "identityCenter", profile, hint, ...(cause === undefined ? {} : { cause }) },
  );
}

/** `INVALID_OPTION`: the profile is not set up for Identity Center. */
function notAnIdentityCenterProfile(profile: string, problem: string): CoveError {
  return new CoveError(
    "INVALID_OPTION",
    `identityCenter: profile "${profile}" ${problem}. Set it up with \`aws configure sso --profile ${profile}\` (a profile with sso_session, and an [sso-session] section with sso_start_url and sso_region).`,
    { option: "identityCenter" },
  );
}

/** A value of a config section, when it is a non-empty string. */
function setting(section: Record<string, string | undefined>, key: string): string | undefined {
  const value = section[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The profile's portal region and start URL, from its `[sso-session]` or its legacy keys. */
async function readLoginSettings(profile: string): Promise<LoginSettings> {
  const profiles = await parseKnownFiles({ profile, ignoreCache: true });
  const section = profiles[profile];
  if (section === undefined)
    throw notAnIdentityCenterProfile(profile, "is not in the AWS config files");
  const session = setting(section, "sso_session");
  const source = session === undefined ? section : (await loadSsoSessionData())[session];
  if (source === undefined)
    throw notAnIdentityCenterProfile(
      profile,
      `names sso_session "${session}", which has no [sso-session] section`,
    );
  const region = setting(source, "sso_region");
  const startUrl = setting(source, "sso_start_url");
  if (region === undefined || startUrl === undefined) {
    throw notAnIdentityCenterProfile(
      profile,
      "has no IAM Identity Center settings (sso_start_url, sso_region)",
    );
  }
  if (partitionOfRegion(region) === undefined) {
    throw notAnIdentityCenterProfile(profile, `has sso_region "${region}", which is not a region`);
  }
  return { region, startUrl, session };
}

/** Reads the token of an `sso_session` profile with the SDK's own provider (it refreshes). */
function sessionToken(profile: string): () => Promise<Token> {
  const provider = fromSso({ profile, logger: silentLogger });
  return async () => {
    const { token, expiration } = await provider();
    return { token, expiration: expiration ?? new Date(Date.now() + TOKEN_REFRESH_WINDOW_MS * 2) };
  };
}

/** Reads the token of a legacy profile from the SDK's token cache (keyed by the start URL). */
function legacyToken(startUrl: string): () => Promise<Token> {
  return async () => {
    const cached = await getSSOTokenFromFile(startUrl);
    const expiration = new Date(cached.expiresAt);
    if (typeof cached.accessToken !== "string" || Number.isNaN(expiration.getTime())) {
      throw new Error("the cached token has no accessToken or expiresAt");
    }
    if (expiration.getTime() <= Date.now()) {
      throw new Error(`the cached token expired at ${expiration.toISOString()}`);
    }
    return { token: cached.accessToken, expiration };
  };
}

/**
 * `SSO_LOGIN_REQUIRED` when the login's token cache is there but is not a regular file (a
 * FIFO, a device, a folder): the SDK would wait on it forever, or fail obscurely. Nothing
 * there is left to the token read (it says the login is missing).
 */
async function checkTokenCache(profile: string, file: string): Promise<void> {
  let kind: string;
  try {
    const st = await stat(file);
    if (st.isFile()) return;
    kind = st.isFIFO() ? "a FIFO" : st.isDirectory() ? "a folder" : "not a regular file";
  } catch {
    return;
  }
  throw new CoveError(
    "SSO_LOGIN_REQUIRED",
    `The IAM Identity Center token cache of profile "${profile}" (${file}) is ${kind}, not a file botocove reads. Remove it, run \`aws sso login --profile ${profile}\`, then try again.`,
    { option: "identityCenter", profile },
  );
}

/**
 * Opens the login of `profileOption` (default: `AWS_PROFILE`, else `default`): reads its
 * settings and its access token now, so that a missing or expired login is one
 * `SSO_LOGIN_REQUIRED` before any AWS call. A profile without Identity Center settings is
 * `INVALID_OPTION`. botocove never starts a login.
 */
export async function openIdentityCenterLogin(
  profileOption: string | undefined,
): Promise<IdentityCenterLogin> {
  const profile = getProfileName({ profile: profileOption });
  const { region, startUrl, session } = await readLoginSettings(profile);
  await checkTokenCache(profile, getSSOTokenFilepath(session ?? startUrl));
  const read = session === undefined ? legacyToken(startUrl) : sessionToken(profile);
  const token = memoize(
    async () => {
      try {
        return await read();
      } catch (error) {
        throw identityCenterLoginRequired(
          profile,
          "has no valid access token (none cached, or it expired)",
          error,
        );
      }
    },
    (t) => t.expiration.getTime() - Date.now() <= TOKEN_REFRESH_WINDOW_MS,
    () => true,
  );
  await token();
  return { profile, region, startUrl, token: async () => (await token()).token };
}
