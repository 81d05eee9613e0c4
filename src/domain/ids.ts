import { CoveError } from "../errors/cove-error.js";

/** What kind of thing a target or ignore id names. */
export type IdKind = "account" | "ou" | "root" | "path";

const ACCOUNT_ID = /^\d{12}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
/**
 * `/` (the root), or `/Name/Name…` with an optional trailing `/`: OU names may hold any
 * character but `/`, and none is empty (`//`, `/A//B` are refused, not read as the root).
 */
const OU_PATH = /^\/(?:[^/]+(?:\/[^/]+)*\/?)?$/;

/** Classifies an id, or returns `undefined` when it is none of the known kinds. */
export function idKind(id: string): IdKind | undefined {
  if (ACCOUNT_ID.test(id)) return "account";
  if (OU_ID.test(id)) return "ou";
  if (ROOT_ID.test(id)) return "root";
  if (OU_PATH.test(id)) return "path";
  return undefined;
}

/** Ids of one list, split by kind and de-duplicated (first occurrence order kept). */
export interface ClassifiedIds {
  accounts: string[];
  ous: string[];
  roots: string[];
  /** OU paths such as `/Workloads/Prod` (`/` is the root), without a trailing slash. */
  paths: string[];
}

/** Splits a validated id list by kind; throws `INVALID_ID` for a malformed id. */
export function classifyIds(ids: readonly string[], option: string): ClassifiedIds {
  const out: ClassifiedIds = { accounts: [], ous: [], roots: [], paths: [] };
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    const kind = idKind(id);
    if (kind === undefined) throw invalidId(id, option);
    if (kind === "path") out.paths.push(normalizeOuPath(id));
    else out[kind === "account" ? "accounts" : kind === "ou" ? "ous" : "roots"].push(id);
  }
  return out;
}

/**
 * The OU path `id` may have meant: `Workloads` or `Workloads/Prod` (an OU name without its
 * leading slash) is `/Workloads`, `/Workloads/Prod`. Not for what reads as a mistyped account,
 * OU, root or organization id (digits, `ou-…`, `r-…`, `o-…`), nor for blank edges.
 */
export function ouPathMeant(id: string): string | undefined {
  if (id === "" || id !== id.trim() || id.startsWith("/")) return undefined;
  if (/^[\d\s-]+$/.test(id) || /^(ou|r|o)-/i.test(id)) return undefined;
  const path = `/${id}`;
  return OU_PATH.test(path) ? normalizeOuPath(path) : undefined;
}

function invalidId(id: string, option: string): CoveError {
  const meant = ouPathMeant(id);
  const why = id.includes("//")
    ? `"${id}" is not an OU path: it has an empty OU name ("//"); the root is "/"`
    : meant !== undefined
      ? `"${id}" is not an account id, OU id, root id or OU path; OU paths start at the root with a slash: did you mean "${meant}"?`
      : `"${id}" is neither an account id (12 digits), an OU id (ou-xxxx-xxxxxxxx), a root id (r-xxxx) nor an OU path (/Name/Name)`;
  return new CoveError("INVALID_ID", `${option}: ${why}`, { ids: [id], option });
}

/** `/A/B/` → `/A/B`; `/` stays `/`. */
export function normalizeOuPath(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

/** The organization id inside an Organizations ARN (`…/o-abc123/…`), if any. */
export function organizationIdFromArn(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  return /\/(o-[a-z0-9]{10,32})(?:\/|$)/.exec(arn)?.[1];
}

/** The partition field of an ARN (`arn:<partition>:…`). */
export function partitionFromArn(arn: string): string | undefined {
  const parts = arn.split(":");
  return parts[0] === "arn" && parts[1] ? parts[1] : undefined;
}
