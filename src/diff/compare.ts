import { comparable } from "./normalize.js";
import type { ResolvedDiffOptions } from "./options.js";
import { ACCOUNT_KEYS, type AccountMeta, type PairEntry, type RunIndex } from "./run-index.js";
import { diffValues } from "./structure.js";
import type { AccountChange, RunChange, RunDiff, RunList, RunSide } from "./types.js";

/** A `changed` pair whose paths are still to be found, with where its two records are. */
export interface PendingChange<B, N> {
  change: RunChange;
  base: B;
  next: N;
}

const side = (e: PairEntry<unknown>): RunSide =>
  e.cause === undefined ? { list: e.list } : { list: e.list, cause: e.cause };

/** Every pair of both sides, ordered by account id, then region. */
function allPairs(base: RunIndex<unknown>, next: RunIndex<unknown>): [string, string][] {
  const keys = new Set([...base.pairs.keys(), ...next.pairs.keys()]);
  return [...keys]
    .map((k) => k.split("\t") as [string, string])
    .sort(([a, r], [b, s]) => (a < b ? -1 : a > b ? 1 : r < s ? -1 : r > s ? 1 : 0));
}

/** A text field of an account, the next side's first. */
function accountText(
  key: "Name" | "OuPath",
  ...metas: (AccountMeta | undefined)[]
): string | undefined {
  for (const meta of metas) if (typeof meta?.[key] === "string") return meta[key];
  return undefined;
}

/** The change of one pair, or `undefined` when unchanged. */
function pairChange(
  id: string,
  region: string,
  [b, n]: [PairEntry<unknown> | undefined, PairEntry<unknown> | undefined],
  metas: (AccountMeta | undefined)[],
): RunChange | undefined {
  const kind: RunChange["kind"] | undefined = !b
    ? "new"
    : !n
      ? "gone"
      : b.list !== n.list
        ? "outcome-changed"
        : b.digest !== n.digest
          ? "changed"
          : undefined;
  if (kind === undefined) return undefined;
  const change = { kind, Id: id } as RunChange;
  const name = accountText("Name", ...metas);
  const ou = accountText("OuPath", ...metas);
  if (name !== undefined) change.Name = name;
  if (ou !== undefined) change.OuPath = ou;
  change.Region = region;
  if (b) change.before = side(b);
  if (n) change.after = side(n);
  return change;
}

/** Accounts on both sides whose metadata differs (fields both sides know). */
function accountChanges(
  base: RunIndex<unknown>,
  next: RunIndex<unknown>,
  options: ResolvedDiffOptions,
): AccountChange[] {
  const out: AccountChange[] = [];
  for (const id of [...next.accounts.keys()].sort()) {
    const after = next.accounts.get(id) ?? {};
    const before = base.accounts.get(id);
    if (!before) continue;
    const a: Record<string, unknown> = {};
    const b: Record<string, unknown> = {};
    for (const key of ACCOUNT_KEYS) {
      if (before[key] === undefined || after[key] === undefined) continue;
      a[key] = before[key];
      b[key] = after[key];
    }
    const { paths } = diffValues(a, b, { ...options.limits, maxPaths: Infinity });
    if (paths.length === 0) continue;
    const name = accountText("Name", after, before);
    out.push({ Id: id, ...(name === undefined ? {} : { Name: name }), changes: paths });
  }
  return out;
}

/**
 * Compares two sides: the kind of every pair, the accounts that changed, and the `changed`
 * pairs whose paths need their two records (see {@link fillChange}).
 */
export function compareIndexes<B, N>(
  base: RunIndex<B>,
  next: RunIndex<N>,
  options: ResolvedDiffOptions,
): { diff: RunDiff; pending: PendingChange<B, N>[] } {
  const counts = { new: 0, gone: 0, "outcome-changed": 0, changed: 0, unchanged: 0 };
  const changes: RunChange[] = [];
  const pending: PendingChange<B, N>[] = [];
  for (const [id, region] of allPairs(base, next)) {
    const key = `${id}\t${region}`;
    const b = base.pairs.get(key);
    const n = next.pairs.get(key);
    const change = pairChange(id, region, [b, n], [next.accounts.get(id), base.accounts.get(id)]);
    if (!change) {
      counts.unchanged++;
      continue;
    }
    counts[change.kind]++;
    changes.push(change);
    if (change.kind === "changed" && b && n) pending.push({ change, base: b.ref, next: n.ref });
  }
  return { diff: { counts, changes, accounts: accountChanges(base, next, options) }, pending };
}

/** Fills a `changed` pair's paths from its two records. */
export function fillChange(
  change: RunChange,
  list: RunList,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  options: ResolvedDiffOptions,
): void {
  const { matchers: m, exec } = options;
  let a = comparable(list, before, m, exec);
  let b = comparable(list, after, m, exec);
  if (a.stdout !== b.stdout && a.stdout !== undefined && b.stdout !== undefined) {
    a = comparable(list, before, m, exec, "lines");
    b = comparable(list, after, m, exec, "lines");
  }
  const lines = a.stdout === "lines" && b.stdout === "lines";
  const { paths, more } = diffValues(a.value, b.value, { ...options.limits, lines });
  change.paths = paths;
  if (more > 0) change.morePaths = more;
}
