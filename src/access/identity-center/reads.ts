import {
  ListAccountsCommand,
  paginateListAccountRoles,
  paginateListAccounts,
  type AccountInfo as PortalAccount,
} from "@aws-sdk/client-sso";
import { limitedDoor } from "../../aws/door.js";
import { clientSendingThrough } from "../../aws/paging.js";
import { CoveError } from "../../errors/cove-error.js";
import { describeError } from "../../errors/describe.js";
import type { AccountInfo } from "../../types.js";
import { isNoAccess, type IdentityCenterPortal } from "./portal.js";

/** Portal reads in flight at once during discovery (the scheduler's GetRoleCredentials aside). */
const PORTAL_CONCURRENCY = 8;

/** The Identity Center portal reads of one discovery. */
export interface IdentityCenterReads {
  /** The permission set the accounts are checked for. */
  permissionSet: string;
  /** The accounts the login reaches, page by page (ListAccounts). */
  listAccounts(): AsyncGenerator<AccountInfo[], void>;
  /** Whether the login has the permission set in an account (ListAccountRoles, until found). */
  hasPermissionSet(accountId: string): Promise<boolean>;
  /** Checks the login with the portal: one ListAccounts request of one account. */
  verify(): Promise<void>;
}

/** Our account record from the portal's: id, name and e-mail (no ARN or state). */
function toAccountInfo(a: PortalAccount): AccountInfo {
  return { Id: a.accountId ?? "", Name: a.accountName, Email: a.emailAddress };
}

/**
 * The portal reads of a discovery: every request (the paginators' pages too) at most
 * {@link PORTAL_CONCURRENCY} in flight, aborted with the discovery, transient faults retried
 * until the deadline, a 401 turned into `SSO_LOGIN_REQUIRED`.
 */
export function identityCenterReads(
  portal: IdentityCenterPortal,
  signal: AbortSignal,
): IdentityCenterReads {
  const door = limitedDoor(PORTAL_CONCURRENCY, signal);
  const send = (command: Parameters<IdentityCenterPortal["client"]["send"]>[0]) =>
    door(
      () => portal.attempt(() => portal.client.send(command, { abortSignal: signal })),
      portal.retry(signal),
    );
  const paging = { client: clientSendingThrough(portal.client, send) };
  const { permissionSet } = portal;
  return {
    permissionSet,
    async *listAccounts() {
      const accessToken = await portal.token();
      for await (const page of paginateListAccounts(paging, { accessToken }))
        yield (page.accountList ?? []).filter((a) => a.accountId).map(toAccountInfo);
    },
    async hasPermissionSet(accountId) {
      const accessToken = await portal.token();
      try {
        for await (const page of paginateListAccountRoles(paging, { accessToken, accountId })) {
          if (page.roleList?.some((r) => r.roleName === permissionSet)) return true;
        }
      } catch (error) {
        if (isNoAccess(error)) return false;
        throw error;
      }
      return false;
    },
    async verify() {
      await send(new ListAccountsCommand({ accessToken: await portal.token(), maxResults: 1 }));
    },
  };
}

/**
 * `work`, its failure turned into `DISCOVERY_FAILED` naming `what` (a `CoveError`, such as
 * `SSO_LOGIN_REQUIRED`, passes as is).
 */
export async function withIdentityCenterError<T>(
  work: Promise<T>,
  what: string,
  ids: readonly string[] = [],
): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof CoveError) throw error;
    throw new CoveError(
      "DISCOVERY_FAILED",
      `Reading ${what} from the IAM Identity Center portal failed: ${describeError(error)}`,
      { ids, cause: error },
    );
  }
}
