import { resolveOptions } from "../options/index.js";
import type { AccountInfo, CoveOptions } from "../types.js";
import { linkedController } from "../util/abort.js";
import { openCall, type Call } from "./call.js";

/** What a cove call would run, without assuming any role. */
export interface CoveTargets {
  /**
   * The calling account (`accountId` is `""` with an Identity Center login: there is no
   * calling account then, `region` and `partition` are the defaults of the runs).
   */
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
  /** With the `identityCenter` option: the login, and the accounts it reaches that were left out. */
  identityCenter?: {
    /** The permission set (`identityCenter.roleName`). */
    permissionSet: string;
    /** The profile of the login. */
    profile: string;
    /** The portal's region (`sso_region`). */
    portalRegion: string;
    /**
     * Ids of the listed accounts where the login lacks the permission set: left out of
     * `accounts`. With the portal's listing, accounts the login reaches; with an OU or root
     * walk (Organizations), also accounts it does not reach at all. Accounts named by id in
     * `targetIds` are never left out for this.
     */
    withoutPermissionSet: string[];
  };
}

/**
 * Resolves the targets of a call exactly as `cove` would (same options, same errors) and
 * returns them without assuming any role: the dry run.
 */
export async function listTargets(options?: CoveOptions): Promise<CoveTargets> {
  const resolved = resolveOptions(options);
  const { controller, unlink } = linkedController(resolved.execution.signal);
  let call: Call | undefined;
  try {
    call = await openCall(resolved, controller.signal);
    const { hub, plan, discovery, access } = call;
    const accounts: AccountInfo[] = [];
    for await (const account of discovery.accounts) accounts.push(account);
    return {
      hub: { accountId: hub.accountId ?? "", partition: hub.partition, region: hub.region },
      accounts,
      regions: plan.kind === "static" ? plan.regions : [],
      perAccountRegions: plan.kind === "perAccount",
      ...access.targets(await discovery.withoutAccess),
    };
  } finally {
    unlink();
    call?.close();
  }
}
