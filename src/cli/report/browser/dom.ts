/**
 * DOM helpers. Every value from the records is untrusted: it reaches the page as text only
 * (`append` of strings, `textContent`, `setAttribute`), never as markup.
 */
import type { Outcome } from "../page-data.js";

/** An element with attributes and children; strings become text nodes, never markup. */
export function el(
  tag: string,
  attrs: Record<string, string> | null,
  ...children: (Node | string | null | undefined)[]
): HTMLElement {
  const e = document.createElement(tag);
  if (attrs) for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** The element with this id (the page's markup has them all). */
export function byId<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`the page lacks #${id}`);
  return e as T;
}

/** `1,234`. */
export function number(n: number): string {
  return n.toLocaleString("en");
}

/** `1 account`, `2 accounts`. */
export function plural(n: number, word: string): string {
  return `${number(n)} ${word}${n === 1 ? "" : "s"}`;
}

/** How an outcome looks: its symbol, label and CSS class. */
export interface OutcomeLook {
  symbol: string;
  label: string;
  cls: string;
}

const LOOKS: Record<Outcome, OutcomeLook> = {
  R: { symbol: "✓", label: "Result", cls: "o-R" },
  E: { symbol: "✗", label: "Exception", cls: "o-E" },
  F: { symbol: "⊘", label: "FailedAssumeRole", cls: "o-F" },
  "-": { symbol: "·", label: "not in the files", cls: "o-N" },
};

/** Every outcome, in the order the page lists them. */
export const OUTCOMES: readonly Outcome[] = ["R", "E", "F", "-"];

/** How the outcome of letter `code` looks (an unknown letter as none in the files). */
export function look(code: string): OutcomeLook {
  return LOOKS[code as Outcome] ?? LOOKS["-"];
}
