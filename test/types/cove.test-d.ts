import { IAMClient, type User } from "@aws-sdk/client-iam";
import { describe, expectTypeOf, it } from "vitest";
import {
  cove,
  type CoveEvent,
  type CoveFunction,
  type CoveOutput,
  type CoveResult,
  type Covered,
  type CoveSession,
  CoveError,
  type HubEvent,
  type WaitEvent,
} from "../../src/index.js";

describe("cove types", () => {
  it("cove(fn) carries the extra arguments and the awaited return type", () => {
    const wrapped = cove(async (session: CoveSession, prefix: string, limit: number) => {
      const iam = session.client(IAMClient);
      expectTypeOf(iam).toEqualTypeOf<IAMClient>();
      return Object.assign([{ UserName: prefix }] as User[], { limit });
    });
    expectTypeOf(wrapped).parameters.toEqualTypeOf<[prefix: string, limit: number]>();
    expectTypeOf(wrapped).returns.resolves.toEqualTypeOf<CoveOutput<User[] & { limit: number }>>();
    // @ts-expect-error: the session is not passed by the caller
    void wrapped({} as CoveSession, "/", 1);
    // @ts-expect-error: wrong argument type
    void wrapped(1, 1);
  });

  it("cove(fn, options) types onRecord with the function's result", () => {
    const wrapped = cove((_s: CoveSession) => 42, {
      regions: ["eu-west-1"],
      onRecord: (event) => {
        if (event.list === "Results") expectTypeOf(event.record.Result).toEqualTypeOf<number>();
      },
    });
    expectTypeOf(wrapped).toEqualTypeOf<CoveFunction<[], number>>();
  });

  it("cove(options)(fn) is the same wrapped type", () => {
    const wrapped = cove({ concurrency: 5 })((_s: CoveSession, flag: boolean) =>
      flag ? "a" : "b",
    );
    expectTypeOf(wrapped).parameters.toEqualTypeOf<[flag: boolean]>();
    expectTypeOf(wrapped).returns.resolves.toEqualTypeOf<CoveOutput<"a" | "b">>();
  });

  it("Result has the function's type, undefined included when it may return undefined", () => {
    expectTypeOf<CoveResult<number>["Result"]>().toEqualTypeOf<number>();
    expectTypeOf<CoveResult<number | undefined>>()
      .toHaveProperty("Result")
      .toEqualTypeOf<number | undefined>();
    const none = cove((_s: CoveSession) => undefined);
    expectTypeOf(none).returns.resolves.toEqualTypeOf<CoveOutput<undefined>>();
  });

  it("stream() yields events whose list tells the record's shape apart", () => {
    const wrapped = cove(async (_s: CoveSession, n: number) => n * 2);
    expectTypeOf(wrapped.stream).parameters.toEqualTypeOf<[n: number]>();
    expectTypeOf(wrapped.stream(1)).toEqualTypeOf<AsyncIterableIterator<CoveEvent<number>>>();
    const handle = (e: CoveEvent<number>) => {
      if (e.list === "Results") expectTypeOf(e.record.Result).toEqualTypeOf<number>();
      else if (e.list === "Exceptions")
        expectTypeOf(e.record.AssumeRoleSuccess).toEqualTypeOf<true>();
      else expectTypeOf(e.record.AssumeRoleSuccess).toEqualTypeOf<false>();
    };
    void handle;
  });

  it("a decorated method keeps its declared type; Covered<> gives the wrapped one", () => {
    class Audit {
      @cove({ regions: ["eu-west-1"] })
      async users(_session: CoveSession, prefix: string): Promise<string[]> {
        return [prefix];
      }
    }
    expectTypeOf<Covered<Audit["users"]>>().toMatchTypeOf<
      CoveFunction<[prefix: string], string[]>
    >();
    // The README's cast: accepted (TS2352 before Covered kept the method type), and a call
    // without the session is the wrapped one.
    const users = new Audit().users as Covered<Audit["users"]>;
    expectTypeOf(users("/")).toEqualTypeOf<Promise<CoveOutput<string[]>>>();
    expectTypeOf(users.stream("/")).toEqualTypeOf<AsyncIterableIterator<CoveEvent<string[]>>>();
    // @ts-expect-error: wrong argument type for the wrapped call
    void users(1);
  });

  it("onWait receives a WaitEvent; a CoveError carries profile, endpoint, attempts and hint", () => {
    cove((_s: CoveSession) => 1, {
      onWait: (event) => {
        expectTypeOf(event).toEqualTypeOf<WaitEvent>();
        expectTypeOf(event.endpoint).toEqualTypeOf<string | undefined>();
        expectTypeOf(event.deadlineMs).toEqualTypeOf<number>();
      },
    });
    // @ts-expect-error: onWait takes one event, not a string
    cove((_s: CoveSession) => 1, { onWait: (line: string) => line.length });
    cove((_s: CoveSession) => 1, {
      onHub: async (hub) => {
        expectTypeOf(hub).toEqualTypeOf<HubEvent>();
        expectTypeOf(hub.accountId).toEqualTypeOf<string | undefined>();
        expectTypeOf(hub.organizationId).toEqualTypeOf<string | undefined>();
        expectTypeOf(hub.partition).toEqualTypeOf<string>();
        await Promise.resolve();
      },
    });
    // @ts-expect-error: onHub takes one event, not an account id
    cove((_s: CoveSession) => 1, { onHub: (accountId: number) => accountId });
    const error = new CoveError("HUB_IDENTITY_FAILED", "x", { profile: "dev", hint: "h" });
    expectTypeOf(error.profile).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.endpoint).toEqualTypeOf<string | undefined>();
    expectTypeOf(error.attempts).toEqualTypeOf<number | undefined>();
    expectTypeOf(error.hint).toEqualTypeOf<string | undefined>();
  });

  it("options are checked", () => {
    // @ts-expect-error: unknown option
    cove((_s: CoveSession) => 1, { target_ids: ["111111111111"] });
    // @ts-expect-error: concurrency is a number
    cove((_s: CoveSession) => 1, { concurrency: "5" });
  });

  it('shard is { index, count }, "auto" or "auto/N"', () => {
    cove((_s: CoveSession) => 1, { shard: { index: 0, count: 2 } });
    cove((_s: CoveSession) => 1, { shard: "auto" });
    cove((_s: CoveSession) => 1, { shard: "auto/8" });
    // @ts-expect-error: not an engine form
    cove((_s: CoveSession) => 1, { shard: "0/8" });
    // @ts-expect-error: the count is a number
    cove((_s: CoveSession) => 1, { shard: "auto/eight" });
  });
});

describe("output variance", () => {
  it("any output is a CoveOutput<unknown> (so helpers can take every output)", () => {
    expectTypeOf<CoveOutput<string>>().toMatchTypeOf<CoveOutput<unknown>>();
    expectTypeOf<CoveOutput<{ a: number }>>().toMatchTypeOf<CoveOutput<unknown>>();
    expectTypeOf<CoveOutput<unknown>>().not.toMatchTypeOf<CoveOutput<string>>();
  });
});
