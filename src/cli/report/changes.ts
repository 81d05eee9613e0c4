import type { RunChange, RunDiff } from "../../index.js";
import type { ChangeData, KindLetter, PageChange, PagePath } from "./page-data.js";

/** Letters of the change kinds on the page. */
export const KIND_LETTER = {
  changed: "c",
  "outcome-changed": "o",
  new: "n",
  gone: "g",
} as const satisfies Record<RunChange["kind"], KindLetter>;

/** Paths shown per changed cell on the page. */
const PAGE_PATHS = 20;
/** Characters of a before or after value shown on the page. */
const PAGE_VALUE = 300;

const cut = (text: string | undefined, n: number | undefined): string => {
  const t = text ?? "";
  const kept = t.length > PAGE_VALUE ? t.slice(0, PAGE_VALUE) : t;
  const more = (n ?? 0) + (t.length - kept.length);
  return more > 0 ? `${kept}… (+${more} chars)` : kept;
};

/** A change's paths as the page shows them (at most {@link PAGE_PATHS}). */
function pagePaths(c: Pick<RunChange, "paths">): PagePath[] {
  return (c.paths ?? [])
    .slice(0, PAGE_PATHS)
    .map((p) => [p.path, p.change, cut(p.before, p.beforeCut), cut(p.after, p.afterCut)]);
}

/** `Results → Exceptions (COMMAND_FAILED: …)`, `Results`, `was FailedAssumeRole`. */
function outcomeText(c: RunChange): string {
  const side = (s: RunChange["before"]) => (s ? (s.cause ? `${s.list} (${s.cause})` : s.list) : "");
  if (c.kind === "new") return side(c.after);
  if (c.kind === "gone") return `was ${side(c.before)}`;
  if (c.kind === "outcome-changed") return `${side(c.before)} → ${side(c.after)}`;
  return side(c.after);
}

/** The cause a change is grouped under: its outcomes, or the shapes of its changed paths. */
function causeOf(c: RunChange): string {
  if (c.kind !== "changed") {
    const s = c.kind === "gone" ? c.before : c.after;
    const cause = s?.cause?.replace(/\b\d{12}\b/g, "<account>").replace(/[0-9a-f-]{36}/g, "<id>");
    const lists =
      c.kind === "outcome-changed" ? `${c.before?.list} → ${c.after?.list}` : (s?.list ?? "");
    return cause ? `${lists}: ${cause}` : lists;
  }
  const shapes = new Set(
    (c.paths ?? []).map(
      (p) => `${p.path.replace(/\[\d+\]/g, "[*]").replace(/:\d+$/, ":n")} ${p.change}`,
    ),
  );
  const list = [...shapes].sort();
  return list.length > 3 ? `${list.slice(0, 3).join(", ")} …` : list.join(", ") || "value";
}

/**
 * The page's change data: each change placed on its cell (`cellOf` gives the cell index of an
 * account × region of the page), grouped by kind and cause.
 */
export function changeData(
  diff: RunDiff,
  base: { since: string; sources: string[] },
  cellOf: (id: string, region: string) => number | undefined,
): ChangeData {
  const items: PageChange[] = [];
  const groups = new Map<string, [KindLetter, string, number[]]>();
  const sorted = diff.changes
    .map((c) => [cellOf(c.Id, c.Region), c] as const)
    .filter((e): e is readonly [number, RunChange] => e[0] !== undefined)
    .sort((a, b) => a[0] - b[0]);
  for (const [cell, c] of sorted) {
    const kind = KIND_LETTER[c.kind];
    const more = (c.morePaths ?? 0) + Math.max(0, (c.paths?.length ?? 0) - PAGE_PATHS);
    items.push([cell, kind, outcomeText(c), pagePaths(c), more]);
    const cause = causeOf(c);
    const key = `${kind}\n${cause}`;
    const group = groups.get(key) ?? [kind, cause, []];
    group[2].push(items.length - 1);
    groups.set(key, group);
  }
  const order = "cong";
  return {
    ...base,
    counts: diff.counts,
    items,
    groups: [...groups.values()].sort(
      (a, b) => order.indexOf(a[0]) - order.indexOf(b[0]) || b[2].length - a[2].length,
    ),
    accounts: diff.accounts.map((a) => [a.Id, a.Name ?? "", pagePaths({ paths: a.changes })]),
  };
}
