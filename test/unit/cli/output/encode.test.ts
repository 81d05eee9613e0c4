import { describe, expect, it } from "vitest";
import { encodeRecord, RESULT_NOT_SERIALIZABLE } from "../../../../src/cli/output/encode.js";
import { deeplyNested, hostileProxy, throwingGetter, throwingToJson } from "./hostile.js";

const META = {
  Id: "111111111111",
  Name: "prod",
  Region: "eu-west-1",
  Tags: { Env: "prod" },
  AssumeRoleSuccess: true,
};

describe("encodeRecord", () => {
  it("gives plain data for an ordinary record, in its own list", () => {
    const encoded = encodeRecord({ list: "Results", record: { ...META, Result: { n: 1n } } });
    expect(encoded.list).toBe("Results");
    expect(encoded.record).toEqual({ ...META, Result: { n: "1" } });
    expect(JSON.parse(encoded.json)).toEqual(encoded.record);
  });

  it.each([
    ["a throwing getter", throwingGetter(), /Error: getter boom/],
    ["a throwing toJSON", throwingToJson(), /Error: toJSON boom/],
    ["100,000 levels of nesting", deeplyNested(100_000), /nested deeper than 1000 levels/],
    ["a proxy whose traps throw", hostileProxy(), /trap boom/],
  ])(
    "turns a Result with %s into an Exception saying why, keeping the run's metadata",
    (_, result, why) => {
      const encoded = encodeRecord({ list: "Results", record: { ...META, Result: result } });
      expect(encoded.list).toBe("Exceptions");
      expect(encoded.record).toMatchObject({ ...META });
      expect(encoded.record).not.toHaveProperty("Result");
      const details = encoded.record.ExceptionDetails as Record<string, string>;
      expect(details.code).toBe(RESULT_NOT_SERIALIZABLE);
      expect(details.name).toBe("ResultNotSerializable");
      expect(details.message).toMatch(why);
    },
  );
});
