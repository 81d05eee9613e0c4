import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { listTargets, type AccountInfo, type CoveOptions } from "../index.js";

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
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.COVE_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "botocove");
}

/** A stable file name for a selection; keys are hashed, so no value (not even a key id) is stored in clear. */
export function cacheKey(options: CoveOptions, env: NodeJS.ProcessEnv = process.env): string {
  const parts: Record<string, unknown> = {};
  for (const k of SELECTION_KEYS) if (options[k] !== undefined) parts[k] = options[k];
  for (const k of ENVIRONMENT_KEYS) if (env[k] !== undefined) parts[`env:${k}`] = env[k];
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 32);
}

interface CacheEntry {
  savedAt: number;
  accounts: AccountInfo[];
}

/**
 * `--cache-ttl`: the resolved account list of a selection, read from disk when it is younger
 * than `ttlSeconds`, else listed once (no role assumed) and saved. The returned options run on
 * that list (`accounts`) without listing the organization again. The file holds account
 * metadata only (ids, names, e-mails, tags, OU paths) — never credentials — with mode 0600.
 */
export async function withCachedAccounts(
  options: CoveOptions,
  ttlSeconds: number | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CoveOptions> {
  if (ttlSeconds === undefined) return options;
  const dir = cacheDir(env);
  const file = join(dir, `${cacheKey(options, env)}.json`);
  let accounts: AccountInfo[] | undefined;
  try {
    const entry = JSON.parse(await readFile(file, "utf8")) as CacheEntry;
    if (Array.isArray(entry.accounts) && Date.now() - entry.savedAt <= ttlSeconds * 1000)
      accounts = entry.accounts;
  } catch {
    accounts = undefined; // no entry yet, or unreadable: list again
  }
  if (accounts === undefined) {
    const { shard: _shard, ...all } = options;
    accounts = (await listTargets({ ...all, progress: false })).accounts;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ savedAt: Date.now(), accounts } satisfies CacheEntry), {
      mode: 0o600,
    });
    await rename(tmp, file);
  }
  const { targetIds: _t, ignoreIds: _i, tags: _g, ...rest } = options;
  return { ...rest, accounts };
}
