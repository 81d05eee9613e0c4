import type { AwsCredentialIdentityProvider } from "@smithy/types";
import type { PlainCredentials } from "./protocol.js";

/** Longest time before expiry at which a worker asks for fresh credentials. */
const REFRESH_WINDOW_MS = 5 * 60_000;

/** The two ends of a pending request for fresh credentials. */
export interface CredentialAnswer {
  resolve(credentials: PlainCredentials): void;
  reject(error: unknown): void;
}

/**
 * A run's credential provider inside a worker: hands out the credentials the run came with
 * until min(5 min, half their remaining lifetime when received) before they expire, then asks
 * the main thread (`ask`), which refreshes the account's credentials once for every run.
 * Concurrent callers share one request.
 */
export function workerCredentials(
  initial: PlainCredentials,
  ask: () => Promise<PlainCredentials>,
): AwsCredentialIdentityProvider {
  let current = initial;
  let received = Date.now();
  let pending: Promise<PlainCredentials> | undefined;
  const due = () => {
    if (current.expiration === undefined) return false;
    const expires = current.expiration.getTime();
    return expires - Date.now() <= Math.min(REFRESH_WINDOW_MS, (expires - received) / 2);
  };
  return async () => {
    if (!due()) return current;
    pending ??= ask().then(
      (fresh) => {
        current = fresh;
        received = Date.now();
        pending = undefined;
        return fresh;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}
