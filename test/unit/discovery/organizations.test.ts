import {
  DescribeAccountCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  type Tag,
} from "@aws-sdk/client-organizations";
import { afterEach, describe, expect, it } from "vitest";
import {
  connectOrganizations,
  ORG_CONCURRENCY,
  toAccountInfo,
} from "../../../src/discovery/organizations.js";
import { account, awsError, id } from "./fake-org.js";
import { mockedOrganizations } from "./org-client.js";

const { client, mock } = mockedOrganizations();
afterEach(() => mock.reset());
const connect = () => connectOrganizations(client, new AbortController().signal);

async function all<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}

describe("Organizations reads", () => {
  it("pages through every listing with the SDK's paginators (NextToken sent back)", async () => {
    const inputs: object[] = [];
    mock.on(ListAccountsForParentCommand).callsFake((input: { NextToken?: string }) => {
      inputs.push({ ...input });
      return input.NextToken
        ? { Accounts: [account(id(2))] }
        : { Accounts: [account(id(1))], NextToken: "t1" };
    });
    mock
      .on(ListAccountsCommand)
      .resolvesOnce({ Accounts: [account(id(1))], NextToken: "a" })
      .resolvesOnce({ Accounts: [account(id(2))] });
    mock
      .on(ListOrganizationalUnitsForParentCommand)
      .resolvesOnce({ OrganizationalUnits: [{ Id: "ou-1", Name: "A" }], NextToken: "o" })
      .resolvesOnce({ OrganizationalUnits: [{ Id: "ou-2" }, { Name: "no id" }] });
    mock
      .on(ListRootsCommand)
      .resolvesOnce({ Roots: [{ Id: "r-1" }], NextToken: "r" })
      .resolvesOnce({ Roots: [{ Id: "r-2" }] });
    mock
      .on(ListTagsForResourceCommand)
      .resolvesOnce({ Tags: [{ Key: "A", Value: "1" }], NextToken: "g" })
      .resolvesOnce({ Tags: [{ Key: "B" } as Tag] });
    const org = connect();
    expect((await all(org.listAccountsIn("ou-1"))).map((a) => a.Id)).toEqual([id(1), id(2)]);
    expect(inputs).toEqual([{ ParentId: "ou-1" }, { ParentId: "ou-1", NextToken: "t1" }]);
    expect((await all(org.listAccounts())).map((a) => a.Id)).toEqual([id(1), id(2)]);
    expect(await org.listChildOus("r-1")).toEqual([
      { id: "ou-1", name: "A" },
      { id: "ou-2", name: "ou-2" },
    ]);
    expect(await org.listRootIds()).toEqual(["r-1", "r-2"]);
    expect(await org.readTags(id(1))).toEqual({ A: "1", B: "" });
  });

  it("reads one account and its parent; a non-member is undefined, other errors throw", async () => {
    mock.on(DescribeAccountCommand, { AccountId: id(1) }).resolves({ Account: account(id(1)) });
    mock
      .on(DescribeAccountCommand, { AccountId: id(2) })
      .rejects(awsError("AccountNotFoundException"));
    mock.on(DescribeAccountCommand, { AccountId: id(3) }).rejects(awsError("ServiceException"));
    mock
      .on(ListParentsCommand)
      .resolves({ Parents: [{ Id: "ou-1", Type: "ORGANIZATIONAL_UNIT" }] });
    const org = connect();
    expect((await org.describeAccount(id(1)))?.Id).toBe(id(1));
    expect(await org.describeAccount(id(2))).toBeUndefined();
    await expect(org.describeAccount(id(3))).rejects.toMatchObject({ name: "ServiceException" });
    expect(await org.parentOf(id(1))).toBe("ou-1");
  });

  it(`never has more than ${ORG_CONCURRENCY} requests in flight, listings' pages included`, async () => {
    let inFlight = 0;
    let most = 0;
    const slow = (answer: object) => async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      // Held until the next turn of the event loop: by then the limiter has started every
      // request it would let through (the mocks answer without I/O).
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return answer;
    };
    mock.on(ListTagsForResourceCommand).callsFake(slow({ Tags: [] }));
    let page = 0;
    mock
      .on(ListAccountsForParentCommand)
      .callsFake(async () => slow(++page % 3 === 0 ? {} : { NextToken: "more" })());
    const org = connect();
    await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => org.readTags(String(i))),
      ...Array.from({ length: 10 }, (_, i) => all(org.listAccountsIn(`ou-${i}`))),
    ]);
    expect(most).toBe(ORG_CONCURRENCY);
    expect(mock.commandCalls(ListAccountsForParentCommand).length).toBeGreaterThan(10);
  });

  it("sends every request with the discovery's abort signal; once aborted, queued ones are not sent", async () => {
    const controller = new AbortController();
    let release!: () => void;
    let sent!: () => void;
    const firstSent = new Promise<void>((r) => (sent = r));
    mock.on(ListRootsCommand).callsFake(async () => {
      const answered = new Promise<void>((r) => (release = r));
      sent();
      await answered;
      return { Roots: [{ Id: "r-1" }] };
    });
    const org = connectOrganizations(client, controller.signal, 1);
    const first = org.listRootIds();
    const queued = org.listRootIds();
    await firstSent;
    controller.abort(new Error("stopped"));
    release();
    expect(await first).toEqual(["r-1"]);
    await expect(queued).rejects.toThrow("stopped");
    expect(mock.calls().map((c) => (c.args as unknown[])[1])).toEqual([
      { abortSignal: controller.signal },
    ]);
  });
});

describe("account records", () => {
  it("carry State (and Status from it), and the organization id from the ARN", () => {
    expect(toAccountInfo(account(id(1), "SUSPENDED"))).toEqual({
      Id: id(1),
      Name: `n${id(1)}`,
      Email: `${id(1)}@x`,
      Arn: `arn:aws:organizations::000000000000:account/o-abcdefghij/${id(1)}`,
      Status: "SUSPENDED",
      State: "SUSPENDED",
      OrganizationId: "o-abcdefghij",
    });
  });

  it("read the legacy Status when Organizations sends no State", () => {
    const info = toAccountInfo({ Id: id(1), Status: "ACTIVE" });
    expect(info.Status).toBe("ACTIVE");
    expect(info.State).toBeUndefined();
  });
});

describe("transient faults of Organizations", () => {
  const throttled = () =>
    Object.assign(new Error("Rate exceeded"), {
      name: "TooManyRequestsException",
      $metadata: { httpStatusCode: 429 },
      $retryable: { throttling: true },
    });

  it("retries a throttled or 5xx page through the one seam, then reads it", async () => {
    const serverError = Object.assign(new Error("boom"), {
      name: "ServiceException",
      $metadata: { httpStatusCode: 500 },
    });
    mock
      .on(ListRootsCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(serverError)
      .resolves({ Roots: [{ Id: "r-ab12" }] });
    expect(await connect().listRootIds()).toEqual(["r-ab12"]);
    expect(mock.commandCalls(ListRootsCommand)).toHaveLength(3);
  });

  it("a permanent error is not retried", async () => {
    mock.on(ListRootsCommand).rejects(awsError("AccessDeniedException"));
    await expect(connect().listRootIds()).rejects.toMatchObject({
      name: "AccessDeniedException",
    });
    expect(mock.commandCalls(ListRootsCommand)).toHaveLength(1);
  });
});
