/**
 * The width of text in a terminal's columns: most characters take one, East Asian wide and
 * fullwidth characters (CJK, Hangul, kana, fullwidth forms) and emoji take two, combining
 * marks and other zero-width characters none. Counted per grapheme (what a terminal draws as
 * one character), so `é` written as `e` + a combining accent, a flag or a family emoji joined
 * with ZWJ each count once.
 */

/** Only printable ASCII: one column per character (the fast path for most cells). */
const ASCII = /^[\x20-\x7e]*$/;

/** Characters that take no column on their own: combining marks, format characters (ZWJ…), variation selectors. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}]+$/u;

/** An emoji drawn as a picture (two columns): default emoji presentation, or any pictograph asked for as emoji (U+FE0F), or a flag. */
const EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\u{FE0F}|\p{Regional_Indicator}{2}/u;

/** East Asian Wide (W) and Fullwidth (F) code point ranges (Unicode UAX #11), the main blocks. */
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x2e80, 0x303e], // CJK radicals, Kangxi radicals, ideographic description, CJK symbols and punctuation
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed, compatibility
  [0x3400, 0x4dbf], // CJK unified ideographs extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x1b000, 0x1b2ff], // Kana supplement and extensions
  [0x20000, 0x2fffd], // CJK extensions B–F, compatibility supplement
  [0x30000, 0x3fffd], // CJK extensions G–H
];

function isWide(codePoint: number): boolean {
  for (const [lo, hi] of WIDE) if (codePoint >= lo && codePoint <= hi) return true;
  return false;
}

let segmenter: Intl.Segmenter | undefined;

/** The graphemes of `text`. */
function graphemes(text: string): string[] {
  segmenter ??= new Intl.Segmenter("en", { granularity: "grapheme" });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** Columns one grapheme takes: 0, 1 or 2. */
function graphemeWidth(g: string): number {
  if (ZERO_WIDTH.test(g)) return 0;
  if (EMOJI.test(g)) return 2;
  return isWide(g.codePointAt(0) ?? 0) ? 2 : 1;
}

/** Columns `text` takes in a terminal. */
export function displayWidth(text: string): number {
  if (ASCII.test(text)) return text.length;
  let width = 0;
  for (const g of graphemes(text)) width += graphemeWidth(g);
  return width;
}

/** `text` cut to at most `width` columns, ending with `…` when cut (never a grapheme split). */
export function fitWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  const room = width <= 1 ? width : width - 1;
  let used = 0;
  let kept = "";
  for (const g of graphemes(text)) {
    const w = graphemeWidth(g);
    if (used + w > room) break;
    kept += g;
    used += w;
  }
  return width <= 1 ? kept : `${kept}…`;
}

/** `text` padded with spaces to `width` columns. */
export function padToWidth(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}
