import { BroadcastChannel } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import {
  cove,
  coveModule,
  CoveError,
  type CoveEvent,
  type CoveOptions,
  type CoveRecordBase,
  type ProgressEvent,
} from "../../src/index.js";
import * as task from "./workers/task.js";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";

const aws = useTestAws();
const TASK = new URL("./workers/task.ts", import.meta.url);
const base = { credentials: HUB_CREDENTIALS, region: "eu-west-1", progress: false } as const;
const REGIONS = ["eu-west-1", "us-east-1"];
const members = () => [...aws.org.accounts.keys()].sort();
const byRun = (a: CoveRecordBase, b: CoveRecordBase) =>
  `${a.Id}/${a.Region}`.localeCompare(`${b.Id}/${b.Region}`);

async function rejection(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(Error);
  return e as Error;
}

/** What a call saw through its callbacks, for comparing the two forms. */
function watched(options: CoveOptions) {
  const seen = { records: 0, progress: undefined as ProgressEvent | undefined, skipped: 0 };
  const skipped = members()[3] as string;
  const all: CoveOptions = {
    ...options,
    regions: REGIONS,
    concurrency: 7,
    roleSessionName: "workers-test",
    taskTimeout: 60_000,
    shard: { index: 0, count: 2 },
    skip: (run) => {
      const skip = run.Id === skipped && run.Region === "us-east-1";
      if (skip) seen.skipped++;
      return skip;
    },
    onRecord: () => {
      seen.records++;
    },
    progress: (event) => {
      seen.progress = event;
    },
  };
  return { all, seen };
}

describe("coveModule: the same runs as in-process", () => {
  it("gives the same records, field by field, with every option of a call", async () => {
    const inProcess = watched(base);
    const local = await cove(task.whoAmI, inProcess.all)("tag");
    const before = aws.proxy.count("sts:AssumeRole");
    const threaded = watched(base);
    const remote = await coveModule<typeof task.whoAmI>(TASK, "whoAmI", {
      ...threaded.all,
      workers: 2,
    })("tag");
    expect(remote.Exceptions).toEqual([]);
    expect(remote.FailedAssumeRole).toEqual([]);
    expect(remote.Results.length).toBeGreaterThan(10);
    expect([...remote.Results].sort(byRun)).toEqual([...local.Results].sort(byRun));
    for (const r of remote.Results) expect(r.Result.arn).toContain(`::${r.Id}:assumed-role/`);
    // One AssumeRole per account of this shard, not one per region.
    const accounts = new Set(remote.Results.map((r) => r.Id)).size;
    expect(aws.proxy.count("sts:AssumeRole") - before).toBe(accounts);
    expect(threaded.seen).toEqual(inProcess.seen);
    expect(threaded.seen.records).toBe(remote.Results.length);
  });

  it("streams the same events as in-process", async () => {
    const options = { ...base, regions: REGIONS };
    const collect = async (events: AsyncIterable<CoveEvent<unknown>>) => {
      const list: CoveEvent<unknown>[] = [];
      for await (const e of events) list.push(e);
      return list.sort((a, b) => byRun(a.record, b.record));
    };
    const local = await collect(cove(task.whoAmI, options).stream("s"));
    const remote = await collect(
      coveModule<typeof task.whoAmI>(TASK, "whoAmI", { ...options, workers: 2 }).stream("s"),
    );
    expect(remote).toHaveLength(58);
    expect(remote).toEqual(local);
  });

  it("keeps a thrown Error's name, message, stack, code and $metadata", async () => {
    const target = members()[0] as string;
    // One thread: what is checked is how an error crosses threads, not how runs are shared.
    const run = coveModule<typeof task.failIn>(TASK, "failIn", { ...base, workers: 1 });
    const out = await run(target);
    expect(out.Results).toHaveLength(28);
    expect(out.Exceptions).toHaveLength(1);
    const details = out.Exceptions[0]?.ExceptionDetails as Error & Record<string, unknown>;
    expect(details).toBeInstanceOf(Error);
    expect(details.name).toBe("AccessDeniedException");
    expect(details.message).toBe(`no access in ${target}`);
    expect(details.code).toBe("AccessDenied");
    expect(details.$metadata).toEqual({ httpStatusCode: 403, requestId: "req-1" });
    expect(details.stack).toContain("task.ts");
  });

  it("raiseException rejects with the thrown error, rebuilt", async () => {
    const target = members()[5] as string;
    const run = coveModule<typeof task.failIn>(TASK, "failIn", {
      ...base,
      workers: 1,
      raiseException: true,
    });
    const error = await rejection(run(target));
    expect(error).toMatchObject({ name: "AccessDeniedException", code: "AccessDenied" });
  });
});

describe("coveModule: what cannot cross threads", () => {
  for (const kind of ["function", "class"] as const) {
    it(`a result holding a ${kind} is that run's Exception, RESULT_NOT_SERIALIZABLE`, async () => {
      const target = members()[2] as string;
      // One thread: what is checked is what a result cannot carry across, not the sharing.
      const run = coveModule<typeof task.unclonable>(TASK, "unclonable", { ...base, workers: 1 });
      const out = await run(target, kind);
      expect(out.Results).toHaveLength(28);
      expect(out.Results[0]?.Result.when).toEqual(new Date(0));
      expect(out.Exceptions.map((e) => e.Id)).toEqual([target]);
      const error = out.Exceptions[0]?.ExceptionDetails as CoveError;
      expect(error).toBeInstanceOf(CoveError);
      expect(error.code).toBe("RESULT_NOT_SERIALIZABLE");
      expect(error.ids).toEqual([target]);
      expect(error.message).toContain(`account ${target}, region eu-west-1`);
      expect(error.message).toContain(kind === "function" ? "a function" : "class Holder");
    });
  }

  it("arguments that cannot cross threads are refused before any AWS call", async () => {
    const run = coveModule(TASK, "whoAmI", { ...base, workers: 1 });
    await expect(run(() => 1)).rejects.toThrow(TypeError);
    expect(aws.proxy.requests).toHaveLength(0);
  });
});

describe("coveModule: a worker that dies", () => {
  const cases = [
    { how: "exit", cause: /exited with code 7/, limits: undefined },
    { how: "throw", cause: /uncaught in a timer/, limits: undefined },
    { how: "oom", cause: /out of memory/i, limits: { maxOldGenerationSizeMb: 64 } },
  ];
  for (const { how, cause, limits } of cases) {
    it(`(${how}) fails only the runs it held, WORKER_FAILED, and the call goes on`, async () => {
      const target = members()[10] as string;
      // One worker, one run at a time: the call goes on only if the dead worker is replaced.
      const run = coveModule<typeof task.crashIn>(TASK, "crashIn", {
        ...base,
        workers: 1,
        concurrency: 1,
        ...(limits ? { resourceLimits: limits } : {}),
      });
      const out = await run(target, how);
      expect(out.Results.map((r) => r.Id).sort()).toEqual(members().filter((m) => m !== target));
      expect(out.Exceptions.map((e) => e.Id)).toEqual([target]);
      const error = out.Exceptions[0]?.ExceptionDetails as CoveError;
      expect(error).toMatchObject({ name: "CoveError", code: "WORKER_FAILED", ids: [target] });
      expect(String((error.cause as Error).message)).toMatch(cause);
    }, 120_000);
  }

  it("with runs in flight on it: each of them fails, every other run succeeds", async () => {
    const target = members()[4] as string;
    const run = coveModule<typeof task.crashIn>(TASK, "crashIn", {
      ...base,
      workers: 2,
      concurrency: 6,
      regions: REGIONS,
    });
    const out = await run(target, "exit");
    expect(out.Results.length + out.Exceptions.length).toBe(58);
    expect(out.Exceptions.map((e) => e.Id)).toContain(target);
    for (const e of out.Exceptions) {
      expect(e.ExceptionDetails).toMatchObject({ code: "WORKER_FAILED" });
    }
    expect(out.Exceptions.length).toBeLessThanOrEqual(6);
  }, 120_000);
});

describe("coveModule: stops before any AWS call", () => {
  it("when the module throws on import: MODULE_IMPORT_FAILED with the import error", async () => {
    const module = new URL("./workers/throws-on-import.ts", import.meta.url);
    const error = await rejection(coveModule(module, "never", { ...base, workers: 2 })());
    expect(error).toMatchObject({ name: "CoveError", code: "MODULE_IMPORT_FAILED" });
    expect((error.cause as Error).message).toBe("this module refuses to load");
    expect(aws.proxy.requests).toHaveLength(0);
  });

  it("when the export is missing: MODULE_IMPORT_FAILED naming the exported functions", async () => {
    const error = await rejection(coveModule(TASK, "nope", { ...base, workers: 1 })());
    expect(error).toMatchObject({ code: "MODULE_IMPORT_FAILED" });
    expect(error.message).toContain('no exported function "nope"');
    expect(error.message).toContain("whoAmI");
    expect(aws.proxy.requests).toHaveLength(0);
  });

  for (const [workers, kind] of [
    [0, CoveError],
    [1.5, CoveError],
    [257, CoveError],
    ["2", TypeError],
  ] as const) {
    it(`when workers is ${JSON.stringify(workers)}`, async () => {
      const run = coveModule(TASK, "whoAmI", { ...base, workers: workers as number });
      const error = await rejection(run());
      expect(error).toBeInstanceOf(kind);
      expect(error.message).toContain('Option "workers"');
      expect(aws.proxy.requests).toHaveLength(0);
    });
  }
});

/** Resolves once `n` runs have said they started. */
function started(n: number): { seen: Promise<string[]>; close(): void } {
  const channel = new BroadcastChannel("cove-workers-test");
  const names: string[] = [];
  const seen = new Promise<string[]>((resolve) => {
    channel.onmessage = (event) => {
      names.push(String((event as { data: unknown }).data));
      if (names.length === n) resolve(names);
    };
  });
  return { seen, close: () => channel.close() };
}

describe("coveModule: stopping", () => {
  it("an aborted signal stops the call while runs hang in the workers", async () => {
    const watch = started(4);
    const controller = new AbortController();
    const run = coveModule<typeof task.hang>(TASK, "hang", {
      ...base,
      workers: 2,
      concurrency: 4,
      signal: controller.signal,
    });
    const call = run();
    await watch.seen;
    controller.abort();
    const error = await rejection(call);
    watch.close();
    expect(error).toMatchObject({ name: "CoveError", code: "ABORTED" });
  });

  it("raiseException stops every worker's runs at the first failure", async () => {
    const target = members()[0] as string;
    const run = coveModule<typeof task.hang>(TASK, "hang", {
      ...base,
      workers: 2,
      // Every run starts (and hangs) but the one that throws.
      concurrency: 29,
      raiseException: true,
    });
    const error = await rejection(run(target));
    expect(error.message).toBe(`failed in ${target}`);
  });
});
