import { setDeadlinesForTests } from "../../../src/aws/deadlines.js";
import {
  DescribeAccountCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-organizations";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Hub } from "../../../src/aws/hub.js";
import { discoverTargets } from "../../../src/discovery/discover.js";
import { organizationsAccess } from "../../../src/access/organizations.js";
import { CoveError } from "../../../src/errors/cove-error.js";
import { resolveOptions } from "../../../src/options/index.js";
import { account, awsError, id } from "./fake-org.js";
import { mockedOrganizations } from "./org-client.js";

const { client: organizations, mock } = mockedOrganizations();
afterEach(() => mock.reset());
const hub = { accountId: "000000000000", organizations } as unknown as Hub;

const discover = (options: object) =>
  discoverTargets(hub, resolveOptions(options).selection, undefined, organizationsAccess);

async function drain(options: object) {
  const d = discover(options);
  await d.ready;
  const ids: string[] = [];
  for await (const a of d.accounts) ids.push(a.Id);
  return ids;
}

async function failure(p: Promise<unknown>): Promise<CoveError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(CoveError);
  return e as CoveError;
}

/** A promise settled from outside. */
function manual<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("discoverTargets (fault paths moto cannot produce)", () => {
  it("ListAccounts AccessDenied without explicit ids: ORGANIZATIONS_UNAVAILABLE saying to pass ids", async () => {
    mock.on(ListAccountsCommand).rejects(awsError("AccessDeniedException"));
    const e = await failure(drain({}));
    expect(e.code).toBe("ORGANIZATIONS_UNAVAILABLE");
    expect(e.message).toContain("targetIds");
    expect((e.cause as Error).name).toBe("AccessDeniedException");
  });

  it("AWSOrganizationsNotInUseException with explicit ids: runs without metadata", async () => {
    mock.on(DescribeAccountCommand).rejects(awsError("AWSOrganizationsNotInUseException"));
    expect(await drain({ targetIds: [id(1), id(2)] })).toEqual([id(1), id(2)]);
  });

  it("an explicit SUSPENDED account is ACCOUNT_NOT_ACTIVE; a legacy Status field is read too", async () => {
    mock
      .on(DescribeAccountCommand, { AccountId: id(1) })
      .resolves({ Account: { Id: id(1), Status: "SUSPENDED" } });
    mock
      .on(DescribeAccountCommand, { AccountId: id(2) })
      .resolves({ Account: { Id: id(2), Status: "ACTIVE" } });
    const e = await failure(drain({ targetIds: [id(1), id(2)] }));
    expect(e.code).toBe("ACCOUNT_NOT_ACTIVE");
    expect(e.ids).toEqual([id(1)]);
    expect(e.message).toContain("SUSPENDED");
  });

  it("skips non-ACTIVE accounts met in a listing, and pages through", async () => {
    mock
      .on(ListAccountsCommand)
      .resolvesOnce({
        Accounts: [account(id(1)), account(id(2), "SUSPENDED")],
        NextToken: "t",
      })
      .resolvesOnce({
        Accounts: [account(id(3), "PENDING_CLOSURE"), account(id(4)), account("000000000000")],
      });
    expect(await drain({})).toEqual([id(1), id(4)]);
  });

  it("a listing that fails part-way after runs could start is DISCOVERY_FAILED, not silent", async () => {
    mock
      .on(ListAccountsCommand)
      .resolvesOnce({ Accounts: [account(id(1))], NextToken: "t" })
      .rejects(awsError("ServiceException"));
    const d = discover({});
    await d.ready;
    const got: string[] = [];
    const e = await (async () => {
      for await (const a of d.accounts) got.push(a.Id);
    })().catch((x: unknown) => x);
    expect(got).toEqual([id(1)]);
    expect(e).toMatchObject({ code: "DISCOVERY_FAILED" });
    await expect(d.size).rejects.toBe(e);
  });

  it("walks OU subtrees: accounts of every descendant OU", async () => {
    const [a, b, c] = ["ou-ab12-aaaaaaaa", "ou-ab12-bbbbbbbb", "ou-ab12-cccccccc"];
    mock.on(ListAccountsForParentCommand, { ParentId: a }).resolves({ Accounts: [account(id(1))] });
    mock.on(ListAccountsForParentCommand, { ParentId: b }).resolves({ Accounts: [account(id(2))] });
    mock.on(ListAccountsForParentCommand, { ParentId: c }).resolves({ Accounts: [account(id(3))] });
    mock
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: a })
      .resolves({ OrganizationalUnits: [{ Id: b }] });
    mock
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: b })
      .resolves({ OrganizationalUnits: [{ Id: c }] });
    mock
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: c })
      .resolves({ OrganizationalUnits: [] });
    expect((await drain({ targetIds: [a] })).sort()).toEqual([id(1), id(2), id(3)]);
  });
});

describe("the gate", () => {
  it("opens after the first ListAccounts page, while later pages are still coming", async () => {
    const page2 = manual<object>();
    mock
      .on(ListAccountsCommand)
      .resolvesOnce({ Accounts: [account(id(1))], NextToken: "t" })
      .callsFake(() => page2.promise);
    const d = discover({});
    await d.ready;
    page2.resolve({ Accounts: [account(id(2))] });
    const ids: string[] = [];
    for await (const a of d.accounts) ids.push(a.Id);
    expect(ids).toEqual([id(1), id(2)]);
    expect(await d.size).toBe(2);
  });

  it("an unknown target OU is TARGET_NOT_FOUND before the gate opens; nothing is yielded", async () => {
    mock.on(ListAccountsForParentCommand).rejects(awsError("ParentNotFoundException"));
    mock.on(ListOrganizationalUnitsForParentCommand).resolves({ OrganizationalUnits: [] });
    const d = discover({ targetIds: ["ou-ab12-zzzzzzzz"] });
    const e = await failure(d.ready);
    expect(e).toMatchObject({
      code: "TARGET_NOT_FOUND",
      ids: ["ou-ab12-zzzzzzzz"],
      option: "targetIds",
      message: "targetIds: OU ou-ab12-zzzzzzzz does not exist in the organization.",
    });
    await expect(d.size).rejects.toBe(e);
    const got: string[] = [];
    await expect(
      (async () => {
        for await (const a of d.accounts) got.push(a.Id);
      })(),
    ).rejects.toBe(e);
    expect(got).toEqual([]);
  });

  it("a selection that fails while the gate is still open keeps it shut", async () => {
    const ou = "ou-ab12-aaaaaaaa";
    mock.on(ListRootsCommand).resolves({ Roots: [{ Id: "r-ab12" }] });
    mock.on(ListAccountsForParentCommand).resolves({ Accounts: [account(id(1))] });
    mock.on(ListOrganizationalUnitsForParentCommand).resolves({ OrganizationalUnits: [] });
    // The root's first page is held back until the tags read of the OU's account has failed.
    const rootPage = manual<object>();
    mock.on(ListAccountsCommand).callsFake(() => rootPage.promise);
    mock.on(ListTagsForResourceCommand).callsFake(async () => {
      setImmediate(() => rootPage.resolve({ Accounts: [account(id(2))] }));
      throw awsError("ServiceException");
    });
    const d = discover({ targetIds: [ou, "r-ab12"], tags: { Team: "x" } });
    const e = await failure(d.ready);
    expect(e).toMatchObject({ code: "DISCOVERY_FAILED", ids: [id(1)] });
    expect(e.message).toContain("tags");
  });

  it("counts the accounts it yields; NO_ELIGIBLE_ACCOUNTS when none is left", async () => {
    mock.on(ListAccountsCommand).resolves({ Accounts: [account(id(1)), account("000000000000")] });
    const d = discover({});
    await d.ready;
    for await (const _ of d.accounts) void _;
    expect(await d.size).toBe(1);
    const none = discover({ ignoreIds: [id(1)] });
    await none.ready;
    const e = await failure(
      (async () => {
        for await (const _ of none.accounts) void _;
      })(),
    );
    expect(e.code).toBe("NO_ELIGIBLE_ACCOUNTS");
  });

  it("a resolved account list runs without any Organizations call, the caller left out", async () => {
    const d = discover({ accounts: [{ Id: id(1) }, { Id: "000000000000" }, { Id: id(2) }] });
    await d.ready;
    const ids: string[] = [];
    for await (const a of d.accounts) ids.push(a.Id);
    expect(ids).toEqual([id(1), id(2)]);
    expect(mock.calls()).toHaveLength(0);
  });
});

describe("a request that times out (the request handler throws) never hangs discovery", () => {
  // Timeouts are transient: retried until the deadline (shortened here), then DISCOVERY_FAILED.
  let restore: () => void;
  beforeEach(() => (restore = setDeadlinesForTests({ retryMs: 300 })));
  afterEach(() => restore());
  const timeout = () =>
    Object.assign(new Error("Connection timed out after 300 ms"), { name: "TimeoutError" });
  const ou = "ou-ab12-aaaaaaaa";
  const child = "ou-ab12-bbbbbbbb";

  it("at the gate: ready rejects with DISCOVERY_FAILED (whole org, OU tree, OU, tags)", async () => {
    mock.on(ListAccountsCommand).rejects(timeout());
    expect(await failure(discover({}).ready)).toMatchObject({ code: "DISCOVERY_FAILED" });
    mock.reset();
    mock.on(ListRootsCommand).resolves({ Roots: [{ Id: "r-ab12" }] });
    mock.on(ListOrganizationalUnitsForParentCommand).rejects(timeout());
    const tree = await failure(discover({ targetIds: ["/A"] }).ready);
    expect(tree).toMatchObject({ code: "DISCOVERY_FAILED" });
    expect(tree.message).toContain("TimeoutError");
    mock.reset();
    mock.on(ListAccountsForParentCommand).rejects(timeout());
    mock.on(ListOrganizationalUnitsForParentCommand).resolves({});
    expect(await failure(discover({ targetIds: [ou] }).ready)).toMatchObject({
      code: "DISCOVERY_FAILED",
      ids: [ou],
    });
  });

  it("after the gate: the account stream and size fail with DISCOVERY_FAILED", async () => {
    mock
      .on(ListAccountsForParentCommand, { ParentId: ou })
      .resolves({ Accounts: [account(id(1))] });
    mock.on(ListAccountsForParentCommand, { ParentId: child }).rejects(timeout());
    mock
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: ou })
      .resolves({ OrganizationalUnits: [{ Id: child }] });
    mock.on(ListOrganizationalUnitsForParentCommand, { ParentId: child }).resolves({});
    const d = discover({ targetIds: [ou] });
    await d.ready;
    const e = await failure(
      (async () => {
        for await (const _ of d.accounts) void _;
      })(),
    );
    expect(e).toMatchObject({ code: "DISCOVERY_FAILED", ids: [ou] });
    expect((e.cause as Error).name).toBe("TimeoutError");
    await expect(d.size).rejects.toBe(e);
  });

  it("a tags read that times out fails the stream", async () => {
    mock.on(ListAccountsCommand).resolves({ Accounts: [account(id(1)), account(id(2))] });
    mock.on(ListTagsForResourceCommand, { ResourceId: id(1) }).resolves({ Tags: [] });
    mock.on(ListTagsForResourceCommand, { ResourceId: id(2) }).rejects(timeout());
    const d = discover({ tags: { Team: "x" } });
    const e = await failure(
      d.ready.then(async () => {
        for await (const _ of d.accounts) void _;
      }),
    );
    expect(e).toMatchObject({ code: "DISCOVERY_FAILED", ids: [id(2)] });
  });
});
