import { CoveError } from "../../errors/cove-error.js";
import { describeError } from "../../errors/describe.js";
import type { SelectionOptions } from "../../options/index.js";
import type { OuTree } from "../../discovery/ou-tree.js";

/**
 * Whether a selection reads AWS Organizations with an Identity Center login (which lists
 * accounts through the portal): OU ids, roots or OU paths among the ids, `tags`, or `ouPaths`.
 */
export function needsOrganizations(selection: SelectionOptions): boolean {
  const { targets, ignores } = selection;
  const orgIds = (ids: typeof ignores | undefined) =>
    ids !== undefined && ids.ous.length + ids.roots.length + ids.paths.length > 0;
  return orgIds(targets) || orgIds(ignores) || selection.tags !== undefined || selection.ouPaths;
}

/**
 * Checks, before anything runs, that the hub's credentials can read Organizations (one
 * ListRoots, which the tree keeps): `ORGANIZATIONS_UNAVAILABLE` saying what needs it otherwise.
 */
export async function checkOrganizationsReadable(tree: OuTree, profile: string): Promise<void> {
  try {
    await tree.rootIds();
  } catch (error) {
    if (error instanceof CoveError) throw error;
    throw new CoveError(
      "ORGANIZATIONS_UNAVAILABLE",
      `With an IAM Identity Center login, OU ids, roots, OU paths, tags and ouPaths are read from AWS Organizations with the hub's credentials (the "credentials" or "profile" option, else the login's profile "${profile}"), which cannot read it (${describeError(error)}). Target account ids instead, or give credentials that can read Organizations (the management account or a delegated administrator).`,
      { cause: error },
    );
  }
}
