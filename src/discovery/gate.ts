import type { Account } from "@aws-sdk/client-organizations";
import type { AccountInfo } from "../types.js";
import type { Hub } from "../aws/hub.js";
import type { Portal } from "../aws/portal.js";
import type { ClassifiedIds } from "../domain/ids.js";
import type { SelectionOptions } from "../options/index.js";
import { explicitRecords, lookupAccounts } from "./explicit.js";
import { expandIgnores } from "./ignores.js";
import { withOrgError } from "./org-errors.js";
import {
  connectOrganizations,
  toAccountInfo,
  type AccountPages,
  type Organizations,
} from "./organizations.js";
import { resolveOuPaths, type OuPaths } from "./ou-paths.js";
import { checkRootsExist, createOuTree, type AccountsVisitor, type OuTree } from "./ou-tree.js";
import type { Outlet } from "./outlet.js";
import { createSelector } from "./selector.js";
import { createSink, type Sink } from "./sink.js";
import { connectPortal, withPortalError, type PortalReads } from "./portal.js";
import { checkOrganizationsReadable, needsOrganizations } from "./login-organizations.js";

/** What the gate's steps share: the reads, the sink, and the listings left running. */
interface Listing {
  org: Organizations;
  tree: OuTree;
  /** Root and OU paths, when they were wanted. */
  paths: OuPaths | undefined;
  sink: Sink;
  /** Listings that go on after the gate (each failure is observed by the caller). */
  streams: Promise<void>[];
  /** Identity Center mode: the login's portal reads. */
  portal: PortalReads | undefined;
}

/**
 * Whether the call needs OU paths: `ouPaths` or OU paths among the ids, or a filter (except
 * with an Identity Center login, whose filter sees what the portal lists).
 */
function needsPaths(selection: SelectionOptions, login: boolean): boolean {
  return (
    selection.ouPaths ||
    (selection.filter !== undefined && !login) ||
    selection.ignores.paths.length > 0 ||
    (selection.targets?.paths.length ?? 0) > 0
  );
}

/** Keeps a listing to await after the gate; its failure is not reported before then. */
function keep(listing: Listing, stream: Promise<void>): void {
  stream.catch(() => {});
  listing.streams.push(stream);
}

/** Offers the ACTIVE accounts of a listing page (others are skipped, not errors). */
function offerListed(listing: Listing, accounts: Account[], parent?: string): void {
  const path = parent === undefined ? undefined : listing.paths?.get(parent);
  for (const a of accounts) {
    if (!a.Id) continue;
    const info = toAccountInfo(a);
    if (path !== undefined) info.OuPath = path;
    if (info.Status === "ACTIVE") listing.sink.offer(info);
  }
}

/** {@link offerListed} as a tree walk's visitor. */
function visitor(listing: Listing): AccountsVisitor {
  return (accounts, parent) => offerListed(listing, accounts, parent);
}

async function offerPages(listing: Listing, pages: AccountPages): Promise<void> {
  for await (const page of pages) offerListed(listing, page);
}

/** Offers every account of portal pages (the portal lists no state: all are offered). */
async function offerPortalPages(listing: Listing, pages: AsyncIterator<AccountInfo[]>) {
  for (;;) {
    const page = await pages.next();
    if (page.done) return;
    for (const info of page.value) listing.sink.offer(info);
  }
}

/**
 * Lists the accounts an Identity Center login reaches: the gate waits for the first page (it
 * also proves the token to the portal), the rest streams.
 */
async function listLogin(listing: Listing, portal: PortalReads): Promise<void> {
  const what = "the accounts of the login";
  const pages = portal.listAccounts();
  const first = await withPortalError(pages.next(), what);
  if (!first.done) for (const info of first.value) listing.sink.offer(info);
  keep(listing, withPortalError(offerPortalPages(listing, pages), what));
}

/**
 * Lists every account below the roots: with paths, by walking the tree (which Organizations
 * already answered for, so it streams at once); otherwise `ListAccounts`, whose first page
 * the gate waits for.
 */
async function listWhole(listing: Listing, what: string, ids: readonly string[]): Promise<void> {
  const { tree, org } = listing;
  if (listing.paths) {
    const roots = await tree.rootIds();
    const walkRoots = async () => {
      await Promise.all(roots.map((root) => tree.walk(root, visitor(listing))));
    };
    keep(listing, withOrgError(walkRoots(), what, ids));
    return;
  }
  const pages = org.listAccounts();
  const first = await withOrgError(pages.next(), what, ids);
  if (!first.done) offerListed(listing, first.value);
  keep(listing, withOrgError(offerPages(listing, pages), what, ids));
}

/**
 * Lists the targeted accounts, OUs and roots: explicit accounts checked, roots checked and
 * the first page of each OU read before the gate opens; the rest streams.
 */
async function listTargeted(
  listing: Listing,
  targets: ClassifiedIds,
  ignored: ReadonlySet<string>,
): Promise<void> {
  const { org, tree } = listing;
  // A login's accounts are not looked up: the portal's credentials decide (and name a missing
  // permission set in the account's record).
  const [found] = await Promise.all([
    listing.portal
      ? new Map(targets.accounts.map((id) => [id, undefined]))
      : lookupAccounts(org, targets.accounts),
    checkRootsExist(tree, targets.roots, "targetIds"),
  ]);
  const subtrees = await Promise.all(
    targets.ous.map(async (ou) => ({
      ou,
      subtree: await withOrgError(tree.open(ou), "OU", [ou], "targetIds"),
    })),
  );
  const explicit = await explicitRecords(org, targets.accounts, found, listing.paths, ignored);
  for (const info of explicit) listing.sink.offer(info, true);
  for (const { ou, subtree } of subtrees) {
    offerListed(listing, subtree.first, ou);
    keep(listing, withOrgError(subtree.walkRest(visitor(listing)), "OU", [ou], "targetIds"));
  }
  if (targets.roots.length > 0) await listWhole(listing, "root", targets.roots);
}

/** The selection's id lists with OU paths resolved, and the paths (when needed). */
async function readPathsIfNeeded(tree: OuTree, selection: SelectionOptions, login: boolean) {
  const { targets, ignores } = selection;
  if (!needsPaths(selection, login)) return { targets, ignores, paths: undefined };
  const paths = await withOrgError(tree.paths(), "the OU tree of the organization", []);
  return {
    ignores: resolveOuPaths(ignores, paths, "ignoreIds"),
    targets: targets && resolveOuPaths(targets, paths, "targetIds"),
    paths,
  };
}

/** The tag reader of a selection: Organizations, except for a login without `tags`. */
function tagReader(org: Organizations, selection: SelectionOptions, login: boolean) {
  if (login && selection.tags === undefined) return undefined;
  return (id: string) => withOrgError(org.readTags(id), "the tags of account", [id]);
}

/**
 * What an Identity Center login checks before the gate opens: Organizations when the
 * selection needs it, and the token with the portal unless the portal listing (whose first
 * page the gate awaits) does it.
 */
async function checkLogin(
  login: Portal,
  reads: PortalReads,
  tree: OuTree,
  selection: SelectionOptions,
) {
  if (needsOrganizations(selection)) await checkOrganizationsReadable(tree, login.login.profile);
  if (!listsLogin(selection)) await withPortalError(reads.verify(), "the login");
}

/** Whether a login's targets come from the portal listing (no ids, no OU paths wanted). */
function listsLogin(selection: SelectionOptions): boolean {
  return !selection.accounts && selection.targets === undefined && !needsPaths(selection, true);
}

// "Gate": the checks discovery must pass before the first run may start (runs wait at it).
/**
 * The steps before any run may start, in order: OU paths read and resolved, ignores
 * expanded, explicit accounts and roots checked, the first page of each listing read. Their
 * errors (`ACCOUNT_NOT_ACTIVE`, `TARGET_NOT_FOUND`, `ORGANIZATIONS_UNAVAILABLE`,
 * `SSO_LOGIN_REQUIRED`) reject; the listings that go on are left in `streams`. Returns the
 * sink they feed. With `login` (IAM Identity Center), the accounts are those the login reaches
 * where it has the permission set, and there is no calling account to leave out.
 */
export async function passGate(
  hub: Hub,
  selection: SelectionOptions,
  outlet: Outlet,
  streams: Promise<void>[],
  login?: Portal,
): Promise<Sink> {
  const org = connectOrganizations(hub.organizations, outlet.signal);
  const portal = login && connectPortal(login, outlet.signal);
  const readTags = tagReader(org, selection, portal !== undefined);
  const { shard, tags, filter } = selection;
  const access =
    portal &&
    ((id: string) =>
      withPortalError(portal.hasPermissionSet(id), "the permission sets of account", [id]));
  const sinkIgnoring = (ignored: ReadonlySet<string>) =>
    createSink(createSelector({ ignored, shard, tags, filter, access }, readTags), outlet);
  const tree = createOuTree(org);
  if (login && portal) await checkLogin(login, portal, tree, selection);

  if (selection.accounts) {
    // A resolved list (e.g. cached): no Organizations call; the calling account still out.
    const sink = sinkIgnoring(new Set(hub.accountId === undefined ? [] : [hub.accountId]));
    for (const account of selection.accounts) sink.offer(account, true);
    return sink;
  }
  const { targets, ignores, paths } = await readPathsIfNeeded(
    tree,
    selection,
    portal !== undefined,
  );
  const ignored = await expandIgnores(org, tree, ignores, hub.accountId);
  const listing: Listing = { org, tree, paths, sink: sinkIgnoring(ignored), streams, portal };
  if (targets !== undefined) await listTargeted(listing, targets, ignored);
  else if (portal && listsLogin(selection)) await listLogin(listing, portal);
  else await listWhole(listing, "the organization", []);
  return listing.sink;
}
