import { CoveError } from "../../errors/cove-error.js";
import type { SelectionCounts } from "../../discovery/selector.js";
import type { Shard } from "../../types.js";

/**
 * `NO_ELIGIBLE_ACCOUNTS` for an Identity Center login when nothing is left to run (there is
 * no calling account; a listed account counts when the login has `permissionSet` there),
 * else `undefined`.
 */
export function emptyIdentityCenterSelection(
  counts: SelectionCounts,
  shard: Shard | undefined,
  permissionSet: string,
): CoveError | undefined {
  if (counts.eligible === 0) {
    return new CoveError(
      "NO_ELIGIBLE_ACCOUNTS",
      "No eligible accounts: the targets minus ignoreIds leave no account of the IAM Identity Center login to run in.",
    );
  }
  if (counts.selected > 0 || shard) return undefined;
  if (counts.withoutAccess?.length === counts.eligible) {
    return new CoveError(
      "NO_ELIGIBLE_ACCOUNTS",
      `No eligible accounts: the IAM Identity Center login has the permission set "${permissionSet}" in none of the ${counts.eligible} targeted accounts it reaches.`,
      { option: "identityCenter" },
    );
  }
  return new CoveError(
    "NO_ELIGIBLE_ACCOUNTS",
    `No eligible accounts: no targeted account with the permission set "${permissionSet}" matches the tags and filter options.`,
  );
}
