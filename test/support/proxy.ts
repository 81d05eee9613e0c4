import { EventEmitter, once } from "node:events";
import type { IncomingMessage } from "node:http";
import { answerAwsError, startForwarder, type AwsErrorAnswer } from "../../src/demo/forwarder.js";

/** What the proxy learned about one request. */
export interface SeenRequest {
  /** `sts:AssumeRole`, `organizations:ListAccounts`, … */
  action: string;
  /** Form or JSON body. */
  body: string;
  /** Access key id from the SigV4 Authorization header. */
  accessKeyId: string | undefined;
  /** Region of the SigV4 credential scope (the region the request was signed for). */
  signingRegion: string | undefined;
}

/** A canned error answer, in the protocol of the service that was called. */
export type FaultAnswer = AwsErrorAnswer;

/** Decides per request whether to answer with a fault instead of forwarding. */
export type FaultRule = (
  req: SeenRequest,
) => FaultAnswer | "reset" | "hang" | { delayMs: number } | undefined;

/** A counting, fault-injecting HTTP proxy in front of moto, for the tests. */
export interface Proxy {
  url: string;
  requests: SeenRequest[];
  count(action: string): number;
  /** Resolves once no request is in flight (each one received has been answered or dropped). */
  idle(): Promise<void>;
  faults: FaultRule[];
  clear(): void;
  stop(): Promise<void>;
}

function actionOf(req: IncomingMessage, body: string): string {
  const target = req.headers["x-amz-target"];
  if (typeof target === "string") {
    const [svc, op] = target.split(".");
    const service = svc?.startsWith("AWSOrganizations")
      ? "organizations"
      : (svc ?? "unknown").toLowerCase();
    return `${service}:${op}`;
  }
  const auth = req.headers.authorization ?? "";
  const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(auth)?.[1] ?? "unknown";
  const action = new URLSearchParams(body).get("Action") ?? `${req.method} ${req.url}`;
  return `${service}:${action}`;
}

function seen(req: IncomingMessage, body: string): SeenRequest {
  const auth = req.headers.authorization ?? "";
  return {
    action: actionOf(req, body),
    body,
    accessKeyId: /Credential=([^/]+)\//.exec(auth)?.[1],
    signingRegion: /Credential=[^/]+\/[^/]+\/([^/]+)\//.exec(auth)?.[1],
  };
}

/** Starts a proxy on a free loopback port that forwards to `target`. */
export async function startProxy(target: string): Promise<Proxy> {
  const requests: SeenRequest[] = [];
  const faults: FaultRule[] = [];
  let inFlight = 0;
  const settled = new EventEmitter();
  const forwarder = await startForwarder(target, async (req, raw, res) => {
    const request = seen(req, raw.toString());
    requests.push(request);
    inFlight++;
    res.once("close", () => {
      if (--inFlight === 0) settled.emit("idle");
    });
    for (const rule of faults) {
      const fault = rule(request);
      if (fault === "reset") {
        req.socket.destroy();
        return true;
      }
      // Never answered: the connection stays open until the client gives up or the proxy stops.
      if (fault === "hang") return true;
      if (fault && "delayMs" in fault) {
        await new Promise((r) => setTimeout(r, fault.delayMs));
        continue;
      }
      if (fault) {
        answerAwsError(req, res, fault);
        return true;
      }
    }
    return false;
  });
  return {
    url: forwarder.url,
    requests,
    faults,
    count: (action) => requests.filter((r) => r.action === action).length,
    idle: async () => {
      if (inFlight > 0) await once(settled, "idle");
    },
    clear() {
      requests.length = 0;
      faults.length = 0;
    },
    stop: () => forwarder.stop(),
  };
}
