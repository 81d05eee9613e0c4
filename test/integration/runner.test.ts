import { spawn } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { cove, CoveError, type CoveSession, type ProgressEvent } from "../../src/index.js";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";
import { gate, roundTrip, Watched } from "../support/events.js";
import { tempDir } from "../support/temp-dir.js";

const aws = useTestAws();
const base = { credentials: HUB_CREDENTIALS, region: "eu-west-1", progress: false } as const;
/** Rejects with the signal's reason once it aborts (a run that waits for its end). */
const aborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason));
  });
const members = () => [...aws.org.accounts.keys()].sort();

/**
 * A function that records how many runs overlap. Runs wait until `cap` of them are in flight
 * (or the last of `total` has started), so a correct pool reaches its cap however slow the
 * machine; they are let go only after a round trip to moto, so that a run the pool should not
 * have started (its AssumeRole answer already on its way) is counted first.
 */
function overlapProbe(cap: number, total: number) {
  const state = { now: 0, max: 0, started: 0 };
  let full = gate();
  const release = async () => {
    const held = full;
    full = gate();
    await roundTrip(aws.proxy.url);
    held.open();
  };
  const fn = async (s: CoveSession) => {
    state.started++;
    state.now++;
    state.max = Math.max(state.max, state.now);
    const held = full.promise;
    if (state.now >= cap || state.started === total) void release();
    try {
      await held;
    } finally {
      state.now--;
    }
    return s.region;
  };
  return { state, fn };
}

describe("runner", () => {
  it("never exceeds concurrency, and reaches it (29 accounts x 2 regions, cap 5)", async () => {
    const { state, fn } = overlapProbe(5, 58);
    const out = await cove(fn, { ...base, concurrency: 5, regions: ["eu-west-1", "us-east-1"] })();
    expect(out.Results).toHaveLength(58);
    expect(state.max).toBe(5);
  });

  it("defaults to 20 runs in flight", async () => {
    const { state, fn } = overlapProbe(20, 58);
    const out = await cove(fn, { ...base, regions: ["eu-west-1", "us-east-1"] })();
    expect(out.Results).toHaveLength(58);
    expect(state.max).toBe(20);
  });

  it("runs in the option's region, else the environment's (cases 12-14, 33, 37-38)", async () => {
    const inEnv = await cove((s) => s.region, base)();
    expect(inEnv.Results.every((r) => r.Region === "eu-west-1" && r.Result === "eu-west-1")).toBe(
      true,
    );
    const { region: _r, ...noRegion } = base;
    const fromEnv = await cove((s) => s.region, noRegion)();
    expect(fromEnv.Results.every((r) => r.Region === process.env.AWS_REGION)).toBe(true);
    const opt = await cove((s) => s.region, { ...base, region: "eu-central-1" })();
    expect(opt.Results.every((r) => r.Region === "eu-central-1")).toBe(true);
    const many = await cove((s) => s.region, { ...base, regions: ["eu-central-1", "us-east-1"] })();
    for (const region of ["eu-central-1", "us-east-1"]) {
      expect(many.Results.filter((r) => r.Region === region)).toHaveLength(29);
    }
  });

  it("fails clearly when no region is known anywhere", async () => {
    const saved = process.env.AWS_REGION;
    delete process.env.AWS_REGION;
    try {
      const { region: _r, ...noRegion } = base;
      await expect(cove(() => 1, noRegion)()).rejects.toMatchObject({
        name: "CoveError",
        code: "NO_REGION",
      });
    } finally {
      process.env.AWS_REGION = saved;
    }
  });

  it("uses a shared-config profile for the hub's credentials and region", async () => {
    const dir = tempDir("cove-profile-");
    writeFileSync(join(dir, "config"), "[profile hub]\nregion = ap-southeast-2\n");
    writeFileSync(
      join(dir, "credentials"),
      `[hub]\naws_access_key_id = ${HUB_CREDENTIALS.accessKeyId}\naws_secret_access_key = x\n`,
    );
    const saved = { ...process.env };
    process.env.AWS_CONFIG_FILE = join(dir, "config");
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "credentials");
    delete process.env.AWS_REGION;
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    try {
      const out = await cove((s) => s.region, { profile: "hub", progress: false })();
      expect(out.Results).toHaveLength(29);
      expect(out.Results.every((r) => r.Region === "ap-southeast-2")).toBe(true);
    } finally {
      Object.assign(process.env, saved);
    }
  });

  it("raiseException rejects at once, starts nothing new and aborts in-flight signals", async () => {
    const signals: AbortSignal[] = [];
    let started = 0;
    const slowRunsEnded = new Watched(0);
    const failure = new Error("first failure");
    // The other runs ignore their signal and wait for the test: the call must not wait for them.
    const slow = gate();
    const p = cove(
      async (s: CoveSession) => {
        const n = ++started;
        signals.push(s.signal);
        if (n === 2) throw failure;
        await slow.promise;
        slowRunsEnded.value++;
        return 1;
      },
      { ...base, raiseException: true, concurrency: 4 },
    )();
    await expect(p).rejects.toBe(failure);
    expect(slowRunsEnded.value).toBe(0);
    // Their slots free; a pool that went on would start runs now.
    slow.open();
    await slowRunsEnded.until((n) => n === started - 1);
    await roundTrip(aws.proxy.url);
    expect(started).toBeLessThanOrEqual(4);
    expect(signals.length).toBeGreaterThan(1);
    expect(signals.every((s) => s.aborted)).toBe(true);
  });

  it("signal cancels the run: ABORTED with what had finished, nothing new started", async () => {
    const controller = new AbortController();
    let started = 0;
    const p = cove(
      async (s: CoveSession) => {
        started++;
        if (started === 8) queueMicrotask(() => controller.abort());
        // The first four end at once; the others wait for the abort.
        if (started >= 5) await aborted(s.signal);
        return s.accountId;
      },
      { ...base, concurrency: 4, signal: controller.signal },
    )();
    const error = (await p.catch((e: unknown) => e)) as CoveError;
    expect(error).toBeInstanceOf(CoveError);
    expect(error.code).toBe("ABORTED");
    expect(error.output?.Results.length).toBeGreaterThanOrEqual(4);
    // A run the pool wrongly started would have its AssumeRole answer by now.
    await roundTrip(aws.proxy.url);
    expect(started).toBeLessThan(12);
  });

  it("a signal look-alike (other realm, polyfill) is followed and released without losing output", async () => {
    const real = new AbortController().signal;
    const removed: string[] = [];
    const lookAlike = {
      get aborted() {
        return real.aborted;
      },
      get reason(): unknown {
        return real.reason;
      },
      addEventListener: real.addEventListener.bind(real),
      removeEventListener: (type: string, listener: () => void) => {
        removed.push(type);
        real.removeEventListener(type, listener);
      },
    } as unknown as AbortSignal;
    const out = await cove((s) => s.accountId, { ...base, signal: lookAlike })();
    expect(out.Results).toHaveLength(29);
    let streamed = 0;
    for await (const _ of cove((s) => s.accountId, { ...base, signal: lookAlike }).stream())
      streamed++;
    expect(streamed).toBe(29);
    expect(removed.length).toBeGreaterThanOrEqual(2);
  });

  it("an already-aborted signal makes no AWS call", async () => {
    aws.proxy.clear();
    await expect(cove(() => 1, { ...base, signal: AbortSignal.abort() })()).rejects.toMatchObject({
      code: "ABORTED",
    });
    expect(aws.proxy.requests).toHaveLength(0);
  });

  it("FailedAssumeRole: AccessDenied for some accounts, once per account, one record per region", async () => {
    const [a, b] = members() as [string, string];
    aws.proxy.clear();
    aws.proxy.faults.push((r) => {
      if (r.action !== "sts:AssumeRole") return undefined;
      const arn = new URLSearchParams(r.body).get("RoleArn") ?? "";
      return arn.includes(a) || arn.includes(b)
        ? {
            status: 403,
            code: "AccessDenied",
            message: `User is not authorized to perform: sts:AssumeRole on ${arn}`,
          }
        : undefined;
    });
    let ranInDenied = 0;
    const out = await cove(
      (s) => {
        if (s.accountId === a || s.accountId === b) ranInDenied++;
        return s.accountId;
      },
      { ...base, regions: ["eu-west-1", "us-east-1"] },
    )();
    expect(ranInDenied).toBe(0);
    expect(out.FailedAssumeRole).toHaveLength(4);
    expect(out.Results).toHaveLength(27 * 2);
    expect(out.Exceptions).toHaveLength(0);
    for (const f of out.FailedAssumeRole) {
      expect([a, b]).toContain(f.Id);
      expect(f.AssumeRoleSuccess).toBe(false);
      expect((f.ExceptionDetails as Error).name).toBe("AccessDenied");
      expect(f).not.toHaveProperty("Result");
    }
    expect(aws.proxy.count("sts:AssumeRole")).toBe(29);
  });

  it("every account x region lands in exactly one list under mixed outcomes", async () => {
    const ids = members();
    aws.proxy.clear();
    aws.proxy.faults.push((r) => {
      if (r.action !== "sts:AssumeRole") return undefined;
      const arn = new URLSearchParams(r.body).get("RoleArn") ?? "";
      return ids.slice(0, 3).some((id) => arn.includes(id))
        ? { status: 403, code: "AccessDenied" }
        : undefined;
    });
    const regions = ["eu-west-1", "us-east-1", "us-west-2"];
    const out = await cove(
      (s) => {
        if (ids.indexOf(s.accountId) % 4 === 1) throw new Error("boom");
        return 1;
      },
      { ...base, regions },
    )();
    const keys = [...out.Results, ...out.Exceptions, ...out.FailedAssumeRole].map(
      (r) => `${r.Id}/${r.Region}`,
    );
    expect(keys).toHaveLength(ids.length * regions.length);
    expect(new Set(keys).size).toBe(keys.length);
    expect(out.FailedAssumeRole).toHaveLength(9);
  });

  it("session: clientConfig, client() with overrides, clients destroyed when the run ends, no secrets in print", async () => {
    const made: { config: Record<string, unknown>; destroyed: boolean }[] = [];
    class FakeClient {
      state: { config: Record<string, unknown>; destroyed: boolean };
      constructor(config: Record<string, unknown>) {
        this.state = { config, destroyed: false };
        made.push(this.state);
      }
      destroy() {
        this.state.destroyed = true;
      }
    }
    const [a] = members() as [string];
    const out = await cove(
      async (s: CoveSession) => {
        const c1 = s.client(FakeClient);
        const c2 = s.client(FakeClient, { region: "us-west-2", maxAttempts: 7 });
        const creds = await s.credentials();
        return {
          c1Region: c1.state.config.region,
          c2Region: c2.state.config.region,
          c2Attempts: c2.state.config.maxAttempts,
          destroyedInside: c1.state.destroyed,
          same: s.clientConfig.credentials === s.credentials && s.clientConfig.region === s.region,
          printed: `${String(s)} ${JSON.stringify(s)}`,
          secret: creds.secretAccessKey,
        };
      },
      { ...base, targetIds: [a] },
    )();
    const r = out.Results[0]!.Result;
    expect(r).toMatchObject({
      c1Region: "eu-west-1",
      c2Region: "us-west-2",
      c2Attempts: 7,
      destroyedInside: false,
      same: true,
    });
    expect(made).toHaveLength(2);
    expect(made.every((m) => m.destroyed)).toBe(true);
    expect(r.printed).toContain(a);
    expect(r.secret.length).toBeGreaterThan(5);
    expect(r.printed).not.toContain(r.secret);
  });

  it("progress: a callback sees every run finish, with the total once known", async () => {
    const events: ProgressEvent[] = [];
    await cove(() => 1, {
      ...base,
      regions: ["eu-west-1", "us-east-1"],
      progress: (e) => events.push(e),
    })();
    const last = events.at(-1)!;
    expect(last.finished).toBe(58);
    expect(last.total).toBe(58);
    expect(last.results).toBe(58);
    const finished = events.map((e) => e.finished);
    expect(finished).toEqual([...finished].sort((x, y) => x - y));
  });

  it("onRecord and stream() deliver each record as its run ends", async () => {
    const seen: string[] = [];
    const wrapped = cove((s: CoveSession, tag: string) => `${tag}:${s.accountId}`, {
      ...base,
      onRecord: (e) => seen.push(`${e.list}:${e.record.Id}`),
    });
    const out = await wrapped("x");
    expect(seen).toHaveLength(29);
    expect(out.Results.every((r) => r.Result === `x:${r.Id}`)).toBe(true);
    const streamed: string[] = [];
    for await (const event of cove(
      (s: CoveSession, tag: string) => `${tag}:${s.accountId}`,
      base,
    ).stream("y")) {
      expect(event.list).toBe("Results");
      if (event.list === "Results") streamed.push(event.record.Result);
    }
    expect(streamed.sort()).toEqual(members().map((id) => `y:${id}`));
  });

  it("breaking out of stream() cancels the remaining runs", async () => {
    let started = 0;
    // Run n ends once the reader has had n - 2 records (or when it is cancelled).
    const read = new Watched(0);
    const it = cove(
      async (s: CoveSession) => {
        const n = ++started;
        await Promise.race([read.until((got) => got >= n - 2), aborted(s.signal)]);
        return 1;
      },
      { ...base, concurrency: 2 },
    ).stream();
    for await (const _ of it) {
      if (++read.value === 3) break;
    }
    // Lets every run end: a call that was not cancelled would start the next ones now.
    read.value = Number.POSITIVE_INFINITY;
    await roundTrip(aws.proxy.url);
    await roundTrip(aws.proxy.url);
    expect(started).toBeLessThan(10);
  });

  it("taskTimeout turns a slow run into a TASK_TIMEOUT exception and aborts its signal", async () => {
    const [a, b] = members() as [string, string];
    let abortedSeen = false;
    const never = gate();
    const out = await cove(
      async (s: CoveSession) => {
        if (s.accountId === a) {
          s.signal.addEventListener("abort", () => (abortedSeen = true));
          // Ignores its signal: only the timeout ends it.
          await never.promise;
        }
        return 1;
      },
      { ...base, targetIds: [a, b], taskTimeout: 200 },
    )();
    expect(out.Results.map((r) => r.Id)).toEqual([b]);
    expect(out.Exceptions).toHaveLength(1);
    expect(out.Exceptions[0]!.ExceptionDetails).toMatchObject({
      name: "CoveError",
      code: "TASK_TIMEOUT",
      ids: [a],
    });
    expect(abortedSeen).toBe(true);
  });

  it("shard splits the accounts deterministically and completely", async () => {
    const shards = await Promise.all(
      [0, 1, 2].map((index) => cove((s) => s.accountId, { ...base, shard: { index, count: 3 } })()),
    );
    const ids = shards.flatMap((o) => o.Results.map((r) => r.Id));
    expect(ids.sort()).toEqual(members());
    expect(shards.every((o) => o.Results.length > 0)).toBe(true);
    const again = await cove((s) => s.accountId, { ...base, shard: { index: 1, count: 3 } })();
    expect(again.Results.map((r) => r.Id).sort()).toEqual(
      shards[1]!.Results.map((r) => r.Id).sort(),
    );
  });

  it("works as a TypeScript 5 method decorator with `this` preserved, and as cove(options)(fn)", async () => {
    const [a] = members() as [string];
    // Vitest's transpiler does not lower TS 5 decorators, so compile this with TypeScript itself.
    const source = `
      import { cove } from ${JSON.stringify(pathToFileURL(join(process.cwd(), "dist/index.js")).href)};
      export class Audit {
        prefix = "audit";
        @cove(${JSON.stringify({ region: "eu-west-1", progress: false, targetIds: [a], credentials: HUB_CREDENTIALS })})
        async tag(session: any, suffix: string) {
          return this.prefix + ":" + session.accountId + ":" + suffix;
        }
      }`;
    const js = ts.transpileModule(source, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    }).outputText;
    const dir = tempDir("cove-decorator-");
    writeFileSync(join(dir, "audit.mjs"), js);
    const { Audit } = (await import(pathToFileURL(join(dir, "audit.mjs")).href)) as {
      Audit: new () => { tag(suffix: string): Promise<{ Results: { Result: string }[] }> };
    };
    const out = await new Audit().tag("x");
    expect(out.Results.map((r) => r.Result)).toEqual([`audit:${a}:x`]);
    const wrapped = cove({ ...base, targetIds: [a] })((_s: CoveSession, n: number) => n * 2);
    expect((await wrapped(21)).Results[0]!.Result).toBe(42);
  });
});

describe("raiseException records", () => {
  it("hands the failing record to onRecord and the stream before rejecting", async () => {
    const failure = new Error("stop here");
    const seen: string[] = [];
    let n = 0;
    const fn = (s: CoveSession) => {
      if (++n === 3) throw failure;
      return s.accountId;
    };
    await expect(
      cove(fn, {
        ...base,
        concurrency: 1,
        raiseException: true,
        onRecord: (e) => seen.push(e.list),
      })(),
    ).rejects.toBe(failure);
    expect(seen).toEqual(["Results", "Results", "Exceptions"]);
    n = 0;
    const streamed: string[] = [];
    const error = await (async () => {
      for await (const e of cove(fn, { ...base, concurrency: 1, raiseException: true }).stream())
        streamed.push(e.list);
    })().catch((e: unknown) => e);
    expect(error).toBe(failure);
    expect(streamed).toEqual(["Results", "Results", "Exceptions"]);
  });
});

describe("a failing callback stops the call, and nothing else crashes", () => {
  it("a progress callback that throws: CALLBACK_FAILED with the cause, runs in flight aborted", async () => {
    const thrown = new Error("progress bug");
    const signals: AbortSignal[] = [];
    const inFlight = new Watched(0);
    let calls = 0;
    const error = await cove(
      async (s: CoveSession) => {
        inFlight.value = signals.push(s.signal);
        // The first run ends once three are in flight (a progress call); the others wait for
        // the abort.
        if (inFlight.value === 1) await inFlight.until((n) => n >= 3);
        else await aborted(s.signal);
        return 1;
      },
      {
        ...base,
        concurrency: 10,
        progress: (e) => {
          if (e.finished >= 1 && ++calls === 1) throw thrown;
        },
      },
    )().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoveError);
    expect(error).toMatchObject({ code: "CALLBACK_FAILED", option: "progress", cause: thrown });
    expect(signals.length).toBeGreaterThan(1);
    expect(signals.every((s) => s.aborted)).toBe(true);
  });

  it("an onRecord that throws or rejects: CALLBACK_FAILED, in the promise and the stream form", async () => {
    const thrown = new Error("onRecord bug");
    const throwing = cove((s) => s.accountId, {
      ...base,
      onRecord: () => {
        throw thrown;
      },
    });
    await expect(throwing()).rejects.toMatchObject({
      code: "CALLBACK_FAILED",
      option: "onRecord",
      cause: thrown,
    });
    const rejecting = cove((s) => s.accountId, {
      ...base,
      onRecord: (async () => {
        throw thrown;
      }) as () => void,
    });
    const streamed = await (async () => {
      for await (const _ of rejecting.stream()) {
        /* read on */
      }
    })().catch((e: unknown) => e);
    expect(streamed).toMatchObject({ code: "CALLBACK_FAILED", cause: thrown });
  });
});

describe("a function that never settles", () => {
  const forever = () => new Promise<never>(() => {});

  it("aborting the signal still ends the call; its runs are abandoned with their signal aborted", async () => {
    const controller = new AbortController();
    const signals: AbortSignal[] = [];
    const p = cove(
      (s: CoveSession) => {
        signals.push(s.signal);
        if (signals.length === 4) queueMicrotask(() => controller.abort());
        return forever();
      },
      { ...base, concurrency: 4, signal: controller.signal },
    )();
    const error = (await p.catch((e: unknown) => e)) as CoveError;
    expect(error).toMatchObject({ code: "ABORTED" });
    expect(error.output).toEqual({ Results: [], Exceptions: [], FailedAssumeRole: [] });
    expect(signals).toHaveLength(4);
    expect(signals.every((s) => s.aborted)).toBe(true);
  });

  it("the stream form ends too when the signal aborts", async () => {
    const controller = new AbortController();
    let started = 0;
    const wrapped = cove(
      () => {
        if (++started === 2) queueMicrotask(() => controller.abort());
        return forever();
      },
      { ...base, concurrency: 2, signal: controller.signal },
    );
    const error = await (async () => {
      for await (const _ of wrapped.stream()) {
        /* nothing comes */
      }
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ABORTED" });
  });

  it("the abandoned runs do not keep the process alive", async () => {
    const dir = tempDir("cove-abandon-");
    const script = join(dir, "abandon.mjs");
    const index = pathToFileURL(join(process.cwd(), "src/index.ts")).href;
    writeFileSync(
      script,
      `import { cove } from ${JSON.stringify(index)};
      const controller = new AbortController();
      let started = 0;
      const run = cove(() => {
        if (++started === 2) queueMicrotask(() => controller.abort());
        return new Promise(() => {});
      }, { region: "eu-west-1", progress: false, concurrency: 2, signal: controller.signal });
      run().catch((e) => process.stdout.write(JSON.stringify({ code: e.code, started })));
      `,
    );
    const child = spawn(process.execPath, ["--import", "tsx", script], {
      cwd: process.cwd(),
      env: process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    const [code, signal] = (await once(child, "exit")) as [number | null, string | null];
    clearTimeout(killer);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(JSON.parse(out)).toEqual({ code: "ABORTED", started: 2 });
  });
});

describe("skip", () => {
  const REGIONS = ["eu-west-1", "us-east-1"];

  it("leaves skipped pairs out: no run, no record, not in the total; fully skipped accounts cost no AssumeRole", async () => {
    const accounts = members();
    const done = new Set(accounts.slice(0, 10)); // both regions journaled
    const half = new Set(accounts.slice(10, 15)); // eu-west-1 journaled
    const asked: string[] = [];
    const totals: (number | undefined)[] = [];
    const ran: string[] = [];
    aws.proxy.clear();
    const out = await cove(
      (s: CoveSession) => {
        ran.push(`${s.accountId} ${s.region}`);
        return s.region;
      },
      {
        ...base,
        regions: REGIONS,
        progress: (e: ProgressEvent) => totals.push(e.total),
        skip: ({ Id, Region }) => {
          asked.push(`${Id} ${Region}`);
          return done.has(Id) || (half.has(Id) && Region === "eu-west-1");
        },
      },
    )();
    const expected = accounts
      .flatMap((id) => REGIONS.map((g) => `${id} ${g}`))
      .filter((p) => {
        const [id, region] = p.split(" ") as [string, string];
        return !done.has(id) && !(half.has(id) && region === "eu-west-1");
      });
    expect(ran.sort()).toEqual(expected);
    expect(out.Results.map((r) => `${r.Id} ${r.Region}`).sort()).toEqual(expected);
    expect(out.Exceptions).toEqual([]);
    expect(out.FailedAssumeRole).toEqual([]);
    expect(asked).toHaveLength(accounts.length * REGIONS.length); // each pair asked once
    expect(aws.proxy.count("sts:AssumeRole")).toBe(accounts.length - done.size);
    expect(totals.filter((t) => t !== undefined).at(-1)).toBe(expected.length);
    expect(new Set(totals.filter((t) => t !== undefined))).toEqual(new Set([expected.length]));
  });

  it("with a regions function, the function is asked first: fully skipped accounts cost no AssumeRole", async () => {
    const accounts = members();
    const done = new Set(accounts.slice(0, 20));
    aws.proxy.clear();
    const out = await cove((s: CoveSession) => s.region, {
      ...base,
      regions: () => REGIONS,
      skip: ({ Id }) => done.has(Id),
    })();
    expect(out.Results).toHaveLength((accounts.length - done.size) * REGIONS.length);
    expect(out.Results.every((r) => !done.has(r.Id))).toBe(true);
    expect(aws.proxy.count("sts:AssumeRole")).toBe(accounts.length - done.size);
  });

  it("a skip that throws stops the call with CALLBACK_FAILED (the thrown value as cause)", async () => {
    const thrown = new Error("journal unreadable");
    const [third] = members().slice(2) as [string];
    let ran = 0;
    const error = (await cove(
      () => {
        ran++;
        return 1;
      },
      {
        ...base,
        concurrency: 2,
        skip: ({ Id }) => {
          if (Id === third) throw thrown;
          return false;
        },
      },
    )().catch((e: unknown) => e)) as CoveError;
    expect(error).toBeInstanceOf(CoveError);
    expect(error).toMatchObject({ code: "CALLBACK_FAILED", option: "skip", cause: thrown });
    expect(ran).toBeLessThan(members().length);
  });
});
