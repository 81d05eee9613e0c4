import { describe, expect, it } from "vitest";
import { CoveError } from "../../../src/errors/cove-error.js";
import { Stopper } from "../../../src/run/stopper.js";

describe("Stopper", () => {
  it("the first stop wins: its error aborts the call signal and rejects `stopped`", async () => {
    const stopper = new Stopper();
    expect(stopper.isStopped).toBe(false);
    const first = new Error("first");
    stopper.stop(first);
    stopper.stop(new Error("second"));
    expect(stopper.isStopped).toBe(true);
    expect(stopper.error).toBe(first);
    expect(stopper.signal.aborted).toBe(true);
    expect(stopper.signal.reason).toBe(first);
    await expect(stopper.stopped).rejects.toBe(first);
  });

  it("aborts every tracked controller still in use, not the released ones", () => {
    const stopper = new Stopper();
    const running = [stopper.track(), stopper.track(), stopper.track()];
    const done = stopper.track();
    stopper.release(done);
    const error = new Error("stop");
    stopper.stop(error);
    expect(running.map((c) => c.signal.reason)).toEqual([error, error, error]);
    expect(done.signal.aborted).toBe(false);
  });

  it("a controller tracked after the stop is aborted at once", () => {
    const stopper = new Stopper();
    stopper.stop("late");
    expect(stopper.track().signal.reason).toBe("late");
  });

  it("the user's signal stops the call with ABORTED carrying its reason, until detached", () => {
    const user = new AbortController();
    const stopper = new Stopper(user.signal);
    user.abort("deadline");
    expect(stopper.error).toBeInstanceOf(CoveError);
    expect(stopper.error).toMatchObject({ code: "ABORTED", cause: "deadline" });

    const later = new AbortController();
    const detached = new Stopper(later.signal);
    detached.detach();
    later.abort();
    expect(detached.isStopped).toBe(false);
  });

  it("the call signal takes any number of listeners without Node's leak warning", async () => {
    const stopper = new Stopper();
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    try {
      for (let i = 0; i < 50; i++) stopper.signal.addEventListener("abort", () => {});
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
  });
});
