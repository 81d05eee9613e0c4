import type { NodeHttpHandler } from "@smithy/node-http-handler";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { CoveSession, type ClientClass } from "../run/session.js";
import type { SessionInformation } from "../types.js";

/**
 * Client settings that an SDK client reads from the environment and the shared config files
 * (`AWS_USE_FIPS_ENDPOINT`, `retry_mode`, …), whatever its region or credentials. Each client
 * looks each one up anew, and every miss builds and throws two errors: about a fifth of the
 * CPU of a one-call run. A worker's environment is its own copy, taken when it started, so
 * the first client of a class resolves them and the later ones of that class reuse its
 * (memoized) providers. `defaultsMode` and the endpoint are not among them: `auto` and a
 * configured endpoint depend on the region or the service.
 */
const SHARED_SETTINGS = [
  "authSchemePreference",
  "maxAttempts",
  "retryMode",
  "sigv4aSigningRegionSet",
  "useDualstackEndpoint",
  "useFipsEndpoint",
  "userAgentAppId",
] as const;

/** The settings providers of the first client of each class made in this worker. */
export class SharedClientSettings {
  readonly #byClass = new WeakMap<ClientClass, Record<string, unknown>>();

  /** The providers learnt from an earlier client of this class, if any. */
  get(ClientClass: ClientClass): Record<string, unknown> | undefined {
    return this.#byClass.get(ClientClass);
  }

  /** Keeps the settings providers of `client` (the first of its class). */
  learn(ClientClass: ClientClass, client: unknown): void {
    const config = (client as { config?: Record<string, unknown> }).config;
    if (typeof config !== "object" || config === null) return;
    const settings: Record<string, unknown> = {};
    for (const key of SHARED_SETTINGS) {
      if (typeof config[key] === "function") settings[key] = config[key];
    }
    this.#byClass.set(ClientClass, settings);
  }
}

/**
 * A run's session inside a worker: a {@link CoveSession} whose `client()` made without a
 * `config` reuses the environment settings of the first client of its class in this worker
 * (see {@link SharedClientSettings}). A `config` given by the function is used as given.
 */
export class WorkerSession extends CoveSession {
  readonly #shared: SharedClientSettings;

  /** @internal Made by the worker for each run. */
  constructor(
    info: SessionInformation,
    credentials: AwsCredentialIdentityProvider,
    signal: AbortSignal,
    handler: NodeHttpHandler,
    shared: SharedClientSettings,
  ) {
    super(info, credentials, signal, handler);
    this.#shared = shared;
  }

  override client<C extends ClientClass>(
    ClientClass: C,
    config?: ConstructorParameters<C>[0],
  ): InstanceType<C> {
    if (config !== undefined) return super.client(ClientClass, config);
    const known = this.#shared.get(ClientClass);
    const client = super.client(ClientClass, known as ConstructorParameters<C>[0]);
    if (known === undefined) this.#shared.learn(ClientClass, client);
    return client;
  }
}
