import { EXIT } from "../errors.js";
import type { Secrets } from "../redact.js";
import { say } from "../say.js";
import { ioReason } from "./failures.js";

type StdoutErrorHandler = (error: NodeJS.ErrnoException) => void;

/** Who takes stdout's write errors now (a run writing records), if anyone. */
let route: StdoutErrorHandler | undefined;

/**
 * Sends stdout's write errors to `handler` (a run, which stops cleanly) until the returned
 * function is called.
 */
export function routeStdoutErrors(handler: StdoutErrorHandler): () => void {
  route = handler;
  return () => {
    if (route === handler) route = undefined;
  };
}

/**
 * The process's listener of stdout's `error` events. During a run the run takes them
 * ({@link routeStdoutErrors}); else a closed pipe (`cove targets | head`) ends the process
 * silently as a broken pipe (141), and any other failure says one line and exits 1.
 */
export function onStdoutError(error: NodeJS.ErrnoException, secrets: Secrets): void {
  if (route) return route(error);
  if (error.code === "EPIPE") process.exit(EXIT.BROKEN_PIPE);
  say(secrets, `cove: error: could not write to stdout: ${ioReason(error)}`);
  process.exit(EXIT.FAILED);
}
