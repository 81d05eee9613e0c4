import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { partition as sdkPartition } from "@aws-sdk/core/client";
import { CoveError } from "../errors/cove-error.js";

/** A region known to the SDK, with the partition it belongs to. */
export interface KnownRegion {
  name: string;
  partition: string;
}

/** The word that asks for each account's own enabled regions. */
export const ENABLED = "enabled";

let known: KnownRegion[] | undefined;

/**
 * The SDK's partition data (`@aws-sdk/core`'s endpoint rules): every region it knows, with
 * its partition. The SDK exports a per-region lookup (`partition()`) but not the list, so
 * the list is read from the same data file; should that ever move, the lookup is probed.
 */
export function knownRegions(): KnownRegion[] {
  if (known) return known;
  known = readPartitionData() ?? probePartitionData();
  return known;
}

function readPartitionData(): KnownRegion[] | undefined {
  try {
    const file = createRequire(import.meta.url).resolve("@aws-sdk/core/client");
    const text = readFileSync(file, "utf8");
    const start = text.indexOf("const partitionsInfo = {");
    if (start < 0) return undefined;
    const from = text.indexOf("{", start);
    const to = text.indexOf("\n};", from);
    const data = JSON.parse(text.slice(from, to + 2)) as {
      partitions: { id: string; regions: Record<string, unknown> }[];
    };
    const out: KnownRegion[] = [];
    for (const p of data.partitions) {
      for (const name of Object.keys(p.regions)) {
        // Pseudo-regions such as "aws-global" are endpoint aliases, not places to run.
        if (/-\d+$/.test(name)) out.push({ name, partition: p.id });
      }
    }
    return out.length > 0 ? out : undefined;
  } catch {
    return undefined;
  }
}

function probePartitionData(): KnownRegion[] {
  const prefixes = [
    "us",
    "eu",
    "ap",
    "sa",
    "ca",
    "me",
    "af",
    "il",
    "mx",
    "cn",
    "us-gov",
    "us-iso",
    "us-isob",
    "eu-isoe",
    "us-isof",
    "eusc-de",
  ];
  const directions = [
    "north",
    "south",
    "east",
    "west",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
  ];
  const out: KnownRegion[] = [];
  for (const p of prefixes) {
    for (const d of directions) {
      for (let n = 1; n <= 9; n++) {
        const name = `${p}-${d}-${n}`;
        const info = sdkPartition(name) as { name: string; description?: string };
        if (info.description !== undefined) out.push({ name, partition: info.name });
      }
    }
  }
  return out;
}

/** The partition a known region belongs to, or `undefined` for an unknown name. */
export function partitionOfRegion(name: string): string | undefined {
  return knownRegions().find((r) => r.name === name)?.partition;
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

/** Known regions matching a glob, optionally within one partition. */
export function matchRegions(glob: string, partition?: string): string[] {
  const re = globToRegExp(glob);
  return knownRegions()
    .filter((r) => (partition === undefined || r.partition === partition) && re.test(r.name))
    .map((r) => r.name);
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
  for (const r of knownRegions()) {
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
    if (matchRegions(entry).length === 0) {
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

/** Names and patterns of a region list, expanded within a partition (order kept, no repeats). */
export function expandRegions(
  entries: readonly string[],
  partition: string,
  option: string,
): string[] {
  const out = new Set<string>();
  for (const entry of entries) {
    if (entry === ENABLED) continue;
    if (isPattern(entry)) {
      for (const r of matchRegions(entry, partition)) out.add(r);
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

/** Whether a region is removed by an `ignoreRegions` list (names or patterns). */
export function regionIgnored(region: string, ignore: readonly string[]): boolean {
  return ignore.some((entry) =>
    isPattern(entry) ? globToRegExp(entry).test(region) : entry === region,
  );
}
