import type { Secrets } from "./redact.js";

/** What every command of one `cove` process shares. */
export interface CliContext {
  /** Every secret the process holds; each text it writes is scrubbed of them. */
  secrets: Secrets;
  /** Receives the command's exit code. */
  setCode(code: number): void;
}
