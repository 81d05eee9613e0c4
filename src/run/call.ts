import type { Access } from "../access/access.js";
import { openAccess } from "../access/open.js";
import { createConnectionPool, type ConnectionPool } from "../aws/pool.js";
import { resolveHub, type Hub } from "../aws/hub.js";
import type { CredentialSource } from "../credentials/source.js";
import { discoverTargets, type Discovery } from "../discovery/discover.js";
import type { ResolvedOptions } from "../options/index.js";
import { announceHub } from "./hub-hook.js";
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
  /** Where the accounts and credentials come from (Organizations, or Identity Center). */
  access: Access;
  /** The keep-alive connections every client of the call shares. */
  pool: ConnectionPool;
  /** Destroys the hub's clients and closes the pool; later calls do nothing. */
  close(): void;
}

/**
 * Opens a call: loads the optional packages the options need and chooses the access (with
 * `identityCenter`, reading the login's token: both before any AWS call), resolves the hub
 * and tells `onHub` who it is (a throw there stops the call before any discovery), plans the
 * regions and starts discovery, waiting for its gate. When a step fails, what was opened is
 * closed and the step's error is thrown.
 */
export async function openCall(options: ResolvedOptions, signal: AbortSignal): Promise<Call> {
  const ec2 = await loadRegionDependencies(options.regions);
  const pool = createConnectionPool();
  let hub: Hub | undefined;
  let access: Access | undefined;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    access?.close();
    hub?.destroy();
    pool.close();
  };
  try {
    access = await openAccess(options, pool.hub);
    const hubSettings = { ...options.hub, durationSeconds: options.role.durationSeconds, signal };
    hub = await resolveHub(hubSettings, access, pool.hub);
    await announceHub(hub, options, signal);
    const plan = planRegions(options.regions, hub, pool.hub, ec2);
    const discovery = discoverTargets(hub, options.selection, signal, access);
    await discovery.ready;
    const credentials = access.credentials(hub, options.role);
    return { hub, plan, discovery, credentials, access, pool, close };
  } catch (error) {
    close();
    throw error;
  }
}
