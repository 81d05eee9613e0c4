import type { CoveOptions } from "../../index.js";

/** What of a job keeps its records' OU paths. */
export interface PathKeepers {
  /** `--report`: the page groups accounts by OU path. */
  report: boolean;
  /** `--journal` or `--resume`: a page made from the journal later groups them too. */
  journal: boolean;
}

/**
 * Whether a job's run (or the listing before it) asks for OU paths (`ouPaths`) without
 * `--ou-paths`: with a report, and with a journal, whose records keep them so that `cove report
 * JOURNAL` groups accounts as the live run's page did. Not for a resolved account list (it
 * keeps the paths it has) or an IAM Identity Center login (Organizations may not be readable).
 */
export function readsOuPaths(keepers: PathKeepers, options: CoveOptions): boolean {
  return (keepers.report || keepers.journal) && !options.accounts && !options.identityCenter;
}
