import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { STSClient } from "@aws-sdk/client-sts";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createConnectionPool } from "../../../src/aws/pool.js";
import { SharedClientSettings } from "../../../src/run/client-settings.js";
import { CoveSession, endSession } from "../../../src/run/session.js";
import type { SessionInformation } from "../../../src/types.js";

const pool = createConnectionPool();
afterAll(() => pool.close());
const saved = { ...process.env };
afterEach(() => {
  for (const key of ["AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS", "AWS_USE_DUALSTACK_ENDPOINT"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

const sessions: CoveSession[] = [];
afterEach(() => sessions.splice(0).forEach(endSession));

function session(shared: SharedClientSettings | undefined, id: string, region: string) {
  const info = { Id: id, Region: region } as SessionInformation;
  const credentials = () => Promise.resolve({ accessKeyId: "AKIA", secretAccessKey: "s" });
  const s = new CoveSession(info, credentials, new AbortController().signal, pool.runs, shared);
  sessions.push(s);
  return s;
}

type Config = Record<string, () => Promise<unknown>>;
const config = (client: { config: unknown }) => client.config as Config;

describe("CoveSession with a call's SharedClientSettings", () => {
  it("later clients of a class reuse what the first one read from the environment; other classes read their own", async () => {
    process.env.AWS_RETRY_MODE = "adaptive";
    process.env.AWS_MAX_ATTEMPTS = "7";
    process.env.AWS_USE_DUALSTACK_ENDPOINT = "true";
    const shared = new SharedClientSettings();
    const first = config(session(shared, "111111111111", "eu-west-1").client(STSClient));
    expect(await first.retryMode!()).toBe("adaptive");
    expect(await first.maxAttempts!()).toBe(7);
    expect(await first.useDualstackEndpoint!()).toBe(true);
    // The environment changes in the middle of the call: the class keeps what it read.
    delete process.env.AWS_RETRY_MODE;
    delete process.env.AWS_MAX_ATTEMPTS;
    delete process.env.AWS_USE_DUALSTACK_ENDPOINT;
    const later = config(session(shared, "222222222222", "us-east-1").client(STSClient));
    expect(await later.retryMode!()).toBe("adaptive");
    expect(await later.maxAttempts!()).toBe(7);
    expect(await later.useDualstackEndpoint!()).toBe(true);
    // Its own region, as ever.
    expect(await later.region!()).toBe("us-east-1");
    const other = config(session(shared, "222222222222", "us-east-1").client(OrganizationsClient));
    expect(await other.retryMode!()).toBe("standard");
    expect(await other.useDualstackEndpoint!()).toBe(false);
  });

  it("a client made with a config reads the rest itself and teaches the class nothing", async () => {
    process.env.AWS_RETRY_MODE = "adaptive";
    const shared = new SharedClientSettings();
    const own = config(
      session(shared, "111111111111", "eu-west-1").client(STSClient, { maxAttempts: 2 }),
    );
    expect(await own.maxAttempts!()).toBe(2);
    expect(await own.retryMode!()).toBe("adaptive");
    delete process.env.AWS_RETRY_MODE;
    // The first client made without a config is the one the class learns from.
    const next = config(session(shared, "111111111111", "eu-west-1").client(STSClient));
    expect(await next.retryMode!()).toBe("standard");
    expect(await next.maxAttempts!()).toBe(3);
  });

  it("without settings to share, every client reads the environment itself", async () => {
    process.env.AWS_MAX_ATTEMPTS = "7";
    const first = config(session(undefined, "111111111111", "eu-west-1").client(STSClient));
    expect(await first.maxAttempts!()).toBe(7);
    delete process.env.AWS_MAX_ATTEMPTS;
    const later = config(session(undefined, "222222222222", "eu-west-1").client(STSClient));
    expect(await later.maxAttempts!()).toBe(3);
  });
});
