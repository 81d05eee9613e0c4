/** The "Examples:" block of a command's help. */
export const examples = (lines: string[]) =>
  `\nExamples:\n${lines.map((l) => `  ${l}`).join("\n")}\n`;
