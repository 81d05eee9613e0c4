import { createConnectionPool, type ConnectionPool } from "../aws/pool.js";
import { resolveHub, type Hub } from "../aws/hub.js";
import { assumeRoleSource } from "../credentials/assume-role.js";
import type { CredentialSource } from "../credentials/source.js";
import { discoverTargets, type Discovery } from "../discovery/discover.js";
import type { ResolvedOptions } from "../options/index.js";
import { loadRegionDependencies, planRegions, type RegionPlan } from "./region-plan.js";

/** An open call: what `cove` and `listTargets` both need before any role is assumed. */
export interface Call {
  /** The calling account and its clients. */
  hub: Hub;
  /** Where each account runs. */
  plan: RegionPlan;
  /** The accounts, past discovery's gate (`ready` has resolved). */
  discovery: Discovery;
  /** Where each account's credentials come from. */
  credentials: CredentialSource;
  /** The keep-alive connections every client of the call shares. */
  pool: ConnectionPool;
  /** Destroys the hub's clients and closes the pool; later calls do nothing. */
  close(): void;
}

/**
 * Opens a call: loads the optional packages the options need (before any AWS call), resolves
 * the hub, plans the regions and starts discovery, waiting for its gate. When a step fails,
 * what was opened is closed and the step's error is thrown.
 */
export async function openCall(options: ResolvedOptions, signal: AbortSignal): Promise<Call> {
  const ec2 = await loadRegionDependencies(options.regions);
  const pool = createConnectionPool();
  let hub: Hub | undefined;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    hub?.destroy();
    pool.close();
  };
  try {
    const hubSettings = { ...options.hub, durationSeconds: options.role.durationSeconds, signal };
    hub = await resolveHub(hubSettings, pool.hub);
    const plan = planRegions(options.regions, hub, pool.hub, ec2);
    const discovery = discoverTargets(hub, options.selection, signal);
    await discovery.ready;
    const credentials = assumeRoleSource(hub.sts, { ...options.role, partition: hub.partition });
    return { hub, plan, discovery, credentials, pool, close };
  } catch (error) {
    close();
    throw error;
  }
}
