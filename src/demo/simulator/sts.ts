/** STS in the AWS Query protocol (form parameters in, XML out): AssumeRole and GetCallerIdentity. */
import type http from "node:http";
import { ApiError, type Protocol, type Reply } from "../simulator-wire.js";
import { issueCredentials, sessionOf, type Caller } from "./credentials.js";
import { MANAGEMENT_ACCOUNT, type Org } from "./org-model.js";

const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const STS_ACTIONS = new Set(["AssumeRole", "GetCallerIdentity"]);
const ROLE_ARN_RE = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME_RE = /^[\w+=,.@-]{2,64}$/;

function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) =>
    c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === "&" ? "&amp;" : c === '"' ? "&quot;" : "&apos;",
  );
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

const xml = (body: string): Reply => ({ status: 200, contentType: "text/xml", body });

/** STS's error answers: the Query protocol's XML `ErrorResponse`. */
export const STS_PROTOCOL: Protocol = {
  error: (e, requestId) => ({
    status: e.status,
    contentType: "text/xml",
    body:
      `<ErrorResponse xmlns="${STS_NS}"><Error><Type>${e.type}</Type><Code>${e.code}</Code>` +
      `<Message>${xmlEscape(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  }),
  throttled: (requestId) =>
    STS_PROTOCOL.error(new ApiError("Throttling", "Rate exceeded"), requestId),
  internalError: () =>
    new ApiError("InternalFailure", "An internal error occurred.", 500, "Receiver"),
};

/** The call's Query parameters: the URL's query of a GET, else the form body. */
export function stsParams(req: http.IncomingMessage, body: string): URLSearchParams {
  const query = req.url && req.url.includes("?") ? req.url.slice(req.url.indexOf("?") + 1) : "";
  return new URLSearchParams(req.method === "GET" ? query : body);
}

/** What `/_stats` counts an STS action as (`sts:` marks the ones STS does not have). */
export function stsCounterName(action: string): string {
  return STS_ACTIONS.has(action) ? action : `sts:${action || "(none)"}`;
}

/** The answer to STS `action`; throws an {@link ApiError} for an error answer. */
export function stsAnswer(
  org: Org,
  action: string,
  params: URLSearchParams,
  req: http.IncomingMessage,
  caller: Caller,
  requestId: string,
): Reply {
  switch (action) {
    case "AssumeRole":
      return xml(assumeRole(org, params, caller, requestId));
    case "GetCallerIdentity":
      return xml(getCallerIdentity(req, caller, requestId));
    default:
      throw new ApiError(
        "InvalidAction",
        `Could not find operation ${action} for version 2011-06-15`,
      );
  }
}

interface AssumeRoleRequest {
  roleArn: string;
  account: string;
  roleName: string;
  sessionName: string;
  duration: number;
}

function validationError(field: string): ApiError {
  return new ApiError(
    "ValidationError",
    `1 validation error detected: Value at '${field}' failed to satisfy constraint`,
  );
}

/** AssumeRole's parameters, checked as STS checks them. */
function readAssumeRole(params: URLSearchParams): AssumeRoleRequest {
  const roleArn = params.get("RoleArn");
  const sessionName = params.get("RoleSessionName");
  if (!roleArn) throw new ApiError("ValidationError", "1 validation error detected: RoleArn");
  if (!sessionName || !SESSION_NAME_RE.test(sessionName)) throw validationError("roleSessionName");
  const m = ROLE_ARN_RE.exec(roleArn);
  if (!m) throw new ApiError("ValidationError", `${roleArn} is invalid`);
  const durationRaw = params.get("DurationSeconds");
  const duration = durationRaw === null ? 3600 : Number(durationRaw);
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
    throw validationError("durationSeconds");
  }
  return { roleArn, account: m[1] as string, roleName: m[2] as string, sessionName, duration };
}

/** Whether `role` exists in `account` and its AssumeRole is not refused. */
function roleAssumable(org: Org, account: string, role: string): boolean {
  const existing = org.roles?.get(account);
  if (existing !== undefined && !existing.has(role)) return false;
  return !(org.refusedRoles?.get(account)?.has(role) ?? false);
}

/** 403 AccessDenied unless the role's account is the management account or an ACTIVE, allowed one. */
function checkAssumable(org: Org, call: AssumeRoleRequest, caller: Caller): void {
  const target = org.accountById.get(call.account);
  const assumable =
    call.account === MANAGEMENT_ACCOUNT ||
    (target !== undefined &&
      target.State === "ACTIVE" &&
      !org.denied.has(call.account) &&
      roleAssumable(org, call.account, call.roleName));
  if (assumable) return;
  const who = !caller.assumed
    ? `arn:aws:iam::${MANAGEMENT_ACCOUNT}:user/bench`
    : `arn:aws:sts::${caller.account}:assumed-role/unknown/unknown`;
  throw new ApiError(
    "AccessDenied",
    `User: ${who} is not authorized to perform: sts:AssumeRole on resource: ${call.roleArn}`,
    403,
  );
}

function assumeRole(org: Org, params: URLSearchParams, caller: Caller, requestId: string): string {
  const call = readAssumeRole(params);
  checkAssumable(org, call, caller);
  const { account, roleName, sessionName } = call;
  const keys = issueCredentials(account, roleName, sessionName);
  const expiration = isoSeconds(Date.now() + call.duration * 1000);
  const roleId = `AROA${account.slice(0, 8)}EXAMPLE`;
  return (
    `<AssumeRoleResponse xmlns="${STS_NS}"><AssumeRoleResult>` +
    `<AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/${xmlEscape(roleName)}/${xmlEscape(sessionName)}</Arn>` +
    `<AssumedRoleId>${roleId}:${xmlEscape(sessionName)}</AssumedRoleId></AssumedRoleUser>` +
    `<Credentials><AccessKeyId>${keys.accessKeyId}</AccessKeyId><SecretAccessKey>${keys.secretAccessKey}</SecretAccessKey>` +
    `<SessionToken>${keys.sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
    `<PackedPolicySize>0</PackedPolicySize>` +
    `</AssumeRoleResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></AssumeRoleResponse>`
  );
}

/** The caller's ARN and user id: its assumed role's session, or the management account's user. */
function identityOf(req: http.IncomingMessage, caller: Caller): { arn: string; userId: string } {
  if (!caller.assumed) {
    return { arn: `arn:aws:iam::${MANAGEMENT_ACCOUNT}:user/bench`, userId: "AIDABENCHEXAMPLE0001" };
  }
  const info = sessionOf(req) ?? { role: "OrganizationAccountAccessRole", session: "unknown" };
  return {
    arn: `arn:aws:sts::${caller.account}:assumed-role/${info.role}/${info.session}`,
    userId: `AROA${caller.account.slice(0, 8)}EXAMPLE:${info.session}`,
  };
}

function getCallerIdentity(req: http.IncomingMessage, caller: Caller, requestId: string): string {
  const { arn, userId } = identityOf(req, caller);
  return (
    `<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult>` +
    `<Arn>${xmlEscape(arn)}</Arn><UserId>${xmlEscape(userId)}</UserId><Account>${caller.account}</Account>` +
    `</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</GetCallerIdentityResponse>`
  );
}
