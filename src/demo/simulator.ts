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
 * Control endpoints (not AWS): GET /_stats (counters per action; AssumeRole answers per role ARN,
 * `assumed` and `refused`), POST /_reset-stats (zero the
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
 *
 * The parts live in src/demo/simulator/: args.ts (the flags), org-model.ts (the generated
 * organization), sts.ts, organizations.ts with pages.ts, credentials.ts (callers and the keys handed
 * out), calls.ts (what every API call goes through: stats.ts, rate.ts, latency.ts, faults.ts),
 * routes.ts, control.ts, state.ts and server.ts.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs, type SimulatorConfig } from "./simulator/args.js";
import { buildOrg, type Org } from "./simulator/org-model.js";
import { serve } from "./simulator/server.js";

export { parseArgs, type SimulatorConfig } from "./simulator/args.js";
/** The organization model: its ids, records and generator (and the helpers `orgFromSpec` builds with). */
export * from "./simulator/org-model.js";
export { prng } from "./simulator/prng.js";
export { serve, type RunningSimulator } from "./simulator/server.js";
export type { StatsSnapshot } from "./simulator/stats.js";

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

/** The command line: serve, print `{"port":N}`, stop on SIGTERM/SIGINT (or stdin's end). */
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
