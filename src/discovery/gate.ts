import type { Account } from "@aws-sdk/client-organizations";
import type { AccountInfo } from "../types.js";
import type { Access, AccessDiscovery } from "../access/access.js";
import type { Hub } from "../aws/hub.js";
import type { ClassifiedIds } from "../domain/ids.js";
import type { SelectionOptions } from "../options/index.js";
import { explicitRecords } from "./explicit.js";
import { expandIgnores } from "./ignores.js";
import { withOrgError } from "./org-errors.js";
import {
  connectOrganizations,
  toAccountInfo,
  type AccountPages,
  type Organizations,
} from "./organizations.js";
import { needsOuPaths, resolveOuPaths, type OuPaths } from "./ou-paths.js";
import { checkRootsExist, createOuTree, type AccountsVisitor, type OuTree } from "./ou-tree.js";
import type { Outlet } from "./outlet.js";
import { createSelector } from "./selector.js";
import { createSink, type Sink } from "./sink.js";

/** What the gate's steps share: the reads, the sink, and the listings left running. */
interface Listing {
  org: Organizations;
  tree: OuTree;
  /** Root and OU paths, when they were wanted. */
  paths: OuPaths | undefined;
  sink: Sink;
  /** Listings that go on after the gate (each failure is observed by the caller). */
  streams: Promise<void>[];
  /** What the call's access says about accounts. */
  access: AccessDiscovery;
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

/** Offers every account of the access's own pages (each one is offered: no state). */
async function offerOwnPages(listing: Listing, pages: AsyncIterator<AccountInfo[], void>) {
  for (;;) {
    const page = await pages.next();
    if (page.done) return;
    for (const info of page.value) listing.sink.offer(info);
  }
}

/**
 * Lists the selection from the access's own listing (Identity Center: the accounts the login
 * reaches): the gate waits for the first page (it also proves the access works), the rest
 * streams.
 */
async function listOwn(listing: Listing, pages: AsyncIterator<AccountInfo[], void>) {
  const first = await pages.next();
  if (!first.done) for (const info of first.value) listing.sink.offer(info);
  keep(listing, offerOwnPages(listing, pages));
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
  const [found] = await Promise.all([
    listing.access.lookup(targets.accounts),
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
async function readPathsIfNeeded(
  tree: OuTree,
  selection: SelectionOptions,
  filterSeesOuPath: boolean,
) {
  const { targets, ignores } = selection;
  if (!needsOuPaths(selection, filterSeesOuPath)) return { targets, ignores, paths: undefined };
  const paths = await withOrgError(tree.paths(), "the OU tree of the organization", []);
  return {
    ignores: resolveOuPaths(ignores, paths, "ignoreIds"),
    targets: targets && resolveOuPaths(targets, paths, "targetIds"),
    paths,
  };
}

// "Gate": the checks discovery must pass before the first run may start (runs wait at it).
/**
 * The steps before any run may start, in order: the access's own checks, OU paths read and
 * resolved, ignores expanded, explicit accounts and roots checked, the first page of each
 * listing read. Their errors (`ACCOUNT_NOT_ACTIVE`, `TARGET_NOT_FOUND`,
 * `ORGANIZATIONS_UNAVAILABLE`, `SSO_LOGIN_REQUIRED`) reject; the listings that go on are left
 * in `streams`. Returns the sink they feed. Which accounts are offered and may run, their
 * tags, and the calling account to leave out (none with Identity Center) are the `access`'s.
 */
export async function passGate(
  hub: Hub,
  selection: SelectionOptions,
  outlet: Outlet,
  streams: Promise<void>[],
  access: Pick<Access, "discovery">,
): Promise<Sink> {
  const org = connectOrganizations(hub.organizations, outlet.signal);
  const accounts = access.discovery(org, outlet.signal);
  const readTags = accounts.tagReader(selection);
  const { shard, tags, filter } = selection;
  const rules = { shard, tags, filter, access: accounts.mayRun };
  const sinkIgnoring = (ignored: ReadonlySet<string>) =>
    createSink(createSelector({ ignored, ...rules }, readTags), outlet);
  const tree = createOuTree(org);
  await accounts.check(tree, selection);

  if (selection.accounts) {
    // A resolved list (e.g. cached): no Organizations call; the calling account still out.
    const sink = sinkIgnoring(new Set(hub.accountId === undefined ? [] : [hub.accountId]));
    for (const account of selection.accounts) sink.offer(account, true);
    return sink;
  }
  const { targets, ignores, paths } = await readPathsIfNeeded(
    tree,
    selection,
    accounts.filterSeesOuPath,
  );
  const ignored = await expandIgnores(org, tree, ignores, hub.accountId);
  const sink = sinkIgnoring(ignored);
  const listing: Listing = { org, tree, paths, sink, streams, access: accounts };
  const own = targets === undefined ? accounts.ownListing(selection) : undefined;
  if (targets !== undefined) await listTargeted(listing, targets, ignored);
  else if (own) await listOwn(listing, own);
  else await listWhole(listing, "the organization", []);
  return listing.sink;
}
