import type { Account } from "@aws-sdk/client-organizations";
import { childPath, type OuPaths } from "./ou-paths.js";
import { notFound, withOrgError } from "./org-errors.js";
import type { AccountPages, ChildOu, Organizations } from "./organizations.js";

/** Called with each page of accounts listed directly in `parent` (a root or OU id). */
export type AccountsVisitor = (accounts: Account[], parent: string) => void;

/** A subtree whose first page of accounts is read; the rest is listed by {@link walkRest}. */
export interface OpenedSubtree {
  /** The first page of accounts directly in the subtree's root or OU. */
  first: Account[];
  /** Lists the remaining pages and every descendant OU's accounts. */
  walkRest(visit: AccountsVisitor): Promise<void>;
}

/**
 * The organization's tree as one discovery reads it: roots and each parent's child OUs are
 * read once and shared (by the OU paths, the ignores and the target walks), and each parent's
 * accounts are listed by the first walk that reaches it: a later walk skips that subtree,
 * whose accounts are already handed on (a target walk) or all ignored (an ignore walk).
 */
export interface OuTree {
  /** Ids of the organization's roots. */
  rootIds(): Promise<string[]>;
  /** Every root and OU id → its path (the whole tree is read; once). */
  paths(): Promise<OuPaths>;
  /** Claims a subtree and reads its first page of accounts (nothing if already claimed). */
  open(parentId: string): Promise<OpenedSubtree>;
  /** Claims a subtree and lists every account in it (nothing if already claimed). */
  walk(parentId: string, visit: AccountsVisitor): Promise<void>;
}

const CLAIMED_ELSEWHERE: OpenedSubtree = { first: [], walkRest: async () => {} };

/** One read per key: the first call's promise is shared by the later ones. */
function memoized<T>(read: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let result = cache.get(key);
    if (result === undefined) {
      result = read(key);
      cache.set(key, result);
    }
    return result;
  };
}

/** One read: the first call's promise is shared by the later ones. */
function once<T>(read: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= read());
}

/** Reads every root and OU path, child OUs of each level concurrently. */
async function readPaths(
  rootIds: () => Promise<string[]>,
  childOus: (parentId: string) => Promise<ChildOu[]>,
): Promise<OuPaths> {
  const paths = new Map<string, string>();
  const visit = async (id: string, path: string): Promise<void> => {
    paths.set(id, path);
    const children = await childOus(id);
    await Promise.all(children.map((ou) => visit(ou.id, childPath(path, ou.name))));
  };
  await Promise.all((await rootIds()).map((root) => visit(root, "/")));
  return paths;
}

/** Every page of `pages`, visited. */
async function visitPages(pages: AccountPages, parent: string, visit: AccountsVisitor) {
  for await (const page of pages) visit(page, parent);
}

/** The OU tree of one discovery, read through `org`. */
export function createOuTree(org: Organizations): OuTree {
  const childOus = memoized((parentId) => org.listChildOus(parentId));
  const rootIds = once(() => org.listRootIds());
  const paths = once(() => readPaths(rootIds, childOus));
  /** Parents whose accounts some walk lists (or listed). */
  const claimed = new Set<string>();
  const claim = (parentId: string): boolean => {
    if (claimed.has(parentId)) return false;
    claimed.add(parentId);
    return true;
  };

  const walkChildren = async (parentId: string, visit: AccountsVisitor) => {
    const children = await childOus(parentId);
    await Promise.all(children.map((ou) => walk(ou.id, visit)));
  };
  const walk = async (parentId: string, visit: AccountsVisitor): Promise<void> => {
    if (!claim(parentId)) return;
    await Promise.all([
      visitPages(org.listAccountsIn(parentId), parentId, visit),
      walkChildren(parentId, visit),
    ]);
  };
  const open = async (parentId: string): Promise<OpenedSubtree> => {
    if (!claim(parentId)) return CLAIMED_ELSEWHERE;
    const pages = org.listAccountsIn(parentId);
    const first = await pages.next();
    return {
      first: first.done ? [] : first.value,
      walkRest: async (visit) => {
        await Promise.all([visitPages(pages, parentId, visit), walkChildren(parentId, visit)]);
      },
    };
  };
  return { rootIds, paths, open, walk };
}

/**
 * Checks that root ids exist: `TARGET_NOT_FOUND` naming the missing ones and `option`, the
 * option that named them.
 */
export async function checkRootsExist(
  tree: OuTree,
  roots: readonly string[],
  option: string,
): Promise<void> {
  if (roots.length === 0) return;
  const known = await withOrgError(tree.rootIds(), "root", roots, option);
  const missing = roots.filter((r) => !known.includes(r));
  if (missing.length > 0) throw notFound("root", missing, option);
}
