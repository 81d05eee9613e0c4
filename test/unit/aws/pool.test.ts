import { once } from "node:events";
import { createServer, type Server, type ServerResponse } from "node:http";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createConnectionPool, type ConnectionPool } from "../../../src/aws/pool.js";
import { setDeadlinesForTests } from "../../../src/aws/deadlines.js";

/** A server that never finishes an answer: `/hang` sends nothing, `/stall` stops mid-body. */
let server: Server;
let url: string;
const open = new Set<ServerResponse>();
beforeAll(async () => {
  server = createServer((req, res) => {
    open.add(res);
    req.resume();
    if (req.url?.startsWith("/stall")) {
      res.writeHead(200, { "content-type": "text/xml" });
      res.write("<GetCallerIdentityResponse><GetCallerIdentityResult>");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const addr = server.address();
  url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

let pool: ConnectionPool | undefined;
let restore: (() => void) | undefined;
afterEach(() => {
  pool?.close();
  restore?.();
});

/** One GetCallerIdentity attempt (no SDK retries) through `handler` to `path`. */
function identity(handler: ConnectionPool["hub"], path: string, signal?: AbortSignal) {
  const sts = new STSClient({
    region: "eu-west-1",
    endpoint: `${url}${path}`,
    credentials: { accessKeyId: "a", secretAccessKey: "b" },
    requestHandler: handler,
    maxAttempts: 1,
  });
  return sts
    .send(new GetCallerIdentityCommand({}), signal ? { abortSignal: signal } : undefined)
    .finally(() => sts.destroy());
}

describe("connection pool deadlines", () => {
  it("the hub handler abandons a request never answered, with a TimeoutError the SDK retries", async () => {
    restore = setDeadlinesForTests({ requestMs: 300 });
    pool = createConnectionPool();
    await expect(identity(pool.hub, "/hang")).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("the hub handler abandons an answer whose body stalls after the headers", async () => {
    restore = setDeadlinesForTests({ requestMs: 300 });
    pool = createConnectionPool();
    await expect(identity(pool.hub, "/stall")).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("the handler of the user's clients imposes no deadline: its code decides", async () => {
    restore = setDeadlinesForTests({ requestMs: 300 });
    pool = createConnectionPool();
    const controller = new AbortController();
    const received = once(server, "request");
    const call = identity(pool.runs, "/hang", controller.signal).then(
      () => "answered",
      (e: unknown) => (e as Error).name,
    );
    await received;
    // A hub call sent after it gives up on its deadline: had the user's call one, it would have
    // given up first.
    await expect(identity(pool.hub, "/hang")).rejects.toMatchObject({ name: "TimeoutError" });
    const first = await Promise.race([call, Promise.resolve("still waiting")]);
    expect(first).toBe("still waiting");
    controller.abort();
    expect(await call).toBe("AbortError");
  });
});
