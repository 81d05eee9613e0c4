import { describe, expect, it } from "vitest";
import {
  DESCRIBE_LIMIT,
  explicitRecords,
  lookupAccounts,
} from "../../../src/discovery/explicit.js";
import { CoveError } from "../../../src/errors/cove-error.js";
import { account, awsError, exampleOrg, fakeOrg, id } from "./fake-org.js";

const many = (n: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i));

describe("explicit account lookups", () => {
  it(`looks up to ${DESCRIBE_LIMIT} ids one by one, with their metadata`, async () => {
    const { org, calls } = exampleOrg();
    const found = await lookupAccounts(org, [id(3), id(7)]);
    expect(calls.sort()).toEqual([`DescribeAccount ${id(3)}`, `DescribeAccount ${id(7)}`]);
    expect(found.get(id(3))).toMatchObject({
      Id: id(3),
      Name: `n${id(3)}`,
      Status: "ACTIVE",
      State: "ACTIVE",
    });
  });

  it(`above ${DESCRIBE_LIMIT} ids, reads one listing instead`, async () => {
    const ids = many(DESCRIBE_LIMIT + 1);
    const { org, calls } = fakeOrg({ "r-root": { accounts: ids.map((i) => account(i)) } }, 10);
    const found = await lookupAccounts(org, ids);
    expect(found.size).toBe(ids.length);
    expect(calls).toEqual(["ListAccounts #1", "ListAccounts #2", "ListAccounts #3"]);
  });

  it("ACCOUNT_NOT_ACTIVE names the suspended and the non-member ids with their state", async () => {
    const { org } = exampleOrg();
    const e = (await lookupAccounts(org, [id(3), id(8), id(9)]).catch(
      (x: unknown) => x,
    )) as CoveError;
    expect(e).toBeInstanceOf(CoveError);
    expect(e).toMatchObject({
      code: "ACCOUNT_NOT_ACTIVE",
      ids: [id(8), id(9)],
      option: "targetIds",
    });
    expect(e.message).toContain(`${id(8)} (SUSPENDED)`);
    expect(e.message).toContain(`${id(9)} (not a member)`);
  });

  it("100,000 unknown ids: a short message naming the first ten; error.ids holds them all", async () => {
    const { org } = exampleOrg();
    const ids = many(100_000);
    const e = (await lookupAccounts(org, ids).catch((x: unknown) => x)) as CoveError;
    expect(e).toMatchObject({ code: "ACCOUNT_NOT_ACTIVE" });
    expect(e.ids).toHaveLength(100_000);
    expect(e.message.length).toBeLessThan(600);
    expect(e.message).toContain(`${ids[9]} (not a member)`);
    expect(e.message).not.toContain(ids[10]);
    expect(e.message).toContain("and 99990 more");
  });

  it("without Organizations every id maps to no metadata (the ids still run)", async () => {
    const { org, failures } = exampleOrg();
    failures.set(`DescribeAccount ${id(3)}`, awsError("AWSOrganizationsNotInUseException"));
    const found = await lookupAccounts(org, [id(3), id(9)]);
    expect([...found]).toEqual([
      [id(3), undefined],
      [id(9), undefined],
    ]);
  });

  it("another failure is DISCOVERY_FAILED naming the ids", async () => {
    const { org, failures } = exampleOrg();
    failures.set(`DescribeAccount ${id(3)}`, awsError("ServiceException"));
    await expect(lookupAccounts(org, [id(3)])).rejects.toMatchObject({
      code: "DISCOVERY_FAILED",
      ids: [id(3)],
    });
  });

  it("records keep the order given; with paths, found and not ignored ones get their OU path", async () => {
    const { org, calls } = exampleOrg();
    const found = await lookupAccounts(org, [id(6), id(3), id(2)]);
    calls.length = 0;
    const paths = new Map([
      ["ou-p", "/Workloads/Prod"],
      ["ou-pay", "/Workloads/Prod/Payments"],
    ]);
    const records = await explicitRecords(
      org,
      [id(6), id(3), id(2)],
      found,
      paths,
      new Set([id(2)]),
    );
    expect(records.map((r) => [r.Id, r.OuPath])).toEqual([
      [id(6), "/Workloads/Prod/Payments"],
      [id(3), "/Workloads/Prod"],
      [id(2), undefined],
    ]);
    expect(calls.sort()).toEqual([`ListParents ${id(3)}`, `ListParents ${id(6)}`]);
    const bare = await explicitRecords(
      org,
      [id(9)],
      new Map([[id(9), undefined]]),
      paths,
      new Set(),
    );
    expect(bare).toEqual([{ Id: id(9) }]);
  });
});
