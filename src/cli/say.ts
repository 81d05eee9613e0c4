import type { Secrets } from "./redact.js";

/** Writes a line to stderr, scrubbed of every known secret. */
export function say(secrets: Secrets, line: string): void {
  process.stderr.write(secrets.scrub(line) + "\n");
}
