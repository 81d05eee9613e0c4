import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isTransient, OutageBreaker, retryTransient } from "../../../src/aws/transient.js";
import { explainLocalFault } from "../../../src/aws/local-faults.js";
import { CoveError } from "../../../src/errors/cove-error.js";

/** An error shaped like the SDK's: `name` is the AWS error code. */
function awsError(name: string, status?: number): Error {
  return Object.assign(new Error(name), {
    name,
    ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }),
  });
}
/** A Node network error (what node:http rejects with). */
function nodeError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe("isTransient", () => {
  it.each([
    ["STS throttling", awsError("Throttling", 400)],
    ["HTTP 429", awsError("TooManyRequests", 429)],
    ["500 InternalFailure", awsError("InternalFailure", 500)],
    ["503 ServiceUnavailable", awsError("ServiceUnavailableException", 503)],
    ["a 5xx the SDK does not retry (501)", awsError("NotImplemented", 501)],
    ["a request timeout (the hub handler's)", nodeError("ETIMEDOUT", "exceeded requestTimeout")],
    ["TimeoutError by name (connection timeout)", awsError("TimeoutError")],
    ["connection reset / socket hang up", nodeError("ECONNRESET", "socket hang up")],
    ["broken pipe", nodeError("EPIPE")],
    ["connection refused", nodeError("ECONNREFUSED")],
  ])("%s is transient", (_, error) => {
    expect(isTransient(error)).toBe(true);
  });

  it.each([
    ["AccessDenied", awsError("AccessDenied", 403)],
    ["a missing role", awsError("NoSuchEntity", 404)],
    ["a malformed request", awsError("ValidationError", 400)],
    ["a disabled region", awsError("RegionDisabledException", 403)],
    ["expired hub credentials", awsError("ExpiredToken", 400)],
    ["an aborted call", Object.assign(nodeError("ECONNRESET"), { name: "AbortError" })],
    ["running out of file descriptors", nodeError("EMFILE")],
    ["a plain Error", new Error("bug")],
    ["a thrown string", "oops"],
    ["undefined", undefined],
  ])("%s is permanent", (_, error) => {
    expect(isTransient(error)).toBe(false);
  });
});

/** A function failing with `errors` in turn, then answering "ok"; records its call times. */
function failing(...errors: unknown[]) {
  const calls: number[] = [];
  const fn = vi.fn(async () => {
    calls.push(Date.now());
    if (calls.length <= errors.length) throw errors[calls.length - 1];
    return "ok";
  });
  return { fn, calls };
}

describe("retryTransient", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("retries transient failures with growing, jittered pauses until one succeeds", async () => {
    const { fn, calls } = failing(
      awsError("InternalFailure", 500),
      nodeError("ECONNRESET", "socket hang up"),
      awsError("Throttling", 400),
    );
    const onRetry = vi.fn();
    const result = retryTransient(fn, { deadlineMs: 60_000, onRetry });
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe("ok");
    expect(fn).toHaveBeenCalledTimes(4);
    expect(onRetry.mock.calls.map(([e, attempt]) => [(e as Error).name, attempt])).toEqual([
      ["InternalFailure", 1],
      ["Error", 2],
      ["Throttling", 3],
    ]);
    const pauses = calls.slice(1).map((t, i) => t - calls[i]!);
    expect(pauses).toEqual(onRetry.mock.calls.map(([, , pause]) => pause));
    // [d/2, d] with d = 500 ms doubling per attempt
    expect(pauses[0]).toBeGreaterThanOrEqual(250);
    expect(pauses[0]).toBeLessThanOrEqual(500);
    expect(pauses[1]).toBeGreaterThanOrEqual(500);
    expect(pauses[1]).toBeLessThanOrEqual(1000);
    expect(pauses[2]).toBeGreaterThanOrEqual(1000);
    expect(pauses[2]).toBeLessThanOrEqual(2000);
  });

  it("throws a permanent error at once, as is, after one call", async () => {
    const denied = awsError("AccessDenied", 403);
    const { fn } = failing(denied);
    await expect(retryTransient(fn, { deadlineMs: 60_000 })).rejects.toBe(denied);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("throws at once a transient error the caller calls permanent (a refused first contact)", async () => {
    const refused = nodeError("ECONNREFUSED");
    const { fn } = failing(refused);
    const permanent = (error: unknown) => (error as { code?: string }).code === "ECONNREFUSED";
    await expect(retryTransient(fn, { deadlineMs: 60_000, permanent })).rejects.toBe(refused);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("starts no attempt after the deadline and ends with the last transient error as is", async () => {
    const errors = Array.from({ length: 100 }, (_, i) =>
      Object.assign(awsError("InternalFailure", 500), { attempt: i + 1 }),
    );
    const { fn, calls } = failing(...errors);
    const start = Date.now();
    const result = retryTransient(fn, { deadlineMs: 30_000 });
    result.catch(() => {});
    await vi.runAllTimersAsync();
    const error = await result.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(calls.length).toBeGreaterThan(3);
    expect(calls.length).toBeLessThan(100);
    expect(error).toBe(errors[calls.length - 1]);
    expect(Math.max(...calls) - start).toBeLessThanOrEqual(30_000);
    // the pauses are capped at 10 s: the deadline is not overshot by a long final pause
    const pauses = calls.slice(1).map((t, i) => t - calls[i]!);
    expect(Math.max(...pauses)).toBeLessThanOrEqual(10_000);
  });

  it("ends a pause as soon as the signal aborts, with the signal's reason, and calls no more", async () => {
    const { fn } = failing(...Array.from({ length: 10 }, () => awsError("Throttling", 400)));
    const controller = new AbortController();
    const result = retryTransient(fn, { deadlineMs: 600_000, signal: controller.signal });
    result.catch(() => {});
    await vi.advanceTimersByTimeAsync(1); // first attempt failed, pausing
    const reason = new Error("stopped");
    controller.abort(reason);
    await expect(result).rejects.toBe(reason);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("does not retry what failed because the signal aborted", async () => {
    const controller = new AbortController();
    const reason = new Error("stopped");
    const fn = vi.fn(async () => {
      controller.abort(reason);
      throw nodeError("ECONNRESET"); // what a torn-down request may report
    });
    await expect(
      retryTransient(fn, { deadlineMs: 60_000, signal: controller.signal }),
    ).rejects.toBe(reason);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it("says what running out of file descriptors is and what to change, keeping the cause", async () => {
    const emfile = Object.assign(nodeError("EMFILE", "connect EMFILE 127.0.0.1:443"), {
      syscall: "connect",
    });
    const { fn } = failing(emfile);
    const error = await retryTransient(fn, { deadlineMs: 60_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoveError);
    expect(error).toMatchObject({ code: "TOO_MANY_OPEN_FILES", option: "concurrency" });
    expect((error as Error).message).toMatch(/ulimit -n/);
    expect((error as Error).message).toMatch(/concurrency/);
    expect((error as Error).cause).toBe(emfile);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe("OutageBreaker", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const down = () => vi.fn(async () => Promise.reject(awsError("ServiceUnavailable", 503)));
  /** Settles `call` with fake time running; returns its error. */
  async function failure(call: Promise<unknown>): Promise<unknown> {
    const settled = call.then(
      () => undefined,
      (e: unknown) => e,
    );
    await vi.runAllTimersAsync();
    return settled;
  }

  it("after a call failed for its whole deadline with no success anywhere, later calls try one round only, until one succeeds", async () => {
    const breaker = new OutageBreaker();
    const first = down();
    expect(await failure(retryTransient(first, { deadlineMs: 30_000, breaker }))).toMatchObject({
      name: "ServiceUnavailable",
    });
    expect(first.mock.calls.length).toBeGreaterThan(3);
    expect(breaker.open).toBe(true);

    const next = down();
    expect(await failure(retryTransient(next, { deadlineMs: 30_000, breaker }))).toMatchObject({
      name: "ServiceUnavailable",
    });
    expect(next).toHaveBeenCalledTimes(1);

    // the service is back: one success closes the breaker, and retries resume
    await retryTransient(async () => "ok", { deadlineMs: 30_000, breaker });
    expect(breaker.open).toBe(false);
    const { fn } = failing(awsError("InternalFailure", 500));
    const result = retryTransient(fn, { deadlineMs: 30_000, breaker });
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe("ok");
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it("stays closed when other calls succeeded while one kept failing (a fault of one account)", async () => {
    const breaker = new OutageBreaker();
    const stuck = retryTransient(down(), { deadlineMs: 30_000, breaker });
    stuck.catch(() => {});
    await vi.advanceTimersByTimeAsync(10_000);
    await retryTransient(async () => "ok", { deadlineMs: 30_000, breaker });
    await failure(stuck);
    expect(breaker.open).toBe(false);
  });
});

describe("explainLocalFault", () => {
  it("finds ENFILE in a cause chain and leaves other errors as they are", () => {
    const wrapped = new Error("request failed", { cause: nodeError("ENFILE") });
    expect(explainLocalFault(wrapped)).toMatchObject({ code: "TOO_MANY_OPEN_FILES" });
    const other = awsError("AccessDenied", 403);
    expect(explainLocalFault(other)).toBe(other);
  });
});
