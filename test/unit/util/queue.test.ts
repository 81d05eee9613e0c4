import { describe, expect, it } from "vitest";
import { AsyncQueue } from "../../../src/util/queue.js";

/** Lets every pending promise callback run. */
const flush = () => new Promise((r) => setImmediate(r));

/** Tracks whether a promise has settled yet. */
function watch(promise: Promise<unknown>) {
  const state = { settled: false };
  void promise.then(() => (state.settled = true));
  return state;
}

describe("AsyncQueue", () => {
  it("delivers items in order, across a buffer compaction, then the failure", async () => {
    const queue = new AsyncQueue<number>();
    const got: number[] = [];
    const reading = (async () => {
      for await (const n of queue) got.push(n);
    })();
    for (let i = 0; i < 3000; i++) void queue.push(i);
    await flush();
    void queue.push(3000);
    queue.fail(new Error("stop"));
    await expect(reading).rejects.toThrow("stop");
    expect(got).toEqual(Array.from({ length: 3001 }, (_, i) => i));
  });

  it("delivers what was buffered before close, then ends the loop", async () => {
    const queue = new AsyncQueue<string>();
    void queue.push("a");
    void queue.push("b");
    queue.close();
    void queue.push("after close");
    const got: string[] = [];
    for await (const x of queue) got.push(x);
    expect(got).toEqual(["a", "b"]);
  });

  it("wakes a consumer that waits for the next item", async () => {
    const queue = new AsyncQueue<number>();
    const iterator = queue[Symbol.asyncIterator]();
    const next = iterator.next();
    const state = watch(next);
    await flush();
    expect(state.settled).toBe(false);
    void queue.push(7);
    await expect(next).resolves.toEqual({ value: 7, done: false });
  });

  it("without a high-water mark, push never waits", async () => {
    const queue = new AsyncQueue<number>();
    const pushes = Array.from({ length: 10_000 }, (_, i) => watch(queue.push(i)));
    await flush();
    expect(pushes.every((p) => p.settled)).toBe(true);
    expect(queue.size).toBe(10_000);
  });

  it("holds producers back at the high-water mark until the consumer makes room", async () => {
    const queue = new AsyncQueue<number>({ highWaterMark: 3 });
    const first = [watch(queue.push(1)), watch(queue.push(2))];
    const third = watch(queue.push(3));
    const fourth = watch(queue.push(4));
    await flush();
    expect(first.every((p) => p.settled)).toBe(true);
    expect([third.settled, fourth.settled]).toEqual([false, false]);

    const iterator = queue[Symbol.asyncIterator]();
    await iterator.next(); // 4 buffered -> 3: still at the mark
    await flush();
    expect(third.settled).toBe(false);
    await iterator.next(); // 2 buffered: below the mark, every waiting producer goes on
    await flush();
    expect([third.settled, fourth.settled]).toEqual([true, true]);
  });

  it("leaving the loop early releases waiting producers and ignores later pushes", async () => {
    const queue = new AsyncQueue<number>({ highWaterMark: 1 });
    void queue.push(1);
    const waiting = watch(queue.push(2));
    for await (const n of queue) {
      expect(n).toBe(1);
      break;
    }
    await flush();
    expect(waiting.settled).toBe(true);
    expect(queue.size).toBe(0);
    const late = watch(queue.push(3));
    await flush();
    expect(late.settled).toBe(true);
    expect(queue.size).toBe(0);
  });

  it("cancel drops the buffer, releases waiting producers and ends the loop", async () => {
    const queue = new AsyncQueue<number>({ highWaterMark: 2 });
    void queue.push(1);
    const waiting = watch(queue.push(2));
    queue.cancel();
    await flush();
    expect(waiting.settled).toBe(true);
    const got: number[] = [];
    for await (const n of queue) got.push(n);
    expect(got).toEqual([]);
  });

  it("refuses a high-water mark below 1", () => {
    expect(() => new AsyncQueue({ highWaterMark: 0 })).toThrow(RangeError);
    expect(() => new AsyncQueue({ highWaterMark: Number.NaN })).toThrow(RangeError);
  });
});
