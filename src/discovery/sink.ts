import type { AccountInfo } from "../types.js";
import type { Outlet } from "./outlet.js";
import type { Selector } from "./selector.js";

// "Sink": what every listing offers its accounts to (the selector in front of the outlet).
/** Where listed accounts go: through the selector, selected ones out of the outlet. */
export interface Sink {
  /**
   * Offers a listed account (ignored, duplicate and unselected ones go no further); an
   * `explicit` one (named by id) is not checked for access.
   */
  offer(account: AccountInfo, explicit?: boolean): void;
  /** Settles once every selection in progress (tags read, filter run) has decided. */
  settled(): Promise<void>;
  selector: Selector;
}

/** A sink from `selector` into `outlet`; a failed selection fails the outlet at once. */
export function createSink(selector: Selector, outlet: Outlet): Sink {
  /** Selections (tags read, filter run) still in progress. */
  const selecting = new Set<Promise<void>>();
  const offer = (account: AccountInfo, explicit?: boolean) => {
    if (outlet.signal.aborted) return;
    const verdict = selector.offer(account, explicit);
    if (verdict === true) outlet.push(account);
    if (typeof verdict === "boolean") return;
    const job = verdict.then((keep) => {
      if (keep) outlet.push(account);
    });
    selecting.add(job);
    job.then(
      () => selecting.delete(job),
      (error: unknown) => outlet.fail(error),
    );
  };
  const settled = async () => {
    while (selecting.size > 0) await Promise.all(selecting);
  };
  return { offer, settled, selector };
}
