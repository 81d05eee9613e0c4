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
  for (const key of [
    "AWS_RETRY_MODE",
    "AWS_MAX_ATTEMPTS",
    "AWS_USE_DUALSTACK_ENDPOINT",
    "AWS_USE_FIPS_ENDPOINT",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_STS",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
  ]) {
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

describe("SharedClientSettings across the runs of a worker thread (or of a call): read once per client class", () => {
  it("later clients of a class reuse the first one's settings from the environment, in any account and region", async () => {
    process.env.AWS_RETRY_MODE = "adaptive";
    process.env.AWS_MAX_ATTEMPTS = "7";
    process.env.AWS_USE_FIPS_ENDPOINT = "true";
    const shared = new SharedClientSettings();
    const first = config(session(shared, "111111111111", "eu-west-1").client(STSClient));
    // As its first call would: it reads them.
    expect(await first.retryMode!()).toBe("adaptive");
    expect(await first.maxAttempts!()).toBe(7);
    expect(await first.useFipsEndpoint!()).toBe(true);
    // The worker's environment does not change under it; if it did, the class keeps what it read.
    delete process.env.AWS_RETRY_MODE;
    delete process.env.AWS_MAX_ATTEMPTS;
    delete process.env.AWS_USE_FIPS_ENDPOINT;
    const later = session(shared, "222222222222", "us-east-1").client(STSClient);
    expect(await config(later).retryMode!()).toBe("adaptive");
    expect(await config(later).maxAttempts!()).toBe(7);
    expect(await config(later).useFipsEndpoint!()).toBe(true);
    // Its own region and credentials, as ever.
    expect(await config(later).region!()).toBe("us-east-1");
    // Another class reads the environment for itself.
    const other = session(shared, "222222222222", "us-east-1").client(
      OrganizationsClient,
      undefined,
    );
    expect(await config(other).retryMode!()).toBe("standard");
    expect(await config(other).useFipsEndpoint!()).toBe(false);
  });

  it("a client made with a config uses it as given and reads the rest itself", async () => {
    process.env.AWS_RETRY_MODE = "adaptive";
    const shared = new SharedClientSettings();
    session(shared, "111111111111", "eu-west-1").client(STSClient);
    delete process.env.AWS_RETRY_MODE;
    const own = session(shared, "111111111111", "eu-west-1").client(STSClient, { maxAttempts: 2 });
    expect(await config(own).maxAttempts!()).toBe(2);
    expect(await config(own).retryMode!()).toBe("standard");
  });

  it("the endpoint configured by the environment is looked up once per class, in any account and region", async () => {
    process.env.AWS_ENDPOINT_URL_STS = "http://127.0.0.1:4101";
    process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:4102";
    const shared = new SharedClientSettings();
    const first = config(session(shared, "111111111111", "eu-west-1").client(STSClient));
    expect(await first.serviceConfiguredEndpoint!()).toBe("http://127.0.0.1:4101");
    // Looked up once: a later client of the class gets what the first one found, even though
    // (which a worker's run never sees) the environment changed under it.
    delete process.env.AWS_ENDPOINT_URL_STS;
    const later = session(shared, "222222222222", "us-east-1").client(STSClient);
    expect(await config(later).serviceConfiguredEndpoint!()).toBe("http://127.0.0.1:4101");
    // Another class looks its own service up: the global one here.
    const org = session(shared, "222222222222", "us-east-1").client(OrganizationsClient);
    expect(await config(org).serviceConfiguredEndpoint!()).toBe("http://127.0.0.1:4102");
    // A client made with a config looks it up for itself (it might name a profile).
    const own = session(shared, "222222222222", "us-east-1").client(STSClient, { maxAttempts: 2 });
    expect(await config(own).serviceConfiguredEndpoint!()).toBe("http://127.0.0.1:4102");
  });

  it("the shared endpoint lookup gives what a client's own lookup gives, configured or not", async () => {
    const cases: Record<string, string | undefined>[] = [
      {},
      { AWS_ENDPOINT_URL: "http://127.0.0.1:4102" },
      { AWS_ENDPOINT_URL: "http://127.0.0.1:4102", AWS_ENDPOINT_URL_STS: "http://127.0.0.1:4101" },
      { AWS_ENDPOINT_URL: "http://127.0.0.1:4102", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" },
    ];
    for (const env of cases) {
      delete process.env.AWS_ENDPOINT_URL;
      delete process.env.AWS_ENDPOINT_URL_STS;
      delete process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS;
      Object.assign(process.env, env);
      const shared = new SharedClientSettings();
      session(shared, "111111111111", "eu-west-1").client(STSClient);
      const later = config(session(shared, "222222222222", "us-east-1").client(STSClient));
      const own = config(session(undefined, "222222222222", "us-east-1").client(STSClient));
      expect(await later.serviceConfiguredEndpoint!(), JSON.stringify(env)).toBe(
        await own.serviceConfiguredEndpoint!(),
      );
    }
  });

  it("a session with shared settings is a CoveSession: clients end with the run", () => {
    const s = session(new SharedClientSettings(), "111111111111", "eu-west-1");
    expect(s).toBeInstanceOf(CoveSession);
    s.client(STSClient);
    endSession(s);
    expect(() => s.client(STSClient)).toThrow(/has ended/);
  });
});
