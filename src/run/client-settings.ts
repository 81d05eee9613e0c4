import type { ClientClass } from "./session.js";

/**
 * Client settings that an SDK client reads from the environment and the shared config files
 * (`AWS_USE_FIPS_ENDPOINT`, `retry_mode`, …), whatever its region or credentials. Each client
 * looks each one up anew, and every miss builds and throws two errors: about a fifth of the
 * CPU of a one-call run, and garbage the heap must collect. So within one call (in-process) or
 * one worker thread, the first client of a class resolves them and the later ones of that
 * class reuse its (memoized) providers. `defaultsMode` and the endpoint are not among them:
 * `auto` and a configured endpoint depend on the region or the service.
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
 * The settings providers of the first client of each class made in one call (in-process) or
 * one worker thread: an environment change in the middle of a call reaches the clients of the
 * next call, not the later clients of the same class in this one.
 */
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
