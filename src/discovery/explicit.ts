import { CoveError } from "../errors/cove-error.js";
import type { AccountInfo } from "../types.js";
import { isUnavailable, listForMessage, orgError, withOrgError } from "./org-errors.js";
import { toAccountInfo, type Organizations } from "./organizations.js";
import type { OuPaths } from "./ou-paths.js";

/** Up to this many explicit account ids are looked up one by one; above, one ListAccounts. */
export const DESCRIBE_LIMIT = 20;

/** Explicit account id → its metadata; `undefined`: Organizations could not be read. */
export type ExplicitAccounts = Map<string, AccountInfo | undefined>;

/** Metadata of each id, one `DescribeAccount` each (concurrently); non-members left out. */
async function describeEach(org: Organizations, ids: readonly string[]) {
  const found: ExplicitAccounts = new Map();
  await Promise.all(
    ids.map(async (id) => {
      const account = await org.describeAccount(id);
      if (account) found.set(id, toAccountInfo(account));
    }),
  );
  return found;
}

/** Metadata of each id found in one listing of the whole organization. */
async function findInListing(org: Organizations, ids: readonly string[]) {
  const wanted = new Set(ids);
  const found: ExplicitAccounts = new Map();
  for await (const page of org.listAccounts()) {
    for (const a of page) if (a.Id && wanted.has(a.Id)) found.set(a.Id, toAccountInfo(a));
  }
  return found;
}

/** `ACCOUNT_NOT_ACTIVE` for ids that are not ACTIVE members. */
function checkActive(ids: readonly string[], found: ExplicitAccounts): void {
  const bad = ids.filter((id) => found.get(id)?.Status !== "ACTIVE");
  if (bad.length === 0) return;
  const states = bad.map((id) => `${id} (${found.get(id)?.Status ?? "not a member"})`);
  const one = bad.length === 1;
  throw new CoveError(
    "ACCOUNT_NOT_ACTIVE",
    `targetIds: ${one ? "account" : "accounts"} ${listForMessage(states)} ${one ? "is" : "are"} not an ACTIVE member of the organization.`,
    { ids: bad, option: "targetIds" },
  );
}

/**
 * Looks up explicitly targeted accounts: `DescribeAccount` for up to {@link DESCRIBE_LIMIT},
 * one `ListAccounts` listing above. `ACCOUNT_NOT_ACTIVE` for one that is not an ACTIVE member;
 * when Organizations cannot be read, every id maps to `undefined` (they run without metadata).
 */
export async function lookupAccounts(
  org: Organizations,
  ids: readonly string[],
): Promise<ExplicitAccounts> {
  if (ids.length === 0) return new Map();
  let found: ExplicitAccounts;
  try {
    found = await (ids.length <= DESCRIBE_LIMIT ? describeEach(org, ids) : findInListing(org, ids));
  } catch (error) {
    // Not the management account or a delegated admin: run the explicit ids without metadata.
    if (isUnavailable(error)) return new Map(ids.map((id) => [id, undefined]));
    throw orgError(error, ids, "account", "targetIds");
  }
  checkActive(ids, found);
  return found;
}

/**
 * The records of explicitly targeted accounts, in the order given; with `paths`, each found
 * and not ignored one gets its OU path (one `ListParents` each, concurrently).
 */
export async function explicitRecords(
  org: Organizations,
  ids: readonly string[],
  found: ExplicitAccounts,
  paths: OuPaths | undefined,
  ignored: ReadonlySet<string>,
): Promise<AccountInfo[]> {
  const pathOf = async (id: string) => {
    if (!paths || found.get(id) === undefined || ignored.has(id)) return undefined;
    const parent = await withOrgError(org.parentOf(id), "the parent of account", [id]);
    return parent === undefined ? undefined : paths.get(parent);
  };
  const ouPaths = await Promise.all(ids.map(pathOf));
  return ids.map((id, i) => {
    const info = found.get(id) ?? { Id: id };
    const ouPath = ouPaths[i];
    if (ouPath !== undefined) info.OuPath = ouPath;
    return info;
  });
}
