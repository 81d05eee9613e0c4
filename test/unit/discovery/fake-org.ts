import type { Account } from "@aws-sdk/client-organizations";
import type { Organizations } from "../../../src/discovery/organizations.js";

/** A parent (root or OU) of the fake organization: its child OUs and its accounts. */
export interface FakeParent {
  ous?: { id: string; name: string }[];
  accounts?: Account[];
}

/** An in-memory organization behind the {@link Organizations} reads, logging each call. */
export interface FakeOrg {
  org: Organizations;
  /** `ListAccountsForParent ou-1 #2` (the page, from 1), `ListOrganizationalUnitsForParent ou-1`, … */
  calls: string[];
  /** Errors to throw, by call (`ListAccountsForParent ou-x #1`, `DescribeAccount 1111…`). */
  failures: Map<string, unknown>;
}

export const awsError = (name: string) => Object.assign(new Error(name), { name, $metadata: {} });

/** An ACTIVE (or `state`) account as Organizations lists it. */
export const account = (id: string, state = "ACTIVE"): Account =>
  ({
    Id: id,
    Name: `n${id}`,
    Email: `${id}@x`,
    Arn: `arn:aws:organizations::000000000000:account/o-abcdefghij/${id}`,
    State: state,
  }) as Account;

/**
 * A fake organization: `parents` by id (ids starting `r-` are roots); account listings come
 * `pageSize` to a page.
 */
export function fakeOrg(parents: Record<string, FakeParent>, pageSize = 2): FakeOrg {
  const calls: string[] = [];
  const failures = new Map<string, unknown>();
  const call = async (name: string) => {
    calls.push(name);
    await Promise.resolve();
    if (failures.has(name)) throw failures.get(name);
  };
  const parent = (id: string) => {
    const p = parents[id];
    if (!p) throw awsError("ParentNotFoundException");
    return p;
  };
  const allAccounts = () => Object.values(parents).flatMap((p) => p.accounts ?? []);
  async function* paged(name: string, accounts: () => Account[]) {
    for (let page = 1, at = 0; ; page++, at += pageSize) {
      await call(`${name} #${page}`);
      const list = accounts();
      yield list.slice(at, at + pageSize);
      if (at + pageSize >= list.length) return;
    }
  }
  const org: Organizations = {
    send: () => Promise.reject(new Error("not used by the fake")),
    listAccounts: () => paged("ListAccounts", allAccounts),
    listAccountsIn: (id) => paged(`ListAccountsForParent ${id}`, () => parent(id).accounts ?? []),
    async listChildOus(id) {
      await call(`ListOrganizationalUnitsForParent ${id}`);
      return parent(id).ous ?? [];
    },
    async listRootIds() {
      await call("ListRoots");
      return Object.keys(parents).filter((id) => id.startsWith("r-"));
    },
    async readTags(id) {
      await call(`ListTagsForResource ${id}`);
      return { Id: id };
    },
    async parentOf(id) {
      await call(`ListParents ${id}`);
      return Object.keys(parents).find((p) => parents[p]!.accounts?.some((a) => a.Id === id));
    },
    async describeAccount(id) {
      await call(`DescribeAccount ${id}`);
      return allAccounts().find((a) => a.Id === id);
    },
  };
  return { org, calls, failures };
}

/** Calls made more than once. */
export function repeated(calls: readonly string[]): string[] {
  return [...new Set(calls.filter((c, i) => calls.indexOf(c) !== i))];
}

/**
 * The example tree: root `r-root` (account 1) > Workloads `ou-w` (2) > Prod `ou-p` (3, 4, 5)
 * > Payments `ou-pay` (6); Workloads > Staging `ou-s` (7, and 8 SUSPENDED); root > Sandbox `ou-x`.
 */
export function exampleOrg(pageSize = 2): FakeOrg {
  const a = (n: number, state?: string) => account(String(n).repeat(12), state);
  return fakeOrg(
    {
      "r-root": {
        ous: [
          { id: "ou-w", name: "Workloads" },
          { id: "ou-x", name: "Sandbox" },
        ],
        accounts: [a(1)],
      },
      "ou-w": {
        ous: [
          { id: "ou-p", name: "Prod" },
          { id: "ou-s", name: "Staging" },
        ],
        accounts: [a(2)],
      },
      "ou-p": { ous: [{ id: "ou-pay", name: "Payments" }], accounts: [a(3), a(4), a(5)] },
      "ou-pay": { accounts: [a(6)] },
      "ou-s": { accounts: [a(7), a(8, "SUSPENDED")] },
      "ou-x": {},
    },
    pageSize,
  );
}

/** Account id `n` repeated to 12 digits. */
export const id = (n: number) => String(n).repeat(12);
