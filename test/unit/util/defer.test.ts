import { describe, expect, it } from "vitest";
import { defer } from "../../../src/util/defer.js";

describe("defer", () => {
  it("settles its promise from outside, with the value or the reason given", async () => {
    const ok = defer<number>();
    ok.resolve(3);
    await expect(ok.promise).resolves.toBe(3);
    const failed = defer<number>();
    const reason = new Error("no");
    failed.reject(reason);
    await expect(failed.promise).rejects.toBe(reason);
  });
});
