/**
 * Local AWS endpoint simulator for the botocove benchmark: STS (AWS Query protocol, XML) and
 * Organizations (AWS JSON 1.1) on one plain `node:http` server, so the unmodified AWS SDK v3 works
 * against it with `AWS_ENDPOINT_URL=http://127.0.0.1:PORT` or a client's `endpoint`.
 *
 * Run as its own process:
 *
 *   tsx src/demo/simulator.ts --port 0 --accounts 10000 --ous 50 --depth 3 --latency 50-100 --sts-rate 100
 *
 * When listening it prints exactly one JSON line on stdout: {"port":N}. `bench/simulator-process.ts`
 * spawns it and waits for that line. Or in this process, `startSimulator({ accounts: 30 })` (what
 * `cove demo` does when moto_server is missing, with the organization of `orgFromSpec`);
 * importing the module starts nothing.
 *
 * Flags (all optional):
 *   --host H              address to bind (default 127.0.0.1; keep it on loopback)
 *   --port N              port, 0 = any free port (default 0)
 *   --accounts N          number of member accounts (default 1000)
 *   --ous N               number of organizational units (default 50; 0 = everything under root)
 *   --depth N             depth of the OU tree, root's children are depth 1 (default 3)
 *   --root-fraction F     fraction of accounts directly under the root (default 0.05)
 *   --suspended F         fraction of accounts SUSPENDED instead of ACTIVE (default 0.01)
 *   --deny-fraction F     fraction of ACTIVE accounts whose role cannot be assumed: AssumeRole answers
 *                         403 AccessDenied (default 0), for FailedAssumeRole tests
 *   --with-management     also list the management account 123456789012 in the organization (under
 *                         the root, counted in --accounts). Off by default, so that "N accounts" means
 *                         N assumable member accounts whatever a client does with its own account.
 *   --seed N              seed of the organization's shape and of the latency draws (default 1)
 *   --page-size N         page size of the List* calls when MaxResults is not given (default 20, as AWS)
 *   --latency A-B | A     per-call latency in ms, uniform in [A, B] (default 0 = answer at once)
 *   --org-latency A-B | A latency of Organizations calls only (default: same as --latency)
 *   --sts-rate R          token-bucket limit for STS calls, requests/s (default 0 = unlimited)
 *   --sts-burst B         bucket size for STS (default max(1, R/10)); the bucket starts full
 *   --org-rate R          token-bucket limit for Organizations calls, requests/s (default 0)
 *   --org-burst B         bucket size for Organizations (default max(1, R/10))
 *   --rate-scope S        "caller" (default): one bucket per API family and calling account, as AWS's
 *                         per-account quotas: all AssumeRole calls of the management account share one
 *                         bucket, each target account's GetCallerIdentity calls have their own.
 *                         "global": one bucket per API family.
 *   --fault-rate F        fraction of API calls that fail (default 0)
 *   --fault-mode M        "mixed" (default; half 500 InternalFailure, half connection reset),
 *                         "500" or "reset"
 *   --exit-with-stdin     exit when stdin closes (used by simulator-process.ts so that a crashed
 *                         parent does not leave a simulator behind)
 *
 * IAM Identity Center portal (REST-JSON, src/demo/simulator-sso.ts: ListAccounts, ListAccountRoles,
 * GetRoleCredentials; its flags --sso-token, --sso-reach, --sso-roles, --sso-partial, --sso-lifetime,
 * --sso-rate, --sso-burst are described there). Its calls are counted as `sso:<Action>`, throttled
 * with HTTP 429 TooManyRequestsException, and take --latency and --fault-rate like the others.
 *
 * Over-limit calls get the throttling error at once (no latency): STS `Throttling` in the Query XML
 * error format, Organizations `TooManyRequestsException`, both HTTP 400, which the SDK's retry
 * strategy classifies as throttling.
 *
 * Control endpoints (not AWS): GET /_stats (counters per action), POST /_reset-stats (zero the
 * counters), POST /_reset (zero the counters and refill the rate buckets), GET /_info (org summary,
 * and the portal's login: `sso.reached`, `sso.lacking`), POST /_sso/revoke[?after=N] (every portal
 * token gets 401 from now on, or after N more portal requests: a login that expired mid-run),
 * POST /_sso/restore.
 * A request with the header `x-bench-no-latency: 1` is answered without the configured latency (it
 * is still counted and rate-limited): the harness uses it to read the account list for the floor.
 *
 * Signatures are not checked. The access key id in the Authorization header's `Credential=` tells
 * the calling account: keys made by AssumeRole are `ASIA` + 12-digit account id + 4 random
 * characters, anything else is the management account. The role and session names of assumed-role
 * credentials travel in the session token, so the server keeps no per-credential state.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { realpathSync } from "node:fs";
import http from "node:http";
import { fileURLToPath } from "node:url";
import { ApiError, type Reply } from "./simulator-wire.js";
import {
  buildSsoDirectory,
  parseSsoFlags,
  SSO_FLAGS,
  ssoAction,
  ssoErrorReply,
  SsoPortal,
  ssoThrottleReply,
  type SsoConfig,
} from "./simulator-sso.js";

// ---------------------------------------------------------------------------------------------
// Options

export interface SimulatorConfig {
  host: string;
  port: number;
  accounts: number;
  ous: number;
  depth: number;
  rootFraction: number;
  suspended: number;
  denyFraction: number;
  withManagement: boolean;
  seed: number;
  pageSize: number;
  latency: [number, number];
  orgLatency: [number, number];
  stsRate: number;
  stsBurst: number;
  orgRate: number;
  orgBurst: number;
  rateScope: "caller" | "global";
  faultRate: number;
  faultMode: "mixed" | "500" | "reset";
  exitWithStdin: boolean;
  /** The IAM Identity Center portal (src/demo/simulator-sso.ts). */
  sso: SsoConfig;
}

export const MANAGEMENT_ACCOUNT = "123456789012";
export const ORG_ID = "o-exampleorg1";
export const ROOT_ID = "r-ex01";
const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const TOKEN_PREFIX = "FwoGZXIvYXdzEBench";

function parseRange(value: string, flag: string): [number, number] {
  const m = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(value.trim());
  if (!m || m[1] === undefined) throw new Error(`${flag}: expected A or A-B in ms, got "${value}"`);
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  if (hi < lo) throw new Error(`${flag}: upper bound below lower bound`);
  return [lo, hi];
}

export function parseArgs(argv: string[]): SimulatorConfig {
  const flags = new Map<string, string>();
  const booleans = new Set(["--with-management", "--exit-with-stdin"]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("--")) throw new Error(`unexpected argument "${arg}"`);
    const eq = arg.indexOf("=");
    if (eq > 0) {
      flags.set(arg.slice(0, eq), arg.slice(eq + 1));
    } else if (booleans.has(arg)) {
      flags.set(arg, "true");
    } else {
      const value = argv[i + 1];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      flags.set(arg, value);
      i++;
    }
  }
  const known = new Set([
    "--host",
    "--port",
    "--accounts",
    "--ous",
    "--depth",
    "--root-fraction",
    "--suspended",
    "--deny-fraction",
    "--with-management",
    "--seed",
    "--page-size",
    "--latency",
    "--org-latency",
    "--sts-rate",
    "--sts-burst",
    "--org-rate",
    "--org-burst",
    "--rate-scope",
    "--fault-rate",
    "--fault-mode",
    "--exit-with-stdin",
    ...SSO_FLAGS,
  ]);
  for (const key of flags.keys()) if (!known.has(key)) throw new Error(`unknown flag ${key}`);
  const num = (key: string, dflt: number, min = 0, max = Number.MAX_SAFE_INTEGER): number => {
    const raw = flags.get(key);
    if (raw === undefined) return dflt;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new Error(`${key}: expected a number in [${min}, ${max}], got "${raw}"`);
    }
    return n;
  };
  const latency = parseRange(flags.get("--latency") ?? "0", "--latency");
  const orgLatencyRaw = flags.get("--org-latency");
  const stsRate = num("--sts-rate", 0);
  const orgRate = num("--org-rate", 0);
  const rateScope = flags.get("--rate-scope") ?? "caller";
  if (rateScope !== "caller" && rateScope !== "global")
    throw new Error("--rate-scope: caller|global");
  const faultMode = flags.get("--fault-mode") ?? "mixed";
  if (faultMode !== "mixed" && faultMode !== "500" && faultMode !== "reset") {
    throw new Error("--fault-mode: mixed|500|reset");
  }
  const accounts = Math.floor(num("--accounts", 1000, 1, 1_000_000));
  return {
    host: flags.get("--host") ?? "127.0.0.1",
    port: Math.floor(num("--port", 0, 0, 65535)),
    accounts,
    ous: Math.floor(num("--ous", 50, 0, 10_000)),
    depth: Math.floor(num("--depth", 3, 1, 5)),
    rootFraction: num("--root-fraction", 0.05, 0, 1),
    suspended: num("--suspended", 0.01, 0, 1),
    denyFraction: num("--deny-fraction", 0, 0, 1),
    withManagement: flags.get("--with-management") === "true",
    seed: Math.floor(num("--seed", 1)),
    pageSize: Math.floor(num("--page-size", 20, 1, 1000)),
    latency,
    orgLatency: orgLatencyRaw === undefined ? latency : parseRange(orgLatencyRaw, "--org-latency"),
    stsRate,
    stsBurst: num("--sts-burst", Math.max(1, stsRate / 10), 1),
    orgRate,
    orgBurst: num("--org-burst", Math.max(1, orgRate / 10), 1),
    rateScope,
    faultRate: num("--fault-rate", 0, 0, 1),
    faultMode,
    exitWithStdin: flags.get("--exit-with-stdin") === "true",
    sso: parseSsoFlags(flags, num),
  };
}

// ---------------------------------------------------------------------------------------------
// Deterministic organization

/** mulberry32: small, fast, seeded PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Account {
  Id: string;
  Arn: string;
  Email: string;
  Name: string;
  Status: "ACTIVE" | "SUSPENDED";
  State: "ACTIVE" | "SUSPENDED";
  JoinedMethod: "INVITED" | "CREATED";
  JoinedTimestamp: number;
}

export interface OrgUnit {
  Id: string;
  Arn: string;
  Name: string;
}

export interface Org {
  accounts: Account[];
  accountById: Map<string, Account>;
  accountParent: Map<string, string>;
  ous: OrgUnit[];
  ouById: Map<string, OrgUnit>;
  ouParent: Map<string, string>;
  /** parent id (root or OU) -> child account ids / child OU ids, in creation order */
  childAccounts: Map<string, string[]>;
  childOus: Map<string, string[]>;
  tags: Map<string, { Key: string; Value: string }[]>;
  denied: Set<string>;
  depthCounts: number[];
}

export const ARN_PREFIX = `arn:aws:organizations::${MANAGEMENT_ACCOUNT}`;

export function buildOrg(cfg: SimulatorConfig): Org {
  const rand = prng(cfg.seed);
  const alnum = "abcdefghijklmnopqrstuvwxyz0123456789";
  const randStr = (n: number): string => {
    let s = "";
    for (let i = 0; i < n; i++) s += alnum[Math.floor(rand() * alnum.length)];
    return s;
  };

  const childAccounts = new Map<string, string[]>([[ROOT_ID, []]]);
  const childOus = new Map<string, string[]>([[ROOT_ID, []]]);

  // OUs: split evenly over the depth levels, each OU below level 1 hangs under a random OU of the
  // level above, so every level is reachable and the tree has exactly `depth` levels.
  const ous: OrgUnit[] = [];
  const ouById = new Map<string, OrgUnit>();
  const ouParent = new Map<string, string>();
  const depth = Math.min(cfg.depth, Math.max(1, cfg.ous));
  const depthCounts: number[] = [];
  let levelAbove: string[] = [ROOT_ID];
  let made = 0;
  const usedOuIds = new Set<string>();
  for (let level = 1; level <= depth && cfg.ous > 0; level++) {
    const count = Math.floor((cfg.ous - made) / (depth - level + 1));
    const level_: string[] = [];
    for (let i = 0; i < count; i++) {
      let id: string;
      do id = `ou-ex01-${randStr(8)}`;
      while (usedOuIds.has(id));
      usedOuIds.add(id);
      const parent =
        level === 1 ? ROOT_ID : (levelAbove[Math.floor(rand() * levelAbove.length)] as string);
      const ou: OrgUnit = {
        Id: id,
        Arn: `${ARN_PREFIX}:ou/${ORG_ID}/${id}`,
        Name: `${["Workloads", "Platform", "Sandbox", "Security", "Data"][made % 5]}-L${level}-${made}`,
      };
      ous.push(ou);
      ouById.set(id, ou);
      ouParent.set(id, parent);
      (childOus.get(parent) as string[]).push(id);
      childOus.set(id, []);
      childAccounts.set(id, []);
      level_.push(id);
      made++;
    }
    depthCounts.push(count);
    levelAbove = level_;
  }

  const accounts: Account[] = [];
  const accountById = new Map<string, Account>();
  const accountParent = new Map<string, string>();
  const tags = new Map<string, { Key: string; Value: string }[]>();
  const denied = new Set<string>();
  const envs = ["prod", "staging", "dev", "sandbox"];
  const baseTime = 1_577_836_800; // 2020-01-01T00:00:00Z
  const add = (id: string, index: number, parent: string, suspended: boolean): void => {
    const n = String(index).padStart(5, "0");
    const state = suspended ? "SUSPENDED" : "ACTIVE";
    const acct: Account = {
      Id: id,
      Arn: `${ARN_PREFIX}:account/${ORG_ID}/${id}`,
      Email: `aws+${n}@example.com`,
      Name: id === MANAGEMENT_ACCOUNT ? "management" : `account-${n}`,
      Status: state,
      State: state,
      JoinedMethod: id === MANAGEMENT_ACCOUNT || index % 7 === 0 ? "INVITED" : "CREATED",
      JoinedTimestamp: baseTime + index * 3600,
    };
    accounts.push(acct);
    accountById.set(id, acct);
    accountParent.set(id, parent);
    (childAccounts.get(parent) as string[]).push(id);
    tags.set(id, [
      { Key: "env", Value: envs[index % envs.length] as string },
      { Key: "team", Value: `team-${index % 13}` },
    ]);
  };

  let index = 0;
  if (cfg.withManagement) add(MANAGEMENT_ACCOUNT, index++, ROOT_ID, false);
  const used = new Set<string>([MANAGEMENT_ACCOUNT]);
  while (index < cfg.accounts) {
    let id: string;
    do id = String(100_000_000_000 + Math.floor(rand() * 899_999_999_999));
    while (used.has(id));
    used.add(id);
    const parent =
      ous.length === 0 || rand() < cfg.rootFraction
        ? ROOT_ID
        : (ous[Math.floor(rand() * ous.length)] as OrgUnit).Id;
    const suspended = rand() < cfg.suspended;
    if (!suspended && rand() < cfg.denyFraction) denied.add(id);
    add(id, index++, parent, suspended);
  }
  for (const ou of ous) tags.set(ou.Id, [{ Key: "kind", Value: "ou" }]);
  tags.set(ROOT_ID, []);

  return {
    accounts,
    accountById,
    accountParent,
    ous,
    ouById,
    ouParent,
    childAccounts,
    childOus,
    tags,
    denied,
    depthCounts,
  };
}

// ---------------------------------------------------------------------------------------------
// Counters and rate limiting

interface ActionCounters {
  requests: number;
  ok: number;
  throttled: number;
  faults: number;
  errors: number;
}

export interface StatsSnapshot {
  /** Successful (HTTP 200) answers per action. */
  calls: Record<string, number>;
  /** Requests refused by the rate limit, per action. */
  throttled: Record<string, number>;
  /** Injected faults (500 or connection reset), per action. */
  faults: Record<string, number>;
  /** Other error answers (validation, not found, access denied), per action. */
  errors: Record<string, number>;
  /** Everything received, per action. */
  requests: Record<string, number>;
  totals: { requests: number; ok: number; throttled: number; faults: number; errors: number };
  maxInFlight: number;
  connections: number;
  sinceMs: number;
}

class Stats {
  private byAction = new Map<string, ActionCounters>();
  inFlight = 0;
  maxInFlight = 0;
  connections = 0;
  since = Date.now();

  counters(action: string): ActionCounters {
    let c = this.byAction.get(action);
    if (!c) {
      c = { requests: 0, ok: 0, throttled: 0, faults: 0, errors: 0 };
      this.byAction.set(action, c);
    }
    return c;
  }

  reset(): void {
    this.byAction.clear();
    this.maxInFlight = this.inFlight;
    this.connections = 0;
    this.since = Date.now();
  }

  snapshot(): StatsSnapshot {
    const pick = (k: keyof ActionCounters): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const [action, c] of this.byAction) if (c[k] > 0) out[action] = c[k];
      return out;
    };
    const totals = { requests: 0, ok: 0, throttled: 0, faults: 0, errors: 0 };
    for (const c of this.byAction.values()) {
      totals.requests += c.requests;
      totals.ok += c.ok;
      totals.throttled += c.throttled;
      totals.faults += c.faults;
      totals.errors += c.errors;
    }
    return {
      calls: pick("ok"),
      throttled: pick("throttled"),
      faults: pick("faults"),
      errors: pick("errors"),
      requests: pick("requests"),
      totals,
      maxInFlight: this.maxInFlight,
      connections: this.connections,
      sinceMs: Date.now() - this.since,
    };
  }
}

class TokenBuckets {
  private buckets = new Map<string, { tokens: number; last: number }>();
  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {}

  /** Takes one token for `key`; false when the bucket is empty (the call is throttled). */
  take(key: string): boolean {
    if (this.rate <= 0) return true;
    const now = performance.now();
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: this.burst, last: now };
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(this.burst, b.tokens + ((now - b.last) * this.rate) / 1000);
      b.last = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return true;
    }
    return false;
  }

  reset(): void {
    this.buckets.clear();
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) =>
    c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === "&" ? "&amp;" : c === '"' ? "&quot;" : "&apos;",
  );
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

const CREDENTIAL_RE = /Credential=([^/,\s]+)\//;

/** Calling account from the SigV4 Authorization header's access key id. */
interface Caller {
  account: string;
  /** true for credentials made by this simulator's AssumeRole */
  assumed: boolean;
}

function callerOf(req: http.IncomingMessage): Caller {
  const auth = req.headers.authorization;
  const m = auth ? CREDENTIAL_RE.exec(auth) : null;
  const accessKeyId = m?.[1] ?? "";
  if (accessKeyId.startsWith("ASIA") && accessKeyId.length >= 16) {
    const account = accessKeyId.slice(4, 16);
    if (/^\d{12}$/.test(account)) return { account, assumed: true };
  }
  return { account: MANAGEMENT_ACCOUNT, assumed: false };
}

function encodeSessionToken(account: string, role: string, session: string): string {
  return TOKEN_PREFIX + Buffer.from(`${account}|${role}|${session}`).toString("base64url");
}

function decodeSessionToken(token: string | undefined): { role: string; session: string } | null {
  if (!token || !token.startsWith(TOKEN_PREFIX)) return null;
  const parts = Buffer.from(token.slice(TOKEN_PREFIX.length), "base64url").toString().split("|");
  if (parts.length !== 3) return null;
  return { role: parts[1] as string, session: parts[2] as string };
}

const KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
function randomKeySuffix(n: number): string {
  const bytes = randomBytes(n);
  let s = "";
  for (let i = 0; i < n; i++) s += KEY_CHARS[(bytes[i] as number) & 31];
  return s;
}

// ---------------------------------------------------------------------------------------------
// STS (AWS Query protocol)

const STS_ACTIONS = new Set(["AssumeRole", "GetCallerIdentity"]);
const ROLE_ARN_RE = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME_RE = /^[\w+=,.@-]{2,64}$/;

function stsError(code: string, message: string, requestId: string, type = "Sender"): string {
  return (
    `<ErrorResponse xmlns="${STS_NS}"><Error><Type>${type}</Type><Code>${code}</Code>` +
    `<Message>${xmlEscape(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}

/** Credentials of a role session in `account` (the access key id tells the account). */
function issueCredentials(account: string, role: string, session: string) {
  return {
    accessKeyId: `ASIA${account}${randomKeySuffix(4)}`,
    secretAccessKey: randomBytes(30).toString("base64"),
    sessionToken: encodeSessionToken(account, role, session),
  };
}

function stsAssumeRole(
  org: Org,
  params: URLSearchParams,
  caller: Caller,
  requestId: string,
): string {
  const roleArn = params.get("RoleArn");
  const sessionName = params.get("RoleSessionName");
  if (!roleArn) throw new ApiError("ValidationError", "1 validation error detected: RoleArn");
  if (!sessionName || !SESSION_NAME_RE.test(sessionName)) {
    throw new ApiError(
      "ValidationError",
      "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint",
    );
  }
  const m = ROLE_ARN_RE.exec(roleArn);
  if (!m) throw new ApiError("ValidationError", `${roleArn} is invalid`);
  const account = m[1] as string;
  const roleName = m[2] as string;
  const durationRaw = params.get("DurationSeconds");
  const duration = durationRaw === null ? 3600 : Number(durationRaw);
  if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
    throw new ApiError(
      "ValidationError",
      "1 validation error detected: Value at 'durationSeconds' failed to satisfy constraint",
    );
  }
  const target = org.accountById.get(account);
  const assumable =
    account === MANAGEMENT_ACCOUNT ||
    (target !== undefined && target.State === "ACTIVE" && !org.denied.has(account));
  if (!assumable) {
    const who = !caller.assumed
      ? `arn:aws:iam::${MANAGEMENT_ACCOUNT}:user/bench`
      : `arn:aws:sts::${caller.account}:assumed-role/unknown/unknown`;
    throw new ApiError(
      "AccessDenied",
      `User: ${who} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403,
    );
  }
  const {
    accessKeyId,
    secretAccessKey: secret,
    sessionToken: token,
  } = issueCredentials(account, roleName, sessionName);
  const expiration = isoSeconds(Date.now() + duration * 1000);
  const roleId = `AROA${account.slice(0, 8)}EXAMPLE`;
  return (
    `<AssumeRoleResponse xmlns="${STS_NS}"><AssumeRoleResult>` +
    `<AssumedRoleUser><Arn>arn:aws:sts::${account}:assumed-role/${xmlEscape(roleName)}/${xmlEscape(sessionName)}</Arn>` +
    `<AssumedRoleId>${roleId}:${xmlEscape(sessionName)}</AssumedRoleId></AssumedRoleUser>` +
    `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${secret}</SecretAccessKey>` +
    `<SessionToken>${token}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
    `<PackedPolicySize>0</PackedPolicySize>` +
    `</AssumeRoleResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></AssumeRoleResponse>`
  );
}

function stsGetCallerIdentity(
  req: http.IncomingMessage,
  caller: Caller,
  requestId: string,
): string {
  let arn: string;
  let userId: string;
  if (caller.assumed) {
    const tok = req.headers["x-amz-security-token"];
    const info = decodeSessionToken(Array.isArray(tok) ? tok[0] : tok) ?? {
      role: "OrganizationAccountAccessRole",
      session: "unknown",
    };
    arn = `arn:aws:sts::${caller.account}:assumed-role/${info.role}/${info.session}`;
    userId = `AROA${caller.account.slice(0, 8)}EXAMPLE:${info.session}`;
  } else {
    arn = `arn:aws:iam::${MANAGEMENT_ACCOUNT}:user/bench`;
    userId = "AIDABENCHEXAMPLE0001";
  }
  return (
    `<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult>` +
    `<Arn>${xmlEscape(arn)}</Arn><UserId>${xmlEscape(userId)}</UserId><Account>${caller.account}</Account>` +
    `</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</GetCallerIdentityResponse>`
  );
}

// ---------------------------------------------------------------------------------------------
// Organizations (AWS JSON 1.1)

const ORG_TARGET_PREFIX = "AWSOrganizationsV20161128.";
const JSON_CT = "application/x-amz-json-1.1";

/** Pages of a list are rendered once (lazily) and kept: key -> JSON bodies. */
class PageCache {
  private cache = new Map<string, string[]>();
  constructor(private readonly defaultPageSize: number) {}

  get<T>(
    key: string,
    field: string,
    maxResults: unknown,
    nextToken: unknown,
    items: () => T[],
  ): string {
    let size = this.defaultPageSize;
    if (maxResults !== undefined && maxResults !== null) {
      if (typeof maxResults !== "number" || !Number.isInteger(maxResults) || maxResults < 1) {
        throw new ApiError("InvalidInputException", "MaxResults must be a positive integer");
      }
      if (maxResults > Math.max(20, this.defaultPageSize)) {
        throw new ApiError(
          "InvalidInputException",
          "You provided a value that does not match the required pattern: MaxResults must be between 1 and 20",
        );
      }
      size = maxResults;
    }
    const cacheKey = `${key}|${size}`;
    let pages = this.cache.get(cacheKey);
    if (!pages) {
      const all = items();
      pages = [];
      const count = Math.max(1, Math.ceil(all.length / size));
      for (let p = 0; p < count; p++) {
        const body: Record<string, unknown> = { [field]: all.slice(p * size, (p + 1) * size) };
        if (p + 1 < count) {
          body.NextToken = Buffer.from(`${cacheKey}#${p + 1}`).toString("base64url");
        }
        pages.push(JSON.stringify(body));
      }
      this.cache.set(cacheKey, pages);
    }
    let page = 0;
    if (nextToken !== undefined && nextToken !== null) {
      const decoded =
        typeof nextToken === "string" ? Buffer.from(nextToken, "base64url").toString() : "";
      const hash = decoded.lastIndexOf("#");
      page = hash > 0 && decoded.slice(0, hash) === cacheKey ? Number(decoded.slice(hash + 1)) : -1;
      if (!Number.isInteger(page) || page < 1 || page >= pages.length) {
        throw new ApiError("InvalidInputException", "The provided NextToken is not valid.");
      }
    }
    return pages[page] as string;
  }
}

function requireString(input: Record<string, unknown>, field: string): string {
  const v = input[field];
  if (typeof v !== "string" || v.length === 0) {
    throw new ApiError(
      "InvalidInputException",
      `You provided a value that does not match the required pattern: ${field}`,
    );
  }
  return v;
}

function makeOrgHandlers(
  org: Org,
  pages: PageCache,
): Record<string, (input: Record<string, unknown>) => string> {
  const parentExists = (id: string): boolean => id === ROOT_ID || org.ouById.has(id);
  const requireParent = (input: Record<string, unknown>): string => {
    const id = requireString(input, "ParentId");
    if (!parentExists(id)) {
      throw new ApiError(
        "ParentNotFoundException",
        "We can't find a root or OU with the ParentId that you specified.",
      );
    }
    return id;
  };
  const organization = JSON.stringify({
    Organization: {
      Id: ORG_ID,
      Arn: `${ARN_PREFIX}:organization/${ORG_ID}`,
      FeatureSet: "ALL",
      MasterAccountArn: `${ARN_PREFIX}:account/${ORG_ID}/${MANAGEMENT_ACCOUNT}`,
      MasterAccountId: MANAGEMENT_ACCOUNT,
      MasterAccountEmail: "management@example.com",
      AvailablePolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }],
    },
  });
  const roots = JSON.stringify({
    Roots: [
      {
        Id: ROOT_ID,
        Arn: `${ARN_PREFIX}:root/${ORG_ID}/${ROOT_ID}`,
        Name: "Root",
        PolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }],
      },
    ],
  });
  const describedAccounts = new Map<string, string>();
  return {
    DescribeOrganization: () => organization,
    ListRoots: (input) =>
      pages.get(
        "roots",
        "Roots",
        input.MaxResults,
        input.NextToken,
        () => JSON.parse(roots).Roots as unknown[],
      ),
    ListAccounts: (input) =>
      pages.get("accounts", "Accounts", input.MaxResults, input.NextToken, () => org.accounts),
    ListAccountsForParent: (input) => {
      const parent = requireParent(input);
      return pages.get(`accounts:${parent}`, "Accounts", input.MaxResults, input.NextToken, () =>
        (org.childAccounts.get(parent) ?? []).map((id) => org.accountById.get(id) as Account),
      );
    },
    ListOrganizationalUnitsForParent: (input) => {
      const parent = requireParent(input);
      return pages.get(
        `ous:${parent}`,
        "OrganizationalUnits",
        input.MaxResults,
        input.NextToken,
        () => (org.childOus.get(parent) ?? []).map((id) => org.ouById.get(id) as OrgUnit),
      );
    },
    ListChildren: (input) => {
      const parent = requireParent(input);
      const type = input.ChildType;
      if (type !== "ACCOUNT" && type !== "ORGANIZATIONAL_UNIT") {
        throw new ApiError(
          "InvalidInputException",
          "ChildType must be ACCOUNT or ORGANIZATIONAL_UNIT",
        );
      }
      const ids = (type === "ACCOUNT" ? org.childAccounts : org.childOus).get(parent) ?? [];
      return pages.get(
        `children:${type}:${parent}`,
        "Children",
        input.MaxResults,
        input.NextToken,
        () => ids.map((Id) => ({ Id, Type: type })),
      );
    },
    ListParents: (input) => {
      const child = requireString(input, "ChildId");
      const parent = org.accountParent.get(child) ?? org.ouParent.get(child);
      if (parent === undefined) {
        throw new ApiError(
          "ChildNotFoundException",
          "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
        );
      }
      return JSON.stringify({
        Parents: [{ Id: parent, Type: parent === ROOT_ID ? "ROOT" : "ORGANIZATIONAL_UNIT" }],
      });
    },
    DescribeAccount: (input) => {
      const id = requireString(input, "AccountId");
      let body = describedAccounts.get(id);
      if (body === undefined) {
        const acct = org.accountById.get(id);
        if (!acct) {
          throw new ApiError(
            "AccountNotFoundException",
            "You specified an account that doesn't exist.",
          );
        }
        body = JSON.stringify({ Account: acct });
        describedAccounts.set(id, body);
      }
      return body;
    },
    DescribeOrganizationalUnit: (input) => {
      const id = requireString(input, "OrganizationalUnitId");
      const ou = org.ouById.get(id);
      if (!ou) {
        throw new ApiError(
          "OrganizationalUnitNotFoundException",
          "We can't find an OU with the OrganizationalUnitId that you specified.",
        );
      }
      return JSON.stringify({ OrganizationalUnit: ou });
    },
    ListTagsForResource: (input) => {
      const id = requireString(input, "ResourceId");
      const tags = org.tags.get(id);
      if (!tags) {
        throw new ApiError(
          "TargetNotFoundException",
          "We can't find a resource with the ResourceId that you specified.",
        );
      }
      return pages.get(`tags:${id}`, "Tags", input.MaxResults, input.NextToken, () => tags);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Server

/** The services the simulator speaks, each with its own error format. */
type Family = "sts" | "org" | "sso";

/** An error answer in the family's protocol. */
function errorReply(family: Family, e: ApiError, requestId: string): Reply {
  switch (family) {
    case "sts":
      return {
        status: e.status,
        contentType: "text/xml",
        body: stsError(e.code, e.message, requestId, e.type),
      };
    case "org":
      return {
        status: e.status,
        contentType: JSON_CT,
        errorType: e.code,
        body: JSON.stringify({ __type: e.code, Message: e.message }),
      };
    case "sso":
      return ssoErrorReply(e);
  }
}

/** The 500 answer of an injected fault. */
function internalError(family: Family): ApiError {
  switch (family) {
    case "sts":
      return new ApiError("InternalFailure", "An internal error occurred.", 500, "Receiver");
    case "org":
      return new ApiError(
        "ServiceException",
        "AWS Organizations can't complete your request because of an internal service error. Try again later.",
        500,
        "Receiver",
      );
    case "sso":
      return new ApiError("InternalServerException", "An internal error occurred.", 500);
  }
}

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
  const pages = new PageCache(cfg.pageSize);
  const orgHandlers = makeOrgHandlers(org, pages);
  // Render the hot pages up front so that the first ListAccounts is as cheap as the others.
  orgHandlers.ListAccounts?.({});
  const stats = new Stats();
  const stsBuckets = new TokenBuckets(cfg.stsRate, cfg.stsBurst);
  const orgBuckets = new TokenBuckets(cfg.orgRate, cfg.orgBurst);
  const latencyRand = prng(cfg.seed ^ 0x5bd1e995);
  const draw = (range: [number, number]): number =>
    range[1] <= 0 ? 0 : Math.round(range[0] + latencyRand() * (range[1] - range[0]));
  const faultRand = prng(cfg.seed ^ 0x27d4eb2f);
  const noLatency = (req: http.IncomingMessage): boolean =>
    req.headers["x-bench-no-latency"] === "1";
  const portal = new SsoPortal(
    buildSsoDirectory(org.accounts, cfg.sso, prng(cfg.seed ^ 0x1b873593)),
    cfg.sso,
    issueCredentials,
    cfg.pageSize,
  );
  const ssoBuckets = new TokenBuckets(cfg.sso.rate, cfg.sso.burst);

  const send = (res: http.ServerResponse, reply: Reply, requestId: string): void => {
    const headers: http.OutgoingHttpHeaders = {
      "content-type": reply.contentType,
      "content-length": Buffer.byteLength(reply.body),
      "x-amzn-requestid": requestId,
    };
    if (reply.errorType) headers["x-amzn-errortype"] = reply.errorType;
    res.writeHead(reply.status, headers);
    res.end(reply.body);
  };

  const finish = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    counters: ActionCounters,
    family: Family,
    latencyMs: number,
    produce: () => Reply,
    requestId: string,
  ): void => {
    const run = (): void => {
      if (res.destroyed) return;
      if (cfg.faultRate > 0 && faultRand() < cfg.faultRate) {
        counters.faults++;
        const reset = cfg.faultMode === "reset" || (cfg.faultMode === "mixed" && faultRand() < 0.5);
        if (reset) {
          req.socket.destroy();
          return;
        }
        send(res, errorReply(family, internalError(family), requestId), requestId);
        return;
      }
      let reply: Reply;
      try {
        reply = produce();
        counters.ok++;
      } catch (err) {
        counters.errors++;
        const e =
          err instanceof ApiError
            ? err
            : new ApiError("InternalFailure", String(err), 500, "Receiver");
        reply = errorReply(family, e, requestId);
      }
      send(res, reply, requestId);
    };
    if (latencyMs > 0) setTimeout(run, latencyMs);
    else run();
  };

  const handleSts = (req: http.IncomingMessage, res: http.ServerResponse, body: string): void => {
    const requestId = randomUUID();
    const query = req.url && req.url.includes("?") ? req.url.slice(req.url.indexOf("?") + 1) : "";
    const params = new URLSearchParams(req.method === "GET" ? query : body);
    const action = params.get("Action") ?? "";
    const counters = stats.counters(STS_ACTIONS.has(action) ? action : `sts:${action || "(none)"}`);
    counters.requests++;
    const caller = callerOf(req);
    if (!stsBuckets.take(cfg.rateScope === "caller" ? caller.account : "sts")) {
      counters.throttled++;
      send(
        res,
        {
          status: 400,
          contentType: "text/xml",
          body: stsError("Throttling", "Rate exceeded", requestId),
        },
        requestId,
      );
      return;
    }
    finish(
      req,
      res,
      counters,
      "sts",
      noLatency(req) ? 0 : draw(cfg.latency),
      () => {
        const xml = (s: string): Reply => ({ status: 200, contentType: "text/xml", body: s });
        switch (action) {
          case "AssumeRole":
            return xml(stsAssumeRole(org, params, caller, requestId));
          case "GetCallerIdentity":
            return xml(stsGetCallerIdentity(req, caller, requestId));
          default:
            throw new ApiError(
              "InvalidAction",
              `Could not find operation ${action} for version 2011-06-15`,
            );
        }
      },
      requestId,
    );
  };

  const handleOrg = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    target: string,
    body: string,
  ): void => {
    const requestId = randomUUID();
    const action = target.startsWith(ORG_TARGET_PREFIX)
      ? target.slice(ORG_TARGET_PREFIX.length)
      : target;
    const handler = Object.prototype.hasOwnProperty.call(orgHandlers, action)
      ? orgHandlers[action]
      : undefined;
    const counters = stats.counters(handler ? action : `org:${action}`);
    counters.requests++;
    if (!orgBuckets.take(cfg.rateScope === "caller" ? callerOf(req).account : "org")) {
      counters.throttled++;
      send(
        res,
        {
          status: 400,
          contentType: JSON_CT,
          errorType: "TooManyRequestsException",
          body: JSON.stringify({
            __type: "TooManyRequestsException",
            Type: "AWS_ORGANIZATIONS",
            Message:
              "AWS Organizations can't complete your request because another request is already in progress. Try again later.",
          }),
        },
        requestId,
      );
      return;
    }
    finish(
      req,
      res,
      counters,
      "org",
      noLatency(req) ? 0 : draw(cfg.orgLatency),
      () => {
        if (!handler)
          throw new ApiError("UnknownOperationException", `Unknown operation ${target}`);
        let input: Record<string, unknown> = {};
        if (body.length > 0) {
          const parsed: unknown = JSON.parse(body);
          if (parsed && typeof parsed === "object") input = parsed as Record<string, unknown>;
        }
        return { status: 200, contentType: JSON_CT, body: handler(input) };
      },
      requestId,
    );
  };

  const handleSso = (req: http.IncomingMessage, res: http.ServerResponse, action: string): void => {
    const requestId = randomUUID();
    const counters = stats.counters(action);
    counters.requests++;
    if (!ssoBuckets.take("sso")) {
      counters.throttled++;
      send(res, ssoThrottleReply(), requestId);
      return;
    }
    const header = req.headers["x-amz-sso_bearer_token"];
    const token = Array.isArray(header) ? header[0] : header;
    const latency = noLatency(req) ? 0 : draw(cfg.latency);
    const answer = () => portal.answer(action, req.url ?? "", token);
    finish(req, res, counters, "sso", latency, answer, requestId);
  };

  const handleControl = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const path = (req.url ?? "").split("?")[0];
    const json = (status: number, value: unknown): void => {
      const body = JSON.stringify(value);
      res.writeHead(status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
      });
      res.end(body);
    };
    if (path === "/_stats" && req.method === "GET") return json(200, stats.snapshot());
    if (path === "/_reset-stats" && req.method === "POST") {
      stats.reset();
      return json(200, { ok: true });
    }
    if (path === "/_reset" && req.method === "POST") {
      stats.reset();
      stsBuckets.reset();
      orgBuckets.reset();
      ssoBuckets.reset();
      return json(200, { ok: true });
    }
    if (path === "/_sso/revoke" && req.method === "POST") {
      const after = new URLSearchParams((req.url ?? "").split("?")[1] ?? "").get("after");
      portal.revoke(after === null ? 0 : Number(after));
      return json(200, { ok: true });
    }
    if (path === "/_sso/restore" && req.method === "POST") {
      portal.restore();
      return json(200, { ok: true });
    }
    if (path === "/_info" && req.method === "GET") {
      return json(200, {
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
      });
    }
    json(404, { message: `no control endpoint ${req.method} ${path}` });
  };

  const server = http.createServer({ keepAlive: true, noDelay: true }, (req, res) => {
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

    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body =
        chunks.length === 1 ? (chunks[0] as Buffer).toString() : Buffer.concat(chunks).toString();
      try {
        if (req.url?.startsWith("/_")) return handleControl(req, res);
        const ssoCall = ssoAction(req.method, req.url);
        if (ssoCall !== undefined) return handleSso(req, res, ssoCall);
        const target = req.headers["x-amz-target"];
        if (typeof target === "string") return handleOrg(req, res, target, body);
        return handleSts(req, res, body);
      } catch (err) {
        const msg = String(err);
        res.writeHead(500, {
          "content-type": "text/plain",
          "content-length": Buffer.byteLength(msg),
        });
        res.end(msg);
      }
    });
  });
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  server.maxRequestsPerSocket = 0;
  server.on("connection", () => {
    stats.connections++;
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: cfg.host, port: cfg.port, backlog: 4096 }, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : cfg.port;
  return {
    server,
    port,
    config: cfg,
    org,
    sso: portal,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Options of {@link startSimulator}: the command-line flags' settings, and an organization. */
export interface StartOptions extends Partial<SimulatorConfig> {
  /** The organization to serve (e.g. from `orgFromSpec`); default: one generated from the options. */
  org?: Org;
}

/** A simulator running in this process. */
export interface InProcessSimulator {
  /** `http://127.0.0.1:PORT`, for `AWS_ENDPOINT_URL` or a client's `endpoint`. */
  url: string;
  org: Org;
  stop(): Promise<void>;
}

/**
 * Starts the simulator in this process (the demo's local AWS when moto_server is missing) on
 * a free loopback port unless `port` is given. Options default as the command-line flags do.
 */
export async function startSimulator(options: StartOptions = {}): Promise<InProcessSimulator> {
  const { org, ...settings } = options;
  const cfg: SimulatorConfig = { ...parseArgs([]), ...settings, exitWithStdin: false };
  const sim = await serve(cfg, org ?? buildOrg(cfg));
  return { url: `http://${cfg.host}:${sim.port}`, org: sim.org, stop: () => sim.close() };
}

async function main(): Promise<void> {
  const cfg = parseArgs(process.argv.slice(2));
  const sim = await serve(cfg);
  process.stdout.write(`${JSON.stringify({ port: sim.port })}\n`);
  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    void sim.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
  if (cfg.exitWithStdin) {
    process.stdin.on("end", shutdown);
    process.stdin.on("close", shutdown);
    process.stdin.resume();
  }
}

if (
  process.argv[1] !== undefined &&
  realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  main().catch((err: unknown) => {
    process.stderr.write(`simulator: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
