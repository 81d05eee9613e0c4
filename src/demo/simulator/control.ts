/**
 * The control endpoints (not AWS): GET /_stats, POST /_reset-stats, POST /_reset, GET /_info,
 * POST /_sso/revoke[?after=N], POST /_sso/restore.
 */
import type http from "node:http";
import { MANAGEMENT_ACCOUNT, ORG_ID, ROOT_ID } from "./org-model.js";
import type { SimulatorState } from "./state.js";

/** An endpoint: the JSON it answers with (HTTP 200). */
type Endpoint = (state: SimulatorState, req: http.IncomingMessage) => unknown;

const OK = { ok: true };

/** Endpoints by `METHOD /path`. */
const ENDPOINTS: Readonly<Record<string, Endpoint>> = {
  "GET /_stats": (state) => state.stats.snapshot(),
  "POST /_reset-stats": (state) => {
    state.stats.reset();
    return OK;
  },
  "POST /_reset": (state) => {
    state.stats.reset();
    state.buckets.sts.reset();
    state.buckets.org.reset();
    state.buckets.sso.reset();
    return OK;
  },
  "POST /_sso/revoke": (state, req) => {
    const after = new URLSearchParams((req.url ?? "").split("?")[1] ?? "").get("after");
    state.portal.revoke(after === null ? 0 : Number(after));
    return OK;
  },
  "POST /_sso/restore": (state) => {
    state.portal.restore();
    return OK;
  },
  "GET /_info": info,
};

/** The organization's summary, the portal's login and the settings (tokens only counted). */
function info({ cfg, org, portal }: SimulatorState): unknown {
  return {
    managementAccount: MANAGEMENT_ACCOUNT,
    organizationId: ORG_ID,
    rootId: ROOT_ID,
    accounts: org.accounts.length,
    activeAccounts: org.accounts.filter((a) => a.State === "ACTIVE").length,
    deniedAccounts: org.denied.size,
    ous: org.ous.length,
    ousPerLevel: org.depthCounts,
    sso: portal.info(),
    config: { ...cfg, sso: { ...cfg.sso, tokens: `${cfg.sso.tokens.length} token(s)` } },
  };
}

function json(res: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

/** Answers a request for `/_…`: the endpoint's JSON, or 404. */
export function handleControl(
  state: SimulatorState,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): void {
  const path = (req.url ?? "").split("?")[0];
  const key = `${req.method} ${path}`;
  const endpoint = Object.prototype.hasOwnProperty.call(ENDPOINTS, key)
    ? ENDPOINTS[key]
    : undefined;
  if (endpoint) json(res, 200, endpoint(state, req));
  else json(res, 404, { message: `no control endpoint ${req.method} ${path}` });
}
