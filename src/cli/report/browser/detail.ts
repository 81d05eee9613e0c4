/**
 * The detail panel: one account × region's record, read from the page's compressed chunks of
 * details (inflated on first use), in a modal dialog that gives focus back when it closes.
 */
import type { Detail, ErrorDetail, ResultDetail } from "../page-data.js";
import { changeView } from "./change-marks.js";
import { CHUNKS_KEPT } from "./constants.js";
import { byId, el, look, number } from "./dom.js";
import { accountOf, type PageState } from "./state.js";

/** The details of chunk `k` (gzip + base64 in the page), inflated on first use. */
async function chunk(s: PageState, k: number): Promise<Detail[] | undefined> {
  const cached = s.chunks.get(k);
  if (cached) return cached;
  const source = document.getElementById(`cove-d-${k}`);
  if (!source) return undefined;
  const binary = atob(source.textContent ?? "");
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  const details = JSON.parse(await new Response(inflated).text()) as Detail[];
  if (s.chunks.size >= CHUNKS_KEPT) s.chunks.clear();
  s.chunks.set(k, details);
  return details;
}

/** The detail of the filled cell number `index`. */
async function detailAt(s: PageState, index: number): Promise<Detail | undefined> {
  const k = Math.floor(index / s.data.detailsPerChunk);
  return (await chunk(s, k))?.[index - k * s.data.detailsPerChunk];
}

/** A definition list of the rows that have a value. */
function definitions(rows: [string, string | number | undefined][]): HTMLElement {
  const dl = el("dl", { class: "kv" });
  for (const [k, v] of rows)
    if (v !== undefined && v !== "") dl.append(el("dt", null, k), el("dd", null, String(v)));
  return dl;
}

/** A note that a text was cut (none when `full` is undefined: it was not). */
function cutNote(
  s: PageState,
  what: string,
  kept: number,
  full: number | undefined,
): HTMLElement[] {
  if (full === undefined) return [];
  const text =
    `${what}: ${number(kept)} of ${number(full)} characters shown ` +
    `(the report keeps at most ${number(s.data.fieldCap)} per field; the input file has the whole record).`;
  return [el("p", { class: "cut" }, text)];
}

/** The panel content of a run that returned. */
function resultView(s: PageState, d: ResultDetail): HTMLElement[] {
  return [
    el("h3", null, "Result"),
    el("pre", { class: "result" }, d.result),
    ...cutNote(s, "Result cut", d.result.length, d.resultLength),
  ];
}

/** The panel content of a failed run. */
function errorView(s: PageState, d: ErrorDetail): HTMLElement[] {
  const out: HTMLElement[] = [
    el("h3", null, "Error"),
    definitions([
      ["Name", d.name],
      ["Code", d.code],
      ["Message", d.message],
      ["Request id", d.requestId],
      ["Exit code", d.exitCode],
      ["Signal", d.signal],
    ]),
    ...cutNote(s, "Message cut", d.message.length, d.messageLength),
  ];
  if (d.stderr !== undefined)
    out.push(
      el("h3", null, "stderr (the end)"),
      el("pre", { class: "stderr" }, d.stderr),
      ...cutNote(s, "stderr cut to its end", d.stderr.length, d.stderrLength),
    );
  return out;
}

/** The record part of the panel: the result or the error, or why there is none. */
async function recordView(s: PageState, i: number): Promise<HTMLElement[]> {
  const index = s.detailIndex[i] ?? -1;
  const none = (text: string) => [el("p", { class: "none" }, text)];
  if (index < 0)
    return none("No record for this account and region in the files: not run, or not finished.");
  const detail = await detailAt(s, index);
  if (!detail) return none("The details are still loading; try again in a moment.");
  return "result" in detail ? resultView(s, detail) : errorView(s, detail);
}

/** Opens the detail panel of cell `i`; closing it returns focus to `opener`. */
export function openDetail(s: PageState, i: number, opener: HTMLElement): void {
  const { id, name, email, ouPath } = accountOf(s, Math.floor(i / s.width));
  const region = s.data.regions[i % s.width] ?? "";
  const o = look(s.data.cells[i] ?? "-");
  byId("detail-h").replaceChildren(
    el("span", { class: `badge ${o.cls}` }, `${o.symbol} ${o.label}`),
    ` ${name || id} · ${region}`,
  );
  const record = el("div", { class: "record", "aria-busy": "true" }, "Loading…");
  const account = definitions([
    ["Account", id],
    ["Name", name],
    ["Email", email],
    ["OU path", ouPath || "(none)"],
    ["Region", region],
  ]);
  const change = changeView(s, i);
  byId("detail-body").replaceChildren(account, ...(change ? [change] : []), record);
  s.opener = opener;
  const dialog = byId<HTMLDialogElement>("detail");
  if (!dialog.open) dialog.showModal();
  byId("detail-close").focus();
  const ticket = ++s.opened;
  void recordView(s, i).then(
    (parts) => {
      if (ticket !== s.opened) return;
      record.replaceChildren(...parts);
      record.setAttribute("aria-busy", "false");
    },
    (error: unknown) => {
      record.replaceChildren(`The details could not be read: ${String(error)}`);
      record.setAttribute("aria-busy", "false");
      throw error;
    },
  );
}

/** Wires the panel: its close button, a click on the backdrop, and focus back where it was. */
export function wireDetailPanel(s: PageState): void {
  const dialog = byId<HTMLDialogElement>("detail");
  byId("detail-close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
  dialog.addEventListener("close", () => {
    s.opener?.focus();
    s.opener = null;
  });
}
