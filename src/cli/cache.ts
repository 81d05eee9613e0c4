import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { join } from "node:path";
import { listTargets, type AccountInfo, type CoveOptions } from "../index.js";
import { readEntry, saveEntry, unsafeFolderReason } from "./cache-file.js";

/** Options that decide which accounts a run selects (and so the cache entry). */
const SELECTION_KEYS = [
  "targetIds",
  "ignoreIds",
  "tags",
  "profile",
  "region",
  "partition",
  "shard",
  "identityCenter",
] as const;
/** Environment that decides who the hub is and which endpoint answers. */
const ENVIRONMENT_KEYS = [
  "AWS_PROFILE",
  "AWS_ACCESS_KEY_ID",
  "AWS_ENDPOINT_URL",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
];

/** Where cached account lists live: `$COVE_CACHE_DIR`, else `$XDG_CACHE_HOME/botocove`, else `~/.cache/botocove`. */
export function cacheDir(env: NodeJS.ProcessEnv): string {
  return env.COVE_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "botocove");
}

/**
 * A stable file name for a selection (and whether OU paths are wanted); keys are hashed, so no
 * value (not even a key id) is stored in clear.
 */
export function cacheKey(options: CoveOptions, env: NodeJS.ProcessEnv, ouPaths = false): string {
  const parts: Record<string, unknown> = {};
  for (const k of SELECTION_KEYS) if (options[k] !== undefined) parts[k] = options[k];
  for (const k of ENVIRONMENT_KEYS) if (env[k] !== undefined) parts[`env:${k}`] = env[k];
  if (ouPaths) parts.ouPaths = true;
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32);
}

/** How `--cache-ttl` reads and writes. */
export interface CacheSettings {
  /** Also read each account's OU path (`cove targets` shows it). */
  ouPaths?: boolean;
  /** The environment (the cache's folder, and what the key holds of the hub's). */
  env: NodeJS.ProcessEnv;
  /** Says why the cache is not used or not saved (one line). */
  warn?: (line: string) => void;
}

/** Lists the selection's accounts (no role assumed), every shard's. */
async function listAccounts(options: CoveOptions, ouPaths: boolean): Promise<AccountInfo[]> {
  const { shard: _shard, ...all } = options;
  return (await listTargets({ ...all, ...(ouPaths ? { ouPaths } : {}), progress: false })).accounts;
}

/**
 * `--cache-ttl`: the resolved account list of a selection, read from disk when it is younger
 * than `ttlSeconds`, else listed once (no role assumed) and saved. The returned options run on
 * that list (`accounts`) without listing the organization again. The file holds account
 * metadata only (ids, names, e-mails, tags, OU paths) — never credentials — with mode 0600, in
 * a folder only this user can write; a folder others can write is not used (with a warning).
 */
export async function withCachedAccounts(
  options: CoveOptions,
  ttlSeconds: number | undefined,
  settings: CacheSettings,
): Promise<CoveOptions> {
  if (ttlSeconds === undefined) return options;
  const { ouPaths = false, env, warn = () => {} } = settings;
  const dir = cacheDir(env);
  const unsafe = await unsafeFolderReason(dir);
  if (unsafe !== undefined) {
    warn(
      `cove: warning: not using the account cache in ${dir}: ${unsafe}; listing the organization instead.`,
    );
    return options;
  }
  const file = join(dir, `${cacheKey(options, env, ouPaths)}.json`);
  let accounts = await readEntry(file, ttlSeconds * 1000, Date.now());
  if (accounts === undefined) {
    accounts = await listAccounts(options, ouPaths);
    await saveEntry(file, accounts, Date.now()).catch((error: NodeJS.ErrnoException) =>
      warn(
        `cove: warning: could not save the account cache in ${dir} (${error.code ?? error.message}).`,
      ),
    );
  }
  const { targetIds: _t, ignoreIds: _i, tags: _g, ...rest } = options;
  return { ...rest, accounts };
}
