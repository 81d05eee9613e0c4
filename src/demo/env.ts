/** Fake keys for moto: unknown access keys act as the management account 123456789012. */
export interface FakeCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Points every SDK client of this process at `url` with fake credentials and `region`,
 * hermetically: no profile, no shared config files, no instance metadata.
 */
export function pointSdkAt(url: string, credentials: FakeCredentials, region: string): void {
  process.env.AWS_ENDPOINT_URL = url;
  process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  process.env.AWS_REGION = region;
  process.env.AWS_CONFIG_FILE = "/nonexistent/cove-config";
  process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/cove-credentials";
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_DEFAULT_REGION;
}
