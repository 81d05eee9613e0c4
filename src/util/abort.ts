import { setMaxListeners } from "node:events";

/** An AbortController that follows `parent` and takes any number of listeners quietly. */
export interface LinkedController {
  controller: AbortController;
  /** Stops following the parent. */
  unlink(): void;
}

/**
 * A controller aborted when `parent` aborts (with its reason). Every SDK request adds an
 * abort listener to the signal it is given, so the listener limit is lifted: Node would
 * otherwise print a MaxListenersExceededWarning, and the library never prints.
 */
export function linkedController(parent?: AbortSignal): LinkedController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  if (!parent) return { controller, unlink() {} };
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onAbort();
  else parent.addEventListener("abort", onAbort, { once: true });
  return { controller, unlink: () => parent.removeEventListener("abort", onAbort) };
}
