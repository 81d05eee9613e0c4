import { GetRoleCredentialsCommand } from "@aws-sdk/client-sso";
import { describeError } from "../../errors/describe.js";
import { obtain, refreshing, type Obtained } from "../../credentials/refreshing.js";
import type { AccountCredentials, CredentialSource } from "../../credentials/source.js";
import { isNoAccess, type IdentityCenterPortal } from "./portal.js";

/** The error of an account where the login lacks the permission set, naming it; others as they are. */
function explainNoAccess(error: unknown, permissionSet: string, accountId: string): unknown {
  if (!isNoAccess(error)) return error;
  return new Error(
    `The IAM Identity Center login has no permission set "${permissionSet}" in account ${accountId} (sso:GetRoleCredentials: ${describeError(error)}).`,
    { cause: error },
  );
}

/**
 * The portal's role credentials of the permission set in one account (GetRoleCredentials,
 * once, now), and a provider that hands them out and gets new ones before they expire.
 * Transient faults (throttling, 5xx) are retried until the account's deadline.
 */
function portalRoleCredentials(
  portal: IdentityCenterPortal,
  accountId: string,
  signal?: AbortSignal,
): AccountCredentials {
  const roleName = portal.permissionSet;
  const request = (accessToken: string) =>
    portal.client.send(
      new GetRoleCredentialsCommand({ accessToken, accountId, roleName }),
      signal === undefined ? undefined : { abortSignal: signal },
    );
  const fetch = async (): Promise<Obtained> => {
    let got;
    try {
      got = await obtain(() => portal.attempt(request), portal.retry(signal));
    } catch (error) {
      throw explainNoAccess(error, roleName, accountId);
    }
    const c = got.answer.roleCredentials;
    if (!c?.accessKeyId || !c.secretAccessKey) {
      throw new Error(`sso:GetRoleCredentials returned no credentials for account ${accountId}`);
    }
    return {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      ...(c.sessionToken === undefined ? {} : { sessionToken: c.sessionToken }),
      ...(c.expiration === undefined ? {} : { expiration: new Date(c.expiration) }),
      accountId,
      obtained: got.obtained,
    };
  };
  return refreshing(fetch);
}

/** Credentials from the Identity Center portal: one GetRoleCredentials per account. */
export function identityCenterCredentials(portal: IdentityCenterPortal): CredentialSource {
  return { forAccount: (accountId, signal) => portalRoleCredentials(portal, accountId, signal) };
}
