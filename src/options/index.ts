import { received, type RawOptions } from "./checks.js";
import { resolveExecution, type ExecutionOptions } from "./execution.js";
import { resolveHubOptions, type HubOptions } from "./hub.js";
import {
  identityCenterHub,
  identityCenterRole,
  resolveIdentityCenter,
  type IdentityCenterOptions,
} from "./identity-center.js";
import { checkKnownKeys } from "./keys.js";
import { resolveRegionOptions, type RegionOptions } from "./regions.js";
import { resolveRole, type RoleOptions } from "./role.js";
import { classifySelection, resolveSelection, type SelectionOptions } from "./selection.js";

export type { ExecutionOptions } from "./execution.js";
export type { HubOptions } from "./hub.js";
export type { IdentityCenterOptions } from "./identity-center.js";
export type { RegionOptions } from "./regions.js";
export type { RoleOptions } from "./role.js";
export type { SelectionOptions } from "./selection.js";

/** Options after validation, with defaults applied, grouped by the part of a call that uses them. */
export interface ResolvedOptions {
  /** Discovery: which accounts. */
  selection: SelectionOptions;
  /** Credentials: what every AssumeRole sends (in Identity Center mode: the permission set). */
  role: RoleOptions;
  /** Accounts and credentials from an Identity Center login; `undefined`: AssumeRole. */
  identityCenter: IdentityCenterOptions | undefined;
  /** The calling account's clients. */
  hub: HubOptions;
  /** The region plan. */
  regions: RegionOptions;
  /** The scheduler and the runs. */
  execution: ExecutionOptions;
}

/**
 * Validates user options and applies defaults. Throws a `TypeError` for a wrong type or
 * shape and a `CoveError` for a bad value; makes no AWS call.
 */
export function resolveOptions(input: unknown): ResolvedOptions {
  const o = asRecord(input);
  checkKnownKeys(o);
  const selection = resolveSelection(o);
  const explicitHub = resolveHubOptions(o);
  const identityCenter = resolveIdentityCenter(o, explicitHub);
  const role = identityCenter ? identityCenterRole(identityCenter) : resolveRole(o);
  const hub = identityCenter ? identityCenterHub(explicitHub, identityCenter) : explicitHub;
  const regions = resolveRegionOptions(o);
  const execution = resolveExecution(o);
  // Ids last: their type errors come before, their value errors are CoveError INVALID_ID.
  return {
    selection: classifySelection(selection),
    role,
    identityCenter,
    hub,
    regions,
    execution,
  };
}

function asRecord(input: unknown): RawOptions {
  if (input === undefined) return {};
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new TypeError(`cove options must be an object; received ${received(input)}.`);
  }
  return input as RawOptions;
}
