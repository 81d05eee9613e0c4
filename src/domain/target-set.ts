import { createHash } from "node:crypto";

/** The fingerprint of a whole target set (every shard's accounts × regions). */
export interface TargetSetFingerprint {
  /** SHA-256 (hex) of the sorted pairs, one `ID<TAB>REGION<LF>` line each (`ID<LF>` without regions). */
  sha256: string;
  /** Account × region pairs in the set (accounts, without regions). */
  size: number;
}

/**
 * The fingerprint of the target set `accountIds` × `regions` (sorted, duplicates dropped):
 * shards that hash the same set saw the same organization and regions. `regions` `null`: the
 * regions depend on each account (`"enabled"`, a function) and only the accounts are hashed.
 * @example targetSetFingerprint(["111122223333"], ["eu-west-1"]).size // 1
 */
export function targetSetFingerprint(
  accountIds: Iterable<string>,
  regions: Iterable<string> | null,
): TargetSetFingerprint {
  const ids = [...new Set(accountIds)].sort();
  const names = regions === null ? null : [...new Set(regions)].sort();
  const hash = createHash("sha256");
  if (names === null) for (const id of ids) hash.update(`${id}\n`);
  else for (const id of ids) for (const region of names) hash.update(`${id}\t${region}\n`);
  return {
    sha256: hash.digest("hex"),
    size: names === null ? ids.length : ids.length * names.length,
  };
}
