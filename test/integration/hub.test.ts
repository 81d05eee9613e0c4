import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setDeadlinesForTests } from "../../src/aws/deadlines.js";
import { CoveError, listTargets, type WaitEvent } from "../../src/index.js";
import { closedPort, silentEndpoint } from "../support/dead-endpoints.js";
import { HUB_CREDENTIALS } from "../support/env.js";

const saved = { ...process.env };
let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "cove-hub-lib-"));
  mkdirSync(join(home, ".aws"));
  writeFileSync(join(home, ".aws", "config"), "[profile team]\nregion = eu-west-1\n");
  for (const key of Object.keys(process.env)) if (key.startsWith("AWS_")) delete process.env[key];
  Object.assign(process.env, {
    HOME: home,
    AWS_REGION: "eu-west-1",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
});
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  rmSync(home, { recursive: true, force: true });
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("expected a CoveError"),
    (e: unknown) => e as CoveError,
  );

describe("the hub, from the library", () => {
  it('a "profile" that is not in the files: HUB_IDENTITY_FAILED naming it, the profiles found, what to run', async () => {
    const error = await failure(listTargets({ profile: "nosuch" }));
    expect(error).toBeInstanceOf(CoveError);
    expect(error.code).toBe("HUB_IDENTITY_FAILED");
    expect(error.profile).toBe("nosuch");
    expect(error.message).toContain(
      'Profile "nosuch" (from the "profile" option) is not in ~/.aws/config or ~/.aws/credentials; profiles found: team.',
    );
    expect(error.hint).toBe(
      'Use one of those with the "profile" option, or run `aws configure --profile nosuch` to create it.',
    );
  });

  it("AWS_PROFILE read by the SDK is named as such", async () => {
    process.env.AWS_PROFILE = "missing";
    const error = await failure(listTargets({}));
    expect(error.profile).toBe("missing");
    expect(error.message).toContain('Profile "missing" (from AWS_PROFILE) is not in');
  });

  it("a refused endpoint: endpoint and attempts on the error", async () => {
    const port = await closedPort();
    process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${port}`;
    const error = await failure(listTargets({ credentials: HUB_CREDENTIALS }));
    expect(error).toMatchObject({
      code: "HUB_IDENTITY_FAILED",
      endpoint: `127.0.0.1:${port}`,
      attempts: 2,
    });
    expect(error.message).toContain("connection refused, 2 attempts");
    expect((error.cause as { code?: string }).code).toBe("ECONNREFUSED");
  });

  it("onWait hears once what a silent endpoint is waited for; the error names it", async () => {
    const restore = setDeadlinesForTests({
      waitNoticeMs: 300,
      hubRetryMs: 1_500,
      requestMs: 3_000,
    });
    const silent = await silentEndpoint();
    try {
      process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${silent.port}`;
      const events: WaitEvent[] = [];
      const error = await failure(
        listTargets({ credentials: HUB_CREDENTIALS, onWait: (e) => events.push(e) }),
      );
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        operation: "sts:GetCallerIdentity",
        endpoint: `127.0.0.1:${silent.port}`,
        deadlineMs: 1_500,
        attempts: 1,
        lastError: undefined,
      });
      expect(events[0]!.waitedMs).toBeGreaterThanOrEqual(300);
      expect(error).toMatchObject({
        code: "HUB_IDENTITY_FAILED",
        endpoint: `127.0.0.1:${silent.port}`,
        attempts: 1,
      });
    } finally {
      restore();
      await silent.close();
    }
  });

  it("an onWait that throws stops the call with CALLBACK_FAILED", async () => {
    const restore = setDeadlinesForTests({ waitNoticeMs: 100, hubRetryMs: 5_000 });
    const silent = await silentEndpoint();
    try {
      process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${silent.port}`;
      const thrown = new Error("no terminal");
      const error = await failure(
        listTargets({
          credentials: HUB_CREDENTIALS,
          onWait: () => {
            throw thrown;
          },
        }),
      );
      expect(error).toMatchObject({ code: "CALLBACK_FAILED", option: "onWait", cause: thrown });
    } finally {
      restore();
      await silent.close();
    }
  });
});
