/**
 * The data the report page reads: what `cove report` (Node) writes into the page and the
 * page's script (the browser, `browser/`) reads back. Types only, so both sides share it.
 * Every string in it comes from records: untrusted, shown as text only.
 */

/** Outcome of a grid cell: Result, Exception, FailedAssumeRole, or none in the files. */
export type Outcome = "R" | "E" | "F" | "-";

/** The two failure outcomes. */
export type FailureOutcome = "E" | "F";

/** A run that returned: its result as formatted JSON text, cut to a length. */
export interface ResultDetail {
  /** Formatted JSON of `Result` (long strings shortened), at most the cap in characters. */
  result: string;
  /** Length of the full formatted text, when it was cut. */
  resultLength?: number;
}

/** A run that failed: the serialized error's fields, each cut to a length. */
export interface ErrorDetail {
  /** Error name. */
  name: string;
  /** Message (head). */
  message: string;
  /** Full message length, when it was cut. */
  messageLength?: number;
  /** Error code. */
  code?: string;
  /** AWS request id. */
  requestId?: string;
  /** exec: exit code. */
  exitCode?: number;
  /** exec: the signal that ended the command. */
  signal?: string;
  /** exec: the tail of stderr. */
  stderr?: string;
  /** Full stderr length, when it was cut. */
  stderrLength?: number;
}

/** What the detail panel shows of one record. */
export type Detail = ResultDetail | ErrorDetail;

/** One cause of failures with its runs and the messages seen. */
export interface CauseGroup {
  outcome: FailureOutcome;
  label: string;
  /** Failed runs (account × region). */
  runs: number;
  /** Distinct accounts among them. */
  accounts: number;
  /** Normalized messages with their run counts, most frequent first (a few). */
  messages: [text: string, runs: number][];
  /** Further distinct messages not listed. */
  otherMessages: number;
}

/** The accounts in page order, one column per field: index `a` is one account. */
export interface PageAccounts {
  ids: string[];
  names: string[];
  emails: string[];
  /** Index of the account's OU group in {@link PageData.groups}. */
  groups: number[];
}

/** The data block of the page (compact: tables of strings, one outcome letter per cell). */
export interface PageData {
  title: string;
  /** The job, as label and text rows (from a journal header or the run itself). */
  job: [label: string, text: string][];
  /** Input files (base names). */
  sources: string[];
  generatedAt: string;
  regions: string[];
  /** OU paths of the groups, sorted; `""` is the group of accounts without an OU path. */
  groups: string[];
  /** Sorted by group, then name, then id. */
  accounts: PageAccounts;
  /** One {@link Outcome} letter per account × region, row by row. */
  cells: string;
  causes: CauseGroup[];
  /** The index in `causes` of each failed cell, in cell order. */
  causeOfFailure: number[];
  /** Details per chunk (chunk `k` holds the details of filled cells `k*detailsPerChunk …`). */
  detailsPerChunk: number;
  /** Characters kept per long field of a detail. */
  fieldCap: number;
  /** With a baseline (`--baseline`): what changed since, placed on the cells. */
  changes?: ChangeData;
}

/** A change kind on the page: changed, outcome changed, new, gone. */
export type KindLetter = "c" | "o" | "n" | "g";

/** One changed path as the page shows it (before and after cut to a length). */
export type PagePath = [path: string, change: string, before: string, after: string];

/** One changed account × region. */
export type PageChange = [
  cell: number,
  kind: KindLetter,
  outcomes: string,
  paths: PagePath[],
  otherPaths: number,
];

/** The page's "Changes since" data (a report with a baseline). */
export interface ChangeData {
  /** When the baseline ran (its journal's `startedAt`, else its file's time), ISO. */
  since: string;
  /** The baseline's files (base names). */
  sources: string[];
  /** Pairs per kind. */
  counts: Record<"changed" | "outcome-changed" | "new" | "gone" | "unchanged", number>;
  /** The changed cells, in cell order. */
  items: PageChange[];
  /** By kind and cause, most pairs first: indices in `items`. */
  groups: [kind: KindLetter, cause: string, items: number[]][];
  /** Accounts renamed, moved or retagged. */
  accounts: [id: string, name: string, paths: PagePath[]][];
}
