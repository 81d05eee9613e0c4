/**
 * The floor: what botocove does, written directly against the AWS SDK v3 with no botocove.
 *
 * For each account one AssumeRole (one shared STSClient), then for each account x region one
 * GetCallerIdentity through a fresh STSClient built with the assumed credentials and that region.
 * Every client shares ONE NodeHttpHandler over one keep-alive http.Agent (maxSockets = concurrency),
 * and at most `concurrency` account x region units are in flight; a unit's slot also covers the
 * AssumeRole it may have to wait for (the first unit of an account makes the call, the account's
 * other units wait on the same promise).
 *
 * Discovery is not part of the floor: the account list is read with ListAccounts before the timer
 * starts (`listActiveAccounts`).
 */
import http from "node:http";
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
  type Credentials,
} from "@aws-sdk/client-sts";
import { OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";
import { NodeHttpHandler } from "@smithy/node-http-handler";

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const BENCH_CREDENTIALS: StaticCredentials = {
  accessKeyId: "AKIAFAKE",
  secretAccessKey: "fake",
};

export interface BareSdkOptions {
  /**
   * The simulator's URL. `"env"`: pass no endpoint and let the SDK read AWS_ENDPOINT_URL, as
   * clients botocove makes for the user's function do (that lookup costs CPU per client).
   */
  endpoint: string | "env";
  accounts: string[];
  regions: string[];
  concurrency: number;
  roleName?: string;
  sessionName?: string;
  /** Credentials of the management account (default: BENCH_CREDENTIALS). */
  credentials?: StaticCredentials;
  /** Region of the AssumeRole client (default: the first region). */
  assumeRoleRegion?: string;
  /** SDK retry settings of every client (default: the SDK's, standard mode with 3 attempts). */
  maxAttempts?: number;
  retryMode?: "standard" | "adaptive";
}

export interface BareSdkResult {
  wallMs: number;
  /** Time from the start to the first completed unit (success or failure). */
  firstUnitMs: number;
  assumeRoleCalls: number;
  units: number;
  ok: number;
  /** Units of accounts whose AssumeRole failed. */
  failedAssumeRole: number;
  /** Units whose GetCallerIdentity failed or answered for the wrong account. */
  exceptions: number;
  errorSamples: string[];
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

/**
 * Pages ListAccounts through the SDK and keeps the ACTIVE accounts. With `skipLatency` every call
 * carries the simulator's `x-bench-no-latency: 1` header, so that reading 500 pages does not take
 * 500 x the configured latency (the floor does not time discovery anyway).
 */
export async function listActiveAccounts(
  endpoint: string,
  {
    credentials = BENCH_CREDENTIALS,
    region = "us-east-1",
    skipLatency = false,
  }: { credentials?: StaticCredentials; region?: string; skipLatency?: boolean } = {},
): Promise<{ accounts: string[]; pages: number; ms: number }> {
  const t0 = performance.now();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const org = new OrganizationsClient({
    region,
    endpoint,
    credentials,
    maxAttempts: 10,
    requestHandler: new NodeHttpHandler({ httpAgent: agent }),
  });
  if (skipLatency) {
    org.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers?: Record<string, string> };
        if (request.headers) request.headers["x-bench-no-latency"] = "1";
        return next(args);
      },
      { step: "build", name: "benchNoLatency" },
    );
  }
  const accounts: string[] = [];
  let pages = 0;
  for await (const page of paginateListAccounts({ client: org }, {})) {
    pages++;
    for (const a of page.Accounts ?? []) {
      if (a.Id && (a.State ?? a.Status) === "ACTIVE") accounts.push(a.Id);
    }
  }
  org.destroy();
  return { accounts, pages, ms: performance.now() - t0 };
}

export async function runBareSdk(opts: BareSdkOptions): Promise<BareSdkResult> {
  const { accounts, regions, concurrency } = opts;
  const endpoint = opts.endpoint === "env" ? {} : { endpoint: opts.endpoint };
  if (regions.length === 0) throw new Error("runBareSdk: no regions");
  const roleName = opts.roleName ?? "OrganizationAccountAccessRole";
  const sessionName = opts.sessionName ?? "bare-sdk";
  const retry = {
    ...(opts.maxAttempts === undefined ? {} : { maxAttempts: opts.maxAttempts }),
    ...(opts.retryMode === undefined ? {} : { retryMode: opts.retryMode }),
  };

  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, keepAliveMsecs: 1000 });
  const requestHandler = new NodeHttpHandler({ httpAgent: agent });
  const assumer = new STSClient({
    region: opts.assumeRoleRegion ?? (regions[0] as string),
    ...endpoint,
    credentials: opts.credentials ?? BENCH_CREDENTIALS,
    requestHandler,
    ...retry,
  });

  const R = regions.length;
  const total = accounts.length * R;
  // Per account: the AssumeRole promise while some of its units are pending, and how many are left.
  const pendingCreds = new Map<number, Promise<Credentials>>();
  const remaining = new Uint16Array(accounts.length).fill(Math.min(R, 65535));
  let assumeRoleCalls = 0;
  let ok = 0;
  let failedAssumeRole = 0;
  let exceptions = 0;
  const errorSamples: string[] = [];
  const sample = (msg: string): void => {
    if (errorSamples.length < 5 && !errorSamples.includes(msg)) errorSamples.push(msg);
  };

  const credsFor = (a: number): Promise<Credentials> => {
    let p = pendingCreds.get(a);
    if (!p) {
      assumeRoleCalls++;
      p = assumer
        .send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${accounts[a]}:role/${roleName}`,
            RoleSessionName: sessionName,
          }),
        )
        .then((out) => {
          if (!out.Credentials) throw new Error("AssumeRole returned no credentials");
          return out.Credentials;
        });
      pendingCreds.set(a, p);
    }
    return p;
  };

  let next = 0;
  let firstUnitMs = -1;
  const t0 = performance.now();
  const done = (): void => {
    if (firstUnitMs < 0) firstUnitMs = performance.now() - t0;
  };

  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const a = Math.floor(i / R);
      const region = regions[i % R] as string;
      const accountId = accounts[a] as string;
      try {
        let creds: Credentials;
        try {
          creds = await credsFor(a);
        } catch (err) {
          failedAssumeRole++;
          sample(`AssumeRole ${describe(err)}`);
          continue;
        }
        const client = new STSClient({
          region,
          ...endpoint,
          credentials: {
            accessKeyId: creds.AccessKeyId as string,
            secretAccessKey: creds.SecretAccessKey as string,
            sessionToken: creds.SessionToken as string,
            ...(creds.Expiration ? { expiration: creds.Expiration } : {}),
          },
          requestHandler,
          ...retry,
        });
        try {
          const who = await client.send(new GetCallerIdentityCommand({}));
          if (who.Account === accountId) ok++;
          else {
            exceptions++;
            sample(`GetCallerIdentity answered for ${who.Account}, expected ${accountId}`);
          }
        } catch (err) {
          exceptions++;
          sample(`GetCallerIdentity ${describe(err)}`);
        }
      } finally {
        done();
        const left = (remaining[a] ?? 1) - 1;
        remaining[a] = left;
        if (left === 0) pendingCreds.delete(a);
      }
    }
  };

  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, total)) }, worker));
  const wallMs = performance.now() - t0;
  agent.destroy();
  return {
    wallMs,
    firstUnitMs,
    assumeRoleCalls,
    units: total,
    ok,
    failedAssumeRole,
    exceptions,
    errorSamples,
  };
}
