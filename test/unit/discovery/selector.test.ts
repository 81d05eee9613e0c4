import { describe, expect, it } from "vitest";
import {
  createSelector,
  emptySelectionError,
  matchesTags,
  type SelectionRules,
} from "../../../src/discovery/selector.js";
import { shardOf } from "../../../src/domain/shard.js";
import { CoveError } from "../../../src/errors/cove-error.js";
import type { AccountInfo } from "../../../src/types.js";

const info = (n: number, more: Partial<AccountInfo> = {}): AccountInfo => ({
  Id: String(n).repeat(12),
  Status: "ACTIVE",
  State: "ACTIVE",
  ...more,
});
const rules = (more: Partial<SelectionRules> = {}): SelectionRules => ({
  ignored: new Set(),
  shard: undefined,
  tags: undefined,
  filter: undefined,
  ...more,
});
const noTags = () => Promise.reject(new Error("tags must not be read"));

describe("the selector", () => {
  it("selects each account once and never an ignored one, counting them", () => {
    const s = createSelector(rules({ ignored: new Set([info(2).Id]) }), noTags);
    expect([1, 2, 1, 3].map((n) => s.offer(info(n)))).toEqual([true, false, false, true]);
    expect(s.eligible).toBe(2);
    expect(s.selected).toBe(2);
  });

  it("keeps the accounts of its shard only, counting the others as eligible", () => {
    const shard = { index: 1, count: 3 };
    const s = createSelector(rules({ shard }), noTags);
    const all = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => info(n));
    const kept = all.filter((a) => s.offer(a) === true).map((a) => a.Id);
    expect(kept).toEqual(all.filter((a) => shardOf(a.Id, 3) === 1).map((a) => a.Id));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(9);
    expect(s.eligible).toBe(9);
    expect(s.selected).toBe(kept.length);
  });

  it("matches tags: every key (AND), any listed value (OR)", () => {
    const rule = new Map([
      ["Environment", new Set(["prod", "staging"])],
      ["Team", new Set(["payments"])],
    ]);
    expect(matchesTags(rule, { Environment: "staging", Team: "payments", X: "y" })).toBe(true);
    expect(matchesTags(rule, { Environment: "dev", Team: "payments" })).toBe(false);
    expect(matchesTags(rule, { Environment: "prod" })).toBe(false);
  });

  it("reads the tags once per account and keeps them on the record", async () => {
    const reads: string[] = [];
    const readTags = async (id: string) => {
      reads.push(id);
      return id === info(1).Id ? { Environment: "prod" } : { Environment: "dev" };
    };
    const s = createSelector(
      rules({ tags: new Map([["Environment", new Set(["prod"])]]) }),
      readTags,
    );
    const a = info(1);
    expect(await s.offer(a)).toBe(true);
    expect(await s.offer(info(2))).toBe(false);
    expect(s.offer(info(1))).toBe(false);
    expect(a.Tags).toEqual({ Environment: "prod" });
    expect(reads).toEqual([info(1).Id, info(2).Id]);
    expect([s.eligible, s.selected]).toEqual([2, 1]);
  });

  it("gives the filter a copy with State, Status, Tags and OuPath; a truthy answer selects", async () => {
    const seen: AccountInfo[] = [];
    // JavaScript callers may answer with any truthy or falsy value.
    const filter = async (a: AccountInfo) => {
      seen.push(a);
      a.Name = "changed by the filter";
      return a.State === "ACTIVE" && a.OuPath === "/Prod" ? 1 : 0;
    };
    const s = createSelector(
      rules({ filter: filter as unknown as SelectionRules["filter"] }),
      async () => ({ Team: "x" }),
    );
    const a = info(1, { OuPath: "/Prod", Name: "one" });
    expect(await s.offer(a)).toBe(true);
    expect(await s.offer(info(2, { OuPath: "/Dev" }))).toBe(false);
    expect(seen[0]).toMatchObject({
      Id: a.Id,
      State: "ACTIVE",
      Status: "ACTIVE",
      Tags: { Team: "x" },
      OuPath: "/Prod",
    });
    expect(a.Name).toBe("one");
    expect(await s.offer(info(3, { State: "SUSPENDED", OuPath: "/Prod" }))).toBe(false);
  });

  it("a filter that throws rejects with DISCOVERY_FAILED naming the account and the option", async () => {
    const boom = new Error("bad filter");
    const s = createSelector(
      rules({
        filter: () => {
          throw boom;
        },
      }),
      async () => ({}),
    );
    const e = (await (s.offer(info(1)) as Promise<boolean>).catch((x: unknown) => x)) as CoveError;
    expect(e).toBeInstanceOf(CoveError);
    expect(e).toMatchObject({ code: "DISCOVERY_FAILED", option: "filter", ids: [info(1).Id] });
    expect(e.message).toContain("bad filter");
    expect(e.cause).toBe(boom);
  });

  it("NO_ELIGIBLE_ACCOUNTS when nothing is eligible, or nothing selected outside a shard", () => {
    expect(emptySelectionError({ eligible: 0, selected: 0 }, undefined)?.message).toMatch(
      /ignoreIds/,
    );
    expect(emptySelectionError({ eligible: 3, selected: 0 }, undefined)?.message).toMatch(
      /tags and filter/,
    );
    expect(
      emptySelectionError({ eligible: 3, selected: 0 }, { index: 0, count: 2 }),
    ).toBeUndefined();
    expect(emptySelectionError({ eligible: 0, selected: 0 }, { index: 0, count: 2 })?.code).toBe(
      "NO_ELIGIBLE_ACCOUNTS",
    );
    expect(emptySelectionError({ eligible: 3, selected: 1 }, undefined)).toBeUndefined();
  });
});

describe("the selector's access check (IAM Identity Center: the permission set)", () => {
  it("asks after the ignores and the shard, counts the accounts without access, and skips explicit ones", async () => {
    const asked: string[] = [];
    const access = async (id: string) => {
      asked.push(id);
      return id !== info(3).Id;
    };
    const shard = { index: shardOf(info(1).Id, 2), count: 2 };
    const s = createSelector(rules({ ignored: new Set([info(2).Id]), access }), noTags);
    const offered = await Promise.all([1, 2, 3, 4].map((n) => s.offer(info(n))));
    expect(offered).toEqual([true, false, false, true]);
    expect(asked).toEqual([info(1).Id, info(3).Id, info(4).Id]);
    expect(s.withoutAccess).toEqual([info(3).Id]);
    expect(s.offer(info(5), true)).toBe(true); // explicit: not asked
    expect(asked).toHaveLength(3);
    const sharded = createSelector(rules({ shard, access }), noTags);
    const other = Array.from({ length: 50 }, (_, n) => ({ Id: String(100000000000 + n) })).find(
      (a) => shardOf(a.Id, 2) !== shard.index,
    )!;
    expect(sharded.offer(other)).toBe(false);
    expect(asked).toHaveLength(3); // another shard's account costs no portal call
  });

  it("with a login and a filter but no tags, does not read tags", async () => {
    const s = createSelector(
      rules({ filter: (a) => a.Tags === undefined, access: async () => true }),
      undefined,
    );
    expect(await s.offer(info(1))).toBe(true);
  });
});
