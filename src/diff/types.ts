import type { CoveException, CoveFailedAssumeRole, CoveOutput, CoveResult } from "../types.js";

/** The three lists of a run's output. */
export type RunList = "Results" | "Exceptions" | "FailedAssumeRole";

/**
 * What happened to one account × region between two runs:
 * - `new`: only the next run has it;
 * - `gone`: only the base run has it;
 * - `outcome-changed`: it moved between Results, Exceptions and FailedAssumeRole;
 * - `changed`: the same list in both, with a different value (the Result, or the error of a
 *   failure);
 * - `unchanged`: the same list and the same value (counted, not listed).
 */
export type RunChangeKind = "new" | "gone" | "outcome-changed" | "changed" | "unchanged";

/**
 * A record as {@link diffRuns} takes it: any record of a `CoveOutput`, or a line of
 * `cove exec/run -o ndjson` or of a journal (with its `List`). Without `List`, the list is
 * read from the record: `AssumeRoleSuccess: false` is FailedAssumeRole, `ExceptionDetails` an
 * Exception, anything else a Result.
 */
export type DiffRecord = (
  | CoveResult<unknown>
  | CoveException
  | CoveFailedAssumeRole
  | { Id: string; Region: string; [key: string]: unknown }
) & { List?: RunList };

/** One side of a comparison: a `CoveOutput`, or records (the latest of each pair wins). */
export type DiffInput = CoveOutput<unknown> | Iterable<DiffRecord>;

/** Options of {@link diffRuns}. Every field is optional. */
export interface DiffOptions {
  /**
   * Paths left out of the comparison (values that change every run: timestamps, request ids).
   * A path is dotted from the record's keys: `Result.LastChecked`, `Result.*.LastUsed`,
   * `Result.Users[*].PasswordLastUsed`; `*` is any one key or array index, `**` any number
   * of them; `[n]` is the same as `.n`. Exec records' stdout is `Result.stdout`.
   * @example ["Result.*.LastUsed", "ExceptionDetails.message"]
   * @default none
   */
  ignore?: readonly string[];
  /**
   * Paths whose arrays are sets: their order is ignored and their changes are the items added
   * and removed (same syntax as {@link DiffOptions.ignore}). Other arrays compare in order.
   * @example ["Result.BucketNames"]
   * @default none (every array is ordered)
   */
  unordered?: readonly string[];
  /**
   * Compare the Results of `cove exec` records (`{ exitCode, stdout, stderr }`) by their
   * stdout only: as JSON when both parse as JSON, else as text lines (`Result.stdout:3` is
   * line 3). `"auto"` does so for every pair whose two Results have that shape.
   * @default "auto"
   */
  exec?: boolean | "auto";
  /**
   * Characters of a value's JSON shown before and after a change; longer values are cut and
   * the characters cut are counted (`beforeCut`, `afterCut`).
   * @default 200
   */
  maxValueLength?: number;
  /**
   * Paths listed per changed pair; the rest are counted in `morePaths`.
   * @default 50
   */
  maxPaths?: number;
}

/** One path that differs between the two values of a pair (or of an account's metadata). */
export interface PathChange {
  /** Where, from the record's keys: `Result.Buckets[2].Name`, `Result.stdout:3`, `OuPath`. */
  path: string;
  /** `added` (only after), `removed` (only before) or `changed` (both, different). */
  change: "added" | "removed" | "changed";
  /** The value before, as JSON text (absent when added); cut to `maxValueLength`. */
  before?: string;
  /** The value after, as JSON text (absent when removed); cut to `maxValueLength`. */
  after?: string;
  /** Characters cut from `before`, when it was cut. */
  beforeCut?: number;
  /** Characters cut from `after`, when it was cut. */
  afterCut?: number;
}

/** One side of a listed pair: its list and, for a failure, its cause. */
export interface RunSide {
  list: RunList;
  /** `code: message` (or `name: message`) of the error of a failure, cut to 200 characters. */
  cause?: string;
}

/** One account × region that is not `unchanged`. */
export interface RunChange {
  kind: Exclude<RunChangeKind, "unchanged">;
  /** The account id. */
  Id: string;
  Region: string;
  /** The account's name (the next run's, else the base run's), when known. */
  Name?: string;
  /** The account's OU path (the next run's, else the base run's), when known. */
  OuPath?: string;
  /** The base run's side (absent for `new`). */
  before?: RunSide;
  /** The next run's side (absent for `gone`). */
  after?: RunSide;
  /** For `changed`: the paths that differ, at most `maxPaths`. */
  paths?: PathChange[];
  /** For `changed`: paths that differ but are not listed. */
  morePaths?: number;
}

/**
 * An account in both runs whose metadata differs: renamed, moved to another OU, new e-mail,
 * new tags, another state. Only fields both runs know are compared.
 */
export interface AccountChange {
  /** The account id. */
  Id: string;
  /** Its name in the next run, else in the base run. */
  Name?: string;
  /** `Name`, `Email`, `OuPath`, `Status`, `State`, `Tags.KEY`, with before → after. */
  changes: PathChange[];
}

/** What {@link diffRuns} finds: counts, the pairs that differ and the accounts that changed. */
export interface RunDiff {
  /** Pairs of each kind (`unchanged` too). */
  counts: Record<RunChangeKind, number>;
  /** Every pair that is not `unchanged`, ordered by account id, then region. */
  changes: RunChange[];
  /** Accounts whose metadata changed, ordered by id. */
  accounts: AccountChange[];
}
