/**
 * Spawns `src/demo/simulator.ts` as a separate Node process (through tsx's loader) and waits for its
 * `{"port":N}` line. The simulator gets its own process (and so its own core) so that its work does
 * not share an event loop with the code under measurement.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import type { StatsSnapshot } from "../src/demo/simulator.js";

export type { StatsSnapshot } from "../src/demo/simulator.js";

export interface SimulatorOptions {
  accounts?: number;
  ous?: number;
  depth?: number;
  rootFraction?: number;
  suspended?: number;
  denyFraction?: number;
  withManagement?: boolean;
  seed?: number;
  pageSize?: number;
  /** ms: a fixed value or an inclusive [min, max] range */
  latency?: number | [number, number];
  orgLatency?: number | [number, number];
  stsRate?: number;
  stsBurst?: number;
  orgRate?: number;
  orgBurst?: number;
  rateScope?: "caller" | "global";
  faultRate?: number;
  faultMode?: "mixed" | "500" | "reset";
  port?: number;
  /** IAM Identity Center portal: the access tokens it accepts. */
  ssoTokens?: string[];
  /** Fraction of ACTIVE accounts the login reaches. */
  ssoReach?: number;
  /** Permission sets in each reached account. */
  ssoRoles?: string[];
  /** Fraction of reached accounts lacking the first permission set. */
  ssoPartial?: number;
  /** Seconds the portal's role credentials last. */
  ssoLifetime?: number;
  ssoRate?: number;
  ssoBurst?: number;
}

export interface SimulatorHandle {
  url: string;
  port: number;
  pid: number;
  /** GET /_stats */
  stats(): Promise<StatsSnapshot>;
  /** POST /_reset-stats: zero the counters */
  resetStats(): Promise<void>;
  /** POST /_reset: zero the counters and refill the rate-limit buckets */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "..");

function range(v: number | [number, number]): string {
  return Array.isArray(v) ? `${v[0]}-${v[1]}` : String(v);
}

export function simulatorArgs(opts: SimulatorOptions): string[] {
  const args: string[] = ["--port", String(opts.port ?? 0)];
  const add = (flag: string, v: number | string | undefined): void => {
    if (v !== undefined) args.push(flag, String(v));
  };
  add("--accounts", opts.accounts);
  add("--ous", opts.ous);
  add("--depth", opts.depth);
  add("--root-fraction", opts.rootFraction);
  add("--suspended", opts.suspended);
  add("--deny-fraction", opts.denyFraction);
  add("--seed", opts.seed);
  add("--page-size", opts.pageSize);
  add("--latency", opts.latency === undefined ? undefined : range(opts.latency));
  add("--org-latency", opts.orgLatency === undefined ? undefined : range(opts.orgLatency));
  add("--sts-rate", opts.stsRate);
  add("--sts-burst", opts.stsBurst);
  add("--org-rate", opts.orgRate);
  add("--org-burst", opts.orgBurst);
  add("--rate-scope", opts.rateScope);
  add("--fault-rate", opts.faultRate);
  add("--fault-mode", opts.faultMode);
  add("--sso-token", opts.ssoTokens?.join(","));
  add("--sso-reach", opts.ssoReach);
  add("--sso-roles", opts.ssoRoles?.join(","));
  add("--sso-partial", opts.ssoPartial);
  add("--sso-lifetime", opts.ssoLifetime);
  add("--sso-rate", opts.ssoRate);
  add("--sso-burst", opts.ssoBurst);
  if (opts.withManagement) args.push("--with-management");
  return args;
}

async function control<T>(url: string, method: "GET" | "POST"): Promise<T> {
  const res = await fetch(url, { method });
  if (!res.ok) throw new Error(`${method} ${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

export function startSimulator(
  opts: SimulatorOptions = {},
  { startTimeoutMs = 30_000 }: { startTimeoutMs?: number } = {},
): Promise<SimulatorHandle> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      path.join(here, "..", "src", "demo", "simulator.ts"),
      ...simulatorArgs(opts),
      "--exit-with-stdin",
    ],
    {
      cwd: repoRoot,
      stdio: ["pipe", "pipe", "inherit"],
      env: { ...process.env, NODE_OPTIONS: "" },
    },
  );
  return new Promise<SimulatorHandle>((resolve, reject) => {
    let buffered = "";
    let settled = false;
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(err);
    };
    const timer = setTimeout(
      () => fail(new Error(`simulator did not start within ${startTimeoutMs} ms`)),
      startTimeoutMs,
    );
    child.once("error", fail);
    child.once("exit", (code, signal) => {
      fail(new Error(`simulator exited before listening (code ${code}, signal ${signal})`));
    });
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      if (settled) return;
      buffered += chunk;
      const nl = buffered.indexOf("\n");
      if (nl < 0) return;
      let port: number;
      try {
        port = (JSON.parse(buffered.slice(0, nl)) as { port: number }).port;
      } catch {
        fail(new Error(`unexpected simulator output: ${buffered.slice(0, nl)}`));
        return;
      }
      settled = true;
      clearTimeout(timer);
      const url = `http://127.0.0.1:${port}`;
      const exited = new Promise<void>((r) => {
        if (child.exitCode !== null || child.signalCode !== null) r();
        else child.once("exit", () => r());
      });
      resolve({
        url,
        port,
        pid: child.pid ?? -1,
        stats: () => control<StatsSnapshot>(`${url}/_stats`, "GET"),
        resetStats: async () => {
          await control(`${url}/_reset-stats`, "POST");
        },
        reset: async () => {
          await control(`${url}/_reset`, "POST");
        },
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGTERM");
            const t = setTimeout(() => child.kill("SIGKILL"), 3000);
            await exited;
            clearTimeout(t);
          }
          child.stdin?.destroy();
        },
      });
    });
  });
}
