/**
 * The botocove side of the benchmark, behind one function so the harness works before the library
 * is built: `loadBotocove()` imports `dist/index.js` at run time (a computed specifier, so the type
 * checker does not need `dist/`) and checks that it exports `cove` with the `.stream` form.
 * `BENCH_BOTOCOVE_DIST` (a directory) overrides `dist/`: the harness measures a snapshot of it, so
 * that a rebuild during a run neither breaks nor mixes library versions.
 */
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { StaticCredentials } from "./bare-sdk.js";

function distUrl(): URL {
  const dir = process.env.BENCH_BOTOCOVE_DIST;
  return dir
    ? pathToFileURL(path.join(dir, "index.js"))
    : new URL("../dist/index.js", import.meta.url);
}

/** The part of botocove's API the benchmark uses, as a structural type. */
interface CoveSessionLike {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- mirrors botocove's ClientClass
  client<C extends new (...args: any[]) => unknown>(ctor: C): InstanceType<C>;
}
interface CoveEventLike {
  list: string;
  record: Record<string, unknown>;
}
interface CoveFunctionLike {
  stream(): AsyncIterableIterator<CoveEventLike>;
}
type CoveLike = (
  fn: (session: CoveSessionLike) => Promise<unknown>,
  options: Record<string, unknown>,
) => CoveFunctionLike;

export interface BotocoveRunOptions {
  regions: string[];
  concurrency: number;
  /** The hub region. */
  region: string;
  credentials: StaticCredentials;
}

export interface BotocoveRunResult {
  wallMs: number;
  firstRecordMs: number;
  counts: Record<string, number>;
  /** Results whose GetCallerIdentity account differs from the record's account id. */
  mismatched: number;
  /** Distinct account x region pairs seen more than once. */
  duplicates: number;
  errorSamples: string[];
}

export type BotocoveStatus = { ready: true; cove: CoveLike } | { ready: false; reason: string };

export function distPath(): string {
  return fileURLToPath(distUrl());
}

export async function loadBotocove(): Promise<BotocoveStatus> {
  const url = distUrl();
  if (!existsSync(url)) {
    return { ready: false, reason: `${fileURLToPath(url)} does not exist (npm run build)` };
  }
  let mod: unknown;
  try {
    mod = await import(url.href);
  } catch (err) {
    return { ready: false, reason: `importing dist/index.js failed: ${String(err)}` };
  }
  const cove = (mod as { cove?: unknown }).cove;
  if (typeof cove !== "function") {
    return { ready: false, reason: "dist/index.js does not export cove" };
  }
  const probe: unknown = (cove as CoveLike)(async () => undefined, {});
  if (typeof (probe as { stream?: unknown }).stream !== "function") {
    return { ready: false, reason: "cove(fn) has no .stream()" };
  }
  return { ready: true, cove: cove as CoveLike };
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  if (err && typeof err === "object") {
    const e = err as { name?: unknown; message?: unknown };
    return `${String(e.name)}: ${String(e.message)}`;
  }
  return String(err);
}

/**
 * Runs GetCallerIdentity in every account x region through botocove's streaming form, keeping
 * only counters (records are not retained, so memory is botocove's own).
 * `onFirstRecord` is called once, when the first record arrives.
 */
export async function runBotocove(
  cove: CoveLike,
  opts: BotocoveRunOptions,
  onFirstRecord?: () => void,
): Promise<BotocoveRunResult> {
  const wrapped = cove(
    async (session) => {
      const sts = session.client(STSClient);
      return (await sts.send(new GetCallerIdentityCommand({}))).Account;
    },
    {
      regions: opts.regions,
      concurrency: opts.concurrency,
      progress: false,
      credentials: opts.credentials,
      region: opts.region,
    },
  );
  const counts: Record<string, number> = { Results: 0, Exceptions: 0, FailedAssumeRole: 0 };
  const errorSamples: string[] = [];
  // account id -> bit mask of the regions seen (compact: this process's memory is being measured)
  const seen = new Map<string, number>();
  const regionBit = new Map(opts.regions.map((r, i) => [r, 2 ** i]));
  let duplicates = 0;
  let mismatched = 0;
  let firstRecordMs = -1;
  const t0 = performance.now();
  for await (const ev of wrapped.stream()) {
    if (firstRecordMs < 0) {
      firstRecordMs = performance.now() - t0;
      onFirstRecord?.();
    }
    counts[ev.list] = (counts[ev.list] ?? 0) + 1;
    const id = String(ev.record.Id);
    const bit = regionBit.get(String(ev.record.Region)) ?? 0;
    const mask = seen.get(id) ?? 0;
    if (bit !== 0 && Math.floor(mask / bit) % 2 === 1) duplicates++;
    else seen.set(id, mask + bit);
    if (ev.list === "Results") {
      if (ev.record.Result !== id) {
        mismatched++;
        if (errorSamples.length < 5)
          errorSamples.push(`Result ${String(ev.record.Result)} for ${id}`);
      }
    } else if (errorSamples.length < 5) {
      const msg = `${ev.list}: ${describe(ev.record.ExceptionDetails)}`;
      if (!errorSamples.includes(msg)) errorSamples.push(msg);
    }
  }
  return {
    wallMs: performance.now() - t0,
    firstRecordMs,
    counts,
    mismatched,
    duplicates,
    errorSamples,
  };
}
