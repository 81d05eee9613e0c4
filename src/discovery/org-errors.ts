import { CoveError } from "../errors/cove-error.js";
import { awsErrorName, describeError } from "../errors/describe.js";

/** Errors that mean Organizations cannot be read from the calling account at all. */
const UNAVAILABLE = new Set([
  "AccessDeniedException",
  "AccessDenied",
  "AWSOrganizationsNotInUseException",
  "UnrecognizedClientException",
]);
/** Errors that mean the named root, OU or account does not exist. */
const NOT_FOUND = new Set([
  "ParentNotFoundException",
  "OrganizationalUnitNotFoundException",
  "TargetNotFoundException",
  "ChildNotFoundException",
]);

/** Whether an Organizations error says the calling account cannot read Organizations. */
export function isUnavailable(error: unknown): boolean {
  const name = awsErrorName(error);
  return name !== undefined && UNAVAILABLE.has(name);
}

function isNotFound(error: unknown): boolean {
  const name = awsErrorName(error);
  return name !== undefined && NOT_FOUND.has(name);
}

/** At most this many ids are named in a message; the error's `ids` keeps them all. */
export const IDS_IN_MESSAGE = 10;

/** `a, b, c`; above {@link IDS_IN_MESSAGE} items, the first ones and `… and N more`. */
export function listForMessage(items: readonly string[]): string {
  if (items.length <= IDS_IN_MESSAGE) return items.join(", ");
  const more = items.length - IDS_IN_MESSAGE;
  return `${items.slice(0, IDS_IN_MESSAGE).join(", ")} … and ${more} more`;
}

/** `what` followed by the ids it names, if any: `OU ou-1, ou-2`. */
function naming(what: string, ids: readonly string[]): string {
  return ids.length === 0 ? what : `${what} ${listForMessage(ids)}`;
}

/**
 * Turns an Organizations error into the `CoveError` the user should see: `TARGET_NOT_FOUND`,
 * `ORGANIZATIONS_UNAVAILABLE` or `DISCOVERY_FAILED` (a `CoveError` passes through). `option`:
 * the option that named `ids` (`targetIds`, `ignoreIds`), named by a `TARGET_NOT_FOUND`.
 */
export function orgError(
  error: unknown,
  ids: readonly string[],
  what: string,
  option?: string,
): unknown {
  if (error instanceof CoveError) return error;
  if (isNotFound(error)) {
    const prefix = option === undefined ? "" : `${option}: `;
    return new CoveError(
      "TARGET_NOT_FOUND",
      `${prefix}${naming(what, ids)} does not exist in the organization.`,
      { ids, cause: error, ...(option === undefined ? {} : { option }) },
    );
  }
  if (isUnavailable(error)) {
    return new CoveError(
      "ORGANIZATIONS_UNAVAILABLE",
      `AWS Organizations cannot be read from this account (${describeError(error)}). ` +
        "Run from the management account or a delegated administrator, or pass explicit account ids in targetIds.",
      { ids, cause: error },
    );
  }
  return new CoveError(
    "DISCOVERY_FAILED",
    `Listing ${naming(what, ids)} failed: ${describeError(error)}`,
    { ids, cause: error },
  );
}

/** `TARGET_NOT_FOUND` for ids found missing by comparison (no AWS error behind it). */
export function notFound(what: string, missing: readonly string[], option?: string): CoveError {
  const prefix = option === undefined ? "" : `${option}: `;
  return new CoveError(
    "TARGET_NOT_FOUND",
    `${prefix}${naming(what, missing)} does not exist in the organization.`,
    { ids: missing, ...(option === undefined ? {} : { option }) },
  );
}

/**
 * `work`, its failure turned into the `CoveError` for `what` and `ids`, named by `option`
 * (see {@link orgError}).
 */
export async function withOrgError<T>(
  work: Promise<T>,
  what: string,
  ids: readonly string[],
  option?: string,
): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw orgError(error, ids, what, option);
  }
}
