import {
  DescribeAccountCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
  type AccountState,
} from "@aws-sdk/client-organizations";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { CoveError } from "../../src/errors/cove-error.js";
import type { Hub } from "../../src/aws/hub.js";
import { resolveOptions } from "../../src/options/index.js";
import { discoverTargets } from "../../src/discovery/discover.js";

const organizations = new OrganizationsClient({
  region: "us-east-1",
  credentials: { accessKeyId: "a", secretAccessKey: "b" },
  retryMode: "standard",
  maxAttempts: 5,
  retryStrategy: undefined,
});
const mock = mockClient(organizations);
afterEach(() => mock.reset());
const hub = { accountId: "000000000000", organizations } as unknown as Hub;
const account = (id: string, state: AccountState = "ACTIVE") => ({
  Id: id,
  Name: `n${id}`,
  Email: `${id}@x`,
  Arn: `arn:aws:organizations::000000000000:account/o-abcdefghij/${id}`,
  State: state,
});
const awsError = (name: string) => Object.assign(new Error(name), { name, $metadata: {} });

async function drain(options: object) {
  const d = discoverTargets(hub, resolveOptions(options).selection, undefined);
  await d.ready;
  const ids: string[] = [];
  for await (const a of d.accounts) ids.push(a.Id);
  return ids;
}

describe("discoverTargets (fault paths moto cannot produce)", () => {
  it("ListAccounts AccessDenied without explicit ids: ORGANIZATIONS_UNAVAILABLE saying to pass ids", async () => {
    mock.on(ListAccountsCommand).rejects(awsError("AccessDeniedException"));
    const e = (await drain({}).catch((x: unknown) => x)) as CoveError;
    expect(e).toBeInstanceOf(CoveError);
    expect(e.code).toBe("ORGANIZATIONS_UNAVAILABLE");
    expect(e.message).toContain("targetIds");
    expect((e.cause as Error).name).toBe("AccessDeniedException");
  });

  it("AWSOrganizationsNotInUseException with explicit ids: runs without metadata", async () => {
    mock.on(DescribeAccountCommand).rejects(awsError("AWSOrganizationsNotInUseException"));
    expect(await drain({ targetIds: ["111111111111", "222222222222"] })).toEqual([
      "111111111111",
      "222222222222",
    ]);
  });

  it("an explicit SUSPENDED account is ACCOUNT_NOT_ACTIVE; a legacy Status field is read too", async () => {
    mock
      .on(DescribeAccountCommand, { AccountId: "111111111111" })
      .resolves({ Account: { Id: "111111111111", Status: "SUSPENDED" } });
    mock
      .on(DescribeAccountCommand, { AccountId: "222222222222" })
      .resolves({ Account: { Id: "222222222222", Status: "ACTIVE" } });
    const e = (await drain({ targetIds: ["111111111111", "222222222222"] }).catch(
      (x: unknown) => x,
    )) as CoveError;
    expect(e.code).toBe("ACCOUNT_NOT_ACTIVE");
    expect(e.ids).toEqual(["111111111111"]);
    expect(e.message).toContain("SUSPENDED");
  });

  it("skips non-ACTIVE accounts met in a listing, and pages through", async () => {
    mock
      .on(ListAccountsCommand)
      .resolvesOnce({
        Accounts: [account("111111111111"), account("222222222222", "SUSPENDED")],
        NextToken: "t",
      })
      .resolvesOnce({
        Accounts: [
          account("333333333333", "PENDING_CLOSURE"),
          account("444444444444"),
          account("000000000000"),
        ],
      });
    expect(await drain({})).toEqual(["111111111111", "444444444444"]);
  });

  it("a listing that fails part-way after runs could start is DISCOVERY_FAILED, not silent", async () => {
    mock
      .on(ListAccountsCommand)
      .resolvesOnce({ Accounts: [account("111111111111")], NextToken: "t" })
      .rejects(awsError("ServiceException"));
    const d = discoverTargets(hub, resolveOptions({}).selection, undefined);
    await d.ready;
    const got: string[] = [];
    const e = await (async () => {
      for await (const a of d.accounts) got.push(a.Id);
    })().catch((x: unknown) => x);
    expect(got).toEqual(["111111111111"]);
    expect(e).toMatchObject({ code: "DISCOVERY_FAILED" });
  });

  it("walks OU subtrees: accounts of every descendant OU", async () => {
    mock
      .on(ListAccountsForParentCommand, { ParentId: "ou-ab12-aaaaaaaa" })
      .resolves({ Accounts: [account("111111111111")] });
    mock
      .on(ListAccountsForParentCommand, { ParentId: "ou-ab12-bbbbbbbb" })
      .resolves({ Accounts: [account("222222222222")] });
    mock
      .on(ListAccountsForParentCommand, { ParentId: "ou-ab12-cccccccc" })
      .resolves({ Accounts: [account("333333333333")] });
    mock
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: "ou-ab12-aaaaaaaa" })
      .resolves({ OrganizationalUnits: [{ Id: "ou-ab12-bbbbbbbb" }] });
    mock
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: "ou-ab12-bbbbbbbb" })
      .resolves({ OrganizationalUnits: [{ Id: "ou-ab12-cccccccc" }] });
    mock
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: "ou-ab12-cccccccc" })
      .resolves({ OrganizationalUnits: [] });
    expect((await drain({ targetIds: ["ou-ab12-aaaaaaaa"] })).sort()).toEqual([
      "111111111111",
      "222222222222",
      "333333333333",
    ]);
  });
});
