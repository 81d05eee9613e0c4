import { describe, expectTypeOf, it } from "vitest";
import {
  diffRuns,
  type CoveOutput,
  type DiffInput,
  type RunChange,
  type RunChangeKind,
  type RunDiff,
} from "../../src/index.js";

declare const lastWeek: CoveOutput<{ buckets: string[] }>;
declare const thisWeek: CoveOutput<{ buckets: string[] }>;

describe("diffRuns types", () => {
  it("takes CoveOutputs of any result type, or records, and returns a RunDiff", () => {
    expectTypeOf(diffRuns(lastWeek, thisWeek)).toEqualTypeOf<RunDiff>();
    expectTypeOf(lastWeek).toExtend<DiffInput>();
    expectTypeOf(thisWeek.Results).toExtend<DiffInput>();
    expectTypeOf(diffRuns).parameter(2).toEqualTypeOf<
      | {
          ignore?: readonly string[];
          unordered?: readonly string[];
          exec?: boolean | "auto";
          maxValueLength?: number;
          maxPaths?: number;
        }
      | undefined
    >();
  });

  it("lists no unchanged pair, and counts every kind", () => {
    expectTypeOf<RunChange["kind"]>().toEqualTypeOf<
      "new" | "gone" | "outcome-changed" | "changed"
    >();
    expectTypeOf<keyof RunDiff["counts"]>().toEqualTypeOf<RunChangeKind>();
    // @ts-expect-error an unknown option
    diffRuns(lastWeek, thisWeek, { ignored: [] });
    // @ts-expect-error records need Id and Region
    diffRuns([{ Id: "1" }], thisWeek);
  });
});
