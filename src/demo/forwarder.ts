import {
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";

/**
 * Looks at a request before it is forwarded; answers it itself (and returns true) or lets it
 * through (false).
 */
export type Intercept = (
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
) => boolean | Promise<boolean>;

/** A running forwarder. */
export interface Forwarder {
  url: string;
  stop(): Promise<void>;
}

/** An AWS error answer: HTTP status, error code, message and request id. */
export interface AwsErrorAnswer {
  status: number;
  code: string;
  message?: string;
  /** Request id to answer with (default `proxy-fault`). */
  requestId?: string;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Answers with an AWS error in the protocol of the service called (JSON or query/XML). */
export function answerAwsError(
  req: IncomingMessage,
  res: ServerResponse,
  fault: AwsErrorAnswer,
): void {
  const message = fault.message ?? fault.code;
  const requestId = fault.requestId ?? "proxy-fault";
  const json = req.headers["x-amz-target"] !== undefined;
  const body = json
    ? JSON.stringify({ __type: fault.code, Message: message })
    : `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${fault.code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  res.writeHead(fault.status, {
    "content-type": json ? "application/x-amz-json-1.1" : "text/xml",
    "x-amzn-requestid": requestId,
  });
  res.end(body);
}

/** Sends the request on to `upstream` and pipes the answer back. */
function forward(upstream: URL, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
  const out = request(
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
  out.on("error", () => {
    res.writeHead(502);
    res.end();
  });
  out.end(body);
}

/**
 * Starts an HTTP forwarder to `target` on a free loopback port; `intercept` sees every
 * request first. The demo uses it to refuse one AssumeRole (moto never refuses one).
 */
export async function startForwarder(target: string, intercept: Intercept): Promise<Forwarder> {
  const upstream = new URL(target);
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (await intercept(req, body, res)) return;
    forward(upstream, req, body, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
