/** Accounts rendered per group at a time ("Show more" adds as many). */
export const ROWS_PER_BATCH = 200;

/** Accounts "Expand all" shows in all, shared among the groups. */
export const ROWS_ON_EXPAND_ALL = 1000;

/** Most accounts a filter may match and still open every matching group. */
export const AUTO_EXPAND_LIMIT = 300;

/** Accounts of a failure cause listed at a time ("Show more" adds as many). */
export const CAUSE_ACCOUNTS_PER_BATCH = 100;

/** Inflated detail chunks kept at once. */
export const CHUNKS_KEPT = 64;

/** Milliseconds the text filter waits after the last key. */
export const FILTER_DELAY_MS = 120;
