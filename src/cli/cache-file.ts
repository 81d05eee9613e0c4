import { constants } from "node:fs";
import { lstat, mkdir, open } from "node:fs/promises";
import type { AccountInfo } from "../index.js";
import { writeFileAtomic } from "./atomic-write.js";

/** Bumped when the file's shape changes: other versions are ignored and replaced. */
const VERSION = 1;
/** Larger files are not read. */
const MAX_BYTES = 256 * 1024 * 1024;
/** What a cache file holds. */
interface CacheEntry {
  version: typeof VERSION;
  savedAt: number;
  accounts: AccountInfo[];
}

const STRING_KEYS = ["Name", "Email", "Arn", "Status", "OrganizationId", "OuPath"] as const;

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The user this process runs as (undefined where the platform has no uids). */
const userId = (): number | undefined => process.getuid?.();

/**
 * Why `dir` must not hold the cache, or `undefined` when it may: it is created when missing
 * (mode 0700), and must be a real folder (not a link) of this user that no one else can write.
 */
export async function unsafeFolderReason(dir: string): Promise<string | undefined> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const st = await lstat(dir);
    if (st.isSymbolicLink()) return "it is a symbolic link";
    if (!st.isDirectory()) return "it is not a folder";
    const uid = userId();
    if (uid !== undefined && st.uid !== uid) return `it belongs to another user (uid ${st.uid})`;
    if ((st.mode & 0o022) !== 0) return "other users can write to it";
    return undefined;
  } catch (error) {
    return `it cannot be used (${(error as NodeJS.ErrnoException).code ?? "error"})`;
  }
}

/** One account of a cache file, rebuilt from its known keys only, or undefined when malformed. */
function accountOf(raw: unknown): AccountInfo | undefined {
  if (!isRecord(raw) || typeof raw.Id !== "string" || !/^\d{12}$/.test(raw.Id)) return undefined;
  const account: AccountInfo = { Id: raw.Id };
  for (const key of STRING_KEYS) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value !== "string") return undefined;
    account[key] = value;
  }
  if (raw.Tags !== undefined) {
    if (!isRecord(raw.Tags)) return undefined;
    const tags = Object.entries(raw.Tags);
    if (!tags.every(([, v]) => typeof v === "string")) return undefined;
    account.Tags = Object.fromEntries(tags) as Record<string, string>;
  }
  return account;
}

/**
 * The accounts of a cache file's text when it is well-formed and fresh: saved at most `ttlMs`
 * ago and not in the future, holding at least one well-formed account. Anything else (the file
 * is untrusted input) gives `undefined`: the organization is listed again.
 */
export function parseEntry(text: string, ttlMs: number, now: number): AccountInfo[] | undefined {
  let entry: unknown;
  try {
    entry = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(entry) || entry.version !== VERSION) return undefined;
  const { savedAt, accounts } = entry;
  if (typeof savedAt !== "number" || !Number.isFinite(savedAt)) return undefined;
  if (savedAt > now || now - savedAt > ttlMs) return undefined;
  if (!Array.isArray(accounts) || accounts.length === 0) return undefined;
  const out: AccountInfo[] = [];
  for (const raw of accounts) {
    const account = accountOf(raw);
    if (account === undefined) return undefined;
    out.push(account);
  }
  return out;
}

/**
 * Reads a cache file without following a link, only when it is a regular file of this user
 * that no one else can write.
 */
export async function readEntry(
  file: string,
  ttlMs: number,
  now: number,
): Promise<AccountInfo[] | undefined> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined; // missing, a link, or unreadable
  }
  try {
    const st = await handle.stat();
    const uid = userId();
    if (!st.isFile() || (uid !== undefined && st.uid !== uid)) return undefined;
    if ((st.mode & 0o022) !== 0 || st.size > MAX_BYTES) return undefined;
    return parseEntry(await handle.readFile("utf8"), ttlMs, now);
  } finally {
    await handle.close();
  }
}

/**
 * Saves the accounts to `file`: written to a new temporary file of an unpredictable name,
 * created exclusively (never through a link, mode 0600), then renamed over `file` (which
 * replaces a link there rather than writing through it).
 */
export async function saveEntry(file: string, accounts: AccountInfo[], now: number): Promise<void> {
  const entry: CacheEntry = { version: VERSION, savedAt: now, accounts };
  await writeFileAtomic(file, JSON.stringify(entry), { mode: 0o600 });
}
