import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { delay } from "../../../src/util/delay.js";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function watch(promise: Promise<unknown>) {
  const state: { result?: "resolved" | "rejected"; reason?: unknown } = {};
  promise.then(
    () => (state.result = "resolved"),
    (reason: unknown) => Object.assign(state, { result: "rejected", reason }),
  );
  return state;
}

describe("delay", () => {
  it("resolves once the time has passed, not before", async () => {
    const state = watch(delay(1000));
    await vi.advanceTimersByTimeAsync(999);
    expect(state.result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(state.result).toBe("resolved");
  });

  it("rejects with the signal's reason as soon as it aborts, and clears its timer", async () => {
    const controller = new AbortController();
    const state = watch(delay(60_000, controller.signal));
    await vi.advanceTimersByTimeAsync(10);
    const reason = new Error("cancelled");
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect(state).toEqual({ result: "rejected", reason });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("rejects at once when the signal has already aborted", async () => {
    const signal = AbortSignal.abort("gone");
    await expect(delay(1000, signal)).rejects.toBe("gone");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("removes its abort listener once the time has passed", async () => {
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, "removeEventListener");
    const done = delay(5, controller.signal);
    await vi.advanceTimersByTimeAsync(5);
    await done;
    expect(remove).toHaveBeenCalledWith("abort", expect.any(Function));
  });
});
