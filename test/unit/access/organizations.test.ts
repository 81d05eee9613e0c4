import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openAccess } from "../../../src/access/open.js";
import { organizationsAccess } from "../../../src/access/organizations.js";
import { resolveHub, type Hub } from "../../../src/aws/hub.js";
import { createConnectionPool, type ConnectionPool } from "../../../src/aws/pool.js";
import { connectOrganizations } from "../../../src/discovery/organizations.js";
import { createOuTree } from "../../../src/discovery/ou-tree.js";
import { CoveError } from "../../../src/errors/cove-error.js";
import { resolveOptions } from "../../../src/options/index.js";
import { startTestOrganization, type TestOrganization } from "../../../src/testing/index.js";

/** The Organizations + AssumeRole access, on the project's simulator with the real SDK clients. */
describe("organizationsAccess", () => {
  let org: TestOrganization;
  let pool: ConnectionPool;
  let hub: Hub;
  const signal = new AbortController().signal;
  beforeAll(async () => {
    org = await startTestOrganization({
      accounts: [
        { name: "shop", tags: { env: "prod" } },
        { name: "locked", refuse: true },
      ],
    });
    org.useEnv();
    pool = createConnectionPool();
    const options = resolveOptions(org.options);
    hub = await resolveHub(
      { ...options.hub, durationSeconds: undefined, signal: undefined },
      organizationsAccess,
      pool.hub,
    );
  });
  afterEach(() => org.resetCalls());
  afterAll(async () => {
    hub.destroy();
    pool.close();
    await org.stop();
  });

  it("is chosen without identityCenter, and names no default region", async () => {
    expect(await openAccess({ identityCenter: undefined }, pool.hub)).toBe(organizationsAccess);
    expect(organizationsAccess.defaultRegion).toBeUndefined();
  });

  it("identifies the hub with GetCallerIdentity: the calling account, its ARN and partition", async () => {
    expect(hub.accountId).toBe(org.managementAccountId);
    expect(hub.arn).toContain(`:${org.managementAccountId}:`);
    expect(hub.partition).toBe("aws");
    const settings = { partition: "aws-cn", durationSeconds: undefined, signal: undefined };
    const named = await organizationsAccess.identify(hub.sts, hub.region, settings);
    expect(named.partition).toBe("aws-cn");
    expect((await org.calls()).calls.GetCallerIdentity).toBe(1);
  });

  it("offers what Organizations lists: explicit ids looked up, tags read, no rule of its own", async () => {
    const reads = organizationsAccess.discovery(
      connectOrganizations(hub.organizations, signal),
      signal,
    );
    expect(reads.filterSeesOuPath).toBe(true);
    expect(reads.mayRun).toBeUndefined();
    const selection = resolveOptions({ tags: { env: "prod" } }).selection;
    expect(reads.ownListing(selection)).toBeUndefined();
    await reads.check(createOuTree(connectOrganizations(hub.organizations, signal)), selection);
    const shop = org.accounts.shop!;
    const found = await reads.lookup([shop]);
    expect(found.get(shop)).toMatchObject({ Id: shop, Name: "shop", Status: "ACTIVE" });
    expect(await reads.tagReader(selection)?.(shop)).toEqual({ env: "prod" });
    expect(Object.keys((await org.calls()).calls)).not.toContain("GetCallerIdentity");
  });

  it("gets each account's credentials with one AssumeRole of the role, refusals as they are", async () => {
    const role = resolveOptions({}).role;
    const source = organizationsAccess.credentials(hub, role);
    const shop = source.forAccount(org.accounts.shop!, signal);
    expect(await shop.first).toMatchObject({ accountId: org.accounts.shop });
    const refused = await source.forAccount(org.accounts.locked!, signal).first.catch((e) => e);
    expect((refused as Error).name).toBe("AccessDenied");
    const calls = await org.calls();
    expect(calls.assumed).toEqual({
      [`arn:aws:iam::${org.accounts.shop}:role/OrganizationAccountAccessRole`]: 1,
    });
    expect(calls.calls["sso:GetRoleCredentials"]).toBeUndefined();
  });

  it("words the empty selection with the calling account, and adds nothing to the dry run", () => {
    const none = organizationsAccess.emptySelection({ eligible: 0, selected: 0 }, undefined);
    expect(none).toBeInstanceOf(CoveError);
    expect(none?.code).toBe("NO_ELIGIBLE_ACCOUNTS");
    expect(none?.message).toContain("the calling account, always left out");
    expect(organizationsAccess.emptySelection({ eligible: 1, selected: 1 }, undefined)).toBe(
      undefined,
    );
    expect(organizationsAccess.targets(["123456789012"])).toEqual({});
  });
});
