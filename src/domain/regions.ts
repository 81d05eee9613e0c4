import { partition as sdkPartition } from "@aws-sdk/core/client";
import { CoveError } from "../errors/cove-error.js";
import { isRegionName } from "./region-name.js";
// The regions globs expand to and suggestions come from: the project's snapshot of the SDK's
// partition data (`npm run update-regions` refreshes it; a unit test fails when it is stale).
import { REGIONS } from "./regions-snapshot.js";

/** A region known to the SDK, with the partition it belongs to. */
export interface KnownRegion {
  name: string;
  partition: string;
  /**
   * Opt-in: disabled until an account enables it (regions of the `aws` partition launched after
   * March 20, 2019). Globs leave these out.
   */
  optIn: boolean;
}

/** The word that asks for each account's own enabled regions. */
export const ENABLED = "enabled";

export { isRegionName } from "./region-name.js";

/**
 * The partition a region name belongs to, or `undefined` for a name the SDK does not know.
 * Asked of the SDK's public `partition()` lookup, so an exact name works as soon as the
 * installed SDK knows it, snapshot or not.
 */
export function partitionOfRegion(name: string): string | undefined {
  if (!isRegionName(name)) return undefined;
  const info = sdkPartition(name) as { name: string; description?: string };
  if (info.description !== undefined) return info.name;
  return REGIONS.find((r) => r.name === name)?.partition;
}

/** Whether an entry is a glob pattern (`*` or `?`). */
export function isPattern(entry: string): boolean {
  return /[*?]/.test(entry);
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\-]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

/** How a glob expands. */
export interface GlobScope {
  /** Include opt-in regions (to filter an account's enabled regions). @default false */
  optIn?: boolean;
}

/**
 * Known regions matching a glob, optionally within one partition. Opt-in regions are left out
 * unless asked for: an account that has not enabled one fails there.
 */
export function matchRegions(glob: string, partition?: string, scope: GlobScope = {}): string[] {
  const re = globToRegExp(glob);
  return REGIONS.filter(
    (r) =>
      (partition === undefined || r.partition === partition) &&
      (scope.optIn === true || !r.optIn) &&
      re.test(r.name),
  ).map((r) => r.name);
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The known region closest to a misspelled name. */
export function closestRegion(name: string): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const r of REGIONS) {
    const d = distance(name.toLowerCase(), r.name);
    if (!best || d < best.d) best = { name: r.name, d };
  }
  return best?.name;
}

/** INVALID_REGION for an unknown name, with the closest known one. */
export function unknownRegion(name: string, option: string): CoveError {
  const hint = closestRegion(name);
  return new CoveError(
    "INVALID_REGION",
    `${option}: "${name}" is not a region the AWS SDK knows${hint ? ` — did you mean "${hint}"?` : ""}`,
    { ids: [name], option },
  );
}

/**
 * Checks one `regions`/`ignoreRegions` entry before any AWS call: a known region name, a glob
 * that matches at least one known region, or (where allowed) `"enabled"`.
 */
export function checkRegionEntry(entry: string, option: string, allowEnabled: boolean): void {
  if (entry === ENABLED && allowEnabled) return;
  if (isPattern(entry)) {
    if (matchRegions(entry, undefined, { optIn: true }).length === 0) {
      throw new CoveError(
        "INVALID_REGION",
        `${option}: the pattern "${entry}" matches no region the AWS SDK knows.`,
        {
          ids: [entry],
          option,
        },
      );
    }
    return;
  }
  if (partitionOfRegion(entry) === undefined) throw unknownRegion(entry, option);
}

/**
 * Checks a `regions` list before any AWS call: each entry as {@link checkRegionEntry} does,
 * and, without `"enabled"`, each glob must match a region enabled by default.
 */
export function checkRegionList(entries: readonly string[], option: string): void {
  const filtersEnabled = entries.includes(ENABLED);
  entries.forEach((entry, i) => {
    checkRegionEntry(entry, `${option}[${i}]`, true);
    if (!filtersEnabled && isPattern(entry) && matchRegions(entry).length === 0) {
      throw onlyOptIn(entry, `${option}[${i}]`);
    }
  });
}

function onlyOptIn(entry: string, option: string): CoveError {
  const names = matchRegions(entry, undefined, { optIn: true });
  return new CoveError(
    "INVALID_REGION",
    `${option}: the pattern "${entry}" matches only opt-in regions (${names.join(", ")}), which ` +
      `patterns leave out (accounts that have not enabled them fail there). Name them, or write ` +
      `["enabled", "${entry}"] to run where each account has enabled them.`,
    { ids: [entry], option },
  );
}

/**
 * Names and patterns of a region list, expanded within a partition (order kept, no repeats).
 * Patterns expand to the regions enabled by default unless `scope.optIn`.
 */
export function expandRegions(
  entries: readonly string[],
  partition: string,
  option: string,
  scope: GlobScope = {},
): string[] {
  const out = new Set<string>();
  for (const entry of entries) {
    if (entry === ENABLED) continue;
    if (isPattern(entry)) {
      for (const r of matchRegions(entry, partition, scope)) out.add(r);
      continue;
    }
    const p = partitionOfRegion(entry);
    if (p === undefined) throw unknownRegion(entry, option);
    if (p !== partition) {
      throw new CoveError(
        "INVALID_REGION",
        `${option}: region "${entry}" is in partition ${p}, but the calling account is in partition ${partition}.`,
        { ids: [entry], option },
      );
    }
    out.add(entry);
  }
  return [...out];
}

/**
 * Whether a region is removed by an `ignoreRegions` list (names or patterns), as a test
 * compiled once: a plan applies it to every account's regions.
 */
export function ignoredBy(ignore: readonly string[]): (region: string) => boolean {
  const tests = ignore.map((entry) => {
    if (!isPattern(entry)) return (region: string) => region === entry;
    const re = globToRegExp(entry);
    return (region: string) => re.test(region);
  });
  return (region) => tests.some((test) => test(region));
}

/** Whether a region is removed by an `ignoreRegions` list (names or patterns). */
export function regionIgnored(region: string, ignore: readonly string[]): boolean {
  return ignoredBy(ignore)(region);
}
