/** Wraps text in a terminal style (or gives it back as it is). */
export type Paint = (text: string) => string;

/** The styles the CLI uses; every one is the identity when colour is off. */
export interface Palette {
  bold: Paint;
  dim: Paint;
  green: Paint;
  yellow: Paint;
  red: Paint;
}

const plain: Paint = (text) => text;

/** No colour: every style gives the text back unchanged. */
export const PLAIN: Palette = { bold: plain, dim: plain, green: plain, yellow: plain, red: plain };

/** An SGR style: `on` before the text, `off` after (only the attribute it set is reset). */
const sgr =
  (on: number, off: number): Paint =>
  (text) =>
    text === "" ? text : `\u001b[${on}m${text}\u001b[${off}m`;

const COLOURED: Palette = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
  red: sgr(31, 39),
};

/** The palette for colour on or off. */
export function palette(colour: boolean): Palette {
  return colour ? COLOURED : PLAIN;
}

/**
 * Whether to colour what goes to `stream`, as other CLIs decide: never with `NO_COLOR` set to
 * anything non-empty (no-color.org) or `FORCE_COLOR` set to `0` or `false`; always with
 * `FORCE_COLOR` set otherwise (as Node, chalk and npm read it) or `CLICOLOR_FORCE` set to
 * something other than `0` (as gh reads it), even into a pipe; else only on a terminal that
 * is not `TERM=dumb`.
 */
export function colourWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if ((env.NO_COLOR ?? "") !== "" || force === "0" || force?.toLowerCase() === "false")
    return false;
  if (force !== undefined) return true;
  if ((env.CLICOLOR_FORCE ?? "0") !== "0" && env.CLICOLOR_FORCE !== "") return true;
  return stream.isTTY === true && env.TERM !== "dumb";
}
