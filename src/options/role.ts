import type { PolicyArn } from "../types.js";
import { badValue, optionalString, typeError, type RawOptions } from "./checks.js";

/** What every AssumeRole of a call sends (the credentials part of the options). */
export interface RoleOptions {
  /** @default "OrganizationAccountAccessRole" */
  roleName: string;
  /** @default the role name's last path segment */
  roleSessionName: string;
  policy: string | undefined;
  policyArns: PolicyArn[] | undefined;
  externalId: string | undefined;
  /** @default the role's own maximum session duration (AWS: one hour) */
  durationSeconds: number | undefined;
}

/** Default role assumed in target accounts. */
export const DEFAULT_ROLE_NAME = "OrganizationAccountAccessRole";

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_PATH_SEGMENT = /^[\x21-\x7e]+$/;

/** Validates the role options and applies their defaults. */
export function resolveRole(o: RawOptions): RoleOptions {
  const roleName = optionalString(o, "roleName") ?? DEFAULT_ROLE_NAME;
  const roleBase = checkRoleName(roleName);
  const roleSessionName = optionalString(o, "roleSessionName") ?? roleBase.slice(0, 64);
  if (!SESSION_NAME.test(roleSessionName)) {
    throw badValue("roleSessionName", "2-64 characters of [A-Za-z0-9+=,.@_-]", roleSessionName);
  }
  return {
    roleName,
    roleSessionName,
    policy: resolvePolicy(o),
    policyArns: resolvePolicyArns(o),
    externalId: resolveExternalId(o),
    durationSeconds: resolveDuration(o),
  };
}

/** Checks a role name (a path is allowed) and returns its last segment. */
function checkRoleName(roleName: string): string {
  const segments = roleName.split("/");
  const base = segments[segments.length - 1] ?? "";
  if (!ROLE_NAME.test(base) || !segments.slice(0, -1).every((s) => ROLE_PATH_SEGMENT.test(s))) {
    throw badValue(
      "roleName",
      "an IAM role name of 1-64 characters of [A-Za-z0-9+=,.@_-], optionally after a path",
      roleName,
    );
  }
  return base;
}

function resolvePolicy(o: RawOptions): string | undefined {
  const policy = optionalString(o, "policy");
  if (policy === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    throw badValue("policy", "a JSON policy document (text)", policy);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw badValue("policy", "a JSON policy document (an object)", policy);
  }
  return policy;
}

function resolvePolicyArns(o: RawOptions): PolicyArn[] | undefined {
  if (o.policyArns === undefined) return undefined;
  if (!Array.isArray(o.policyArns))
    throw typeError("policyArns", "an array of { arn: string }", o.policyArns);
  return o.policyArns.map((p: unknown, i) => {
    if (typeof p !== "object" || p === null || typeof (p as PolicyArn).arn !== "string") {
      throw typeError(`policyArns[${i}]`, "an object { arn: string }", p);
    }
    const arn = (p as PolicyArn).arn;
    if (!arn.startsWith("arn:")) throw badValue(`policyArns[${i}].arn`, "an IAM policy ARN", arn);
    return { arn };
  });
}

function resolveExternalId(o: RawOptions): string | undefined {
  const externalId = optionalString(o, "externalId");
  if (externalId !== undefined && (externalId.length < 2 || externalId.length > 1224)) {
    throw badValue("externalId", "2-1224 characters", externalId);
  }
  return externalId;
}

function resolveDuration(o: RawOptions): number | undefined {
  const v = o.durationSeconds;
  if (v === undefined) return undefined;
  if (typeof v !== "number") throw typeError("durationSeconds", "a number of seconds", v);
  if (!Number.isInteger(v) || v < 900 || v > 43200) {
    throw badValue("durationSeconds", "an integer from 900 to 43200", v);
  }
  return v;
}
