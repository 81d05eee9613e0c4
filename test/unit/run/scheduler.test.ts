import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Scheduler, type Task } from "../../../src/run/scheduler.js";
import { delay } from "../../../src/util/delay.js";
import { AsyncQueue } from "../../../src/util/queue.js";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A fake account: how long its preparation takes and how long each of its runs takes. */
interface Item {
  id: string;
  prepareMs: number;
  runMs: number[];
}

function items(count: number, prepareMs: number, runMs: number[]): Item[] {
  return Array.from({ length: count }, (_, i) => ({ id: `a${i}`, prepareMs, runMs }));
}

/**
 * A scheduler over fake items whose preparations and runs take fake time, checking the
 * scheduler's rules at every pull and every task start.
 */
function harness(
  concurrency: number,
  source: Item[],
  runBody: (id: string, ms: number) => Promise<void> = (_id, ms) => delay(ms),
  /** How long listing each item takes. */
  pullMs = 0,
) {
  const controller = new AbortController();
  const stats = {
    pulled: 0,
    started: [] as string[],
    finished: [] as string[],
    running: 0,
    maxRunning: 0,
    maxPreparing: 0,
    prepared: 0,
    onPrepared: 0,
    broken: [] as string[],
  };
  const scheduler: Scheduler<Item> = new Scheduler<Item>({
    concurrency,
    signal: controller.signal,
    async prepare(item, ready) {
      // A pulled item is taken only once no ready task waits for a free slot.
      if (scheduler.running < concurrency && scheduler.waiting > 0)
        stats.broken.push(`took ${item.id} while a ready task waited for a free slot`);
      stats.maxPreparing = Math.max(stats.maxPreparing, scheduler.preparing);
      await delay(item.prepareMs);
      stats.prepared++;
      item.runMs.forEach((ms, region) => {
        const id = `${item.id}/${region}`;
        const task: Task = async () => {
          stats.started.push(id);
          stats.running++;
          stats.maxRunning = Math.max(stats.maxRunning, stats.running);
          try {
            await runBody(id, ms);
          } finally {
            stats.running--;
            stats.finished.push(id);
          }
        };
        ready(task);
      });
    },
    onPrepared: () => stats.onPrepared++,
  });
  /** The source, checking the rules of a pull at the moment the scheduler asks for an item. */
  const pull = (): AsyncIterator<Item> => {
    let next = 0;
    return {
      next() {
        const item = source[next++];
        if (item === undefined) return Promise.resolve({ value: undefined, done: true });
        if (scheduler.running < concurrency && scheduler.waiting > 0)
          stats.broken.push(`pulled ${item.id} while a ready task waited for a free slot`);
        if (scheduler.preparing >= concurrency)
          stats.broken.push(`pulled ${item.id} with ${scheduler.preparing} items being prepared`);
        if (scheduler.waiting >= concurrency)
          stats.broken.push(`pulled ${item.id} with ${scheduler.waiting} tasks waiting`);
        stats.pulled++;
        const result = { value: item, done: false };
        return pullMs === 0 ? Promise.resolve(result) : delay(pullMs).then(() => result);
      },
    };
  };
  const run = () => scheduler.run(pull());
  return { scheduler, controller, stats, run };
}

/** Tracks whether a promise has settled. */
function watch(promise: Promise<unknown>) {
  const state = { settled: false, error: undefined as unknown };
  promise.then(
    () => (state.settled = true),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

describe("Scheduler", () => {
  it("never runs more than `concurrency` tasks at once, and fills every slot", async () => {
    const h = harness(4, items(10, 3, [5, 1, 9]));
    const done = watch(h.run());
    await vi.advanceTimersByTimeAsync(10_000);
    expect(done).toEqual({ settled: true, error: undefined });
    expect(h.stats.finished).toHaveLength(30);
    expect(new Set(h.stats.started).size).toBe(30);
    expect(h.stats.maxRunning).toBe(4);
  });

  it("starts ready tasks before pulling a new item, and keeps pulls within bounds", async () => {
    // Accounts with 1 to 4 regions, preparations of 1 to 3 ms.
    const source = Array.from({ length: 20 }, (_, i) => ({
      id: `a${i}`,
      prepareMs: 1 + (i % 3),
      runMs: [4, 7, 4, 9].slice(0, 1 + (i % 4)),
    }));
    const h = harness(3, source);
    const done = watch(h.run());
    await vi.advanceTimersByTimeAsync(10_000);
    expect(done.settled).toBe(true);
    expect(h.stats.broken).toEqual([]);
    expect(h.stats.pulled).toBe(20);
    expect(h.stats.finished).toHaveLength(50);
  });

  it("a ready task never waits for a free slot while the next item is being listed", async () => {
    // Listing is slow (a page of ListAccounts); the runs of listed accounts keep every slot busy.
    const h = harness(2, items(6, 1, [5, 5, 5, 5]), undefined, 30);
    const idleSlots: number[] = [];
    const check = setInterval(() => {
      if (h.scheduler.running < 2 && h.scheduler.waiting > 0) idleSlots.push(Date.now());
    }, 1);
    const done = watch(h.run());
    await vi.advanceTimersByTimeAsync(1000);
    clearInterval(check);
    expect(done.settled).toBe(true);
    expect(h.stats.finished).toHaveLength(24);
    expect(idleSlots).toEqual([]);
    expect(h.stats.broken).toEqual([]);
  });

  it("prepares up to `concurrency` items ahead of their tasks, not more", async () => {
    // Preparing (assuming a role) is slow: items are prepared ahead, `concurrency` at a time.
    const h = harness(5, items(30, 100, [1]));
    void h.run();
    await vi.advanceTimersByTimeAsync(50);
    expect(h.scheduler.preparing).toBe(5);
    expect(h.stats.pulled).toBe(5);
    expect(h.stats.started).toEqual([]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.stats.maxPreparing).toBeLessThanOrEqual(5);
    expect(h.stats.broken).toEqual([]);
    expect(h.stats.finished).toHaveLength(30);
  });

  it("keeps slots for tasks that can run: a slow preparation does not hold a slot", async () => {
    // One account's role takes long; the others' runs use every slot meanwhile.
    const source = [{ id: "slow", prepareMs: 1000, runMs: [10] }, ...items(20, 1, [10])];
    const h = harness(2, source);
    void h.run();
    await vi.advanceTimersByTimeAsync(500);
    expect(h.stats.finished).toHaveLength(20);
    expect(h.stats.started).not.toContain("slow/0");
    await vi.advanceTimersByTimeAsync(1000);
    expect(h.stats.finished).toContain("slow/0");
  });

  it("drains: resolves only once every task has run and nothing is being prepared", async () => {
    const h = harness(2, items(3, 10, [50]));
    const done = watch(h.run());
    await vi.advanceTimersByTimeAsync(60);
    expect(h.stats.finished).toHaveLength(2);
    expect(done.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(h.stats.finished).toHaveLength(3);
    expect(done).toEqual({ settled: true, error: undefined });
    expect(h.stats.onPrepared).toBe(1);
  });

  it("stop: resolves at once, starts nothing new, and whenIdle waits for the tasks in flight", async () => {
    const h = harness(2, items(10, 1, [100, 100]));
    const done = watch(h.run());
    await vi.advanceTimersByTimeAsync(50);
    expect(h.stats.running).toBe(2);
    h.controller.abort(new Error("stop"));
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toEqual({ settled: true, error: undefined });
    const pulledAtStop = h.stats.pulled;
    const idle = watch(h.scheduler.whenIdle());
    await vi.advanceTimersByTimeAsync(10);
    expect(idle.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(idle.settled).toBe(true);
    expect(h.stats.started).toHaveLength(2);
    expect(h.stats.pulled).toBe(pulledAtStop);
  });

  it("backpressure: tasks held by a slow consumer hold back new runs and new pulls", async () => {
    // Each task hands its record to a bounded queue read once every 100 ms.
    const queue = new AsyncQueue<string>({ highWaterMark: 4 });
    const h = harness(3, items(1000, 1, [1]), (id) => queue.push(id));
    void h.run();
    let consumed = 0;
    void (async () => {
      for await (const _ of queue) {
        consumed++;
        await delay(100);
      }
    })();
    await vi.advanceTimersByTimeAsync(1000);
    expect(consumed).toBeGreaterThanOrEqual(9);
    // At most: read + buffered up to the mark + one waiting producer per slot.
    expect(h.stats.started.length).toBeLessThanOrEqual(consumed + 4 + 3);
    // Pulls stay bounded too: what started, plus what waits, plus what is being prepared.
    expect(h.stats.pulled).toBeLessThanOrEqual(h.stats.started.length + 3 + 3);
    expect(h.stats.broken).toEqual([]);
  });

  it("fails when a task or a preparation rejects, or the source does", async () => {
    const failing = new Scheduler<number>({
      concurrency: 2,
      signal: new AbortController().signal,
      async prepare(n, ready) {
        ready(() => (n === 3 ? Promise.reject(new Error("task broke")) : Promise.resolve()));
      },
    });
    await expect(failing.run(fromArray([1, 2, 3, 4]))).rejects.toThrow("task broke");

    const badPrepare = new Scheduler<number>({
      concurrency: 2,
      signal: new AbortController().signal,
      prepare: () => Promise.reject(new Error("prepare broke")),
    });
    await expect(badPrepare.run(fromArray([1]))).rejects.toThrow("prepare broke");

    const badSource = new Scheduler<number>({
      concurrency: 2,
      signal: new AbortController().signal,
      prepare: async () => {},
    });
    const source = (async function* () {
      yield 1;
      throw new Error("listing broke");
    })();
    await expect(badSource.run(source)).rejects.toThrow("listing broke");
  });

  it("an empty source drains at once and still reports every item prepared", async () => {
    let prepared = 0;
    const s = new Scheduler<number>({
      concurrency: 2,
      signal: new AbortController().signal,
      prepare: async () => {},
      onPrepared: () => prepared++,
    });
    await s.run(fromArray([]));
    expect(prepared).toBe(1);
    await expect(s.whenIdle()).resolves.toBeUndefined();
  });
});

async function* fromArray<T>(values: T[]): AsyncGenerator<T> {
  for (const v of values) yield v;
}
