import { CoveError } from "../errors/cove-error.js";
import { describeError } from "../errors/describe.js";
import { shardOf } from "../domain/shard.js";
import type { SelectionOptions } from "../options/index.js";
import type { AccountInfo, Shard } from "../types.js";

/** What decides which listed accounts run. */
export interface SelectionRules {
  /** Account ids left out (ignored ones and the calling account). */
  ignored: ReadonlySet<string>;
  shard: Shard | undefined;
  tags: SelectionOptions["tags"];
  filter: SelectionOptions["filter"];
  /**
   * Whether the caller may run in a listed account (the access's rule: with Identity Center,
   * the login has the permission set there); asked after the ignores and the shard, before
   * tags and the filter. Accounts offered as explicit skip it.
   */
  access?: ((accountId: string) => Promise<boolean>) | undefined;
}

/**
 * Decides, account by account, which run: each once, not ignored, in this shard, matching
 * the tags and the filter. Knows nothing of AWS: tags come from the `readTags` it is given.
 */
export interface Selector {
  /**
   * `true`: selected; `false`: left out; a promise when access, tags or the filter decide (it
   * rejects when access or the tags cannot be read, or the filter throws). An `explicit`
   * account (named by id, or from a resolved list) is not checked for access.
   */
  offer(account: AccountInfo, explicit?: boolean): boolean | Promise<boolean>;
  /** Accounts offered once and not ignored, whatever their shard and selection. */
  readonly eligible: number;
  /** Accounts selected so far. */
  readonly selected: number;
  /** Ids of the accounts left out because `access` said no, in the order found. */
  readonly withoutAccess: readonly string[];
}

/** Whether `tags` hold every key of `rule` with one of its values. */
export function matchesTags(
  rule: ReadonlyMap<string, ReadonlySet<string>>,
  tags: Record<string, string>,
): boolean {
  return [...rule].every(([key, values]) => tags[key] !== undefined && values.has(tags[key]));
}

/** The user's filter's verdict; `DISCOVERY_FAILED` (naming the account) when it throws. */
async function runFilter(filter: NonNullable<SelectionRules["filter"]>, info: AccountInfo) {
  try {
    return await filter({ ...info });
  } catch (error) {
    throw new CoveError(
      "DISCOVERY_FAILED",
      `The filter option threw for account ${info.Id}: ${describeError(error)}`,
      { ids: [info.Id], option: "filter", cause: error },
    );
  }
}

/**
 * A selector for `rules`; `readTags` (when given) is asked once per account when tags or a
 * filter are set.
 */
export function createSelector(
  rules: SelectionRules,
  readTags: ((accountId: string) => Promise<Record<string, string>>) | undefined,
): Selector {
  const { ignored, shard, tags, filter, access } = rules;
  const seen = new Set<string>();
  const withoutAccess: string[] = [];
  let eligible = 0;
  let selected = 0;
  const choose = (keep: boolean) => {
    if (keep) selected++;
    return keep;
  };
  const select = async (info: AccountInfo, checkAccess: boolean) => {
    if (checkAccess && access && !(await access(info.Id))) {
      withoutAccess.push(info.Id);
      return false;
    }
    if (readTags && (tags || filter)) info.Tags = await readTags(info.Id);
    if (tags && !matchesTags(tags, info.Tags ?? {})) return false;
    return choose(filter ? Boolean(await runFilter(filter, info)) : true);
  };
  return {
    offer(info, explicit = false) {
      if (seen.has(info.Id) || ignored.has(info.Id)) return false;
      seen.add(info.Id);
      eligible++;
      if (shard && shardOf(info.Id, shard.count) !== shard.index) return false;
      const checkAccess = access !== undefined && !explicit;
      return checkAccess || tags || filter ? select(info, checkAccess) : choose(true);
    },
    get withoutAccess() {
      return withoutAccess;
    },
    get eligible() {
      return eligible;
    },
    get selected() {
      return selected;
    },
  };
}

/** What a selection counted, for the error of an empty one. */
export type SelectionCounts = Pick<Selector, "eligible" | "selected"> &
  Partial<Pick<Selector, "withoutAccess">>;

/**
 * `NO_ELIGIBLE_ACCOUNTS` when nothing is left to run, else `undefined` (Organizations +
 * AssumeRole access; Identity Center words its own).
 */
export function emptySelectionError(
  counts: SelectionCounts,
  shard: Shard | undefined,
): CoveError | undefined {
  if (counts.eligible === 0) {
    return new CoveError(
      "NO_ELIGIBLE_ACCOUNTS",
      "No eligible accounts: the targets minus ignoreIds (and the calling account, always left out) leave no ACTIVE account to run in.",
    );
  }
  // A shard may legitimately hold none of the selected accounts.
  if (counts.selected === 0 && !shard) {
    return new CoveError(
      "NO_ELIGIBLE_ACCOUNTS",
      "No eligible accounts: no targeted account matches the tags and filter options.",
    );
  }
  return undefined;
}
