/**
 * Which service a request is for: control endpoints under `/_`, the portal's GET paths,
 * Organizations by its `x-amz-target` header, STS for anything else.
 */
import { randomUUID } from "node:crypto";
import type http from "node:http";
import { ssoAction, SSO_PROTOCOL } from "../simulator-sso.js";
import { ApiError } from "../simulator-wire.js";
import { answerCall } from "./calls.js";
import { handleControl } from "./control.js";
import { callerOf, type Caller } from "./credentials.js";
import { orgAction, orgAnswer, orgHandler, ORGANIZATIONS_PROTOCOL } from "./organizations.js";
import type { SimulatorState } from "./state.js";
import { stsAnswer, stsCounterName, stsParams, STS_PROTOCOL } from "./sts.js";

type Request = http.IncomingMessage;
type Response = http.ServerResponse;

/** Answers one request whose body has been read. */
export function route(state: SimulatorState, req: Request, res: Response, body: string): void {
  if (req.url?.startsWith("/_")) return handleControl(state, req, res);
  const ssoCall = ssoAction(req.method, req.url);
  if (ssoCall !== undefined) return handleSso(state, req, res, ssoCall);
  const target = req.headers["x-amz-target"];
  if (typeof target === "string") return handleOrg(state, req, res, target, body);
  return handleSts(state, req, res, body);
}

/** The rate-limit bucket of a call: its calling account's ("caller" scope), or its family's. */
function bucketKey(state: SimulatorState, caller: () => Caller, family: string): string {
  return state.cfg.rateScope === "caller" ? caller().account : family;
}

function handleSts(state: SimulatorState, req: Request, res: Response, body: string): void {
  const requestId = randomUUID();
  const params = stsParams(req, body);
  const action = params.get("Action") ?? "";
  const caller = callerOf(req);
  answerCall(state, req, res, {
    protocol: STS_PROTOCOL,
    action: stsCounterName(action),
    buckets: state.buckets.sts,
    bucketKey: bucketKey(state, () => caller, "sts"),
    latency: state.cfg.latency,
    requestId,
    produce: () => {
      if (action !== "AssumeRole")
        return stsAnswer(state.org, action, params, req, caller, requestId);
      const roleArn = params.get("RoleArn") ?? "";
      try {
        const reply = stsAnswer(state.org, action, params, req, caller, requestId);
        state.stats.assumeRole(roleArn, "assumed");
        return reply;
      } catch (err) {
        if (err instanceof ApiError && err.code === "AccessDenied") {
          state.stats.assumeRole(roleArn, "refused");
        }
        throw err;
      }
    },
  });
}

function handleOrg(
  state: SimulatorState,
  req: Request,
  res: Response,
  target: string,
  body: string,
): void {
  const action = orgAction(target);
  const handler = orgHandler(state.orgHandlers, action);
  answerCall(state, req, res, {
    protocol: ORGANIZATIONS_PROTOCOL,
    action: handler ? action : `org:${action}`,
    buckets: state.buckets.org,
    bucketKey: bucketKey(state, () => callerOf(req), "org"),
    latency: state.cfg.orgLatency,
    requestId: randomUUID(),
    produce: () => orgAnswer(handler, target, body),
  });
}

function handleSso(state: SimulatorState, req: Request, res: Response, action: string): void {
  const header = req.headers["x-amz-sso_bearer_token"];
  const token = Array.isArray(header) ? header[0] : header;
  answerCall(state, req, res, {
    protocol: SSO_PROTOCOL,
    action,
    buckets: state.buckets.sso,
    bucketKey: "sso",
    latency: state.cfg.latency,
    requestId: randomUUID(),
    produce: () => state.portal.answer(action, req.url ?? "", token),
  });
}
