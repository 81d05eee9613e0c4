import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Access } from "../../../../src/access/access.js";
import { openAccess } from "../../../../src/access/open.js";
import { organizationsAccess } from "../../../../src/access/organizations.js";
import { resolveHub, type Hub } from "../../../../src/aws/hub.js";
import { createConnectionPool, type ConnectionPool } from "../../../../src/aws/pool.js";
import { connectOrganizations } from "../../../../src/discovery/organizations.js";
import { createOuTree } from "../../../../src/discovery/ou-tree.js";
import { CoveError } from "../../../../src/errors/cove-error.js";
import { resolveOptions } from "../../../../src/options/index.js";
import { startTestOrganization, type TestOrganization } from "../../../../src/testing/index.js";
import type { AccountInfo } from "../../../../src/types.js";

const LOGIN = { identityCenter: { roleName: "ReadOnly", profile: "dev" } };

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => undefined,
    (e: unknown) => e,
  );
}

/** Every page of a listing, flattened to ids. */
async function ids(pages: AsyncIterator<AccountInfo[], void>): Promise<string[]> {
  const out: string[] = [];
  for (let page = await pages.next(); !page.done; page = await pages.next()) {
    out.push(...page.value.map((a) => a.Id));
  }
  return out.sort();
}

/** The Identity Center access, on the project's simulator (its portal) with the real SDK clients. */
describe("Identity Center access", () => {
  let org: TestOrganization;
  let pool: ConnectionPool;
  let access: Access;
  let hub: Hub;
  let undo: () => void;
  const signal = new AbortController().signal;
  const reads = () => access.discovery(connectOrganizations(hub.organizations, signal), signal);
  beforeAll(async () => {
    org = await startTestOrganization({
      region: "eu-west-2",
      identityCenter: { permissionSets: ["ReadOnly"] },
      accounts: [
        { name: "reader", tags: { env: "prod" } },
        { name: "admin-only", permissionSets: ["Admin"] },
        { name: "unreached", permissionSets: [] },
      ],
    });
    undo = org.useIdentityCenter("dev");
    pool = createConnectionPool();
    // The hub reads Organizations (tags, OUs) with the management account's keys.
    const options = resolveOptions({ ...LOGIN, credentials: org.options.credentials });
    access = await openAccess(options, pool.hub);
    const settings = { ...options.hub, durationSeconds: undefined, signal: undefined };
    hub = await resolveHub(settings, access, pool.hub);
  });
  afterEach(() => org.resetCalls());
  afterAll(async () => {
    hub.destroy();
    access.close();
    pool.close();
    undo();
    await org.stop();
  });

  it("is chosen with identityCenter: the portal's region, no calling account, no STS call", async () => {
    expect(access).not.toBe(organizationsAccess);
    expect(access.defaultRegion).toBe("eu-west-2");
    expect(hub).toMatchObject({ accountId: undefined, arn: undefined, partition: "aws" });
    const settings = { partition: "aws-cn", durationSeconds: undefined, signal: undefined };
    expect((await access.identify(hub.sts, hub.region, settings)).partition).toBe("aws-cn");
    expect((await org.calls()).requests.GetCallerIdentity).toBeUndefined();
  });

  it("refuses a profile without Identity Center settings before any request", async () => {
    const e = await rejection(
      openAccess(
        resolveOptions({ identityCenter: { roleName: "ReadOnly", profile: "nobody" } }),
        pool.hub,
      ),
    );
    expect(e).toBeInstanceOf(CoveError);
    expect((e as CoveError).code).toBe("INVALID_OPTION");
    expect((await org.calls()).requests).toEqual({});
  });

  it("lists the accounts the login reaches, and runs where it has the permission set", async () => {
    const discovery = reads();
    expect(discovery.filterSeesOuPath).toBe(false);
    const whole = discovery.ownListing(resolveOptions(LOGIN).selection);
    const { reader, "admin-only": adminOnly, unreached } = org.accounts;
    expect(await ids(whole!)).toEqual([reader, adminOnly].sort());
    expect(await discovery.mayRun?.(reader!)).toBe(true);
    expect(await discovery.mayRun?.(adminOnly!)).toBe(false);
    expect(await discovery.mayRun?.(unreached!)).toBe(false);
    const named = resolveOptions({ ...LOGIN, targetIds: [reader!] }).selection;
    expect(discovery.ownListing(named)).toBeUndefined();
    expect(discovery.ownListing(resolveOptions({ ...LOGIN, ouPaths: true }).selection)).toBe(
      undefined,
    );
    // Explicit ids are not looked up: the portal's credentials decide.
    expect([...(await discovery.lookup([reader!]))]).toEqual([[reader, undefined]]);
    const calls = await org.calls();
    expect(calls.requests.DescribeAccount).toBeUndefined();
    expect(calls.requests["sso:ListAccountRoles"]).toBeGreaterThanOrEqual(3);
  });

  it("reads tags only when asked, from Organizations with the hub's credentials", async () => {
    const discovery = reads();
    expect(discovery.tagReader(resolveOptions({ ...LOGIN, filter: () => true }).selection)).toBe(
      undefined,
    );
    const tagged = discovery.tagReader(
      resolveOptions({ ...LOGIN, tags: { env: "prod" } }).selection,
    );
    expect(await tagged?.(org.accounts.reader!)).toEqual({ env: "prod" });
  });

  it("checks the token with the portal before the gate only when its listing does not", async () => {
    const tree = () => createOuTree(connectOrganizations(hub.organizations, signal));
    await reads().check(tree(), resolveOptions(LOGIN).selection);
    expect((await org.calls()).requests).toEqual({});
    const named = resolveOptions({ ...LOGIN, targetIds: [org.accounts.reader!] }).selection;
    await reads().check(tree(), named);
    expect((await org.calls()).requests).toEqual({ "sso:ListAccounts": 1 });
    await org.resetCalls();
    await reads().check(tree(), resolveOptions({ ...LOGIN, tags: { env: "prod" } }).selection);
    // Tags need Organizations (one ListRoots); the portal's listing still proves the token.
    expect((await org.calls()).requests).toEqual({ ListRoots: 1 });
  });

  it("gets each account's credentials from the portal; a missing permission set is named", async () => {
    const source = access.credentials(hub, resolveOptions(LOGIN).role);
    const reader = source.forAccount(org.accounts.reader!, signal);
    expect(await reader.first).toMatchObject({ accountId: org.accounts.reader });
    const lacking = await rejection(source.forAccount(org.accounts["admin-only"]!, signal).first);
    expect((lacking as Error).message).toContain(
      `no permission set "ReadOnly" in account ${org.accounts["admin-only"]}`,
    );
    const calls = await org.calls();
    expect(calls.calls["sso:GetRoleCredentials"]).toBe(1);
    expect(calls.requests.AssumeRole).toBeUndefined();
  });

  it("words the empty selection with the permission set, and tells the dry run the login", () => {
    const none = access.emptySelection(
      { eligible: 2, selected: 0, withoutAccess: ["a", "b"] },
      undefined,
    );
    expect(none?.code).toBe("NO_ELIGIBLE_ACCOUNTS");
    expect(none?.message).toContain('permission set "ReadOnly" in none of the 2');
    expect(access.targets(["111111111111"])).toEqual({
      identityCenter: {
        permissionSet: "ReadOnly",
        profile: "dev",
        portalRegion: "eu-west-2",
        withoutPermissionSet: ["111111111111"],
      },
    });
  });
});
