import { describe, expect, it } from "vitest";
import type { ResolvedOptions } from "../../src/options/index.js";
import { streamRun, type StartCall } from "../../src/stream.js";
import type { CoveEvent } from "../../src/types.js";
import { defer } from "../../src/util/defer.js";

const flush = () => new Promise((r) => setImmediate(r));
const event = (n: number) =>
  ({ list: "Results", record: { Id: String(n), Result: n } }) as unknown as CoveEvent<unknown>;

/** A fake call producing `count` records as fast as the stream lets it. */
function producer(count: number) {
  const state = { produced: 0, signal: undefined as AbortSignal | undefined, ended: defer() };
  const start: StartCall = async (resolved: ResolvedOptions, sink) => {
    state.signal = resolved.execution.signal;
    try {
      for (let i = 0; i < count && !state.signal?.aborted; i++) {
        state.produced++;
        await sink(event(i));
      }
    } finally {
      state.ended.resolve();
    }
  };
  return { state, start };
}

describe("streamRun", () => {
  it("yields every record in order, then ends", async () => {
    const p = producer(200);
    const got: number[] = [];
    for await (const e of streamRun(p.start, { progress: false })) {
      if (e.list === "Results") got.push(e.record.Result as number);
    }
    expect(got).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it("holds runs back while the consumer is slow: at most 64 records buffered", async () => {
    const p = producer(1000);
    const iterator = streamRun(p.start, { progress: false });
    await iterator.next();
    await flush();
    expect(p.state.produced).toBeLessThanOrEqual(1 + 64 + 1);
    expect(p.state.produced).toBeGreaterThan(60);
    await iterator.return(undefined);
  });

  it("leaving the loop early aborts the call's signal and waits for the call to end", async () => {
    const p = producer(1000);
    let got = 0;
    for await (const _ of streamRun(p.start, { progress: false })) {
      if (++got === 3) break;
    }
    expect(p.state.signal?.aborted).toBe(true);
    await expect(p.state.ended.promise).resolves.toBeUndefined();
    expect(p.state.produced).toBeLessThan(1000);
  });

  it("ends the loop with the call's error after the records before it", async () => {
    const failure = new Error("run-level failure");
    const start: StartCall = async (_resolved, sink) => {
      await sink(event(1));
      throw failure;
    };
    const got: unknown[] = [];
    const error = await (async () => {
      for await (const e of streamRun(start, { progress: false })) got.push(e.record.Id);
    })().catch((e: unknown) => e);
    expect(got).toEqual(["1"]);
    expect(error).toBe(failure);
  });

  it("follows the user's signal: the call sees it abort", async () => {
    const user = new AbortController();
    const seen = defer<AbortSignal>();
    const start: StartCall = (resolved) => {
      seen.resolve(resolved.execution.signal!);
      return new Promise((_, reject) =>
        resolved.execution.signal!.addEventListener("abort", () => reject(new Error("aborted"))),
      );
    };
    const reading = (async () => {
      for await (const _ of streamRun(start, { progress: false, signal: user.signal })) {
        /* nothing comes */
      }
    })();
    const signal = await seen.promise;
    user.abort();
    await expect(reading).rejects.toThrow("aborted");
    expect(signal.aborted).toBe(true);
  });
});
