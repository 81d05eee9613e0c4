/**
 * How every API call is answered, whatever its service: counted, rate-limited (the throttling
 * answer at once), delayed by the configured latency, then failed by an injected fault or answered.
 */
import type http from "node:http";
import { ApiError, type Protocol, type Reply } from "../simulator-wire.js";
import type { TokenBuckets } from "./rate.js";
import type { SimulatorState } from "./state.js";
import type { ActionCounters } from "./stats.js";

/** One API call, as its service made it out. */
export interface ApiCall {
  /** How its service answers errors. */
  protocol: Protocol;
  /** What `/_stats` counts it as. */
  action: string;
  /** Its rate limit, and the bucket in it (the calling account, or the whole family). */
  buckets: TokenBuckets;
  bucketKey: string;
  /** Its latency range in ms. */
  latency: [number, number];
  requestId: string;
  /** Its answer; throws an {@link ApiError} for an error answer. */
  produce: () => Reply;
}

/** Writes `reply` with the AWS headers. */
export function send(res: http.ServerResponse, reply: Reply, requestId: string): void {
  const headers: http.OutgoingHttpHeaders = {
    "content-type": reply.contentType,
    "content-length": Buffer.byteLength(reply.body),
    "x-amzn-requestid": requestId,
  };
  if (reply.errorType) headers["x-amzn-errortype"] = reply.errorType;
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}

/** Counts `call`, throttles it over the rate, else answers it after its latency. */
export function answerCall(
  state: SimulatorState,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  call: ApiCall,
): void {
  const counters = state.stats.counters(call.action);
  counters.requests++;
  if (!call.buckets.take(call.bucketKey)) {
    counters.throttled++;
    send(res, call.protocol.throttled(call.requestId), call.requestId);
    return;
  }
  // `x-bench-no-latency: 1` skips the latency (the harness reads the account list so).
  const latencyMs = req.headers["x-bench-no-latency"] === "1" ? 0 : state.latency.ms(call.latency);
  const run = (): void => respond(state, req, res, counters, call);
  if (latencyMs > 0) setTimeout(run, latencyMs);
  else run();
}

/** The answer, or the injected fault: a connection reset or a 500. */
function respond(
  state: SimulatorState,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  counters: ActionCounters,
  call: ApiCall,
): void {
  if (res.destroyed) return;
  const fault = state.faults.next();
  if (fault !== undefined) {
    counters.faults++;
    if (fault === "reset") req.socket.destroy();
    else
      send(res, call.protocol.error(call.protocol.internalError(), call.requestId), call.requestId);
    return;
  }
  send(res, produceReply(counters, call), call.requestId);
}

/** The call's answer, or its error answer (anything but an ApiError is a 500 InternalFailure). */
function produceReply(counters: ActionCounters, call: ApiCall): Reply {
  try {
    const reply = call.produce();
    counters.ok++;
    return reply;
  } catch (err) {
    counters.errors++;
    const e =
      err instanceof ApiError ? err : new ApiError("InternalFailure", String(err), 500, "Receiver");
    return call.protocol.error(e, call.requestId);
  }
}
