import { linkedController } from "../util/abort.js";
import { createConnectionPool } from "../aws/pool.js";
import { resolveHub } from "../aws/hub.js";
import { resolveOptions } from "../options/index.js";
import { planRegions } from "./region-plan.js";
import { discoverTargets } from "../discovery/discover.js";
import type { AccountInfo, CoveOptions } from "../types.js";

/** What a cove call would run, without assuming any role. */
export interface CoveTargets {
  /** The calling account. */
  hub: { accountId: string; partition: string; region: string };
  /** Eligible accounts, in discovery order. */
  accounts: AccountInfo[];
  /** The regions every account would run in (empty when {@link perAccountRegions}). */
  regions: string[];
  /**
   * `true` when regions depend on each account (`regions: ["enabled"]` or a function) and
   * are only found once its role is assumed.
   */
  perAccountRegions: boolean;
}

/**
 * Resolves the targets of a call exactly as `cove` would (same options, same errors) and
 * returns them without assuming any role: the dry run.
 */
export async function listTargets(options?: CoveOptions): Promise<CoveTargets> {
  const resolved = resolveOptions(options);
  const { controller, unlink } = linkedController(resolved.execution.signal);
  const signal = controller.signal;
  const pool = createConnectionPool();
  const hubSettings = { ...resolved.hub, durationSeconds: resolved.role.durationSeconds, signal };
  const hub = await resolveHub(hubSettings, pool.hub).catch((e: unknown) => {
    pool.close();
    throw e;
  });
  try {
    const plan = planRegions(resolved.regions, hub, pool.hub);
    const discovery = discoverTargets(hub, resolved.selection, signal);
    await discovery.ready;
    const accounts: AccountInfo[] = [];
    for await (const account of discovery.accounts) accounts.push(account);
    return {
      hub: { accountId: hub.accountId, partition: hub.partition, region: hub.region },
      accounts,
      regions: plan.kind === "static" ? plan.regions : [],
      perAccountRegions: plan.kind === "perAccount",
    };
  } finally {
    unlink();
    hub.destroy();
    pool.close();
  }
}
