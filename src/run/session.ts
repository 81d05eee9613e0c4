import type { NodeHttpHandler } from "@smithy/node-http-handler";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import type { SessionInformation } from "../types.js";
import type { SharedClientSettings } from "./client-settings.js";

/** An SDK v3 client class (anything constructed from a config that can be destroyed). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ClientClass = new (...args: any[]) => { destroy(): void };

/** The config {@link CoveSession.clientConfig} gives, to spread into a client by hand. */
export interface CoveClientConfig {
  region: string;
  credentials: AwsCredentialIdentityProvider;
}

const dispose = Symbol("dispose");

/**
 * What one account × region run gets: who and where it runs, auto-refreshing assumed-role
 * credentials, and a factory for SDK v3 clients that are cleaned up when the run ends.
 */
export class CoveSession {
  /** Everything known about this run; every key present, `undefined` where unknown. */
  readonly sessionInformation: Readonly<SessionInformation>;
  /** Auto-refreshing credential provider for the assumed role. */
  readonly credentials: AwsCredentialIdentityProvider;
  /**
   * Aborted when the run is cancelled (`signal`, `raiseException`, a failing callback,
   * `taskTimeout`). The call does not wait for a cancelled run: stop promptly when it fires;
   * a run that goes on anyway is abandoned and its record dropped.
   */
  readonly signal: AbortSignal;
  readonly #handler: NodeHttpHandler | undefined;
  readonly #shared: SharedClientSettings | undefined;
  readonly #clients: { destroy(): void }[] = [];
  #ended = false;

  /** @internal Sessions are made by cove; users receive them. */
  constructor(
    info: SessionInformation,
    credentials: AwsCredentialIdentityProvider,
    signal: AbortSignal,
    handler?: NodeHttpHandler,
    shared?: SharedClientSettings,
  ) {
    this.sessionInformation = info;
    this.credentials = credentials;
    this.signal = signal;
    this.#handler = handler;
    this.#shared = shared;
  }

  /** The target account id. */
  get accountId(): string {
    return this.sessionInformation.Id;
  }

  /** The region of this run. */
  get region(): string {
    return this.sessionInformation.Region;
  }

  /** `{ region, credentials }` of this run, to spread into a client constructor by hand. */
  get clientConfig(): CoveClientConfig {
    return { region: this.region, credentials: this.credentials };
  }

  /**
   * A new SDK v3 client with this run's region and credentials, on the call's shared
   * keep-alive connection pool. `config` may override anything. The client is destroyed
   * when the run ends. Made without a `config`, it reuses the environment settings (retry
   * mode, FIPS, …) that the first client of its class in this call read; with one, it reads
   * them itself.
   *
   * @example const iam = session.client(IAMClient);
   */
  client<C extends ClientClass>(
    ClientClass: C,
    config?: ConstructorParameters<C>[0],
  ): InstanceType<C> {
    if (this.#ended)
      throw new Error(
        `CoveSession for ${this.accountId}/${this.region} has ended; clients can no longer be made.`,
      );
    const known = config === undefined ? this.#shared?.get(ClientClass) : undefined;
    const client = new ClientClass({
      ...this.clientConfig,
      ...(this.#handler === undefined ? {} : { requestHandler: this.#handler }),
      ...known,
      ...(config as object | undefined),
    }) as InstanceType<C>;
    if (config === undefined) {
      if (known === undefined) this.#shared?.learn(ClientClass, client);
      else this.#shared?.share(ClientClass, client);
    }
    this.#clients.push(client);
    return client;
  }

  /** @internal Destroys the clients of this run. */
  [dispose](): void {
    this.#ended = true;
    for (const c of this.#clients.splice(0)) {
      try {
        c.destroy();
      } catch {
        // A client that fails to clean up must not turn a result into an exception.
      }
    }
  }

  /** Shows the account and region, never credentials. */
  toString(): string {
    return `CoveSession(${this.accountId}, ${this.region})`;
  }

  /** Keeps credentials out of `console.log(session)` and `util.inspect`. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** Keeps credentials out of `JSON.stringify(session)`. */
  toJSON(): { accountId: string; region: string } {
    return { accountId: this.accountId, region: this.region };
  }
}

/** @internal Ends a session: destroys its clients. */
export function endSession(session: CoveSession): void {
  session[dispose]();
}
