import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { parseKnownFiles } from "@smithy/core/config";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { credentialsError, isCredentialsFailure } from "../aws/credentials-help.js";
import type { CoveOptions } from "../index.js";
import type { Secrets } from "./redact.js";

/** The SDK's warnings about credential sources would otherwise go to the console. */
const silentLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/**
 * The hub's credentials, as the SDK's default Node credential chain would find them in `env`:
 * its keys (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`) unless a
 * profile is named (`profile`, else `AWS_PROFILE`), else the chain with that profile (SSO,
 * shared files, process, web identity, container or instance role).
 */
function hubChain(env: NodeJS.ProcessEnv, profile: string | undefined) {
  const named = profile ?? (env.AWS_PROFILE || undefined);
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (named === undefined && accessKeyId && secretAccessKey) {
    const sessionToken = env.AWS_SESSION_TOKEN || undefined;
    const keys = { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
    return () => Promise.resolve(keys);
  }
  return defaultProvider({
    logger: silentLogger,
    ...(named === undefined ? {} : { profile: named }),
  });
}

/**
 * The hub's credentials from `env` (see {@link hubChain}), with every value they yield — the
 * first and each refresh — added to the secrets to redact. When the chain finds none, a
 * `CoveError` `HUB_IDENTITY_FAILED` says which profile was asked for (`--profile` or
 * `AWS_PROFILE`), whether the shared files hold it, and what to run.
 */
export function watchedHubCredentials(
  secrets: Secrets,
  env: NodeJS.ProcessEnv,
  profile?: string,
): AwsCredentialIdentityProvider {
  const chain = hubChain(env, profile);
  const request = {
    profile: profile ?? (env.AWS_PROFILE || undefined),
    namedBy: profile !== undefined ? "--profile" : "AWS_PROFILE",
    setting: "--profile",
    env,
  };
  return async (properties) => {
    let credentials;
    try {
      credentials = await chain(properties as Parameters<typeof chain>[0]);
    } catch (error) {
      throw isCredentialsFailure(error) ? await credentialsError(error, request) : error;
    }
    secrets.add(credentials.secretAccessKey, credentials.sessionToken);
    return credentials;
  };
}

/** The region of `profile` in the shared config files, if it has one. */
async function profileRegion(profile: string): Promise<string | undefined> {
  const profiles = await parseKnownFiles({ profile, ignoreCache: true }).catch(() => ({}));
  const region = (profiles as Record<string, Record<string, string | undefined>>)[profile]?.region;
  return region || undefined;
}

/**
 * The options with the hub's credentials passed to the library as a watched provider, so
 * that whatever the hub holds is redacted. `--profile NAME` names the profile of the hub's
 * credentials and, unless `--region` or `AWS_REGION` says otherwise, its region, as the
 * library's own `profile` option would; with `--sso-role` it is the login's profile. The
 * process's environment is left as it is (commands run by `cove exec` never see the profile).
 */
export async function withWatchedHubCredentials(
  options: CoveOptions,
  secrets: Secrets,
  env: NodeJS.ProcessEnv,
): Promise<CoveOptions> {
  const { profile, ...rest } = options;
  const out: CoveOptions = { ...rest, credentials: watchedHubCredentials(secrets, env, profile) };
  if (profile === undefined) return out;
  if (rest.identityCenter) out.identityCenter = { profile, ...rest.identityCenter };
  if (rest.region === undefined && !env.AWS_REGION) {
    const region = await profileRegion(profile);
    if (region !== undefined) out.region = region;
  }
  return out;
}
