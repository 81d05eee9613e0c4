/** The simulator's HTTP server: keep-alive `node:http`, counting connections and requests in flight. */
import http from "node:http";
import type { SsoPortal } from "../simulator-sso.js";
import type { SimulatorConfig } from "./args.js";
import { buildOrg, type Org } from "./org-model.js";
import { route } from "./routes.js";
import { createState, type SimulatorState } from "./state.js";
import type { Stats } from "./stats.js";

export interface RunningSimulator {
  server: http.Server;
  port: number;
  config: SimulatorConfig;
  org: Org;
  /** The IAM Identity Center portal (its login, `revoke()`). */
  sso: SsoPortal;
  close(): Promise<void>;
}

/** Serves `org` (default: the organization `cfg` describes) until `close()`. */
export async function serve(
  cfg: SimulatorConfig,
  org: Org = buildOrg(cfg),
): Promise<RunningSimulator> {
  const state = createState(cfg, org);
  const server = createServer(state);
  await listen(server, cfg);
  const address = server.address();
  return {
    server,
    port: typeof address === "object" && address ? address.port : cfg.port,
    config: cfg,
    org,
    sso: state.portal,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function createServer(state: SimulatorState): http.Server {
  const server = http.createServer({ keepAlive: true, noDelay: true }, (req, res) => {
    trackInFlight(state.stats, res);
    readBody(req, (body) => {
      try {
        route(state, req, res, body);
      } catch (err) {
        sendCrash(res, err);
      }
    });
  });
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  server.maxRequestsPerSocket = 0;
  server.on("connection", () => {
    state.stats.connections++;
  });
  return server;
}

/** Counts the request in flight until its response finishes or its connection closes. */
function trackInFlight(stats: Stats, res: http.ServerResponse): void {
  stats.inFlight++;
  if (stats.inFlight > stats.maxInFlight) stats.maxInFlight = stats.inFlight;
  let done = false;
  const leave = (): void => {
    if (!done) {
      done = true;
      stats.inFlight--;
    }
  };
  res.on("finish", leave);
  res.on("close", leave);
}

function readBody(req: http.IncomingMessage, then: (body: string) => void): void {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    then(chunks.length === 1 ? (chunks[0] as Buffer).toString() : Buffer.concat(chunks).toString());
  });
}

/** A bug in the simulator: 500 with the error as plain text. */
function sendCrash(res: http.ServerResponse, err: unknown): void {
  const msg = String(err);
  res.writeHead(500, {
    "content-type": "text/plain",
    "content-length": Buffer.byteLength(msg),
  });
  res.end(msg);
}

function listen(server: http.Server, cfg: SimulatorConfig): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: cfg.host, port: cfg.port, backlog: 4096 }, () => resolve());
  });
}
