import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { deadlines } from "./deadlines.js";

/** A logger that drops everything: the library never prints. */
export const silentLogger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/**
 * A request handler several clients share. `destroy()` from a client (each run's clients are
 * destroyed when the run ends) is a no-op, so keep-alive connections and TLS sessions carry
 * over from account to account; {@link SharedHttpHandler.close} ends them for good.
 */
class SharedHttpHandler extends NodeHttpHandler {
  readonly #close: () => void;
  constructor(options: ConstructorParameters<typeof NodeHttpHandler>[0], close: () => void) {
    super(options);
    this.#close = close;
  }
  override destroy(): void {}
  /** Closes the pooled connections. */
  close(): void {
    this.#close();
  }
}

/** The connection pool of one cove call. */
export interface ConnectionPool {
  /**
   * For botocove's own calls (STS, Organizations, EC2 DescribeRegions): every attempt has a
   * deadline; one not answered in time is abandoned with a `TimeoutError`, which is retried.
   */
  hub: NodeHttpHandler;
  /** For clients the user's function makes; same sockets, no request timeout imposed. */
  runs: NodeHttpHandler;
  /** Closes every pooled connection (at the end of the call). */
  close(): void;
}

/** Creates the keep-alive connection pool shared by every client of one cove call. */
export function createConnectionPool(): ConnectionPool {
  const httpAgent = new HttpAgent({ keepAlive: true, maxFreeSockets: 512 });
  const httpsAgent = new HttpsAgent({ keepAlive: true, maxFreeSockets: 512 });
  const close = () => {
    httpAgent.destroy();
    httpsAgent.destroy();
  };
  const common = { httpAgent, httpsAgent, logger: silentLogger };
  const { connectMs, requestMs } = deadlines();
  const hub = new SharedHttpHandler(
    {
      ...common,
      connectionTimeout: connectMs,
      // Without throwOnRequestTimeout the handler only logs a warning, and the call waits forever.
      requestTimeout: requestMs,
      throwOnRequestTimeout: true,
      // The request timeout ends with the answer's headers: a body that stalls after them is
      // abandoned after this long without a byte.
      socketTimeout: requestMs,
    },
    close,
  );
  const runs = new SharedHttpHandler(common, close);
  return { hub, runs, close };
}
