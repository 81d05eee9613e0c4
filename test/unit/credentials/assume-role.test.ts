import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it, vi } from "vitest";
import { assumeRoleCredentials, roleArn } from "../../../src/credentials/assume-role.js";
import { setDeadlinesForTests } from "../../../src/aws/deadlines.js";

const settings = {
  partition: "aws",
  roleName: "OrganizationAccountAccessRole",
  roleSessionName: "s",
  policy: undefined,
  policyArns: undefined,
  externalId: undefined,
  durationSeconds: undefined,
};
const sts = new STSClient({
  region: "eu-west-1",
  credentials: { accessKeyId: "a", secretAccessKey: "b" },
});
const mock = mockClient(sts);
afterEach(() => mock.reset());

function answer(seconds: number, key: string) {
  return {
    Credentials: {
      AccessKeyId: key,
      SecretAccessKey: `secret-${key}`,
      SessionToken: "t",
      Expiration: new Date(Date.now() + seconds * 1000),
    },
  };
}

describe("assumeRoleCredentials", () => {
  it("assumes once and shares the credentials while they are fresh", async () => {
    mock.on(AssumeRoleCommand).resolves(answer(3600, "K1"));
    const creds = assumeRoleCredentials(sts, "111111111111", settings);
    const [a, b, c] = await Promise.all([creds.provider(), creds.provider(), creds.first]);
    expect(a.accessKeyId).toBe("K1");
    expect(b.accessKeyId).toBe("K1");
    expect(c.accessKeyId).toBe("K1");
    expect(a).not.toHaveProperty("obtained");
    expect(mock.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(mock.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toEqual({
      RoleArn: "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole",
      RoleSessionName: "s",
    });
  });

  it("re-assumes the role when the credentials are about to expire", async () => {
    // Only the clock is fake: the credentials' age is measured on it.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      mock.on(AssumeRoleCommand).resolvesOnce(answer(2, "SHORT")).resolves(answer(3600, "FRESH"));
      const creds = assumeRoleCredentials(sts, "111111111111", settings);
      expect((await creds.provider()).accessKeyId).toBe("SHORT");
      vi.advanceTimersByTime(900); // not yet half of the 2 s lifetime
      expect((await creds.provider()).accessKeyId).toBe("SHORT");
      vi.advanceTimersByTime(200); // past half of it
      expect((await creds.provider()).accessKeyId).toBe("FRESH");
      expect((await creds.provider()).accessKeyId).toBe("FRESH");
      expect(mock.commandCalls(AssumeRoleCommand)).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps the first failure as the account's failure and sends optional fields only when set", async () => {
    const denied = Object.assign(new Error("denied"), { name: "AccessDenied" });
    mock.on(AssumeRoleCommand).rejects(denied);
    const creds = assumeRoleCredentials(sts, "222222222222", {
      ...settings,
      partition: "aws-cn",
      externalId: "ext-id",
      policy: "{}",
      policyArns: [{ arn: "arn:aws:iam::aws:policy/X" }],
    });
    await expect(creds.first).rejects.toMatchObject({ name: "AccessDenied" });
    await expect(creds.first).rejects.toMatchObject({ name: "AccessDenied" });
    expect(mock.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(mock.commandCalls(AssumeRoleCommand)[0]!.args[0].input).toMatchObject({
      RoleArn: "arn:aws-cn:iam::222222222222:role/OrganizationAccountAccessRole",
      ExternalId: "ext-id",
      Policy: "{}",
      PolicyArns: [{ arn: "arn:aws:iam::aws:policy/X" }],
    });
  });

  it("keeps trying through throttling the SDK gave up on (retry capacity drained), then succeeds", async () => {
    const throttled = Object.assign(new Error("Rate exceeded"), {
      name: "Throttling",
      $metadata: { httpStatusCode: 400 },
    });
    mock
      .on(AssumeRoleCommand)
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolves(answer(3600, "AFTER"));
    const creds = assumeRoleCredentials(sts, "111111111111", settings);
    expect((await creds.first).accessKeyId).toBe("AFTER");
    expect(mock.commandCalls(AssumeRoleCommand)).toHaveLength(3);
  }, 15_000);

  it("keeps trying through 5xx answers and connection resets the SDK gave up on", async () => {
    mock
      .on(AssumeRoleCommand)
      .rejectsOnce(
        Object.assign(new Error("internal"), {
          name: "InternalFailure",
          $metadata: { httpStatusCode: 500 },
        }),
      )
      .rejectsOnce(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))
      .resolves(answer(3600, "AFTER"));
    const creds = assumeRoleCredentials(sts, "111111111111", settings);
    expect((await creds.first).accessKeyId).toBe("AFTER");
    expect(mock.commandCalls(AssumeRoleCommand)).toHaveLength(3);
  }, 15_000);

  it("gives up on a fault that never stops at the account's deadline; then, STS being down for all, other accounts try once", async () => {
    vi.useFakeTimers();
    const restore = setDeadlinesForTests({ retryMs: 20_000 });
    // A client of its own: the outage memory belongs to the client.
    const own = new STSClient({
      region: "eu-west-1",
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
    });
    const ownMock = mockClient(own);
    try {
      ownMock.on(AssumeRoleCommand).callsFake(async () => {
        throw Object.assign(new Error("unavailable"), {
          name: "ServiceUnavailable",
          $metadata: { httpStatusCode: 503 },
        });
      });
      const settle = (account: string) =>
        assumeRoleCredentials(own, account, settings).first.then(
          () => "resolved",
          (e: unknown) => e,
        );
      const first = settle("111111111111");
      await vi.advanceTimersByTimeAsync(25_000);
      expect(await first).toMatchObject({ name: "ServiceUnavailable" });
      const tries = ownMock.commandCalls(AssumeRoleCommand).length;
      expect(tries).toBeGreaterThan(3);

      const second = settle("222222222222");
      await vi.advanceTimersByTimeAsync(25_000);
      expect(await second).toMatchObject({ name: "ServiceUnavailable" });
      expect(ownMock.commandCalls(AssumeRoleCommand)).toHaveLength(tries + 1);
    } finally {
      ownMock.restore();
      own.destroy();
      restore();
      vi.useRealTimers();
    }
  });

  it("stops retrying at once when the account's signal aborts during a pause", async () => {
    vi.useFakeTimers();
    try {
      mock.on(AssumeRoleCommand).rejects(
        Object.assign(new Error("Rate exceeded"), {
          name: "Throttling",
          $metadata: { httpStatusCode: 400 },
        }),
      );
      const controller = new AbortController();
      const creds = assumeRoleCredentials(sts, "111111111111", settings, controller.signal);
      await vi.advanceTimersByTimeAsync(1);
      const reason = new Error("run stopped");
      controller.abort(reason);
      await expect(creds.first).rejects.toBe(reason);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(mock.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("says what EMFILE from the HTTP layer means, after one attempt", async () => {
    let sent = 0;
    const client = new STSClient({
      region: "eu-west-1",
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
      requestHandler: {
        async handle() {
          sent++;
          throw Object.assign(
            new Error("connect EMFILE 52.94.0.1:443 - Local (undefined:undefined)"),
            {
              code: "EMFILE",
              errno: -24,
              syscall: "connect",
            },
          );
        },
      },
    });
    try {
      const error = await assumeRoleCredentials(client, "111111111111", settings).first.catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ name: "CoveError", code: "TOO_MANY_OPEN_FILES" });
      expect((error as Error).message).toContain("ulimit -n");
      expect((error as Error).message).toContain('"concurrency"');
      expect(((error as Error).cause as { code: string }).code).toBe("EMFILE");
      expect(sent).toBe(1);
    } finally {
      client.destroy();
    }
  });

  it("does not retry permanent errors", async () => {
    mock.on(AssumeRoleCommand).rejects(
      Object.assign(new Error("nope"), {
        name: "AccessDenied",
        $metadata: { httpStatusCode: 403 },
      }),
    );
    await expect(assumeRoleCredentials(sts, "111111111111", settings).first).rejects.toMatchObject({
      name: "AccessDenied",
    });
    expect(mock.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });

  it("builds role ARNs with paths", () => {
    expect(roleArn("aws-us-gov", "123456789012", "team/Auditor")).toBe(
      "arn:aws-us-gov:iam::123456789012:role/team/Auditor",
    );
  });
});
