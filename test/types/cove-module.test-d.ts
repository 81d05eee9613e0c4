import { describe, expectTypeOf, it } from "vitest";
import {
  coveModule,
  type CoveEvent,
  type CoveModuleFunction,
  type CoveOutput,
  type CoveSession,
} from "../../src/index.js";
import type { whoAmI } from "../integration/workers/task.js";

const TASK = new URL("../integration/workers/task.js", import.meta.url);

describe("coveModule types", () => {
  it("the export's parameters (after the session) and awaited return type flow through", () => {
    const run = coveModule<typeof whoAmI>(TASK, "whoAmI", { workers: 2 });
    expectTypeOf(run).toEqualTypeOf<CoveModuleFunction<typeof whoAmI>>();
    expectTypeOf(run).parameters.toEqualTypeOf<[tag: string]>();
    type Who = Awaited<ReturnType<typeof whoAmI>>;
    expectTypeOf(run).returns.resolves.toEqualTypeOf<CoveOutput<Who>>();
    expectTypeOf(run.stream).returns.toEqualTypeOf<AsyncIterableIterator<CoveEvent<Who>>>();
    // @ts-expect-error: the session is not passed by the caller
    void run({} as CoveSession, "x");
    // @ts-expect-error: wrong argument type
    void run(1);
  });

  it("onRecord sees the export's result type; workers is a number", () => {
    type Fn = (s: CoveSession) => Promise<number>;
    coveModule<Fn>(TASK, "f", {
      onRecord: (event) => {
        if (event.list === "Results") expectTypeOf(event.record.Result).toEqualTypeOf<number>();
      },
    });
    // @ts-expect-error: workers is a number of threads
    coveModule<Fn>(TASK, "f", { workers: "2" });
  });
});
