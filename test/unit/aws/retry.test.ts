import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { RetryErrorInfo, SdkError, StandardRetryToken } from "@smithy/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FirstContactRetryStrategy, REFUSED_ATTEMPTS } from "../../../src/aws/retry.js";
import { closedPort } from "../../support/dead-endpoints.js";

afterEach(() => vi.useRealTimers());

const refused: RetryErrorInfo = {
  error: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), {
    name: "Error",
    code: "ECONNREFUSED",
    $metadata: {},
  }) as SdkError,
  errorType: "TRANSIENT",
};
const throttled: RetryErrorInfo = {
  error: Object.assign(new Error("Rate exceeded"), {
    name: "Throttling",
    $metadata: { httpStatusCode: 400 },
  }) as SdkError,
  errorType: "THROTTLING",
};

/** Settles `promise`, moving the fake clock on (backoff and pacing) until it does. */
async function settle<T>(promise: Promise<T>): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) await vi.advanceTimersByTimeAsync(500);
  return promise;
}

/** How many attempts the strategy allows a call failing with `info` every time (up to 10). */
async function attemptsAllowed(strategy: FirstContactRetryStrategy, info: RetryErrorInfo) {
  vi.useFakeTimers();
  let token = (await settle(strategy.acquireInitialRetryToken(""))) as StandardRetryToken;
  let attempts = 1;
  for (;;) {
    try {
      token = (await settle(strategy.refreshRetryTokenForRetry(token, info))) as StandardRetryToken;
    } catch {
      return attempts;
    }
    attempts += 1;
  }
}

describe("FirstContactRetryStrategy", () => {
  it("gives a refused connection two attempts while the endpoint never answered, a throttle ten", async () => {
    expect(REFUSED_ATTEMPTS).toBe(2);
    expect(await attemptsAllowed(new FirstContactRetryStrategy(), refused)).toBe(2);
    expect(await attemptsAllowed(new FirstContactRetryStrategy(), throttled)).toBe(10);
  });

  it("once the endpoint answered (a success or an AWS error), a refused connection is retried as before", async () => {
    const afterSuccess = new FirstContactRetryStrategy();
    afterSuccess.recordSuccess(
      (await afterSuccess.acquireInitialRetryToken("")) as StandardRetryToken,
    );
    expect(afterSuccess.endpointAnswered).toBe(true);
    expect(await attemptsAllowed(afterSuccess, refused)).toBe(10);

    const afterError = new FirstContactRetryStrategy();
    vi.useFakeTimers();
    const token = (await settle(afterError.acquireInitialRetryToken(""))) as StandardRetryToken;
    await settle(afterError.refreshRetryTokenForRetry(token, throttled));
    expect(afterError.endpointAnswered).toBe(true);
    expect(await attemptsAllowed(afterError, refused)).toBe(10);
  });

  it("is what the SDK's retry middleware follows: a closed port costs an STS client two attempts", async () => {
    const port = await closedPort();
    const sts = new STSClient({
      region: "eu-west-1",
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: "AKIATESTTESTTESTTEST", secretAccessKey: "not-a-secret" },
      retryStrategy: new FirstContactRetryStrategy(),
    });
    const error = (await sts.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e)) as {
      code?: string;
      $metadata?: { attempts?: number };
    };
    sts.destroy();
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.$metadata?.attempts).toBe(2);
  });
});
