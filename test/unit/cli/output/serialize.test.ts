import { describe, expect, it } from "vitest";
import { plainRecord, serializeError, toJson } from "../../../../src/cli/output/serialize.js";
import { errorLine } from "../../../../src/cli/errors.js";
import { errorText } from "../../../../src/cli/output/text.js";
import {
  deeplyNested,
  errorWithThrowingName,
  hostileProxy,
  throwingGetter,
  throwingToJson,
} from "./hostile.js";

describe("serializeError", () => {
  it("writes an AWS SDK error as name, message, code (its name) and request id", () => {
    const e = Object.assign(new Error("The security token is expired"), {
      name: "ExpiredToken",
      $metadata: { requestId: "req-1", httpStatusCode: 403 },
      $fault: "client",
    });
    expect(serializeError(e)).toEqual({
      name: "ExpiredToken",
      message: "The security token is expired",
      code: "ExpiredToken",
      requestId: "req-1",
    });
  });

  it("keeps a string code and drops every other field of the thrown value", () => {
    const e = Object.assign(new Error("nope"), { code: "E_NOPE", details: { secret: "x" } });
    expect(serializeError(e)).toEqual({ name: "Error", message: "nope", code: "E_NOPE" });
  });

  it("writes thrown strings, numbers and plain objects without [object Object]", () => {
    expect(serializeError("plain text")).toEqual({ name: "Error", message: "plain text" });
    expect(serializeError(42)).toEqual({ name: "Error", message: "42" });
    expect(serializeError({ reason: "why" })).toEqual({
      name: "Object",
      message: '{"reason":"why"}',
    });
  });

  it("keeps a failed command's exit code, signal and the tail of its stderr", () => {
    const e = Object.assign(new Error("Command exited with code 3"), {
      name: "CommandFailed",
      code: "COMMAND_FAILED",
      exitCode: 3,
      stderr: "x".repeat(5000) + "end",
    });
    const s = serializeError(e);
    expect(s).toMatchObject({ name: "CommandFailed", code: "COMMAND_FAILED", exitCode: 3 });
    expect(s.stderr).toHaveLength(4096);
    expect(s.stderr!.endsWith("end")).toBe(true);
    expect(errorText(e)).toBe("CommandFailed: Command exited with code 3 (exit code 3)");
  });
});

describe("toJson", () => {
  it("writes bigints as text, Maps and Sets as data, errors serialized and cycles cut", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    const value = {
      big: 12345678901234567890n,
      map: new Map([["k", 1]]),
      set: new Set(["a", "b"]),
      error: new TypeError("bad"),
      cyclic,
    };
    expect(JSON.parse(toJson(value))).toEqual({
      big: "12345678901234567890",
      map: { k: 1 },
      set: ["a", "b"],
      error: { name: "TypeError", message: "bad" },
      cyclic: { name: "loop", self: "[Circular]" },
    });
  });

  it("writes a value seen twice (not a cycle) both times", () => {
    const shared = { n: 1 };
    expect(JSON.parse(toJson({ a: shared, b: shared }))).toEqual({ a: { n: 1 }, b: { n: 1 } });
  });

  it("writes null for undefined", () => {
    expect(toJson(undefined)).toBe("null");
  });
});

describe("plainRecord", () => {
  it("serializes ExceptionDetails and keeps the other keys", () => {
    const record = { Id: "111111111111", Region: "eu-west-1", ExceptionDetails: new Error("x") };
    expect(plainRecord(record)).toEqual({
      Id: "111111111111",
      Region: "eu-west-1",
      ExceptionDetails: { name: "Error", message: "x" },
    });
  });
});

describe("serializeError is total", () => {
  it("describes a thrown value whose name getter throws", () => {
    expect(serializeError(errorWithThrowingName())).toEqual({
      name: "Error",
      message: "the message",
    });
  });

  it("describes a proxy whose every trap throws, and objects without a prototype", () => {
    expect(serializeError(hostileProxy())).toMatchObject({ name: "Object" });
    expect(serializeError(Object.create(null))).toEqual({ name: "Object", message: "{}" });
    expect(serializeError(Symbol("s"))).toEqual({ name: "Error", message: "Symbol(s)" });
  });

  it("describes a thrown object whose JSON cannot be written by its tag", () => {
    expect(serializeError(throwingGetter())).toEqual({
      name: "Object",
      message: "[object Object]",
    });
  });

  it("gives errorText and errorLine a line for each of them", () => {
    for (const value of [errorWithThrowingName(), hostileProxy(), throwingToJson()]) {
      expect(typeof errorText(value)).toBe("string");
      expect(errorLine(value)).not.toBe("");
    }
    expect(errorLine(errorWithThrowingName())).toBe("the message");
  });
});

describe("toJson refuses what it cannot write", () => {
  it("throws a RangeError for nesting deeper than 1000 levels instead of overflowing", () => {
    expect(() => toJson(deeplyNested(100_000))).toThrow(/nested deeper than 1000 levels/);
    expect(() => toJson(deeplyNested(900))).not.toThrow();
  });

  it("cuts cycles through Maps and Sets too", () => {
    const map = new Map<string, unknown>();
    map.set("self", map);
    expect(JSON.parse(toJson({ map }))).toEqual({ map: { self: "[Circular]" } });
  });
});
