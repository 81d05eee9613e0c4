import { CoveError } from "../errors/cove-error.js";
import { badValue, typeError, type RawOptions } from "./checks.js";
import type { HubOptions } from "./hub.js";
import type { RoleOptions } from "./role.js";

/** Accounts and credentials from an Identity Center login (the `identityCenter` option). */
export interface IdentityCenterOptions {
  /** The permission set whose role credentials every run gets. */
  roleName: string;
  /**
   * The shared-config profile with the login's settings (`sso_session`, or the legacy
   * `sso_start_url` and `sso_region`).
   * @default the `profile` option, else the SDK's (`AWS_PROFILE`, else `default`)
   */
  profile: string | undefined;
}

/** Permission set names: 1-32 characters of `[\w+=,.@-]` (Identity Center's rule). */
const PERMISSION_SET = /^[\w+=,.@-]{1,32}$/;

/** Options that shape an AssumeRole call: Identity Center mode makes none. */
const ASSUME_ROLE_ONLY = [
  "roleName",
  "roleSessionName",
  "policy",
  "policyArns",
  "externalId",
  "durationSeconds",
] as const;

const SHAPE = "an object { roleName: string, profile?: string }";

/** Validates the `identityCenter` option; `undefined` when it is not given. */
export function resolveIdentityCenter(
  o: RawOptions,
  hub: HubOptions,
): IdentityCenterOptions | undefined {
  const v = o.identityCenter;
  if (v === undefined) return undefined;
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw typeError("identityCenter", SHAPE, v);
  }
  const { roleName, profile, ...rest } = v as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) {
    throw new TypeError(
      `Option "identityCenter" takes roleName and profile; unknown key "${extra[0]}".`,
    );
  }
  if (typeof roleName !== "string") {
    throw typeError("identityCenter.roleName", "a string (a permission set name)", roleName);
  }
  if (profile !== undefined && typeof profile !== "string") {
    throw typeError("identityCenter.profile", "a string (a profile name)", profile);
  }
  if (!PERMISSION_SET.test(roleName)) {
    throw badValue(
      "identityCenter.roleName",
      "a permission set name: 1-32 characters of [A-Za-z0-9+=,.@_-]",
      roleName,
    );
  }
  if (profile === "") throw badValue("identityCenter.profile", "a profile name", profile);
  refuseAssumeRoleOptions(o);
  return { roleName, profile: profile ?? hub.profile };
}

/** `INVALID_OPTION` when AssumeRole-only options come with `identityCenter`. */
function refuseAssumeRoleOptions(o: RawOptions): void {
  const clash = ASSUME_ROLE_ONLY.filter((k) => o[k] !== undefined);
  if (clash.length === 0) return;
  throw new CoveError(
    "INVALID_OPTION",
    `Option "identityCenter" gets each account's credentials from the IAM Identity Center portal, without AssumeRole: it cannot be combined with ${clash.join(", ")}. Name the permission set in identityCenter.roleName.`,
    { option: clash[0] },
  );
}

/** What the records say about the role: the permission set, as role and session name. */
export function identityCenterRole(ic: IdentityCenterOptions): RoleOptions {
  return {
    roleName: ic.roleName,
    roleSessionName: ic.roleName,
    policy: undefined,
    policyArns: undefined,
    externalId: undefined,
    durationSeconds: undefined,
  };
}

/**
 * The hub's options in Identity Center mode: without `credentials` or `profile` of their own,
 * the hub (its region, and Organizations when OUs or tags need it) uses the login's profile.
 */
export function identityCenterHub(hub: HubOptions, ic: IdentityCenterOptions): HubOptions {
  if (hub.credentials !== undefined || hub.profile !== undefined) return hub;
  return { ...hub, profile: ic.profile };
}
