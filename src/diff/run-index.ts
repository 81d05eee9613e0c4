import { fingerprint, normalize } from "./normalize.js";
import type { ResolvedDiffOptions } from "./options.js";
import type { RunList } from "./types.js";

/** The latest record of one account × region on one side, as far as the comparison needs it. */
export interface PairEntry<Ref> {
  list: RunList;
  /** A fingerprint of what is compared (see `comparable`). */
  digest: string;
  /** For a failure, its cause. */
  cause?: string;
  /** How to find the record again (the record itself, or where it is in a file). */
  ref: Ref;
}

/** The account keys compared between the runs (when both know them). */
export const ACCOUNT_KEYS = ["Name", "Email", "OuPath", "Status", "State", "Tags"] as const;

/** What one side says about an account (normalized: ignored paths left out). */
export type AccountMeta = Partial<Record<(typeof ACCOUNT_KEYS)[number], unknown>>;

/** Characters of a cause kept. */
const CAUSE_LENGTH = 200;

/** `code: message` (or `name: message`) of a record's error. */
export function causeOf(details: unknown): string {
  if (typeof details !== "object" || details === null)
    return String(details).slice(0, CAUSE_LENGTH);
  const d = details as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const head = text(d.code) ?? text(d.Code) ?? text(d.name) ?? "Error";
  const message = text(d.message);
  const full = message === undefined ? head : `${head}: ${message}`;
  return full.length > CAUSE_LENGTH ? `${full.slice(0, CAUSE_LENGTH - 1)}…` : full;
}

/** The list of a record without `List`: FailedAssumeRole, Exceptions or Results. */
export function listOf(record: Record<string, unknown>): RunList {
  if (record.AssumeRoleSuccess === false) return "FailedAssumeRole";
  if ("ExceptionDetails" in record) return "Exceptions";
  return "Results";
}

/** The key of an account × region. */
export const pairKey = (id: string, region: string): string => `${id}\t${region}`;

/** One side of a comparison: the latest record of each pair (by fingerprint) and each account. */
export class RunIndex<Ref> {
  readonly pairs = new Map<string, PairEntry<Ref>>();
  readonly accounts = new Map<string, AccountMeta>();
  /** The account keys an `ignore` path leaves out (a string there needs no other work). */
  readonly #ignored: ReadonlySet<string>;

  constructor(private readonly options: ResolvedDiffOptions) {
    const m = options.matchers;
    this.#ignored = new Set(ACCOUNT_KEYS.filter((key) => normalize("", [key], m) === undefined));
  }

  /** Takes a record (a later record of the same pair replaces an earlier one). */
  add(list: RunList, record: Record<string, unknown>, ref: Ref): void {
    const id = String(record.Id);
    const print = fingerprint(list, record, this.options.matchers, this.options.exec);
    const entry: PairEntry<Ref> = { list, digest: print, ref };
    if (list !== "Results") entry.cause = causeOf(record.ExceptionDetails);
    this.pairs.set(pairKey(id, String(record.Region)), entry);
    this.#account(id, record);
  }

  /** Updates what this side knows of the record's account. */
  #account(id: string, record: Record<string, unknown>): void {
    let meta = this.accounts.get(id);
    if (!meta) {
      meta = {};
      this.accounts.set(id, meta);
    }
    for (const key of ACCOUNT_KEYS) {
      const raw = record[key];
      if (raw === undefined) continue;
      const value =
        typeof raw !== "string"
          ? normalize(raw, [key], this.options.matchers)
          : this.#ignored.has(key)
            ? undefined
            : raw;
      if (value !== undefined) meta[key] = value;
    }
  }
}
