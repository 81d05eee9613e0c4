import { defaultProvider } from "@aws-sdk/credential-provider-node";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import type { CoveOptions } from "../index.js";
import type { Secrets } from "./redact.js";

/** The SDK's warnings about credential sources would otherwise go to the console. */
const silentLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/**
 * The hub's credentials from the SDK's default Node credential chain (environment, SSO,
 * shared files, process, web identity, container or instance role), with every value it yields
 * — the first and each refresh — added to the secrets to redact.
 */
export function watchedDefaultCredentials(secrets: Secrets): AwsCredentialIdentityProvider {
  const chain = defaultProvider({ logger: silentLogger });
  return async (properties) => {
    const credentials = await chain(properties as Parameters<typeof chain>[0]);
    secrets.add(credentials.secretAccessKey, credentials.sessionToken);
    return credentials;
  };
}

/**
 * The options with the hub's credentials passed to the library as a watched provider, so
 * that whatever the hub holds is redacted. `--profile NAME` becomes `AWS_PROFILE=NAME` for this
 * process: the SDK then reads that profile for the hub's credentials, region and settings, as
 * the library's own `profile` option would (commands run by `cove exec` never inherit it).
 */
export function withWatchedHubCredentials(options: CoveOptions, secrets: Secrets): CoveOptions {
  const { profile, ...rest } = options;
  if (profile !== undefined) process.env.AWS_PROFILE = profile;
  return { ...rest, credentials: watchedDefaultCredentials(secrets) };
}
