import type { NodeHttpHandler } from "@smithy/node-http-handler";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import type { SharedClientSettings } from "../run/client-settings.js";
import { CoveSession } from "../run/session.js";
import type { SessionInformation } from "../types.js";

export { CONFIGURED_ENDPOINT, SharedClientSettings } from "../run/client-settings.js";

/**
 * A run's session inside a worker: a {@link CoveSession} whose `client()` made without a
 * `config` reuses the environment settings of the first client of its class in this worker
 * (see {@link SharedClientSettings}; a worker's environment is its own copy, taken when it
 * started). A `config` given by the function is used as given.
 */
export class WorkerSession extends CoveSession {
  /** @internal Made by the worker for each run. */
  constructor(
    info: SessionInformation,
    credentials: AwsCredentialIdentityProvider,
    signal: AbortSignal,
    handler: NodeHttpHandler,
    shared: SharedClientSettings,
  ) {
    super(info, credentials, signal, handler, shared);
  }
}
