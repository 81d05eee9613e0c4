import { createServer, request, type IncomingMessage, type Server } from "node:http";

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
export interface FaultAnswer {
  status: number;
  code: string;
  message?: string;
  /** Request id to answer with (default `proxy-fault`). */
  requestId?: string;
}

/**
 * Decides per request whether to answer with a fault instead of forwarding: a canned error,
 * `"reset"` (the connection is dropped), `"hang"` (never answered: the connection stays open
 * until the client gives up or the proxy stops), or a delay before the next rule.
 */
export type FaultRule = (
  req: SeenRequest,
) => FaultAnswer | "reset" | "hang" | { delayMs: number } | undefined;

/**
 * A counting, fault-injecting HTTP proxy in front of moto: the demo uses it to show a failed
 * AssumeRole (moto lets every AssumeRole succeed), the tests to count calls and inject faults.
 */
export interface Proxy {
  url: string;
  requests: SeenRequest[];
  count(action: string): number;
  faults: FaultRule[];
  clear(): void;
  stop(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
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

function faultBody(req: IncomingMessage, fault: FaultAnswer): { type: string; body: string } {
  const message = fault.message ?? fault.code;
  if (req.headers["x-amz-target"]) {
    return {
      type: "application/x-amz-json-1.1",
      body: JSON.stringify({ __type: fault.code, Message: message }),
    };
  }
  return {
    type: "text/xml",
    body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${fault.code}</Code><Message>${message}</Message></Error><RequestId>${fault.requestId ?? "proxy-fault"}</RequestId></ErrorResponse>`,
  };
}

/** Starts a proxy on a free loopback port that forwards to `target`. */
export async function startProxy(target: string): Promise<Proxy> {
  const upstream = new URL(target);
  const requests: SeenRequest[] = [];
  const faults: FaultRule[] = [];
  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const body = raw.toString();
    const seen: SeenRequest = {
      action: actionOf(req, body),
      body,
      accessKeyId: /Credential=([^/]+)\//.exec(req.headers.authorization ?? "")?.[1],
      signingRegion: /Credential=[^/]+\/[^/]+\/([^/]+)\//.exec(
        req.headers.authorization ?? "",
      )?.[1],
    };
    requests.push(seen);
    for (const rule of faults) {
      const fault = rule(seen);
      if (fault === "reset") {
        req.socket.destroy();
        return;
      }
      if (fault === "hang") return;
      if (fault && "delayMs" in fault) {
        await new Promise((r) => setTimeout(r, fault.delayMs));
        continue;
      }
      if (fault) {
        const { type, body: text } = faultBody(req, fault);
        res.writeHead(fault.status, {
          "content-type": type,
          "x-amzn-requestid": fault.requestId ?? "proxy-fault",
        });
        res.end(text);
        return;
      }
    }
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    forward.end(raw);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    faults,
    count: (action) => requests.filter((r) => r.action === action).length,
    clear() {
      requests.length = 0;
      faults.length = 0;
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
