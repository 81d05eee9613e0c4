import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CallWatch } from "../../../src/aws/call-watch.js";
import { deadlines } from "../../../src/aws/deadlines.js";
import type { CoveError } from "../../../src/errors/cove-error.js";
import type { WaitEvent } from "../../../src/types.js";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A watched command whose attempts all fail with `error`, sent to `request`'s endpoint. */
function failingAttempt(watch: CallWatch, request: object, error: Error) {
  const command = new GetCallerIdentityCommand({});
  watch.watch(command.middlewareStack);
  const handler = command.middlewareStack.resolve(() => Promise.reject(error), {});
  return () => handler({ input: {}, request } as never).catch((e: unknown) => e);
}

const refused = () =>
  Object.assign(new Error("connect ECONNRESET 10.0.0.1:443"), { code: "ECONNRESET" });
const STS = { protocol: "https:", hostname: "sts.eu-west-1.amazonaws.com", path: "/" };

function watchWith(onWait: (event: WaitEvent) => void) {
  const stopped: CoveError[] = [];
  const watch = new CallWatch({
    operation: "sts:GetCallerIdentity",
    deadlineMs: 60_000,
    onWait,
    onCallbackError: (error) => stopped.push(error),
  });
  return { watch, stopped };
}

describe("CallWatch", () => {
  it("tells onWait once, at 3 s without an answer: the endpoint, the attempts, the last failure, the deadline", async () => {
    expect(deadlines().waitNoticeMs).toBe(3_000);
    const events: WaitEvent[] = [];
    const { watch } = watchWith((e) => events.push(e));
    const attempt = failingAttempt(watch, STS, refused());
    await attempt();
    await attempt();
    await vi.advanceTimersByTimeAsync(2_999);
    expect(events).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(events).toEqual([
      {
        operation: "sts:GetCallerIdentity",
        endpoint: "sts.eu-west-1.amazonaws.com:443",
        waitedMs: 3_000,
        deadlineMs: 60_000,
        attempts: 2,
        lastError: "Error: connect ECONNRESET 10.0.0.1:443",
        lastErrorCode: "ECONNRESET",
      },
    ]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(events).toHaveLength(1);
  });

  it("an attempt still waiting is said as such; a custom endpoint keeps its port", async () => {
    const events: WaitEvent[] = [];
    const { watch } = watchWith((e) => events.push(e));
    const command = new GetCallerIdentityCommand({});
    watch.watch(command.middlewareStack);
    const never = command.middlewareStack.resolve(() => new Promise<never>(() => undefined), {});
    void never({
      input: {},
      request: { protocol: "http:", hostname: "127.0.0.1", port: 4566 },
    } as never);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(events[0]).toMatchObject({
      endpoint: "127.0.0.1:4566",
      attempts: 1,
      lastError: undefined,
    });
  });

  it("says nothing when the call ended first, and nothing at all without onWait", async () => {
    const events: WaitEvent[] = [];
    const { watch } = watchWith((e) => events.push(e));
    await vi.advanceTimersByTimeAsync(2_000);
    watch.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(events).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
    new CallWatch({ operation: "x", deadlineMs: 1, onWait: undefined, onCallbackError() {} });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("before any attempt (credentials still loading) the endpoint is unknown", async () => {
    const events: WaitEvent[] = [];
    watchWith((e) => events.push(e));
    await vi.advanceTimersByTimeAsync(3_000);
    expect(events[0]).toMatchObject({ endpoint: undefined, attempts: 0, lastError: undefined });
  });

  it("an onWait that throws stops the call with CALLBACK_FAILED", async () => {
    const thrown = new Error("listener broke");
    const { stopped } = watchWith(() => {
      throw thrown;
    });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(stopped).toHaveLength(1);
    expect(stopped[0]).toMatchObject({ code: "CALLBACK_FAILED", option: "onWait", cause: thrown });
  });
});
