/** The header section: title, sources, counts with the failure rate, and the job. */
import { byId, el, look, number, plural } from "./dom.js";
import { totals, type PageState } from "./state.js";

/** One count card. */
function card(cls: string, value: string, label: string, note?: string): HTMLElement {
  return el(
    "div",
    { class: `card ${cls}` },
    el("span", { class: "value" }, value),
    el("span", { class: "label" }, label),
    note === undefined ? null : el("span", { class: "note" }, note),
  );
}

/** The count cards: runs, each list, the failure rate, and cells with no record. */
function counts(s: PageState): HTMLElement[] {
  const d = s.data;
  const t = totals(s);
  const runs = t.R + t.E + t.F;
  const failures = t.E + t.F;
  const rate = runs === 0 ? "–" : `${((100 * failures) / runs).toFixed(1)} %`;
  const size = `${plural(d.accounts.ids.length, "account")} × ${plural(d.regions.length, "region")}`;
  const cards = [card("total", number(runs), "runs", size)];
  for (const code of ["R", "E", "F"] as const) {
    const o = look(code);
    cards.push(card(o.cls, `${o.symbol} ${number(t[code])}`, o.label));
  }
  cards.push(card("rate", rate, "failure rate", `${number(failures)} failed`));
  if (t["-"] > 0)
    cards.push(
      card("o-N", `· ${number(t["-"])}`, "not in the files", "account × region without a record"),
    );
  return cards;
}

/** Renders the header section. */
export function renderSummary(s: PageState): void {
  const d = s.data;
  document.title = d.title;
  byId("title").textContent = d.title;
  byId("sources").textContent =
    `From ${d.sources.join(", ")} · report written ${d.generatedAt.replace("T", " ").slice(0, 19)} UTC`;
  byId("counts").append(...counts(s));
  const job = byId("job");
  for (const [label, value] of d.job) job.append(el("dt", null, label), el("dd", null, value));
  job.hidden = d.job.length === 0;
}
