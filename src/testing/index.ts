/**
 * `botocove/testing`: an AWS organization for your own tests, served in this process by the
 * project's simulator (STS, Organizations and the IAM Identity Center portal over HTTP, for the
 * real SDK clients). Unlike moto it knows which roles exist, refuses the AssumeRoles you say,
 * throttles STS, and counts what was called. Not imported by `botocove` itself.
 */
import { startSimulator, type InProcessSimulator } from "../demo/simulator.js";
import { DEFAULT_SSO_TOKEN } from "../demo/simulator-sso.js";
import { MANAGEMENT_ACCOUNT } from "../demo/simulator/org-model.js";
import type { StatsSnapshot } from "../demo/simulator/stats.js";
import type { CoveOptions } from "../types.js";
import { checkDescription, type TestOrganizationDescription } from "./description.js";
import { buildTestOrganization } from "./organization.js";
import { writeSsoHome } from "./sso-home.js";

export type {
  TestAccount,
  TestIdentityCenter,
  TestOrganizationDescription,
  TestOu,
} from "./description.js";
export { DEFAULT_PERMISSION_SET, DEFAULT_ROLE } from "./organization.js";

/** What the organization's endpoint was asked, since it started or since `resetCalls()`. */
export interface TestCalls {
  /** Successful calls per action (`AssumeRole`, `ListAccounts`, `sso:GetRoleCredentials`, …). */
  calls: Record<string, number>;
  /** Every request received, per action (successful, refused, throttled or failed). */
  requests: Record<string, number>;
  /** Requests answered with a throttling error, per action. */
  throttled: Record<string, number>;
  /** Error answers (AccessDenied, validation, not found), per action. */
  errors: Record<string, number>;
  /** Role ARN -> AssumeRole calls that got credentials. */
  assumed: Record<string, number>;
  /** Role ARN -> AssumeRole calls refused with AccessDenied. */
  refused: Record<string, number>;
  /** The accounts some role was assumed in, sorted. */
  assumedAccounts: string[];
}

/** A running test organization (see {@link startTestOrganization}). */
export interface TestOrganization extends AsyncDisposable {
  /** The endpoint of every service, `http://127.0.0.1:PORT`. */
  url: string;
  /** The hub (management) account, which cove leaves out of its targets. */
  managementAccountId: string;
  /** Account name -> 12-digit id. */
  accounts: Readonly<Record<string, string>>;
  /** OU path (`/Workloads/Prod`; `/` is the root) -> OU id (`/` gives the root id). */
  ous: Readonly<Record<string, string>>;
  /** Hub credentials and region to spread into cove's options. */
  options: Required<Pick<CoveOptions, "region">> & {
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  /**
   * The environment that points every AWS SDK client of a process at this organization:
   * `AWS_ENDPOINT_URL` (cove has no endpoint option), dummy hub keys, the region, and no
   * shared config files or instance metadata. For a child process, or see {@link useEnv}.
   */
  env: Readonly<Record<string, string>>;
  /** The portal's login, with `identityCenter`: the access token it accepts. */
  identityCenter?: { token: string };
  /**
   * Sets {@link env} in `process.env` (and removes `AWS_PROFILE`, `AWS_SESSION_TOKEN`,
   * `AWS_DEFAULT_REGION`); returns the undo, which `stop()` also runs.
   */
  useEnv(): () => void;
  /**
   * For `identityCenter: { profile }` runs: writes a temporary home with the shared config of
   * `profile` (an `sso-session` whose region is the organization's) and a cached login token
   * the portal accepts, and points `process.env` there (`HOME`, `AWS_CONFIG_FILE`,
   * `AWS_ENDPOINT_URL`; no keys, no `AWS_PROFILE`). Returns the undo (which also deletes the
   * home), which `stop()` also runs.
   * @param profile the profile name to write
   * @default profile "botocove-test"
   */
  useIdentityCenter(profile?: string): () => void;
  /** What was called (the simulator's `/_stats`). */
  calls(): Promise<TestCalls>;
  /** Zeroes the counters and refills the rate limit. */
  resetCalls(): Promise<void>;
  /** Undoes `useEnv()` and stops the endpoint. Also `await using org = …`. */
  stop(): Promise<void>;
}

/** The dummy hub keys: any key the simulator did not hand out is the management account's. */
const HUB_KEYS = { accessKeyId: "AKIATESTORGHUB000001", secretAccessKey: "test-org-not-secret" };
const CLEARED = ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION"];
/** What an Identity Center login must not find: keys or a profile from elsewhere. */
const CLEARED_FOR_SSO = [...CLEARED, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];

function envFor(url: string, region: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: HUB_KEYS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: HUB_KEYS.secretAccessKey,
    AWS_REGION: region,
    AWS_CONFIG_FILE: "/nonexistent/botocove-test-config",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/botocove-test-credentials",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

/** Sets `env` in `process.env`; the returned undo puts back what was there. */
function applyEnv(env: Readonly<Record<string, string>>, cleared = CLEARED): () => void {
  const keys = [...Object.keys(env), ...cleared];
  const saved = new Map(keys.map((k) => [k, process.env[k]]));
  for (const k of cleared) delete process.env[k];
  Object.assign(process.env, env);
  let undone = false;
  return () => {
    if (undone) return;
    undone = true;
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

function toCalls(s: StatsSnapshot): TestCalls {
  const accounts = new Set(Object.keys(s.assumed).map((arn) => arn.split(":")[4] ?? ""));
  return {
    calls: s.calls,
    requests: s.requests,
    throttled: s.throttled,
    errors: s.errors,
    assumed: s.assumed,
    refused: s.refused,
    assumedAccounts: [...accounts].sort(),
  };
}

async function control(url: string, path: string, method: "GET" | "POST"): Promise<unknown> {
  const res = await fetch(`${url}${path}`, { method });
  if (!res.ok) throw new Error(`test organization: ${method} ${path} answered ${res.status}`);
  return res.json();
}

/** The handle of a started simulator. */
function handle(
  sim: InProcessSimulator,
  built: ReturnType<typeof buildTestOrganization>,
  d: TestOrganizationDescription,
): TestOrganization {
  const region = d.region ?? "us-east-1";
  const env = envFor(sim.url, region);
  const undos: (() => void)[] = [];
  const stop = async (): Promise<void> => {
    for (const undo of undos.splice(0).reverse()) undo();
    await sim.stop();
  };
  return {
    url: sim.url,
    managementAccountId: MANAGEMENT_ACCOUNT,
    accounts: built.accounts,
    ous: built.ous,
    options: { region, credentials: { ...HUB_KEYS } },
    env,
    ...(d.identityCenter
      ? { identityCenter: { token: d.identityCenter.token ?? DEFAULT_SSO_TOKEN } }
      : {}),
    useEnv: () => {
      const undo = applyEnv(env);
      undos.push(undo);
      return undo;
    },
    useIdentityCenter: (profile = "botocove-test") => {
      const token = d.identityCenter?.token ?? DEFAULT_SSO_TOKEN;
      const home = writeSsoHome(profile, region, token);
      const restore = applyEnv(
        {
          ...home.env,
          AWS_ENDPOINT_URL: sim.url,
          AWS_REGION: region,
          AWS_EC2_METADATA_DISABLED: "true",
        },
        CLEARED_FOR_SSO,
      );
      const undo = () => {
        restore();
        home.remove();
      };
      undos.push(undo);
      return undo;
    },
    calls: async () => toCalls((await control(sim.url, "/_stats", "GET")) as StatsSnapshot),
    resetCalls: async () => {
      await control(sim.url, "/_reset", "POST");
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/**
 * Starts an organization described by `description` on a free loopback port, in this process:
 * the hub (management account `123456789012`) under the root, then the described OUs and
 * accounts. Point cove at it with `org.useEnv()` (or `org.env` for a child process) and
 * `...org.options`; stop it with `org.stop()` or `await using`.
 *
 * @throws CoveError `INVALID_OPTION` for a bad description, before anything starts.
 * @example
 * await using org = await startTestOrganization({
 *   ous: [{ name: "Prod", accounts: [{ name: "shop" }, { name: "legacy", roles: [] }] }],
 * });
 */
export async function startTestOrganization(
  description: TestOrganizationDescription = {},
): Promise<TestOrganization> {
  checkDescription(description);
  const built = buildTestOrganization(description);
  const sim = await startSimulator({
    org: built.org,
    seed: description.seed ?? 1,
    stsRate: description.stsRate ?? 0,
    stsBurst: description.stsBurst ?? Math.max(1, (description.stsRate ?? 0) / 10),
    sso: {
      tokens: [description.identityCenter?.token ?? DEFAULT_SSO_TOKEN],
      reach: 1,
      roles: [],
      partial: 0,
      lifetime: 3600,
      rate: 0,
      burst: 1,
    },
  });
  return handle(sim, built, description);
}
