import type { ClientClass } from "./session.js";

/**
 * Client settings that an SDK client reads from the environment and the shared config files
 * (`AWS_USE_FIPS_ENDPOINT`, `retry_mode`, …), whatever its region or credentials. Each client
 * looks each one up anew, and every miss builds and throws two errors: about a fifth of the
 * CPU of a one-call run, and garbage the heap must collect. So within one call (in-process) or
 * one worker thread (its environment is its own copy, taken when it started), the first client
 * of a class resolves them and the later ones of that class reuse its (memoized) providers.
 * `defaultsMode` is not among them: `auto` depends on the region. The endpoint configured by
 * the environment or the config files (`AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`,
 * `endpoint_url`; see {@link CONFIGURED_ENDPOINT}) is shared the same way.
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

/**
 * The resolved-config field through which an SDK client looks up the endpoint configured for
 * its service (`AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`, then the profile's
 * `endpoint_url` in the config files, unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`): a
 * memoized lookup, one per client, made at its first request. It depends only on the
 * service (the same for every client of a class), the environment and the config files
 * (which the SDK reads once per thread): never on the region or the credentials. A client
 * made with a `config` (which could name an `endpoint` or a `profile`) keeps its own.
 */
export const CONFIGURED_ENDPOINT = "serviceConfiguredEndpoint";

type ResolvedConfig = Record<string, unknown>;

function resolvedConfig(client: unknown): ResolvedConfig | undefined {
  const config = (client as { config?: unknown }).config;
  return typeof config === "object" && config !== null ? (config as ResolvedConfig) : undefined;
}

/** What the first client of a class resolved: settings providers and the endpoint lookup. */
interface Learnt {
  settings: Record<string, unknown>;
  endpoint: unknown;
}

/**
 * The settings providers of the first client of each class made in one call (in-process) or
 * one worker thread: an environment change in the middle of a call reaches the clients of the
 * next call, not the later clients of the same class in this one.
 */
export class SharedClientSettings {
  readonly #byClass = new WeakMap<ClientClass, Learnt>();

  /** The providers learnt from an earlier client of this class, if any. */
  get(ClientClass: ClientClass): Record<string, unknown> | undefined {
    return this.#byClass.get(ClientClass)?.settings;
  }

  /** Keeps the settings providers and the endpoint lookup of `client` (the first of its class). */
  learn(ClientClass: ClientClass, client: unknown): void {
    const config = resolvedConfig(client);
    if (config === undefined) return;
    const settings: Record<string, unknown> = {};
    for (const key of SHARED_SETTINGS) {
      if (typeof config[key] === "function") settings[key] = config[key];
    }
    const endpoint = config[CONFIGURED_ENDPOINT];
    this.#byClass.set(ClientClass, { settings, endpoint });
  }

  /**
   * Gives `client` (a later client of its class, made without a `config`) the first one's
   * memoized lookup of the configured endpoint, so that it is made once per class.
   */
  share(ClientClass: ClientClass, client: unknown): void {
    const endpoint = this.#byClass.get(ClientClass)?.endpoint;
    const config = resolvedConfig(client);
    if (typeof endpoint !== "function" || typeof config?.[CONFIGURED_ENDPOINT] !== "function") {
      return;
    }
    config[CONFIGURED_ENDPOINT] = endpoint;
  }
}
