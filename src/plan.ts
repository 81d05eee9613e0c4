import { linkedController } from "./abort.js";
import { createConnectionPool } from "./http.js";
import { resolveHub } from "./hub.js";
import { resolveOptions } from "./options.js";
import { discoverTargets } from "./targets.js";
import type { AccountInfo, CoveOptions } from "./types.js";

/** What a cove call would run, without assuming any role. */
export interface CoveTargets {
  /** The calling account. */
  hub: { accountId: string; partition: string; region: string };
  /** Eligible accounts, in discovery order. */
  accounts: AccountInfo[];
  /** The regions every account would run in. */
  regions: string[];
}

/**
 * Resolves the targets of a call exactly as `cove` would (same options, same errors) and
 * returns them without assuming any role: the dry run.
 */
export async function listTargets(options?: CoveOptions): Promise<CoveTargets> {
  const resolved = resolveOptions(options);
  const { controller, unlink } = linkedController(resolved.signal);
  resolved.signal = controller.signal;
  const pool = createConnectionPool();
  const hub = await resolveHub(resolved, pool.hub).catch((e: unknown) => {
    pool.close();
    throw e;
  });
  try {
    const discovery = discoverTargets(hub, resolved);
    await discovery.ready;
    const accounts: AccountInfo[] = [];
    for await (const account of discovery.accounts) accounts.push(account);
    return {
      hub: { accountId: hub.accountId, partition: hub.partition, region: hub.region },
      accounts,
      regions: resolved.regions ?? [hub.region],
    };
  } finally {
    unlink();
    hub.destroy();
    pool.close();
  }
}
