import type { Access } from "../access/access.js";
import type { Hub } from "../aws/hub.js";
import type { SelectionOptions } from "../options/index.js";
import type { AccountInfo } from "../types.js";
import { passGate } from "./gate.js";
import { createOutlet, type Outlet } from "./outlet.js";
import type { Sink } from "./sink.js";

/** What discovery asks of the call's {@link Access}. */
export type DiscoveryAccess = Pick<Access, "discovery" | "emptySelection">;

/** The accounts a call will run in, streamed while the organization is still being listed. */
export interface Discovery {
  /**
   * Settles once every target was checked (explicit accounts looked up, ignores expanded,
   * the first page of each OU, root or the whole org read). Rejects with the `CoveError`
   * that must stop the call before any role is assumed.
   */
  ready: Promise<void>;
  /** Eligible accounts, each once; throws if listing fails part-way or nothing is eligible. */
  accounts: AsyncIterable<AccountInfo>;
  /** How many accounts `accounts` yields in all, once listing has finished. */
  size: Promise<number>;
  /**
   * The ids of the listed accounts the access's rule left out (Identity Center: the login
   * lacks the permission set there; settles before `accounts` ends; else always empty).
   */
  withoutAccess: Promise<string[]>;
}

/** Fails the discovery with `error` once the listings still running have stopped. */
async function failAfter(outlet: Outlet, streams: Promise<void>[], error: unknown) {
  outlet.fail(error);
  await Promise.allSettled(streams);
}

/** Passes the gate, lets runs start, and ends the stream once every listing is done. */
async function discover(
  hub: Hub,
  selection: SelectionOptions,
  outlet: Outlet,
  access: DiscoveryAccess,
): Promise<void> {
  const streams: Promise<void>[] = [];
  let sink: Sink;
  try {
    sink = await passGate(hub, selection, outlet, streams, access);
  } catch (error) {
    await failAfter(outlet, streams, error);
    outlet.open(); // rejects `ready` with the failure
    return;
  }
  // A selection that failed while the gate was still open: nothing may run.
  if (!outlet.open()) return;
  try {
    await Promise.all(streams);
    await sink.settled();
  } catch (error) {
    await failAfter(outlet, streams, error);
    return;
  }
  const { selector } = sink;
  const empty = access.emptySelection(selector, selection.shard);
  outlet.finish(selector, empty);
}

/**
 * Starts listing the targets of a call, as its `access` says: from Organizations, or the
 * accounts an Identity Center login reaches where it has the permission set.
 */
export function discoverTargets(
  hub: Hub,
  selection: SelectionOptions,
  signal: AbortSignal | undefined,
  access: DiscoveryAccess,
): Discovery {
  const outlet = createOutlet(signal);
  void discover(hub, selection, outlet, access);
  return outlet.discovery;
}
