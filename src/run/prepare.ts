import type { AccountCredentials } from "../credentials/source.js";
import type { Discovery } from "../discovery/discover.js";
import type { RoleOptions } from "../options/index.js";
import type { AccountInfo, CoveEvent, SessionInformation } from "../types.js";
import type { RegionPlan } from "./region-plan.js";
import type { Task } from "./scheduler.js";
import { failureEvent, sessionInformation } from "../records/records.js";
import {
  keptRegions,
  skipAhead,
  skips,
  withRegions,
  type PlannedAccount,
  type SkipPair,
} from "./skip.js";
import type { Stopper } from "./stopper.js";
import type { Tallies } from "./tallies.js";

export type { PlannedAccount } from "./skip.js";

const ignore = () => undefined;

/**
 * The accounts the scheduler pulls, with their regions when the plan has one list for all
 * (`skip` applied), and the progress total once it is known: accounts × regions, or with a
 * `skip` the pairs it left. Per-account plans leave the total to {@link Tallies.planComplete}.
 */
export function accountSource(
  plan: RegionPlan,
  discovery: Discovery,
  skip: SkipPair | undefined,
  stopper: Stopper,
  tallies: Tallies,
): AsyncIterable<PlannedAccount> {
  if (plan.kind === "perAccount") return withRegions(discovery.accounts, undefined);
  if (!skip) {
    const regions = plan.regions.length;
    discovery.size.then((accounts) => tallies.total(accounts * regions), ignore);
    return withRegions(discovery.accounts, plan.regions);
  }
  const ahead = skipAhead(discovery.accounts, plan.regions, skip, (error) => stopper.stop(error));
  ahead.pairs.then((pairs) => tallies.total(pairs), ignore);
  return ahead.accounts;
}

/** What preparing an account needs from the call. */
export interface PrepareContext {
  plan: RegionPlan;
  hub: { region: string; partition: string };
  role: RoleOptions;
  skip: SkipPair | undefined;
  tallies: Tallies;
  deliver(event: CoveEvent<unknown>): Promise<void>;
  /** Starts the account's AssumeRole. */
  assume(account: AccountInfo): AccountCredentials;
  /** Queues one account × region run through the scheduler's `ready`. */
  queueRun(
    ready: (task: Task) => void,
    account: AccountInfo,
    region: string,
    credentials: AccountCredentials,
  ): void;
}

/** An account's regions as far as they are known before its role is assumed. */
type EarlyRegions = { regions: readonly string[] } | { error: unknown } | undefined;

/**
 * Prepares one pulled account: finds the regions it runs in (before its role where it can:
 * the plan's list, a regions function), leaves out the pairs `skip` skips — an account with
 * none left costs no AssumeRole — assumes its role and queues its runs. An account whose
 * regions cannot be found is filed once, under its hub-region pair. A failing `skip` rejects
 * (the call stops with its `CALLBACK_FAILED`).
 */
export function accountPreparer(
  ctx: PrepareContext,
): (item: PlannedAccount, ready: (task: Task) => void) => Promise<void> {
  const { plan, skip } = ctx;

  const regionsBeforeRole = async (item: PlannedAccount): Promise<EarlyRegions> => {
    if (item.regions) return { regions: item.regions };
    if (plan.kind !== "perAccount" || plan.needsRole) return undefined;
    let regions: string[];
    try {
      regions = await plan.resolve(item.account);
    } catch (error) {
      return { error }; // filed once the role is assumed, like a failure of "enabled"
    }
    return { regions: keptRegions(item.account, regions, skip) };
  };

  const fileAccountFailure = async (info: SessionInformation, error: unknown) => {
    if (skip && skips(skip, info.Id, info.Region)) return;
    ctx.tallies.plan();
    await ctx.deliver(failureEvent(info, error));
  };

  /** The account's regions, or `undefined` once its failure has been filed. */
  const regionsToRun = async (
    item: PlannedAccount,
    credentials: AccountCredentials,
    early: EarlyRegions,
  ): Promise<readonly string[] | undefined> => {
    if (plan.kind === "static") {
      // A failed assumption is filed per region by each run.
      await credentials.first.catch(ignore);
      return item.regions ?? plan.regions;
    }
    const info = sessionInformation(item.account, ctx.hub.region, ctx.hub.partition, ctx.role);
    let found: string[];
    try {
      await credentials.first;
      info.AssumeRoleSuccess = true;
      if (early && "error" in early) throw early.error;
      if (early) return early.regions;
      found = await plan.resolve(item.account, credentials);
    } catch (error) {
      await fileAccountFailure(info, error);
      return undefined;
    }
    return keptRegions(item.account, found, skip);
  };

  return async (item, ready) => {
    const early = await regionsBeforeRole(item);
    if (early && "regions" in early && early.regions.length === 0) return;
    const credentials = ctx.assume(item.account);
    const regions = await regionsToRun(item, credentials, early);
    for (const region of regions ?? []) ctx.queueRun(ready, item.account, region, credentials);
  };
}
