/** The failures section: failures grouped by cause, each opening to its accounts × regions. */
import type { CauseGroup } from "../page-data.js";
import { CAUSE_ACCOUNTS_PER_BATCH } from "./constants.js";
import { openDetail } from "./detail.js";
import { byId, el, look, number, plural } from "./dom.js";
import { accountOf, type PageState } from "./state.js";

/** A cause's summary line and its list of messages. */
function causeHead(cause: CauseGroup): [HTMLElement, HTMLElement] {
  const o = look(cause.outcome);
  const [first] = cause.messages;
  const summary = el(
    "summary",
    null,
    el("span", { class: `badge ${o.cls}` }, `${o.symbol} ${o.label}`),
    " ",
    el("strong", { class: "cause-label" }, cause.label),
    ` — ${plural(cause.accounts, "account")}, ${plural(cause.runs, "run")}`,
    first ? el("span", { class: "message" }, first[0]) : null,
  );
  const messages = el("ul", { class: "messages" });
  for (const [text, n] of cause.messages)
    messages.append(el("li", null, el("span", { class: "n" }, `${n}×`), " ", text));
  if (cause.otherMessages > 0)
    messages.append(
      el("li", { class: "more" }, `… and ${plural(cause.otherMessages, "other message")}`),
    );
  return [summary, messages];
}

/** Renders the failures section (a cause's runs are rendered when it is first opened). */
export function renderCauses(s: PageState): void {
  const box = byId("causes");
  if (s.data.causes.length === 0) {
    box.append(el("p", { class: "none" }, "No failures: every run in the files returned."));
    return;
  }
  s.data.causes.forEach((cause, ci) => {
    const [summary, messages] = causeHead(cause);
    const runs = el("div", { class: "cause-runs" });
    const details = el("details", { class: "cause", "data-cause": String(ci) }, summary);
    details.append(messages, runs);
    details.addEventListener("toggle", () => {
      if ((details as HTMLDetailsElement).open && runs.childElementCount === 0)
        renderCauseRuns(s, ci, runs);
    });
    box.append(details);
  });
  box.addEventListener("click", (event) => {
    const button = (event.target as Element).closest<HTMLElement>("button[data-i]");
    if (button) openDetail(s, Number(button.dataset.i), button);
  });
}

/** The failed cells of cause `cause`, by account. */
function cellsOfCause(s: PageState, cause: number): Map<number, number[]> {
  const byAccount = new Map<number, number[]>();
  for (let i = 0; i < s.data.cells.length; i++) {
    const f = s.failureIndex[i] ?? -1;
    if (f < 0 || s.data.causeOfFailure[f] !== cause) continue;
    const a = Math.floor(i / s.width);
    const cells = byAccount.get(a) ?? [];
    cells.push(i);
    byAccount.set(a, cells);
  }
  return byAccount;
}

/** One account of a cause: its id, name, OU path and a button per failed region. */
function causeAccount(s: PageState, a: number, cells: number[]): HTMLElement {
  const { id, name, ouPath } = accountOf(s, a);
  const item = el("li", null, el("span", { class: "id" }, id), " ");
  if (name) item.append(el("span", { class: "name" }, name), " ");
  if (ouPath) item.append(el("span", { class: "ou" }, ouPath), " ");
  for (const i of cells) {
    const o = look(s.data.cells[i] ?? "-");
    const region = s.data.regions[i % s.width] ?? "";
    const attrs = {
      type: "button",
      class: `run ${o.cls}`,
      "data-i": String(i),
      "aria-label": `${o.label} in ${id} ${region}: show the record`,
    };
    item.append(el("button", attrs, `${o.symbol} ${region}`), " ");
  }
  return item;
}

/** The accounts × regions of one cause, {@link CAUSE_ACCOUNTS_PER_BATCH} accounts at a time. */
function renderCauseRuns(s: PageState, cause: number, box: HTMLElement): void {
  const byAccount = cellsOfCause(s, cause);
  const accounts = [...byAccount.keys()];
  const list = el("ul", { class: "runs" });
  const more = el("button", { type: "button", class: "more" });
  let shown = 0;
  const showMore = () => {
    const next = accounts.slice(shown, shown + CAUSE_ACCOUNTS_PER_BATCH);
    for (const a of next) list.append(causeAccount(s, a, byAccount.get(a) ?? []));
    shown = Math.min(accounts.length, shown + CAUSE_ACCOUNTS_PER_BATCH);
    more.textContent = `Show more (${number(accounts.length - shown)} accounts not shown)`;
    more.hidden = shown >= accounts.length;
  };
  more.addEventListener("click", showMore);
  showMore();
  box.append(list, more);
}
