import type { AccountChange, PathChange, RunChange, RunDiff } from "../../index.js";
import type { Palette, Paint } from "../output/colour.js";
import { visibleText } from "../output/escape.js";

/** One side as the output names it: its files and when its run started (or was written). */
export interface SideInfo {
  files: string[];
  records: number;
  /** ISO time: the journal header's `startedAt`, else the first file's modification time. */
  time?: string;
}

/** What `-o json` prints. */
export interface DiffDocument extends RunDiff {
  base: SideInfo;
  next: SideInfo;
}

/** The kinds in the order the table shows them, with their titles. */
export const KIND_TITLES: [RunChange["kind"], string][] = [
  ["changed", "Changed"],
  ["outcome-changed", "Outcome changed"],
  ["new", "New"],
  ["gone", "Gone"],
];

/** `2026-12-01 09:00 UTC`. */
export function shortTime(iso: string | undefined): string {
  if (iso === undefined) return "time unknown";
  const t = new Date(iso);
  return Number.isFinite(t.getTime())
    ? `${t.toISOString().replace("T", " ").slice(0, 16)} UTC`
    : "time unknown";
}

/** A value's JSON as shown: on one line, control characters visible, the cut counted. */
function valueText(text: string | undefined, cut: number | undefined): string {
  const shown = visibleText(text ?? "");
  return cut ? `${shown}… (+${cut} chars)` : shown;
}

/** `path  before → after` (or `added …`, `removed …`). */
export function pathLine(p: PathChange, paint: Palette): string {
  const before = valueText(p.before, p.beforeCut);
  const after = valueText(p.after, p.afterCut);
  const path = visibleText(p.path);
  if (p.change === "added") return `${path}  ${paint.green(`added ${after}`)}`;
  if (p.change === "removed") return `${path}  ${paint.red(`removed ${before}`)}`;
  return `${path}  ${paint.red(before)} → ${paint.green(after)}`;
}

/** `Results`, `Exceptions (AccessDenied: …)`. */
function sideText(side: RunChange["before"]): string {
  if (!side) return "";
  return side.cause === undefined ? side.list : `${side.list} (${visibleText(side.cause)})`;
}

/** The lines of one listed pair. */
function pairLines(c: RunChange, paint: Palette): string[] {
  const who = `${c.Id}${c.Name ? ` ${visibleText(c.Name)}` : ""}  ${c.Region}`;
  if (c.kind === "new") return [`${who}  ${sideText(c.after)}`];
  if (c.kind === "gone") return [`${who}  was ${sideText(c.before)}`];
  if (c.kind === "outcome-changed")
    return [`${who}  ${paint.red(sideText(c.before))} → ${paint.green(sideText(c.after))}`];
  const lines = [who, ...(c.paths ?? []).map((p) => `  ${pathLine(p, paint)}`)];
  if (c.morePaths) lines.push(paint.dim(`  … ${c.morePaths} more paths`));
  return lines;
}

/** The changes of one kind, grouped by OU path (accounts without one last). */
function kindSection(
  title: string,
  changes: RunChange[],
  paint: Palette,
  kindPaint: Paint,
): string[] {
  const byOu = new Map<string, RunChange[]>();
  for (const c of changes) {
    const ou = c.OuPath ?? "";
    byOu.set(ou, [...(byOu.get(ou) ?? []), c]);
  }
  const ous = [...byOu.keys()].sort((a, b) => (a === "" ? 1 : b === "" ? -1 : a < b ? -1 : 1));
  const lines = ["", kindPaint(paint.bold(`${title} (${changes.length})`))];
  for (const ou of ous) {
    lines.push(`  ${ou === "" ? "(no OU path)" : visibleText(ou)}`);
    for (const c of byOu.get(ou) ?? []) lines.push(...pairLines(c, paint).map((l) => `    ${l}`));
  }
  return lines;
}

function accountLines(accounts: AccountChange[], paint: Palette): string[] {
  if (accounts.length === 0) return [];
  const lines = ["", paint.bold(`Accounts renamed, moved or retagged (${accounts.length})`)];
  for (const a of accounts) {
    lines.push(`  ${a.Id}${a.Name ? ` ${visibleText(a.Name)}` : ""}`);
    for (const p of a.changes) lines.push(`    ${pathLine(p, paint)}`);
  }
  return lines;
}

/** `changed 1 · outcome changed 0 · new 2 · gone 1 · unchanged 30 · accounts 1`. */
export function countsLine(diff: RunDiff): string {
  const parts = KIND_TITLES.map(([kind, title]) => `${title.toLowerCase()} ${diff.counts[kind]}`);
  parts.push(`unchanged ${diff.counts.unchanged}`, `accounts changed ${diff.accounts.length}`);
  return parts.join(" · ");
}

/**
 * The table a person reads: both sides, the counts by kind, then the pairs grouped by kind
 * and OU path with their changed paths (before → after), then the accounts that changed.
 */
export function diffTable(doc: DiffDocument, paint: Palette): string {
  const side = (s: SideInfo) => `${s.files.map(visibleText).join(", ")} (${shortTime(s.time)})`;
  const lines = [`base: ${side(doc.base)}`, `new:  ${side(doc.next)}`, "", countsLine(doc)];
  const kindPaint: Record<RunChange["kind"], Paint> = {
    changed: paint.yellow,
    "outcome-changed": paint.yellow,
    new: paint.green,
    gone: paint.red,
  };
  for (const [kind, title] of KIND_TITLES) {
    const changes = doc.changes.filter((c) => c.kind === kind);
    if (changes.length > 0) lines.push(...kindSection(title, changes, paint, kindPaint[kind]));
  }
  lines.push(...accountLines(doc.accounts, paint));
  if (doc.changes.length === 0 && doc.accounts.length === 0) lines.push("", "No changes.");
  return `${lines.join("\n")}\n`;
}

/** `-o ndjson`: one line per listed pair, then one per changed account (`kind: "account"`). */
export function* diffLines(diff: RunDiff): Generator<string> {
  for (const c of diff.changes) yield `${JSON.stringify(c)}\n`;
  for (const a of diff.accounts) yield `${JSON.stringify({ kind: "account", ...a })}\n`;
}
