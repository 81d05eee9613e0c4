import type { WaitEvent } from "../index.js";

const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000))} s`;
const attempts = (n: number) => `${n} attempt${n === 1 ? "" : "s"}`;

/**
 * The one line `cove` prints on stderr when the hub's first call has gone a few seconds
 * without an answer (the library's `onWait`): what is waited for (the endpoint and the call),
 * why (the last failed attempt, or none answered yet) and how long it keeps trying.
 */
export function waitLine(event: WaitEvent): string {
  const waited = seconds(event.waitedMs);
  if (event.endpoint === undefined) {
    return `cove: waiting ${waited} so far for the calling account's credentials (the AWS SDK's credential chain: profile, SSO, credential_process, container or instance role), before ${event.operation}.`;
  }
  const why =
    event.lastError === undefined
      ? `no answer yet (${attempts(event.attempts)} sent)`
      : `${attempts(event.attempts)} so far, the last failed with ${event.lastError}`;
  const left = seconds(event.deadlineMs - event.waitedMs);
  return `cove: waiting ${waited} so far for ${event.endpoint} to answer ${event.operation} (the calling account's identity): ${why}; retrying for up to ${left} more before giving up (Ctrl-C stops).`;
}
