/** An argument as a POSIX shell reads it back: as is when safe, else in single quotes. */
export function shellWord(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command line a POSIX shell reads back as `argv` (each argument quoted where needed). */
export function shellLine(argv: readonly string[]): string {
  return argv.map(shellWord).join(" ");
}
