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
}

/**
 * Decides, account by account, which run: each once, not ignored, in this shard, matching
 * the tags and the filter. Knows nothing of AWS: tags come from the `readTags` it is given.
 */
export interface Selector {
  /**
   * `true`: selected; `false`: left out; a promise when tags or the filter decide (it
   * rejects when the tags cannot be read or the filter throws).
   */
  offer(account: AccountInfo): boolean | Promise<boolean>;
  /** Accounts offered once and not ignored, whatever their shard and selection. */
  readonly eligible: number;
  /** Accounts selected so far. */
  readonly selected: number;
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

/** A selector for `rules`; `readTags` is asked once per account when tags or a filter are set. */
export function createSelector(
  rules: SelectionRules,
  readTags: (accountId: string) => Promise<Record<string, string>>,
): Selector {
  const { ignored, shard, tags, filter } = rules;
  const seen = new Set<string>();
  let eligible = 0;
  let selected = 0;
  const choose = (keep: boolean) => {
    if (keep) selected++;
    return keep;
  };
  const select = async (info: AccountInfo) => {
    info.Tags = await readTags(info.Id);
    if (tags && !matchesTags(tags, info.Tags)) return false;
    return choose(filter ? Boolean(await runFilter(filter, info)) : true);
  };
  return {
    offer(info) {
      if (seen.has(info.Id) || ignored.has(info.Id)) return false;
      seen.add(info.Id);
      eligible++;
      if (shard && shardOf(info.Id, shard.count) !== shard.index) return false;
      return tags || filter ? select(info) : choose(true);
    },
    get eligible() {
      return eligible;
    },
    get selected() {
      return selected;
    },
  };
}

/** `NO_ELIGIBLE_ACCOUNTS` when nothing is left to run, else `undefined`. */
export function emptySelectionError(
  counts: Pick<Selector, "eligible" | "selected">,
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
