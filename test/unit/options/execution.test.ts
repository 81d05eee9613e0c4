import { describe, expect, it } from "vitest";
import { CoveError } from "../../../src/errors/cove-error.js";
import { MAX_TASK_TIMEOUT_MS, resolveExecution } from "../../../src/options/execution.js";

describe("resolveExecution: taskTimeout", () => {
  it("accepts up to 2³¹−1 ms, the longest timer Node runs as asked", () => {
    expect(resolveExecution({ taskTimeout: MAX_TASK_TIMEOUT_MS }).taskTimeout).toBe(2147483647);
  });

  it("refuses a longer one with INVALID_OPTION naming the maximum (Node would fire it at once)", () => {
    const e = (() => {
      try {
        resolveExecution({ taskTimeout: MAX_TASK_TIMEOUT_MS + 1 });
      } catch (error) {
        return error;
      }
    })();
    expect(e).toBeInstanceOf(CoveError);
    expect(e).toMatchObject({ code: "INVALID_OPTION", option: "taskTimeout" });
    expect((e as Error).message).toContain("2147483647");
  });
});

describe("resolveExecution: signal", () => {
  it("accepts an AbortSignal and a look-alike that can add and remove listeners", () => {
    const signal = new AbortController().signal;
    expect(resolveExecution({ signal }).signal).toBe(signal);
    const lookAlike = { aborted: false, addEventListener() {}, removeEventListener() {} };
    expect(resolveExecution({ signal: lookAlike }).signal).toBe(lookAlike);
  });

  it("refuses a look-alike without removeEventListener, before anything runs", () => {
    const halfSignal = { aborted: false, addEventListener() {} };
    expect(() => resolveExecution({ signal: halfSignal })).toThrow(TypeError);
    expect(() => resolveExecution({ signal: halfSignal })).toThrow(/removeEventListener/);
  });
});

describe("resolveExecution: skip", () => {
  it("takes a function and refuses anything else with a TypeError naming the option", () => {
    const skip = () => false;
    expect(resolveExecution({ skip }).skip).toBe(skip);
    expect(resolveExecution({}).skip).toBeUndefined();
    expect(() => resolveExecution({ skip: new Set(["1 eu-west-1"]) })).toThrow(TypeError);
    expect(() => resolveExecution({ skip: true })).toThrow(/Option "skip" must be a function/);
  });
});
