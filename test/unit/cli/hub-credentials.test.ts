import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  watchedHubCredentials,
  withWatchedHubCredentials,
} from "../../../src/cli/hub-credentials.js";
import { Secrets } from "../../../src/cli/redact.js";
import { tempDir } from "../../support/temp-dir.js";

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

/** Shared config files with a profile `hub` (its keys, and a region in the config). */
function profileFiles(): { credentials: string; config: string } {
  const dir = tempDir("cove-hub-unit-");
  const credentials = join(dir, "credentials");
  const config = join(dir, "config");
  writeFileSync(
    credentials,
    "[hub]\naws_access_key_id = AKIAPROFILE000000001\naws_secret_access_key = profile-unit-secret-0123456789\n",
  );
  writeFileSync(config, "[profile hub]\nregion = ap-southeast-2\n");
  return { credentials, config };
}

describe("the hub's credentials", () => {
  it("come from the context's environment, not the process's, and what they yield is redacted", async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    const env = {
      AWS_ACCESS_KEY_ID: "AKIAHUBUNIT000000001",
      AWS_SECRET_ACCESS_KEY: "hub-unit-secret/with+chars0123",
      AWS_SESSION_TOKEN: "hub-unit-session-token-0123456789",
    };
    const secrets = new Secrets();
    const credentials = await watchedHubCredentials(secrets, env)();
    expect(credentials.accessKeyId).toBe("AKIAHUBUNIT000000001");
    expect(secrets.scrub("hub-unit-secret/with+chars0123")).toBe("[REDACTED]");
    expect(secrets.scrub(encodeURIComponent("hub-unit-secret/with+chars0123"))).toBe("[REDACTED]");
    expect(secrets.scrub("hub-unit-session-token-0123456789")).toBe("[REDACTED]");
  });

  it("--profile names the hub's profile (its keys and region) without touching the process's environment", async () => {
    const files = profileFiles();
    process.env.AWS_SHARED_CREDENTIALS_FILE = files.credentials;
    process.env.AWS_CONFIG_FILE = files.config;
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_REGION;
    const env = {
      AWS_ACCESS_KEY_ID: "AKIAENVIRONMENT00001",
      AWS_SECRET_ACCESS_KEY: "environment-secret-0123456789",
    };
    const secrets = new Secrets();
    const options = await withWatchedHubCredentials({ profile: "hub" }, secrets, env);
    expect(process.env.AWS_PROFILE).toBeUndefined();
    expect(options).not.toHaveProperty("profile");
    expect(options.region).toBe("ap-southeast-2");
    const provider = options.credentials as () => Promise<{ accessKeyId: string }>;
    expect((await provider()).accessKeyId).toBe("AKIAPROFILE000000001");
    expect(secrets.scrub("profile-unit-secret-0123456789")).toBe("[REDACTED]");
    // --region, or AWS_REGION in the environment, wins over the profile's region.
    const given = await withWatchedHubCredentials(
      { profile: "hub", region: "eu-west-1" },
      secrets,
      env,
    );
    expect(given.region).toBe("eu-west-1");
    const fromEnv = await withWatchedHubCredentials({ profile: "hub" }, secrets, {
      ...env,
      AWS_REGION: "us-east-2",
    });
    expect(fromEnv.region).toBeUndefined();
  });
});
