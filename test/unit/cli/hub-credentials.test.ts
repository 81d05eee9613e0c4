import { afterEach, describe, expect, it } from "vitest";
import {
  watchedDefaultCredentials,
  withWatchedHubCredentials,
} from "../../../src/cli/hub-credentials.js";
import { Secrets } from "../../../src/cli/redact.js";

const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

describe("the hub's credentials", () => {
  it("are the SDK's default chain, and what it yields is redacted", async () => {
    process.env.AWS_ACCESS_KEY_ID = "AKIAHUBUNIT000000001";
    process.env.AWS_SECRET_ACCESS_KEY = "hub-unit-secret/with+chars0123";
    process.env.AWS_SESSION_TOKEN = "hub-unit-session-token-0123456789";
    delete process.env.AWS_PROFILE;
    const secrets = new Secrets();
    const credentials = await watchedDefaultCredentials(secrets)();
    expect(credentials.accessKeyId).toBe("AKIAHUBUNIT000000001");
    expect(secrets.scrub("hub-unit-secret/with+chars0123")).toBe("[REDACTED]");
    expect(secrets.scrub(encodeURIComponent("hub-unit-secret/with+chars0123"))).toBe("[REDACTED]");
    expect(secrets.scrub("hub-unit-session-token-0123456789")).toBe("[REDACTED]");
  });

  it("--profile becomes AWS_PROFILE for the process, and the library gets a provider instead", () => {
    delete process.env.AWS_PROFILE;
    const options = withWatchedHubCredentials(
      { profile: "hub", region: "eu-west-1" },
      new Secrets(),
    );
    expect(process.env.AWS_PROFILE).toBe("hub");
    expect(options).not.toHaveProperty("profile");
    expect(options.region).toBe("eu-west-1");
    expect(typeof options.credentials).toBe("function");
  });
});
