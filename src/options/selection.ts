import { CoveError } from "../errors/cove-error.js";
import { classifyIds, idKind, type ClassifiedIds } from "../domain/ids.js";
import { isAutoShard, shardFromEnvironment, shardRangeProblem } from "../domain/shard.js";
import type { AccountInfo, Shard } from "../types.js";
import {
  badValue,
  nonEmpty,
  optionalBoolean,
  optionalFunction,
  stringList,
  typeError,
  type RawOptions,
} from "./checks.js";

/** Which accounts a call runs in (the discovery part of the options). */
export interface SelectionOptions {
  /** `undefined`: the whole organization. */
  targets: ClassifiedIds | undefined;
  /** @default no ids (the calling account is always left out) */
  ignores: ClassifiedIds;
  /** Tag key → accepted values. */
  tags: Map<string, Set<string>> | undefined;
  filter: ((account: AccountInfo) => boolean | Promise<boolean>) | undefined;
  /** A pre-resolved account list: no Organizations call. */
  accounts: AccountInfo[] | undefined;
  /** @default false */
  ouPaths: boolean;
  shard: Shard | undefined;
}

/** The id lists, checked for type now and classified last (see {@link classifySelection}). */
export interface SelectionDraft extends Omit<SelectionOptions, "targets" | "ignores"> {
  targetIds: string[] | undefined;
  ignoreIds: string[];
}

/** Validates the selection options except the id values (their errors come last). */
export function resolveSelection(o: RawOptions): SelectionDraft {
  const targetIds = nonEmpty(stringList(o, "targetIds"), "targetIds");
  const ignoreIds = stringList(o, "ignoreIds") ?? [];
  const tags = resolveTags(o);
  const filter = optionalFunction<SelectionOptions["filter"]>(o, "filter");
  const ouPaths = optionalBoolean(o, "ouPaths") === true;
  const shard = resolveShard(o);
  const accounts = resolveAccounts(o);
  return { targetIds, ignoreIds, tags, filter, ouPaths, shard, accounts };
}

/** Classifies the id lists: `INVALID_ID` for a malformed id. */
export function classifySelection(draft: SelectionDraft): SelectionOptions {
  const { targetIds, ignoreIds, ...rest } = draft;
  const ignores = classifyIds(ignoreIds, "ignoreIds");
  const targets = targetIds === undefined ? undefined : classifyIds(targetIds, "targetIds");
  return { targets, ignores, ...rest };
}

function resolveTags(o: RawOptions): Map<string, Set<string>> | undefined {
  if (o.tags === undefined) return undefined;
  if (typeof o.tags !== "object" || o.tags === null || Array.isArray(o.tags)) {
    throw typeError("tags", "an object of tag key to a value or an array of values", o.tags);
  }
  const tags = new Map<string, Set<string>>();
  for (const [key, value] of Object.entries(o.tags as Record<string, unknown>)) {
    const values = typeof value === "string" ? [value] : value;
    if (!Array.isArray(values) || values.some((v) => typeof v !== "string")) {
      throw typeError(`tags.${key}`, "a string or an array of strings", value);
    }
    if (values.length === 0) throw badValue(`tags.${key}`, "at least one value", values);
    tags.set(key, new Set(values as string[]));
  }
  if (tags.size === 0)
    throw badValue("tags", "at least one tag key (leave it out to select no tags)", o.tags);
  return tags;
}

function resolveShard(o: RawOptions): Shard | undefined {
  if (o.shard === undefined) return undefined;
  // The one place the library reads the process environment for the shard.
  if (isAutoShard(o.shard)) return shardFromEnvironment(o.shard, process.env);
  const s = o.shard as Partial<Shard>;
  if (
    typeof s !== "object" ||
    s === null ||
    typeof s.index !== "number" ||
    typeof s.count !== "number"
  ) {
    throw typeError(
      "shard",
      'an object { index: number, count: number }, "auto" or "auto/N"',
      o.shard,
    );
  }
  const { index, count } = s;
  const why = shardRangeProblem(index, count);
  if (why !== undefined) {
    throw new CoveError(
      "INVALID_OPTION",
      `Option "shard" { index: ${index}, count: ${count} }: ${why}`,
      { option: "shard" },
    );
  }
  return { index, count };
}

function resolveAccounts(o: RawOptions): AccountInfo[] | undefined {
  if (o.accounts === undefined) return undefined;
  if (!Array.isArray(o.accounts))
    throw typeError("accounts", "an array of account records { Id, … }", o.accounts);
  const accounts = o.accounts.map((a: unknown, i) => checkAccount(a, i));
  if (accounts.length === 0) throw badValue("accounts", "a non-empty array", o.accounts);
  const clash = ["targetIds", "ignoreIds", "tags", "filter"].filter((k) => o[k] !== undefined);
  if (clash.length > 0) {
    throw new CoveError(
      "INVALID_OPTION",
      `Option "accounts" is a resolved list; it cannot be combined with ${clash.join(", ")}.`,
      { option: "accounts" },
    );
  }
  return accounts;
}

function checkAccount(a: unknown, i: number): AccountInfo {
  if (typeof a !== "object" || a === null || typeof (a as AccountInfo).Id !== "string") {
    throw typeError(`accounts[${i}]`, "an account record with a string Id", a);
  }
  const id = (a as AccountInfo).Id;
  if (idKind(id) !== "account") {
    throw new CoveError(
      "INVALID_ID",
      `accounts[${i}].Id: "${id}" is not an account id (12 digits)`,
      { ids: [id], option: "accounts" },
    );
  }
  return { ...(a as AccountInfo) };
}
