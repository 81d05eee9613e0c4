/**
 * Characters a terminal would act on rather than show (a regular expression class body): C0
 * controls, DEL, C1 controls, line/paragraph separators and the bidirectional formatting marks
 * that reorder what follows (a name could otherwise hide or rewrite the rest of its line).
 */
export const CONTROL_OR_BIDI =
  "\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069";

/** Line breaks are made visible first (as ⏎); the rest of {@link CONTROL_OR_BIDI} as escapes. */
const UNSAFE = new RegExp(`[${CONTROL_OR_BIDI}]`, "g");

const NAMED: Record<string, string> = { "\t": "\\t", "\r": "\\r" };

/** `\x1b`, `\u202e`: the escape that shows a character instead of acting on it. */
function escapeOf(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Text for one terminal cell: on one line (line breaks become a visible ⏎) with control and
 * bidirectional characters shown as escapes.
 */
export function visibleText(text: string): string {
  return text.replace(/[^\S\n]*\r?\n\s*/g, " ⏎ ").replace(UNSAFE, escapeOf);
}

/** The bidirectional formatting marks (a class body): they reorder the text around them. */
export const BIDI_CONTROLS = "\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069";

const BIDI = new RegExp(`[${BIDI_CONTROLS}]`, "g");

/**
 * Text with its bidirectional formatting marks shown as escapes (`\u202e`), everything else
 * as it is (line breaks too): for text shown where layout is not the terminal's, such as the
 * report page.
 */
export function bidiVisible(text: string): string {
  BIDI.lastIndex = 0;
  return BIDI.test(text) ? text.replace(BIDI, escapeOf) : text;
}
