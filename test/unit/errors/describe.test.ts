import { describe, expect, it } from "vitest";
import { awsErrorName, describeError } from "../../../src/errors/describe.js";
import { CoveError } from "../../../src/errors/cove-error.js";

function throwingGetter<T extends object>(target: T, key: string): T {
  Object.defineProperty(target, key, {
    get() {
      throw new Error(`${key} getter`);
    },
  });
  return target;
}

describe("describeError", () => {
  it("gives Name: message for errors and String() for other values", () => {
    expect(describeError(new TypeError("bad"))).toBe("TypeError: bad");
    expect(describeError(new CoveError("NO_REGION", "no region"))).toBe("CoveError: no region");
    const named = Object.assign(new Error("denied"), { name: "AccessDenied" });
    expect(describeError(named)).toBe("AccessDenied: denied");
    expect(describeError("boom")).toBe("boom");
    expect(describeError(42)).toBe("42");
    expect(describeError(undefined)).toBe("undefined");
    expect(describeError(Symbol("s"))).toBe("Symbol(s)");
    expect(describeError({ toString: () => "custom" })).toBe("custom");
  });

  it("survives errors whose name or message getter throws", () => {
    expect(describeError(throwingGetter(new Error("hidden"), "message"))).toBe(
      "Error: (message unreadable)",
    );
    expect(describeError(throwingGetter(new Error("shown"), "name"))).toBe("Error: shown");
  });

  it("survives a message that is an object whose toString throws", () => {
    const e = new Error("x");
    (e as { message: unknown }).message = {
      toString() {
        throw new Error("nope");
      },
    };
    expect(describeError(e)).toBe("Error: (message unreadable)");
  });

  it("survives objects whose toString or Symbol.toPrimitive throws, and null prototypes", () => {
    const hostile = {
      toString() {
        throw new Error("nope");
      },
    };
    expect(describeError(hostile)).toBe("[object that cannot be described]");
    const primitive = {
      [Symbol.toPrimitive]() {
        throw new Error("nope");
      },
    };
    expect(describeError(primitive)).toBe("[object that cannot be described]");
    expect(describeError(Object.create(null))).toBe("[object that cannot be described]");
  });

  it("survives proxies whose every trap throws, and revoked proxies", () => {
    const traps: ProxyHandler<object> = {
      get: () => {
        throw new Error("get trap");
      },
      getPrototypeOf: () => {
        throw new Error("getPrototypeOf trap");
      },
    };
    expect(describeError(new Proxy(new Error("inner"), traps))).toBe(
      "[object that cannot be described]",
    );
    const getOnly = new Proxy(new Error("inner"), { get: traps.get });
    expect(describeError(getOnly)).toBe("Error: (message unreadable)");
    const { proxy, revoke } = Proxy.revocable(new Error("gone"), {});
    revoke();
    expect(describeError(proxy)).toBe("[object that cannot be described]");
    const fn = Proxy.revocable(() => 1, {});
    fn.revoke();
    expect(describeError(fn.proxy)).toBe("[function that cannot be described]");
  });
});

describe("awsErrorName", () => {
  it("reads name, then Code, then code", () => {
    expect(awsErrorName(Object.assign(new Error("x"), { name: "ThrottlingException" }))).toBe(
      "ThrottlingException",
    );
    expect(awsErrorName({ Code: "AccessDenied" })).toBe("AccessDenied");
    expect(awsErrorName({ code: "ECONNRESET" })).toBe("ECONNRESET");
    expect(awsErrorName({ name: 1, code: "ECONNRESET" })).toBe("ECONNRESET");
    expect(awsErrorName("AccessDenied")).toBeUndefined();
    expect(awsErrorName(null)).toBeUndefined();
  });

  it("never throws: throwing getters and revoked proxies give the next key or undefined", () => {
    expect(awsErrorName(throwingGetter({ code: "EPIPE" }, "name"))).toBe("EPIPE");
    const { proxy, revoke } = Proxy.revocable({ name: "X" }, {});
    revoke();
    expect(awsErrorName(proxy)).toBeUndefined();
  });
});
