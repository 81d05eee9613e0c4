import type { AwsCredentialIdentity } from "@smithy/types";
import type { SessionInformation } from "../../index.js";

/**
 * Variables of the caller's environment that lead to the hub's own credentials (or would make
 * a child ignore the assumed role): a profile, the hub's keys, the files that hold profiles
 * and their `credential_process`, the container credential endpoint and its authorization
 * token, a web identity (IRSA, EKS Pod Identity) and the instance metadata settings.
 */
const DROPPED = [
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_ACCESS_KEY",
  "AWS_SECRET_KEY",
  "AWS_SECURITY_TOKEN",
  "AWS_SESSION_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_ROLE_ARN",
  "AWS_ROLE_SESSION_NAME",
];

/** Prefixes of dropped variables (`AWS_CONTAINER_CREDENTIALS_FULL_URI`, `AWS_EC2_METADATA_…`, …). */
const DROPPED_PREFIXES = ["AWS_CONTAINER_", "AWS_EC2_METADATA_", "AWS_SSO_"];

const dropped = (key: string) =>
  DROPPED.includes(key) || DROPPED_PREFIXES.some((prefix) => key.startsWith(prefix));

/**
 * The child's environment: the caller's without any way to the hub's credentials (see
 * {@link DROPPED}), with the assumed role's credentials, and the instance metadata service
 * turned off for the SDKs and tools it starts (`AWS_EC2_METADATA_DISABLED=true`: they never
 * fall back to the instance's role).
 */
export function childEnv(
  base: NodeJS.ProcessEnv,
  credentials: AwsCredentialIdentity,
  info: Pick<SessionInformation, "Id" | "Region" | "Name">,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) if (!dropped(key)) env[key] = value;
  env.AWS_EC2_METADATA_DISABLED = "true";
  env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  if (credentials.sessionToken !== undefined) env.AWS_SESSION_TOKEN = credentials.sessionToken;
  if (credentials.expiration !== undefined)
    env.AWS_CREDENTIAL_EXPIRATION = credentials.expiration.toISOString();
  env.AWS_REGION = info.Region;
  env.AWS_DEFAULT_REGION = info.Region;
  env.AWS_ACCOUNT_ID = info.Id;
  env.COVE_ACCOUNT_NAME = info.Name ?? "";
  return env;
}
