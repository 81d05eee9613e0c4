import type { ClassifiedIds } from "../domain/ids.js";
import { withOrgError } from "./org-errors.js";
import type { Organizations } from "./organizations.js";
import { checkRootsExist, type OuTree } from "./ou-tree.js";

/**
 * Every account id a discovery leaves out: the calling account (always, when there is one), the ignored account
 * ids, and every account below the ignored OUs and roots (`TARGET_NOT_FOUND` for one that
 * does not exist). OU paths must already be resolved to ids.
 */
export async function expandIgnores(
  org: Organizations,
  tree: OuTree,
  ignores: ClassifiedIds,
  callerId: string | undefined,
): Promise<Set<string>> {
  const ignored = new Set<string>(ignores.accounts);
  if (callerId !== undefined) ignored.add(callerId);
  const add = (accounts: { Id?: string }[]) => {
    for (const a of accounts) if (a.Id) ignored.add(a.Id);
  };
  await checkRootsExist(tree, ignores.roots, "ignoreIds");
  const ignoredOus = ignores.ous.map((ou) =>
    withOrgError(tree.walk(ou, add), "OU", [ou], "ignoreIds"),
  );
  const ignoredRoots = async () => {
    for await (const page of org.listAccounts()) add(page);
  };
  await Promise.all([
    ...ignoredOus,
    ...(ignores.roots.length > 0
      ? [withOrgError(ignoredRoots(), "root", ignores.roots, "ignoreIds")]
      : []),
  ]);
  return ignored;
}
