/** The simulator's settings, read from its command-line flags (described in src/demo/simulator.ts). */
import { parseArgs as parseFlags } from "node:util";
import { parseSsoFlags, SSO_FLAGS, type NumberFlag, type SsoConfig } from "../simulator-sso.js";

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

/** Flags that take no value. */
const BOOLEAN_FLAGS = ["with-management", "exit-with-stdin"];

/** Flags that take a value. */
const VALUE_FLAGS = [
  "host",
  "port",
  "accounts",
  "ous",
  "depth",
  "root-fraction",
  "suspended",
  "deny-fraction",
  "seed",
  "page-size",
  "latency",
  "org-latency",
  "sts-rate",
  "sts-burst",
  "org-rate",
  "org-burst",
  "rate-scope",
  "fault-rate",
  "fault-mode",
  ...SSO_FLAGS.map((f) => f.slice(2)),
];

/** Flag → value from `--flag value`, `--flag=value` and (booleans) `--flag`, which reads "true". */
function readFlags(argv: string[]): Map<string, string> {
  const options: Record<string, { type: "string" | "boolean" }> = {};
  for (const name of VALUE_FLAGS) options[name] = { type: "string" };
  for (const name of BOOLEAN_FLAGS) options[name] = { type: "boolean" };
  const { values } = parseFlags({ args: argv, options, strict: true, allowPositionals: false });
  const flags = new Map<string, string>();
  for (const [name, value] of Object.entries(values))
    if (value !== undefined) flags.set(`--${name}`, String(value));
  return flags;
}

/** Reads a number flag: its value, or the default, checked against [min, max]. */
function numberFlag(flags: ReadonlyMap<string, string>): NumberFlag {
  return (key, dflt, min = 0, max = Number.MAX_SAFE_INTEGER) => {
    const raw = flags.get(key);
    if (raw === undefined) return dflt;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new Error(`${key}: expected a number in [${min}, ${max}], got "${raw}"`);
    }
    return n;
  };
}

/** A flag that takes one of `allowed`. */
function choiceFlag<T extends string>(
  flags: ReadonlyMap<string, string>,
  key: string,
  allowed: readonly T[],
): T {
  const value = flags.get(key) ?? (allowed[0] as T);
  if (!(allowed as readonly string[]).includes(value))
    throw new Error(`${key}: ${allowed.join("|")}`);
  return value as T;
}

/** A latency flag: `A` or `A-B` in ms. */
function parseRange(value: string, flag: string): [number, number] {
  const m = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(value.trim());
  if (!m || m[1] === undefined) throw new Error(`${flag}: expected A or A-B in ms, got "${value}"`);
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  if (hi < lo) throw new Error(`${flag}: upper bound below lower bound`);
  return [lo, hi];
}

/** The settings the flags in `argv` give (each checked, in a fixed order), defaults elsewhere. */
export function parseArgs(argv: string[]): SimulatorConfig {
  const flags = readFlags(argv);
  const num = numberFlag(flags);
  const latency = parseRange(flags.get("--latency") ?? "0", "--latency");
  const orgLatency = flags.get("--org-latency");
  const stsRate = num("--sts-rate", 0);
  const orgRate = num("--org-rate", 0);
  const rateScope = choiceFlag(flags, "--rate-scope", ["caller", "global"] as const);
  const faultMode = choiceFlag(flags, "--fault-mode", ["mixed", "500", "reset"] as const);
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
    orgLatency: orgLatency === undefined ? latency : parseRange(orgLatency, "--org-latency"),
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
