/**
 * The IAM Identity Center portal of the simulator (src/demo/simulator.ts): the three calls of
 * `@aws-sdk/client-sso` botocove makes, in the service's REST-JSON protocol — paths, query
 * parameters, the `x-amz-sso_bearer_token` header, field names and error answers as the SDK's
 * serializers have them:
 *
 *   GET /assignment/accounts?max_result=&next_token=              ListAccounts
 *   GET /assignment/roles?account_id=&max_result=&next_token=     ListAccountRoles
 *   GET /federation/credentials?account_id=&role_name=            GetRoleCredentials
 *
 * An unknown or revoked access token gets 401 UnauthorizedException; a role the login does not
 * have in an account, 403 ForbiddenException "No access" (as AWS answers). The role credentials
 * it hands out are the simulator's own (`ASIA` + account id + …), so STS GetCallerIdentity with
 * them answers the account.
 */
import { createHash } from "node:crypto";
import { ApiError, type Protocol, type Reply } from "./simulator-wire.js";

/** The login the portal knows. */
export interface SsoConfig {
  /** Access tokens the portal accepts; any other gets 401. */
  tokens: string[];
  /** Fraction of the ACTIVE accounts the login reaches (picked with the seed). */
  reach: number;
  /** Permission sets the login has in each account it reaches. */
  roles: string[];
  /** Fraction of the reached accounts where it has every permission set but the first. */
  partial: number;
  /** Seconds the role credentials last. */
  lifetime: number;
  /** Token-bucket limit of portal calls, requests/s (0 = unlimited); 429 over it. */
  rate: number;
  /** Bucket size (default max(1, rate/10)). */
  burst: number;
}

/** The access token the simulator's portal accepts unless told otherwise. */
export const DEFAULT_SSO_TOKEN = "simulated-sso-access-token";

/** Command-line flags of the portal (see {@link parseSsoFlags}). */
export const SSO_FLAGS = [
  "--sso-token",
  "--sso-reach",
  "--sso-roles",
  "--sso-partial",
  "--sso-lifetime",
  "--sso-rate",
  "--sso-burst",
];

/** A number flag reader: the flag's value, or the default, checked against [min, max]. */
export type NumberFlag = (key: string, dflt: number, min?: number, max?: number) => number;

/**
 * The portal's settings from the simulator's flags:
 *
 *   --sso-token T         access token the portal accepts (comma list; default DEFAULT_SSO_TOKEN)
 *   --sso-reach F         fraction of ACTIVE accounts the login reaches (default 1)
 *   --sso-roles A,B       permission sets in each reached account (default ReadOnly,Admin)
 *   --sso-partial F       fraction of reached accounts lacking the first permission set (default 0)
 *   --sso-lifetime S      seconds role credentials last (default 3600)
 *   --sso-rate R          token-bucket limit for portal calls, requests/s (default 0 = unlimited)
 *   --sso-burst B         bucket size (default max(1, R/10))
 */
export function parseSsoFlags(flags: ReadonlyMap<string, string>, num: NumberFlag): SsoConfig {
  const list = (key: string, dflt: string) =>
    (flags.get(key) ?? dflt)
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  const rate = num("--sso-rate", 0);
  return {
    tokens: list("--sso-token", DEFAULT_SSO_TOKEN),
    reach: num("--sso-reach", 1, 0, 1),
    roles: list("--sso-roles", "ReadOnly,Admin"),
    partial: num("--sso-partial", 0, 0, 1),
    lifetime: num("--sso-lifetime", 3600, 1, 43200),
    rate,
    burst: num("--sso-burst", Math.max(1, rate / 10), 1),
  };
}

/** An account as the organization has it (what the portal needs of it). */
export interface SsoAccountSource {
  Id: string;
  Name: string;
  Email: string;
  State: string;
}

/** Who the login reaches, and with which permission sets. */
export interface SsoDirectory {
  /** Reached accounts, in listing order. */
  accounts: SsoAccountSource[];
  /** Account id → the permission sets the login has there. */
  roles: Map<string, string[]>;
}

/** The login's accounts and permission sets, drawn with `rand` (seeded: the same every run). */
export function buildSsoDirectory(
  accounts: readonly SsoAccountSource[],
  cfg: SsoConfig,
  rand: () => number,
): SsoDirectory {
  const reached = accounts.filter((a) => a.State === "ACTIVE" && rand() < cfg.reach);
  const roles = new Map<string, string[]>();
  for (const a of reached) roles.set(a.Id, rand() < cfg.partial ? cfg.roles.slice(1) : cfg.roles);
  return { accounts: reached, roles };
}

/** Portal paths → the action name counted in `/_stats` (`sso:` keeps them apart from Organizations'). */
const ROUTES: Readonly<Record<string, string>> = {
  "/assignment/accounts": "sso:ListAccounts",
  "/assignment/roles": "sso:ListAccountRoles",
  "/federation/credentials": "sso:GetRoleCredentials",
};

/** The portal action a request is for, or `undefined` when it is not a portal request. */
export function ssoAction(method: string | undefined, url: string | undefined): string | undefined {
  if (method !== "GET" || url === undefined) return undefined;
  return ROUTES[url.split("?")[0] ?? ""];
}

/** Makes credentials for an account that the simulator's STS recognises. */
export type IssueCredentials = (
  account: string,
  role: string,
  session: string,
) => { accessKeyId: string; secretAccessKey: string; sessionToken: string };

const REST_JSON = "application/json";

/** A portal error answer (REST-JSON: the type in `x-amzn-errortype`, `message` in the body). */
function ssoErrorReply(e: ApiError): Reply {
  return {
    status: e.status,
    contentType: REST_JSON,
    errorType: e.code,
    body: JSON.stringify({ message: e.message }),
  };
}

/** The 429 answer over the portal's rate. */
function ssoThrottleReply(): Reply {
  return ssoErrorReply(new ApiError("TooManyRequestsException", "Too many requests", 429));
}

/** The portal's error answers: REST-JSON, 429 over the rate, 500 InternalServerException. */
export const SSO_PROTOCOL: Protocol = {
  error: ssoErrorReply,
  throttled: ssoThrottleReply,
  internalError: () => new ApiError("InternalServerException", "An internal error occurred.", 500),
};

const json = (value: unknown): Reply => ({
  status: 200,
  contentType: REST_JSON,
  body: JSON.stringify(value),
});

/** A page of `items` from `next_token` (an offset), `max_result` (or `pageSize`) long. */
function page<T>(items: readonly T[], query: URLSearchParams, kind: string, pageSize: number) {
  const rawMax = query.get("max_result");
  const size = rawMax === null ? pageSize : Number(rawMax);
  if (!Number.isInteger(size) || size < 1 || size > 1000) {
    throw new ApiError("InvalidRequestException", "max_result must be between 1 and 1000");
  }
  let at = 0;
  const token = query.get("next_token");
  if (token !== null) {
    const [k, offset] = Buffer.from(token, "base64url").toString().split(":");
    at = Number(offset);
    if (k !== kind || !Number.isInteger(at) || at < 1 || at >= items.length) {
      throw new ApiError("InvalidRequestException", "The next token is not valid.");
    }
  }
  const next = at + size;
  return {
    items: items.slice(at, next),
    nextToken:
      next < items.length ? Buffer.from(`${kind}:${next}`).toString("base64url") : undefined,
  };
}

/** The portal's state: the directory, the accepted tokens and the requests it answers. */
export class SsoPortal {
  /** Requests still answered before every token is refused; `undefined`: no end. */
  #allowance: number | undefined;

  constructor(
    readonly directory: SsoDirectory,
    readonly cfg: SsoConfig,
    readonly issue: IssueCredentials,
    readonly pageSize: number,
  ) {}

  /**
   * After `after` more authorized requests, every token gets 401 (a login that expired or was
   * signed out mid-run).
   */
  revoke(after = 0): void {
    this.#allowance = after;
  }

  /** Accepts the configured tokens again. */
  restore(): void {
    this.#allowance = undefined;
  }

  /** What `/_info` tells about the login. */
  info() {
    const first = this.cfg.roles[0];
    return {
      tokens: this.cfg.tokens.length,
      roles: this.cfg.roles,
      reached: this.directory.accounts.map((a) => a.Id),
      lacking: this.directory.accounts
        .filter((a) => first !== undefined && !this.directory.roles.get(a.Id)?.includes(first))
        .map((a) => a.Id),
      lifetime: this.cfg.lifetime,
      revoked: this.#allowance === 0,
    };
  }

  /** Answers one portal request (`action` from {@link ssoAction}); throws an {@link ApiError} for an error. */
  answer(action: string, url: string, token: string | undefined): Reply {
    this.#authorize(token);
    const query = new URLSearchParams(url.includes("?") ? url.slice(url.indexOf("?") + 1) : "");
    switch (action) {
      case "sso:ListAccounts":
        return this.#listAccounts(query);
      case "sso:ListAccountRoles":
        return this.#listAccountRoles(query);
      default:
        return this.#roleCredentials(query);
    }
  }

  #authorize(token: string | undefined): void {
    if (token === undefined || !this.cfg.tokens.includes(token) || this.#allowance === 0) {
      throw new ApiError("UnauthorizedException", "Session token not found or invalid", 401);
    }
    if (this.#allowance !== undefined) this.#allowance--;
  }

  #listAccounts(query: URLSearchParams): Reply {
    const { items, nextToken } = page(this.directory.accounts, query, "accounts", this.pageSize);
    return json({
      accountList: items.map((a) => ({
        accountId: a.Id,
        accountName: a.Name,
        emailAddress: a.Email,
      })),
      ...(nextToken === undefined ? {} : { nextToken }),
    });
  }

  /** The permission sets of an account the login reaches (403 for any other). */
  #rolesOf(query: URLSearchParams): { account: string; roles: string[] } {
    const account = query.get("account_id");
    if (!account) throw new ApiError("InvalidRequestException", "account_id is required");
    const roles = this.directory.roles.get(account);
    if (roles === undefined) throw new ApiError("ForbiddenException", "No access", 403);
    return { account, roles };
  }

  #listAccountRoles(query: URLSearchParams): Reply {
    const { account, roles } = this.#rolesOf(query);
    const { items, nextToken } = page(roles, query, `roles-${account}`, this.pageSize);
    return json({
      roleList: items.map((roleName) => ({ roleName, accountId: account })),
      ...(nextToken === undefined ? {} : { nextToken }),
    });
  }

  #roleCredentials(query: URLSearchParams): Reply {
    const roleName = query.get("role_name");
    if (!roleName) throw new ApiError("InvalidRequestException", "role_name is required");
    const { account, roles } = this.#rolesOf(query);
    if (!roles.includes(roleName)) throw new ApiError("ForbiddenException", "No access", 403);
    // The role Identity Center provisions for a permission set, as GetCallerIdentity shows it.
    const suffix = createHash("sha1").update(roleName).digest("hex").slice(0, 16);
    const keys = this.issue(account, `AWSReservedSSO_${roleName}_${suffix}`, "sso-user");
    return json({
      roleCredentials: {
        accessKeyId: keys.accessKeyId,
        secretAccessKey: keys.secretAccessKey,
        sessionToken: keys.sessionToken,
        expiration: Date.now() + this.cfg.lifetime * 1000,
      },
    });
  }
}
