import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { afterAll, beforeAll, beforeEach, inject } from "vitest";
import type { Moto } from "../../src/demo/moto.js";
import { seedOrganization, type OuSpec, type SeededOrg } from "../../src/demo/org.js";
import { pointSdkAt } from "../../src/demo/env.js";
import { startProxy, type Proxy } from "./proxy.js";

/** Fake hub credentials: moto maps unknown keys to the management account 123456789012. */
export const HUB_CREDENTIALS = {
  accessKeyId: "AKIAHUBTESTKEY000001",
  secretAccessKey: "hub-secret-not-real",
};

/** Points every SDK client of this test process at `url`, hermetically. */
export function useEndpoint(url: string): void {
  pointSdkAt(url, HUB_CREDENTIALS, "eu-west-1");
}

/** A seeded moto organization behind a counting proxy, for one test file. */
export interface TestAws {
  moto: Moto;
  proxy: Proxy;
  org: SeededOrg;
  /** Wipes moto and seeds the organization again (returns the new org). */
  reseed(spec?: OuSpec): Promise<SeededOrg>;
}

/**
 * This worker's moto_server (the global setup starts one per worker slot, and a slot runs one
 * test file at a time): wiped by `reset`, left running by `stop` for the slot's next file.
 */
function slotMoto(): Moto {
  const urls = inject("motoUrls");
  const slot = Number(process.env.VITEST_POOL_ID ?? "1");
  const url = urls[(slot - 1) % urls.length]!;
  return {
    url,
    async reset() {
      await fetch(`${url}/moto-api/reset`, { method: "POST" });
    },
    async stop() {
      await this.reset();
    },
  };
}

/**
 * Takes this worker's moto (wiped) and starts the proxy before the file's tests and seeds an
 * organization; every SDK client in the process talks to the proxy through `AWS_ENDPOINT_URL`.
 */
export function useTestAws(spec?: OuSpec): TestAws {
  const aws = {} as TestAws;
  beforeAll(async () => {
    aws.moto = slotMoto();
    aws.proxy = await startProxy(aws.moto.url);
    useEndpoint(aws.proxy.url);
    aws.reseed = async (s = spec) => {
      await aws.moto.reset();
      const client = new OrganizationsClient({
        region: "us-east-1",
        endpoint: aws.moto.url,
        credentials: HUB_CREDENTIALS,
      });
      try {
        aws.org = await seedOrganization(client, s);
      } finally {
        client.destroy();
      }
      aws.proxy.clear();
      return aws.org;
    };
    await aws.reseed(spec);
  });
  beforeEach(() => aws.proxy?.clear());
  afterAll(async () => {
    await aws.proxy?.stop();
    await aws.moto?.stop();
  });
  return aws;
}
