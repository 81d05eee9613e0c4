import { SSOClient } from "@aws-sdk/client-sso";
import type { NodeHttpHandler } from "@smithy/node-http-handler";
import { awsErrorName } from "../../errors/describe.js";
import type { IdentityCenterOptions } from "../../options/index.js";
import { deadlines } from "../../aws/deadlines.js";
import { silentLogger } from "../../aws/pool.js";
import { adaptiveRetry } from "../../aws/retry.js";
import { breakerFor, type RetryTransientOptions } from "../../aws/transient.js";
import {
  identityCenterLoginRequired,
  openIdentityCenterLogin,
  type IdentityCenterLogin,
} from "./login.js";

/**
 * The Identity Center portal of one call: the login, one client for every portal request
 * (discovery's listings and every account's GetRoleCredentials), and how each request is made.
 */
export interface IdentityCenterPortal {
  login: IdentityCenterLogin;
  /** The permission set every account's credentials are for. */
  permissionSet: string;
  /**
   * The portal client, on the portal region's endpoint, with the SDK's adaptive retry strategy
   * and a fleet rate limiter of its own (portal throttling must not slow STS or Organizations).
   */
  client: SSOClient;
  /** The access token (`SSO_LOGIN_REQUIRED` when there is none, or after a 401). */
  token(): Promise<string>;
  /**
   * One request with the login's access token. A 401 (the token expired or was revoked) is
   * `SSO_LOGIN_REQUIRED`, and so is every later request of the call, without being sent.
   */
  attempt<T>(request: (accessToken: string) => Promise<T>): Promise<T>;
  /** How a portal request is retried ({@link retryTransient}): until the per-account deadline. */
  retry(signal: AbortSignal | undefined): RetryTransientOptions;
  destroy(): void;
}

/** Portal answers that mean the login has no access to an account (or no such permission set there). */
const NO_ACCESS = new Set(["ForbiddenException", "ResourceNotFoundException"]);

/** Whether a portal error says the login has no access to the account or permission set asked for. */
export function isNoAccess(error: unknown): boolean {
  const name = awsErrorName(error);
  return name !== undefined && NO_ACCESS.has(name);
}

/** `SSO_LOGIN_REQUIRED` for a token the portal refused. */
function refused(login: IdentityCenterLogin, cause: unknown) {
  return identityCenterLoginRequired(
    login.profile,
    "was refused by the portal (401: its token expired or was revoked)",
    cause,
  );
}

/**
 * Opens the portal: reads the login (`SSO_LOGIN_REQUIRED` when it has no valid token,
 * `INVALID_OPTION` when the profile has no Identity Center settings) and makes the client. No
 * request is sent yet.
 */
export async function openIdentityCenterPortal(
  options: IdentityCenterOptions,
  handler: NodeHttpHandler,
): Promise<IdentityCenterPortal> {
  const login = await openIdentityCenterLogin(options.profile);
  const client = new SSOClient({
    region: login.region,
    requestHandler: handler,
    logger: silentLogger,
    retryStrategy: adaptiveRetry(),
  });
  /** The 401 that ended the login for this call. */
  let refusal: { error: unknown } | undefined;
  const token = () => (refusal ? Promise.reject(refused(login, refusal.error)) : login.token());
  return {
    login,
    permissionSet: options.roleName,
    client,
    token,
    async attempt(request) {
      const accessToken = await token();
      try {
        return await request(accessToken);
      } catch (error) {
        if (awsErrorName(error) !== "UnauthorizedException") throw error;
        refusal ??= { error };
        throw refused(login, error);
      }
    },
    retry: (signal) => ({ deadlineMs: deadlines().retryMs, signal, breaker: breakerFor(client) }),
    destroy: () => client.destroy(),
  };
}
