/** The fields of a serialized error that say what kind of failure it is. */
export interface LabelledError {
  name: string;
  code?: string;
  /** exec: the command's exit code. */
  exitCode?: number;
  /** exec: the signal that ended the command. */
  signal?: string;
}

/**
 * What an error is, before its message: its code (else its name) and, for a command, how it
 * ended — `AccessDenied`, `TypeError`, `COMMAND_FAILED exit 3`, `COMMAND_FAILED SIGKILL`. The
 * table shows it before the message; the report groups failures by it (messages name
 * accounts, so they are not part of it).
 */
export function errorLabel(e: LabelledError): string {
  const code = e.code ?? e.name;
  if (e.exitCode !== undefined) return `${code} exit ${e.exitCode}`;
  if (e.signal !== undefined) return `${code} ${e.signal}`;
  return code;
}
