import { memoize } from "@smithy/property-provider";
import type { AwsCredentialIdentity } from "@smithy/types";
import { retryTransient, type RetryTransientOptions } from "../aws/transient.js";
import type { AccountCredentials } from "./source.js";

/** Credentials and when the request that got them started (their lifetime counts from then). */
export type Obtained = AwsCredentialIdentity & { obtained: number };

/** Longest time before expiry at which credentials are refreshed. */
const REFRESH_WINDOW_MS = 5 * 60_000;

/**
 * Sends `request` through {@link retryTransient} and returns its answer with the start time
 * of the attempt that succeeded (the credentials' lifetime counts from there, not from the
 * first attempt of a throttled account).
 */
export async function obtain<T>(
  request: () => Promise<T>,
  options: RetryTransientOptions,
): Promise<{ answer: T; obtained: number }> {
  let obtained = Date.now();
  const answer = await retryTransient(() => {
    obtained = Date.now();
    return request();
  }, options);
  return { answer, obtained };
}

/** Whether credentials are close enough to expiry to fetch new ones: min(5 min, half their lifetime) left. */
function dueForRefresh(creds: Obtained): boolean {
  if (creds.expiration === undefined) return false;
  const expires = creds.expiration.getTime();
  const window = Math.min(REFRESH_WINDOW_MS, (expires - creds.obtained) / 2);
  return expires - Date.now() <= window;
}

/**
 * The credentials of one account from `fetch`: fetched once now (`first`, whose failure is
 * the account's failure in every region), then handed out by a provider that fetches again
 * shortly before they expire. Concurrent callers share one fetch.
 */
export function refreshing(fetch: () => Promise<Obtained>): AccountCredentials {
  const first = fetch();
  let seed: Promise<Obtained> | undefined = first;
  const provider = memoize(
    () => {
      const next = seed ?? fetch();
      seed = undefined;
      return next;
    },
    dueForRefresh,
    (creds) => creds.expiration !== undefined,
  );
  first.catch(() => {});
  return {
    first,
    // The bookkeeping field stays out of what users see.
    provider: async () => {
      const { obtained: _obtained, ...creds } = await provider();
      return creds;
    },
  };
}
