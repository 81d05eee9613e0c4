import { describe, expect, it } from "vitest";
import { CoveError } from "../../../src/errors/cove-error.js";
import { createDelivery, type EventSink } from "../../../src/run/deliver.js";
import { Stopper } from "../../../src/run/stopper.js";
import { Tallies } from "../../../src/run/tallies.js";
import type { CoveEvent, ProgressEvent } from "../../../src/types.js";
import { defer } from "../../../src/util/defer.js";

const flush = () => new Promise((r) => setImmediate(r));
const result = { list: "Results", record: { Id: "1", Result: 1 } } as CoveEvent<unknown>;
const failure = new Error("run failed");
const exception = {
  list: "Exceptions",
  record: { Id: "2", ExceptionDetails: failure },
} as CoveEvent<unknown>;

function setup(
  options: { raiseException?: boolean; onRecord?: (e: CoveEvent<unknown>) => unknown },
  sink: EventSink = () => {},
) {
  const stopper = new Stopper();
  const reports: ProgressEvent[] = [];
  const tallies = new Tallies({ update: (e) => reports.push({ ...e }), end() {} });
  const deliver = createDelivery(
    {
      raiseException: options.raiseException ?? false,
      onRecord: options.onRecord as (e: CoveEvent<unknown>) => void,
    },
    sink,
    tallies,
    stopper,
  );
  return { stopper, reports, deliver };
}

describe("createDelivery", () => {
  it("calls onRecord, waits for the sink, then reports progress", async () => {
    const order: string[] = [];
    const accepted = defer();
    const d = setup({ onRecord: () => order.push("onRecord") }, () => {
      order.push("sink");
      return accepted.promise;
    });
    const delivering = d.deliver(result);
    await flush();
    expect(order).toEqual(["onRecord", "sink"]);
    expect(d.reports).toEqual([]);
    accepted.resolve();
    await delivering;
    expect(d.reports.at(-1)).toMatchObject({ finished: 1, results: 1 });
  });

  it("an onRecord that throws stops the call with CALLBACK_FAILED carrying what it threw", async () => {
    const thrown = new TypeError("bad consumer");
    const seen: unknown[] = [];
    const d = setup(
      {
        onRecord: () => {
          throw thrown;
        },
      },
      (e) => void seen.push(e),
    );
    await expect(d.deliver(result)).resolves.toBeUndefined();
    expect(d.stopper.error).toBeInstanceOf(CoveError);
    expect(d.stopper.error).toMatchObject({
      code: "CALLBACK_FAILED",
      option: "onRecord",
      cause: thrown,
    });
    expect(seen).toEqual([]);
  });

  it("an async onRecord that rejects stops the call with CALLBACK_FAILED", async () => {
    const d = setup({ onRecord: () => Promise.reject(new Error("later")) });
    await d.deliver(result);
    await flush();
    expect(d.stopper.error).toMatchObject({ code: "CALLBACK_FAILED", option: "onRecord" });
    expect((d.stopper.error as Error).message).toContain("later");
  });

  it("hands nothing on once the call has stopped", async () => {
    const seen: unknown[] = [];
    const d = setup({ onRecord: (e) => seen.push(e) }, (e) => void seen.push(e));
    d.stopper.stop(new Error("stopped"));
    await d.deliver(result);
    expect(seen).toEqual([]);
    expect(d.reports).toEqual([]);
  });

  it("raiseException: hands the failed record on without waiting, then stops with its error", async () => {
    const seen: string[] = [];
    const never = new Promise<void>(() => {});
    const d = setup({ raiseException: true, onRecord: () => seen.push("onRecord") }, () => {
      seen.push("sink");
      return never;
    });
    await d.deliver(exception);
    expect(seen).toEqual(["onRecord", "sink"]);
    expect(d.stopper.error).toBe(failure);
  });

  it("raiseException: a failing onRecord wins over the run's failure", async () => {
    const d = setup({
      raiseException: true,
      onRecord: () => {
        throw new Error("consumer bug");
      },
    });
    await d.deliver(exception);
    expect(d.stopper.error).toMatchObject({ code: "CALLBACK_FAILED" });
  });

  it("a sink that fails stops the call with the sink's error", async () => {
    const broken = new Error("sink broke");
    const d = setup({}, () => Promise.reject(broken));
    await d.deliver(result);
    expect(d.stopper.error).toBe(broken);
  });
});
