/**
 * A temporary home for an IAM Identity Center login: `~/.aws/config` with one profile and its
 * `sso-session`, and the token cache `aws sso login` would have written, for the test portal.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The start URL of the test login (any URL works: the portal is found by `AWS_ENDPOINT_URL`). */
export const TEST_START_URL = "https://d-0000000000.awsapps.com/start";
const SESSION = "botocove-test";

/** The home, and the variables that point the SDK at it. */
export interface SsoHome {
  env: Record<string, string>;
  remove(): void;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** Writes the profile `profile` (portal region `ssoRegion`) and a token valid for an hour. */
export function writeSsoHome(profile: string, ssoRegion: string, token: string): SsoHome {
  const dir = mkdtempSync(join(tmpdir(), "botocove-test-sso-"));
  const aws = join(dir, ".aws");
  const cache = join(aws, "sso", "cache");
  mkdirSync(cache, { recursive: true, mode: 0o700 });
  const config = [
    `[profile ${profile}]`,
    `sso_session = ${SESSION}`,
    `region = ${ssoRegion}`,
    "",
    `[sso-session ${SESSION}]`,
    `sso_start_url = ${TEST_START_URL}`,
    `sso_region = ${ssoRegion}`,
    "sso_registration_scopes = sso:account:access",
    "",
  ].join("\n");
  writeFileSync(join(aws, "config"), config, { mode: 0o600, flag: "wx" });
  writeFileSync(join(aws, "credentials"), "", { mode: 0o600, flag: "wx" });
  const cached = {
    startUrl: TEST_START_URL,
    region: ssoRegion,
    accessToken: token,
    expiresAt: iso(Date.now() + 3_600_000),
  };
  const key = createHash("sha1").update(SESSION).digest("hex");
  writeFileSync(join(cache, `${key}.json`), JSON.stringify(cached), { mode: 0o600, flag: "wx" });
  return {
    env: {
      HOME: dir,
      AWS_CONFIG_FILE: join(aws, "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(aws, "credentials"),
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
