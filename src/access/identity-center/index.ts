import type { NodeHttpHandler } from "@smithy/node-http-handler";
import { withOrgError } from "../../discovery/org-errors.js";
import type { Organizations } from "../../discovery/organizations.js";
import { needsOuPaths } from "../../discovery/ou-paths.js";
import { partitionOfRegion } from "../../domain/regions.js";
import type { IdentityCenterOptions, SelectionOptions } from "../../options/index.js";
import type { AccountInfo } from "../../types.js";
import type { Access, AccessDiscovery } from "../access.js";
import { identityCenterCredentials } from "./credentials.js";
import { checkOrganizationsReadable, needsOrganizations } from "./organizations-check.js";
import { openIdentityCenterPortal, type IdentityCenterPortal } from "./portal.js";
import { identityCenterReads, withIdentityCenterError, type IdentityCenterReads } from "./reads.js";
import { emptyIdentityCenterSelection } from "./selection.js";

/** Whether the login's portal lists the whole selection (no ids, no OU paths wanted). */
function listsOwnAccounts(selection: SelectionOptions): boolean {
  return !selection.accounts && selection.targets === undefined && !needsOuPaths(selection, false);
}

/**
 * The accounts the login reaches, page by page (the portal lists no state: all are offered);
 * a failure names what was read.
 */
async function* loginAccounts(reads: IdentityCenterReads): AsyncGenerator<AccountInfo[], void> {
  const pages = reads.listAccounts();
  for (;;) {
    const page = await withIdentityCenterError(pages.next(), "the accounts of the login");
    if (page.done) return;
    yield page.value;
  }
}

/** The discovery side of a login: its portal's reads, on the discovery's signal. */
function loginDiscovery(
  portal: IdentityCenterPortal,
  org: Organizations,
  signal: AbortSignal,
): AccessDiscovery {
  const reads = identityCenterReads(portal, signal);
  return {
    filterSeesOuPath: false,
    async check(tree, selection) {
      if (needsOrganizations(selection))
        await checkOrganizationsReadable(tree, portal.login.profile);
      // The portal listing's first page, which the gate awaits, proves the token otherwise.
      if (!listsOwnAccounts(selection)) await withIdentityCenterError(reads.verify(), "the login");
    },
    // A login's accounts are not looked up: the portal's credentials decide (and name a
    // missing permission set in the account's record).
    lookup: async (ids) => new Map(ids.map((id) => [id, undefined])),
    mayRun: (id) =>
      withIdentityCenterError(reads.hasPermissionSet(id), "the permission sets of account", [id]),
    tagReader: (selection) =>
      selection.tags === undefined
        ? undefined
        : (id) => withOrgError(org.readTags(id), "the tags of account", [id]),
    ownListing: (selection) => (listsOwnAccounts(selection) ? loginAccounts(reads) : undefined),
  };
}

/**
 * Opens the Identity Center access of a call: reads the login and its token now (before any
 * AWS call: `SSO_LOGIN_REQUIRED`, or `INVALID_OPTION` for a profile without its settings).
 * Accounts are those the login reaches where it has the permission set, credentials the
 * portal's GetRoleCredentials; there is no calling account.
 */
export async function openIdentityCenterAccess(
  options: IdentityCenterOptions,
  handler: NodeHttpHandler,
): Promise<Access> {
  const portal = await openIdentityCenterPortal(options, handler);
  const { login, permissionSet } = portal;
  let closed = false;
  return {
    defaultRegion: login.region,
    identify: async (_sts, _region, settings) => ({
      accountId: undefined,
      arn: undefined,
      partition: settings.partition ?? partitionOfRegion(login.region) ?? "aws",
    }),
    discovery: (org, signal) => loginDiscovery(portal, org, signal),
    emptySelection: (counts, shard) => emptyIdentityCenterSelection(counts, shard, permissionSet),
    credentials: () => identityCenterCredentials(portal),
    targets: (withoutAccess) => ({
      identityCenter: {
        permissionSet,
        profile: login.profile,
        portalRegion: login.region,
        withoutPermissionSet: withoutAccess,
      },
    }),
    close() {
      if (closed) return;
      closed = true;
      portal.destroy();
    },
  };
}
