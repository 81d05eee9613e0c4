import {
  DescribeAccountCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  type Account,
} from "@aws-sdk/client-organizations";
import { linkedController } from "../util/abort.js";
import { createLimiter } from "../util/limiter.js";
import { Channel } from "../util/queue.js";
import { CoveError } from "../errors/cove-error.js";
import { awsErrorName, describeError } from "../errors/describe.js";
import type { Hub } from "../aws/hub.js";
import { shardOf } from "../domain/shard.js";
import { organizationIdFromArn, type ClassifiedIds } from "../domain/ids.js";
import type { SelectionOptions } from "../options/index.js";
import type { AccountInfo, Shard } from "../types.js";

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
}

/** Organizations calls in flight at once during discovery (it is a low-rate API). */
const ORG_CONCURRENCY = 8;
/** Up to this many explicit account ids are looked up one by one; above, ListAccounts. */
const DESCRIBE_LIMIT = 20;

const UNAVAILABLE = new Set([
  "AccessDeniedException",
  "AccessDenied",
  "AWSOrganizationsNotInUseException",
  "UnrecognizedClientException",
]);
const NOT_FOUND = new Set([
  "ParentNotFoundException",
  "OrganizationalUnitNotFoundException",
  "TargetNotFoundException",
  "ChildNotFoundException",
]);

type Page<T> = { items: T[]; next: string | undefined };

/** Reads every page of a paginated call as an async iterator. */
async function* pages<T>(
  fetch: (token: string | undefined) => Promise<Page<T>>,
): AsyncGenerator<T[]> {
  let token: string | undefined;
  do {
    const page = await fetch(token);
    yield page.items;
    token = page.next;
  } while (token);
}

/** Account metadata from an Organizations `Account`. */
function toAccountInfo(a: Account): AccountInfo {
  return {
    Id: a.Id ?? "",
    Name: a.Name,
    Email: a.Email,
    Arn: a.Arn,
    Status: a.State ?? a.Status,
    OrganizationId: organizationIdFromArn(a.Arn),
  };
}

/** Turns an Organizations error into the CoveError the user should see. */
function orgError(error: unknown, ids: readonly string[], what: string): unknown {
  if (error instanceof CoveError) return error;
  const name = awsErrorName(error);
  if (name !== undefined && NOT_FOUND.has(name)) {
    return new CoveError(
      "TARGET_NOT_FOUND",
      `${what} ${ids.join(", ")} does not exist in the organization.`,
      {
        ids,
        cause: error,
      },
    );
  }
  if (name !== undefined && UNAVAILABLE.has(name)) {
    return new CoveError(
      "ORGANIZATIONS_UNAVAILABLE",
      `AWS Organizations cannot be read from this account (${describeError(error)}). ` +
        "Run from the management account or a delegated administrator, or pass explicit account ids in targetIds.",
      { ids, cause: error },
    );
  }
  return new CoveError(
    "DISCOVERY_FAILED",
    `Listing ${what} ${ids.join(", ")} failed: ${describeError(error)}`,
    {
      ids,
      cause: error,
    },
  );
}

/** Starts listing the targets of a call. */
export function discoverTargets(
  hub: Hub,
  options: SelectionOptions,
  signal: AbortSignal | undefined,
): Discovery {
  const org = hub.organizations;
  const limit = createLimiter(ORG_CONCURRENCY);
  // Discovery's own signal: it follows the caller's, and a failure stops the calls still queued.
  const { controller: discovery, unlink } = linkedController(signal);
  const opts = { abortSignal: discovery.signal };

  const listAll = () =>
    pages<Account>(async (NextToken) => {
      const r = await limit(() => org.send(new ListAccountsCommand({ NextToken }), opts));
      return { items: r.Accounts ?? [], next: r.NextToken };
    });
  const listForParent = (ParentId: string) =>
    pages<Account>(async (NextToken) => {
      const r = await limit(() =>
        org.send(new ListAccountsForParentCommand({ ParentId, NextToken }), opts),
      );
      return { items: r.Accounts ?? [], next: r.NextToken };
    });
  const listChildOus = (ParentId: string) =>
    pages<string>(async (NextToken) => {
      const r = await limit(() =>
        org.send(new ListOrganizationalUnitsForParentCommand({ ParentId, NextToken }), opts),
      );
      return {
        items: (r.OrganizationalUnits ?? []).flatMap((o) => (o.Id ? [o.Id] : [])),
        next: r.NextToken,
      };
    });

  /** Walks an OU subtree, child OUs concurrently; the first page of `first` is already read. */
  async function walkOu(
    ou: string,
    onAccounts: (a: Account[], parent: string) => void,
    first?: AsyncGenerator<Account[]>,
  ) {
    const children: Promise<void>[] = [];
    const accountsPart = (async () => {
      for await (const page of first ?? listForParent(ou)) onAccounts(page, ou);
    })();
    const childPart = (async () => {
      for await (const page of listChildOus(ou)) {
        for (const child of page) {
          const walk = walkOu(child, onAccounts);
          walk.catch(() => {}); // observed below through Promise.all
          children.push(walk);
        }
      }
    })();
    await Promise.all([accountsPart, childPart]);
    await Promise.all(children);
  }

  /** Ids of the organization's roots. */
  async function listRootIds(): Promise<string[]> {
    const found: string[] = [];
    for await (const page of pages<string>(async (NextToken) => {
      const r = await limit(() => org.send(new ListRootsCommand({ NextToken }), opts));
      return { items: (r.Roots ?? []).flatMap((x) => (x.Id ? [x.Id] : [])), next: r.NextToken };
    })) {
      found.push(...page);
    }
    return found;
  }

  /** OU id → path (`/A/B`; roots are `/`), walking OUs only (one call per OU), concurrently. */
  async function readOuTree(): Promise<Map<string, string>> {
    const paths = new Map<string, string>();
    const walk = async (parent: string, path: string): Promise<void> => {
      paths.set(parent, path);
      const children: Promise<void>[] = [];
      for await (const page of pages<{ id: string; name: string }>(async (NextToken) => {
        const r = await limit(() =>
          org.send(
            new ListOrganizationalUnitsForParentCommand({ ParentId: parent, NextToken }),
            opts,
          ),
        );
        const items = (r.OrganizationalUnits ?? []).flatMap((o) =>
          o.Id ? [{ id: o.Id, name: o.Name ?? o.Id }] : [],
        );
        return { items, next: r.NextToken };
      })) {
        for (const child of page)
          children.push(walk(child.id, path === "/" ? `/${child.name}` : `${path}/${child.name}`));
      }
      await Promise.all(children);
    };
    try {
      await Promise.all((await listRootIds()).map((root) => walk(root, "/")));
    } catch (error) {
      throw orgError(error, [], "the OU tree of the organization");
    }
    return paths;
  }

  /** Replaces OU paths in an id list by the ids they name. */
  function resolvePaths(ids: ClassifiedIds, tree: Map<string, string>, option: string): void {
    if (ids.paths.length === 0) return;
    const byPath = new Map<string, string>();
    for (const [id, path] of tree)
      if (!byPath.has(path) || id.startsWith("r-")) byPath.set(path, id);
    const missing = ids.paths.filter((p) => !byPath.has(p));
    if (missing.length > 0) {
      throw new CoveError(
        "TARGET_NOT_FOUND",
        `${option}: OU path ${missing.join(", ")} does not exist in the organization.`,
        {
          ids: missing,
          option,
        },
      );
    }
    for (const p of ids.paths) {
      const id = byPath.get(p)!;
      (id.startsWith("r-") ? ids.roots : ids.ous).push(id);
    }
    ids.paths = [];
  }

  /** Organizations tags of an account (one paginated call per account, once per run). */
  async function readTags(accountId: string): Promise<Record<string, string>> {
    const tags: Record<string, string> = {};
    try {
      for await (const page of pages<{ Key?: string; Value?: string }>(async (NextToken) => {
        const r = await limit(() =>
          org.send(new ListTagsForResourceCommand({ ResourceId: accountId, NextToken }), opts),
        );
        return { items: r.Tags ?? [], next: r.NextToken };
      })) {
        for (const t of page) if (t.Key !== undefined) tags[t.Key] = t.Value ?? "";
      }
    } catch (error) {
      throw orgError(error, [accountId], "the tags of account");
    }
    return tags;
  }

  /** OU path of an explicitly targeted account (one ListParents call). */
  async function pathOfAccount(
    accountId: string,
    tree: Map<string, string>,
  ): Promise<string | undefined> {
    try {
      const r = await limit(() => org.send(new ListParentsCommand({ ChildId: accountId }), opts));
      const parent = r.Parents?.[0]?.Id;
      return parent === undefined ? undefined : tree.get(parent);
    } catch (error) {
      throw orgError(error, [accountId], "the parent of account");
    }
  }

  /** Checks that root ids exist. */
  async function checkRoots(roots: readonly string[]): Promise<void> {
    if (roots.length === 0) return;
    let known: string[];
    try {
      known = await listRootIds();
    } catch (error) {
      throw orgError(error, roots, "root");
    }
    const missing = roots.filter((r) => !known.includes(r));
    if (missing.length > 0) {
      throw new CoveError(
        "TARGET_NOT_FOUND",
        `root ${missing.join(", ")} does not exist in the organization.`,
        {
          ids: missing,
        },
      );
    }
  }

  /** Every account id below the ignored OUs and roots. */
  async function expandIgnores(): Promise<Set<string>> {
    const ignored = new Set<string>([hub.accountId, ...options.ignores.accounts]);
    const add = (accounts: Account[]) => accounts.forEach((a) => a.Id && ignored.add(a.Id));
    const { ous, roots } = options.ignores;
    await checkRoots(roots);
    await Promise.all([
      ...ous.map((ou) =>
        walkOu(ou, add).catch((e: unknown) => Promise.reject(orgError(e, [ou], "OU"))),
      ),
      ...(roots.length > 0
        ? [
            (async () => {
              for await (const page of listAll()) add(page);
            })().catch((e: unknown) => Promise.reject(orgError(e, roots, "root"))),
          ]
        : []),
    ]);
    return ignored;
  }

  /** Metadata of explicitly targeted accounts; `undefined` values: Organizations unavailable. */
  async function lookupAccounts(
    ids: readonly string[],
  ): Promise<Map<string, AccountInfo | undefined>> {
    const found = new Map<string, AccountInfo | undefined>();
    if (ids.length === 0) return found;
    try {
      if (ids.length <= DESCRIBE_LIMIT) {
        await Promise.all(
          ids.map(async (AccountId) => {
            try {
              const r = await limit(() =>
                org.send(new DescribeAccountCommand({ AccountId }), opts),
              );
              if (r.Account) found.set(AccountId, toAccountInfo(r.Account));
            } catch (error) {
              if (awsErrorName(error) !== "AccountNotFoundException") throw error;
            }
          }),
        );
      } else {
        const wanted = new Set(ids);
        for await (const page of listAll()) {
          for (const a of page) if (a.Id && wanted.has(a.Id)) found.set(a.Id, toAccountInfo(a));
        }
      }
    } catch (error) {
      const name = awsErrorName(error);
      if (name !== undefined && UNAVAILABLE.has(name)) {
        // Not the management account or a delegated admin: run the explicit ids without metadata.
        return new Map(ids.map((id) => [id, undefined]));
      }
      throw orgError(error, ids, "account");
    }
    const bad = ids.filter((id) => !found.has(id) || found.get(id)?.Status !== "ACTIVE");
    if (bad.length > 0) {
      const states = bad.map((id) => `${id} (${found.get(id)?.Status ?? "not a member"})`);
      throw new CoveError(
        "ACCOUNT_NOT_ACTIVE",
        `targetIds: ${bad.length === 1 ? "account" : "accounts"} ${states.join(", ")} ${bad.length === 1 ? "is" : "are"} not an ACTIVE member of the organization.`,
        { ids: bad, option: "targetIds" },
      );
    }
    return found;
  }

  const channel = new Channel<AccountInfo>();
  const seen = new Set<string>();
  /** Accounts neither ignored nor seen before, whatever their shard. */
  let eligible = 0;
  /** Accounts handed to the runner (in this shard, selected by tags and filter). */
  let pushed = 0;
  let resolveSize!: (n: number) => void;
  let rejectSize!: (e: unknown) => void;
  const size = new Promise<number>((resolve, reject) => {
    resolveSize = resolve;
    rejectSize = reject;
  });
  size.catch(() => {});
  /** The first failure wins: what it aborts must not replace it. */
  let failure: { error: unknown } | undefined;
  const fail = (error: unknown) => {
    if (failure) return;
    failure = { error };
    discovery.abort(error);
    unlink();
    channel.fail(error);
    rejectSize(error);
  };
  let ignored = new Set<string>();
  const shard: Shard | undefined = options.shard;

  const tagRule = options.tags;
  const filter = options.filter;
  /** OU id → path, when paths are needed (a filter, or OU paths among the ids). */
  let ouTree: Map<string, string> | undefined;
  /** Selections (tags read, filter run) still in progress. */
  const selecting = new Set<Promise<void>>();

  const matchesTags = (tags: Record<string, string>) =>
    [...tagRule!].every(([key, values]) => tags[key] !== undefined && values.has(tags[key]!));

  /** Reads what selection needs, applies tags and filter, then hands the account on. */
  const select = async (info: AccountInfo) => {
    if (discovery.signal.aborted) return;
    if (tagRule || filter) info.Tags = await readTags(info.Id);
    if (tagRule && !matchesTags(info.Tags!)) return;
    if (filter) {
      let keep: boolean;
      try {
        keep = await filter({ ...info });
      } catch (error) {
        throw new CoveError(
          "DISCOVERY_FAILED",
          `The filter option threw for account ${info.Id}: ${describeError(error)}`,
          {
            ids: [info.Id],
            option: "filter",
            cause: error,
          },
        );
      }
      if (!keep) return;
    }
    pushed++;
    channel.push(info);
  };

  /** Emits an account once, if it is not ignored, in this shard and selected. */
  const emit = (info: AccountInfo) => {
    if (seen.has(info.Id) || ignored.has(info.Id)) return;
    seen.add(info.Id);
    eligible++;
    if (shard && shardOf(info.Id, shard.count) !== shard.index) return;
    if (!tagRule && !filter) {
      pushed++;
      channel.push(info);
      return;
    }
    const job = select(info);
    selecting.add(job);
    // A failed selection (tags unreadable, the filter threw) fails discovery at once.
    job.then(() => selecting.delete(job), fail);
  };
  /** Emits the ACTIVE accounts of a listing page (others are skipped, not errors). */
  const emitListed = (accounts: Account[], parent?: string) => {
    const path = parent === undefined ? undefined : ouTree?.get(parent);
    for (const a of accounts) {
      if (!a.Id) continue;
      const info = toAccountInfo(a);
      if (path !== undefined) info.OuPath = path;
      if (info.Status === "ACTIVE") emit(info);
    }
  };

  let markReady!: () => void;
  let failReady!: (e: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  // The caller always awaits `ready`; this only keeps an unawaited copy from being reported.
  ready.catch(() => {});

  (async () => {
    const targets = options.targets;
    const streams: Promise<void>[] = [];
    const needPaths =
      options.ouPaths ||
      filter !== undefined ||
      options.ignores.paths.length > 0 ||
      (targets?.paths.length ?? 0) > 0;
    try {
      if (options.accounts) {
        // A resolved list (e.g. cached): no Organizations call; the calling account still out.
        ignored = new Set([hub.accountId]);
        for (const account of options.accounts) emit(account);
      } else {
        if (needPaths) {
          ouTree = await readOuTree();
          resolvePaths(options.ignores, ouTree, "ignoreIds");
          if (targets) resolvePaths(targets, ouTree, "targetIds");
        }
        ignored = await expandIgnores();
        const walkWhole = async (what: string, ids: readonly string[]) => {
          // With paths wanted, walk the tree (a call per OU); otherwise ListAccounts pages.
          if (ouTree) {
            // Organizations answered for the OU tree already: the walk can stream.
            const roots = [...ouTree].filter(([id]) => id.startsWith("r-")).map(([id]) => id);
            streams.push(
              Promise.all(roots.map((root) => walkOu(root, emitListed))).then(
                () => undefined,
                (e: unknown) => Promise.reject(orgError(e, ids, what)),
              ),
            );
            return;
          }
          const all = listAll();
          const first = await all
            .next()
            .catch((e: unknown) => Promise.reject(orgError(e, ids, what)));
          if (!first.done) emitListed(first.value);
          streams.push(
            (async () => {
              for await (const page of all) emitListed(page);
            })().catch((e: unknown) => Promise.reject(orgError(e, ids, what))),
          );
        };
        if (targets === undefined) {
          await walkWhole("the organization", []);
        } else {
          const [explicit] = await Promise.all([
            lookupAccounts(targets.accounts),
            checkRoots(targets.roots),
          ]);
          const firstOuPages = await Promise.all(
            targets.ous.map(async (ou) => {
              const gen = listForParent(ou);
              try {
                return { ou, gen, first: await gen.next() };
              } catch (error) {
                throw orgError(error, [ou], "OU");
              }
            }),
          );
          // OU paths of explicit accounts (when wanted): one ListParents each, concurrently.
          const tree = ouTree;
          const paths = await Promise.all(
            targets.accounts.map((id) =>
              tree && explicit.get(id) !== undefined && !ignored.has(id)
                ? pathOfAccount(id, tree)
                : undefined,
            ),
          );
          targets.accounts.forEach((id, i) => {
            const info = explicit.get(id) ?? { Id: id };
            if (paths[i] !== undefined) info.OuPath = paths[i];
            emit(info);
          });
          for (const { ou, gen, first } of firstOuPages) {
            if (!first.done) emitListed(first.value, ou);
            streams.push(
              walkOu(ou, emitListed, gen).catch((e: unknown) =>
                Promise.reject(orgError(e, [ou], "OU")),
              ),
            );
          }
          if (targets.roots.length > 0) await walkWhole("root", targets.roots);
        }
      }
    } catch (error) {
      fail(error);
      await Promise.allSettled(streams);
      failReady(failure!.error);
      return;
    }
    if (failure) {
      // A selection failed while the gate was still open: nothing may run.
      failReady(failure.error);
      return;
    }
    markReady();
    try {
      await Promise.all(streams);
      while (selecting.size > 0) await Promise.all(selecting);
    } catch (error) {
      fail(error);
      await Promise.allSettled(streams);
      return;
    }
    if (eligible === 0 || (pushed === 0 && !shard)) {
      fail(
        new CoveError(
          "NO_ELIGIBLE_ACCOUNTS",
          eligible === 0
            ? "No eligible accounts: the targets minus ignoreIds (and the calling account, always left out) leave no ACTIVE account to run in."
            : "No eligible accounts: no targeted account matches the tags and filter options.",
        ),
      );
      return;
    }
    unlink();
    channel.close();
    resolveSize(pushed);
  })();

  return { ready, accounts: channel, size };
}
