import { errorLabel } from "../../records/error-label.js";
import type { CauseGroup, ErrorDetail, FailureOutcome } from "./page-data.js";

/** Longest message kept as a cause's example. */
const MESSAGE_LENGTH = 300;

/**
 * A message with what varies per run replaced (account ids, regions, ARNs' account field,
 * request ids), so the same failure in many accounts reads as one message.
 */
export function normalizeMessage(message: string): string {
  const flat = message
    .replace(/\s+/g, " ")
    .trim()
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "{id}")
    .replace(/\b\d{12}\b/g, "{account}")
    .replace(/\b[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d\b/g, "{region}");
  return flat.length > MESSAGE_LENGTH ? `${flat.slice(0, MESSAGE_LENGTH)}…` : flat;
}

/** Messages listed per cause. */
export const TOP_MESSAGES = 5;

/** A failed run as grouping sees it. */
export interface FailedRun {
  outcome: FailureOutcome;
  account: string;
  detail: ErrorDetail;
}

const byCount = (a: [string, number], b: [string, number]) =>
  b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * Groups failed runs by cause, the cause with the most runs first. `index` receives, for each
 * run in order, the index of its group in the result.
 */
export function groupFailures(runs: Iterable<FailedRun>, index?: number[]): CauseGroup[] {
  const groups = new Map<
    string,
    { group: CauseGroup; accounts: Set<string>; messages: Map<string, number>; order: number }
  >();
  const keys: string[] = [];
  for (const run of runs) {
    // The cause: the outcome and the error's label (messages name accounts: not part of it).
    const label = errorLabel(run.detail);
    const key = `${run.outcome}\u0000${label}`;
    let g = groups.get(key);
    if (!g) {
      const group: CauseGroup = {
        outcome: run.outcome,
        label,
        runs: 0,
        accounts: 0,
        messages: [],
        otherMessages: 0,
      };
      g = { group, accounts: new Set(), messages: new Map(), order: groups.size };
      groups.set(key, g);
    }
    g.group.runs++;
    g.accounts.add(run.account);
    const message = normalizeMessage(run.detail.message);
    g.messages.set(message, (g.messages.get(message) ?? 0) + 1);
    keys.push(key);
  }
  const sorted = [...groups.values()].sort(
    (a, b) => b.group.runs - a.group.runs || a.order - b.order,
  );
  const position = new Map(sorted.map((g, i) => [`${g.group.outcome}\u0000${g.group.label}`, i]));
  if (index) for (const key of keys) index.push(position.get(key) ?? 0);
  return sorted.map(({ group, accounts, messages }) => {
    const all = [...messages].sort(byCount);
    return {
      ...group,
      accounts: accounts.size,
      messages: all.slice(0, TOP_MESSAGES),
      otherMessages: Math.max(0, all.length - TOP_MESSAGES),
    };
  });
}
