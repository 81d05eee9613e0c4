import {
  DescribeAccountCommand,
  OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListParents,
  paginateListRoots,
  paginateListTagsForResource,
  type Account,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from "@aws-sdk/client-organizations";
import type { Command } from "@smithy/types";
import { awsErrorName } from "../errors/describe.js";
import { organizationIdFromArn } from "../domain/ids.js";
import { deadlines } from "../aws/deadlines.js";
import { clientSendingThrough } from "../aws/paging.js";
import { limitedDoor } from "../aws/door.js";
import { breakerFor } from "../aws/transient.js";
import type { AccountInfo } from "../types.js";

/** Organizations calls in flight at once during discovery (it is a low-rate API). */
export const ORG_CONCURRENCY = 8;

/** The resolved-config type the Organizations client's `send` expects of a command. */
type SendConfig =
  Parameters<OrganizationsClient["send"]>[0] extends Command<
    ServiceInputTypes,
    ServiceInputTypes,
    ServiceOutputTypes,
    ServiceOutputTypes,
    infer C
  >
    ? C
    : never;

/** Any Organizations command (`new ListRootsCommand({})`, …). */
export type OrganizationsCommand<
  I extends ServiceInputTypes,
  O extends ServiceOutputTypes,
> = Command<ServiceInputTypes, I, ServiceOutputTypes, O, SendConfig>;

/** A child OU of a root or OU: its id and name. */
export interface ChildOu {
  id: string;
  /** The OU's name (its id when Organizations gave none). */
  name: string;
}

/** Pages of accounts, as Organizations lists them. */
export type AccountPages = AsyncGenerator<Account[], void>;

/** The Organizations reads of one discovery; every request goes through {@link send}. */
export interface Organizations {
  /**
   * The one door of every Organizations request of a discovery (the paginators' pages too):
   * at most {@link ORG_CONCURRENCY} in flight, aborted with the discovery. A per-call deadline
   * and a transient-fault retry belong here, and nowhere else.
   */
  send<I extends ServiceInputTypes, O extends ServiceOutputTypes>(
    command: OrganizationsCommand<I, O>,
  ): Promise<O>;
  /** Every account of the organization, page by page (`ListAccounts`). */
  listAccounts(): AccountPages;
  /** Accounts directly in a root or OU, page by page (`ListAccountsForParent`). */
  listAccountsIn(parentId: string): AccountPages;
  /** Every child OU of a root or OU (`ListOrganizationalUnitsForParent`, all pages). */
  listChildOus(parentId: string): Promise<ChildOu[]>;
  /** Ids of the organization's roots (`ListRoots`). */
  listRootIds(): Promise<string[]>;
  /** An account's Organizations tags, key → value (`ListTagsForResource`, all pages). */
  readTags(accountId: string): Promise<Record<string, string>>;
  /** The id of an account's parent root or OU (`ListParents`). */
  parentOf(accountId: string): Promise<string | undefined>;
  /** An account's metadata, `undefined` when it is not a member (`DescribeAccount`). */
  describeAccount(accountId: string): Promise<Account | undefined>;
}

/** Our account record from an Organizations `Account`. */
export function toAccountInfo(a: Account): AccountInfo {
  return {
    Id: a.Id ?? "",
    Name: a.Name,
    Email: a.Email,
    Arn: a.Arn,
    Status: a.State ?? a.Status,
    State: a.State,
    OrganizationId: organizationIdFromArn(a.Arn),
  };
}

/** Every item of every page, collected. */
async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[]): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...items(page));
  return out;
}

/**
 * Organizations reads for one discovery over `client`: SDK paginators for listings, at most
 * `concurrency` requests in flight, each aborted by `signal`.
 */
export function connectOrganizations(
  client: OrganizationsClient,
  signal: AbortSignal,
  concurrency = ORG_CONCURRENCY,
): Organizations {
  const door = limitedDoor(concurrency, signal);
  const breaker = breakerFor(client);
  // Transient faults (throttling, 5xx, resets, timeouts) are retried until the deadline.
  const send: Organizations["send"] = (command) =>
    door(() => client.send(command, { abortSignal: signal }), {
      deadlineMs: deadlines().retryMs,
      signal,
      breaker,
    });
  const paging = { client: clientSendingThrough(client, send) };

  return {
    send,
    async *listAccounts() {
      for await (const page of paginateListAccounts(paging, {})) yield page.Accounts ?? [];
    },
    async *listAccountsIn(ParentId) {
      for await (const page of paginateListAccountsForParent(paging, { ParentId }))
        yield page.Accounts ?? [];
    },
    listChildOus: (ParentId) =>
      collect(paginateListOrganizationalUnitsForParent(paging, { ParentId }), (page) =>
        (page.OrganizationalUnits ?? []).flatMap((o) =>
          o.Id ? [{ id: o.Id, name: o.Name ?? o.Id }] : [],
        ),
      ),
    listRootIds: () =>
      collect(paginateListRoots(paging, {}), (page) =>
        (page.Roots ?? []).flatMap((r) => (r.Id ? [r.Id] : [])),
      ),
    async readTags(ResourceId) {
      const tags = await collect(
        paginateListTagsForResource(paging, { ResourceId }),
        (page) => page.Tags ?? [],
      );
      return Object.fromEntries(
        tags.flatMap((t) => (t.Key === undefined ? [] : [[t.Key, t.Value ?? ""]])),
      );
    },
    async parentOf(ChildId) {
      // An account has exactly one parent: the first page says it.
      for await (const page of paginateListParents(paging, { ChildId }))
        return page.Parents?.[0]?.Id;
      return undefined;
    },
    async describeAccount(AccountId) {
      try {
        return (await send(new DescribeAccountCommand({ AccountId }))).Account;
      } catch (error) {
        if (awsErrorName(error) === "AccountNotFoundException") return undefined;
        throw error;
      }
    },
  };
}
