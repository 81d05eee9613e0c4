import {
  listTargets,
  shardOf,
  targetSetFingerprint,
  type CoveOptions,
  type Shard,
} from "../../index.js";
import { readsOuPaths } from "../job/ou-paths.js";
import type { JobHeader } from "../job/header.js";

/**
 * What a shard's job header says of the shard (the journal's first line, and the first line
 * of `-o ndjson` output): `shard`, the whole target set before sharding (its fingerprint and
 * size: shards that agree saw the same organization) and this shard's own accounts (so that a
 * merge knows every pair of the set: the shards' accounts together hash to the fingerprint).
 */
export interface ShardManifest {
  shard: Shard;
  targetSet: {
    /** SHA-256 of the sorted account × region pairs of every shard (see `targetSetFingerprint`). */
    sha256: string;
    /** Pairs in the whole set (accounts when `regions` is `null`). */
    size: number;
    /** Accounts in the whole set. */
    accounts: number;
    /** The regions every account runs in; `null` when they depend on each account. */
    regions: string[] | null;
  };
  /** This shard's account ids, sorted. */
  shardAccounts: string[];
}

/** Options with the selection keys that `accounts` replaces left out. */
function withoutSelection(options: CoveOptions): CoveOptions {
  const { targetIds: _t, ignoreIds: _i, tags: _g, shard: _s, ...rest } = options;
  return rest;
}

/** The manifest of shard `shard` of the listed target set. */
export function shardManifest(
  shard: Shard,
  accountIds: readonly string[],
  regions: string[] | null,
): ShardManifest {
  const { sha256, size } = targetSetFingerprint(accountIds, regions);
  const mine = accountIds.filter((id) => shardOf(id, shard.count) === shard.index);
  return {
    shard,
    targetSet: {
      sha256,
      size,
      accounts: new Set(accountIds).size,
      regions: regions === null ? null : [...new Set(regions)].sort(),
    },
    shardAccounts: [...new Set(mine)].sort(),
  };
}

/**
 * A sharded run (`options.shard` set): lists the whole selection first — every shard's
 * accounts, no role assumed, as `cove targets` does — to make the shard's manifest, and
 * returns the options that run this shard on that list (`accounts`: the organization is not
 * listed twice). Without a shard: the options as they are.
 */
export async function withShardManifest(
  options: CoveOptions,
  ouPaths: boolean,
): Promise<{ options: CoveOptions; manifest?: ShardManifest }> {
  const { shard } = options;
  if (shard === undefined) return { options };
  if (typeof shard === "string") throw new Error("the shard is resolved by its flag.");
  const listed = await listTargets({
    ...(options.accounts ? withoutSelection(options) : { ...options, shard: undefined }),
    ...(ouPaths ? { ouPaths: true } : {}),
    progress: false,
  });
  const ids = listed.accounts.map((a) => a.Id);
  const manifest = shardManifest(shard, ids, listed.perAccountRegions ? null : listed.regions);
  return { options: { ...withoutSelection(options), accounts: listed.accounts, shard }, manifest };
}

/** The header fields of a manifest (added to the job header). */
export function manifestFields(manifest: ShardManifest): JobHeader {
  return { ...manifest };
}

/** What a sharded `exec`/`run` adds to its drive: the options, and the header with the manifest. */
export async function planShard(
  options: CoveOptions,
  flags: Record<string, unknown>,
  header: JobHeader,
  journal: { checkManifest(manifest: ShardManifest): Promise<void> } | undefined,
): Promise<{ options: CoveOptions; manifest?: JobHeader }> {
  // The report and the journal keep OU paths: a listed run keeps the paths the listing read.
  const ouPaths =
    flags.ouPaths === true ||
    typeof flags.report === "string" ||
    readsOuPaths({ report: false, journal: journal !== undefined }, options);
  const planned = await withShardManifest(options, ouPaths);
  if (!planned.manifest) return { options };
  await journal?.checkManifest(planned.manifest);
  // The job's header (the journal's and the report's too) carries the manifest.
  Object.assign(header, manifestFields(planned.manifest));
  return { options: planned.options, manifest: header };
}
