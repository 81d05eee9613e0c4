import type { AwsCredentialIdentity } from "@smithy/types";
import type { SessionInformation } from "../../index.js";

/** Variables of the caller's environment that would make a child ignore the assumed role. */
const DROPPED = [
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_SECURITY_TOKEN",
  "AWS_SESSION_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
];

/** The child's environment: the caller's, without its profile, with the assumed role's credentials. */
export function childEnv(
  base: NodeJS.ProcessEnv,
  credentials: AwsCredentialIdentity,
  info: Pick<SessionInformation, "Id" | "Region" | "Name">,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const key of DROPPED) delete env[key];
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
