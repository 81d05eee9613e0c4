/**
 * The engine templates of docs/engines, run without the engines: each template's own shard
 * script runs as the engine would run it (its environment: AWS Batch's array index and size,
 * Kubernetes' completion index, the GitHub Actions matrix values), one process per shard,
 * against moto; one shard is killed part-way (SIGKILL of its process group) and run again as
 * the engine retries it; then the template's merge script runs. The merged records must be
 * an unsharded run's (pairs, lists, Results). The templates are parsed and the fields the
 * scripts rely on checked. What stands in for the engine: the loop below, and for S3 (Batch)
 * a local `aws s3 cp` that copies files under a folder.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- the parsed templates are walked by
   their documented paths; a wrong path fails the test. */
import { spawn } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load, loadAll } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shardOf } from "../../src/index.js";
import { useTestAws } from "../support/env.js";
import { CLI, CLI_ORG, ROOT, cliEnv, requireBuild, waitFor } from "./helpers.js";
import { runCli } from "./in-process.js";

const aws = useTestAws(CLI_ORG);
const ENGINES = join(ROOT, "docs/engines");
let tmp: string;
let bin: string;
let audit: string;
/** The account whose runs throw (an Exception in every output). */
let failing: string;

/** The audit module: its Result is the pair; slow with SLOW set (to be killed part-way). */
const AUDIT = `let runs = 0;
export default async function audit(session) {
  // SLOW: every run after the first waits (the shard is killed meanwhile).
  if (process.env.SLOW && runs++ > 0) await new Promise((r) => setTimeout(r, 120000));
  if (session.accountId === process.env.FAIL_ID) throw new Error("audit failed here");
  return { pair: session.accountId + " " + session.region };
}
`;

/**
 * \`aws s3 cp SRC DST [--recursive --exclude '*' --include GLOB]\` on folders under $FAKE_S3
 * (a shell script: it runs several times per job).
 */
const FAKE_AWS = `#!/bin/sh
if [ "$1" != s3 ] || [ "$2" != cp ]; then echo "fake aws: only s3 cp" >&2; exit 2; fi
path() { case "$1" in s3://*) printf %s "$FAKE_S3/\${1#s3://}";; *) printf %s "$1";; esac; }
src=$(path "$3"); dst=$(path "$4"); shift 4
recursive=; include=
while [ $# -gt 0 ]; do
  case "$1" in --recursive) recursive=1;; --include) include="$2"; shift;; esac; shift
done
if [ -n "$recursive" ]; then
  mkdir -p "$dst"
  for f in "$src"/$include; do if [ -f "$f" ]; then cp "$f" "$dst/"; fi; done
else mkdir -p "$(dirname "$dst")"; cp "$src" "$dst"; fi
`;

const REGIONS = "eu-west-1,us-east-1";
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

beforeAll(() => {
  requireBuild();
  tmp = mkdtempSync(join(tmpdir(), "cove-engines-"));
  bin = join(tmp, "bin");
  mkdirSync(bin);
  // The installed `cove` of the engine's image. `cove run` runs in one thread (--workers 1):
  // worker threads are not what these tests check (test/integration/workers*.test.ts are),
  // and starting them in every shard's process was most of this file's CPU.
  writeFileSync(
    join(bin, "cove"),
    `#!/bin/sh\nif [ "$1" = run ]; then shift; set -- run --workers 1 "$@"; fi\n` +
      `exec "${process.execPath}" "${CLI}" "$@"\n`,
  );
  writeFileSync(join(bin, "aws"), FAKE_AWS);
  chmodSync(join(bin, "cove"), 0o755);
  chmodSync(join(bin, "aws"), 0o755);
  audit = join(tmp, "audit.mjs");
  writeFileSync(audit, AUDIT);
  failing = [...aws.org.accounts.keys()].sort()[2]!;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The environment of a template's script: moto, our `cove` and `aws` first on PATH. */
function scriptEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  return cliEnv(aws.proxy.url, {
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    FAIL_ID: failing,
    ...vars,
  });
}

interface Script {
  done: Promise<number | null>;
  kill(): void;
}

/** Runs a template's script as its engine would: `shell` with the script, in `cwd`. */
function runScript(shell: string[], script: string, env: NodeJS.ProcessEnv, cwd = tmp): Script {
  const child = spawn(shell[0]!, [...shell.slice(1), script], {
    env,
    cwd,
    detached: true, // its own process group: killed as a whole, as a pod or container is
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<number | null>((resolve) =>
    child.once("close", (code) => {
      if (code !== 0 && code !== null) process.stderr.write(`[script exit ${code}] ${stderr}`);
      resolve(code);
    }),
  );
  return { done, kill: () => process.kill(-child.pid!, "SIGKILL") };
}

/** Record lines of a file. */
function recordsOf(path: string): Record<string, unknown>[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.includes('"Id"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** What must agree between a merged and an unsharded run: pair, list, Result. */
const outcomes = (records: Record<string, unknown>[]) =>
  records
    .map((r) => `${String(r.Id)} ${String(r.Region)} ${String(r.List)} ${JSON.stringify(r.Result)}`)
    .sort();

let unsharded: string[] | undefined;
/** The records of the same job run unsharded on one machine. */
async function unshardedOutcomes(): Promise<string[]> {
  if (unsharded) return unsharded;
  const r = await runCli(["run", audit, "--regions", REGIONS, "--yes", "-o", "ndjson"], {
    env: scriptEnv({}),
  });
  expect(r.code).toBe(1); // the failing account's runs
  unsharded = outcomes(
    r.stdout
      .split("\n")
      .filter((l) => l.includes('"Id"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  );
  expect(unsharded).toHaveLength(aws.org.accounts.size * 2);
  return unsharded;
}

/** The shard of `count` with the most accounts (the one killed part-way: it has pairs left). */
function biggestShard(count: number): number {
  const sizes = Array.from({ length: count }, () => 0);
  for (const id of aws.org.accounts.keys()) sizes[shardOf(id, count)]!++;
  return sizes.indexOf(Math.max(...sizes));
}

/**
 * Runs shard `index` and kills it once its journal holds a record (the runs are slow), as
 * a node failure would; returns once it is gone.
 */
async function killPartWay(
  start: (env: Record<string, string>) => Script,
  journal: () => string | undefined,
) {
  const shard = start({ SLOW: "1" });
  await waitFor(
    () => {
      const path = journal();
      return path !== undefined && existsSync(path) && recordsOf(path).length > 0;
    },
    30_000,
    "a first record of the shard to be killed",
  );
  shard.kill();
  await shard.done;
}

describe("Kubernetes Indexed Job (docs/engines/kubernetes/indexed-job.yaml)", () => {
  const docs = loadAll(readFileSync(join(ENGINES, "kubernetes/indexed-job.yaml"), "utf8")) as any[];
  const job = docs.find((d) => d.kind === "Job" && d.spec.completionMode === "Indexed");
  const merge = docs.find((d) => d.kind === "Job" && d.metadata.name === "cove-merge");
  const container = job.spec.template.spec.containers[0];
  const env = Object.fromEntries(container.env.map((e: any) => [e.name, String(e.value)]));
  const count = Number(env.SHARD_COUNT);

  it("is an Indexed Job of SHARD_COUNT completions, retried per index, with a role for its pods", () => {
    expect(job.spec.completions).toBe(count);
    expect(job.spec.parallelism).toBeGreaterThan(0);
    expect(job.spec.backoffLimitPerIndex).toBeGreaterThan(0);
    expect(job.spec.template.spec.restartPolicy).toBe("Never");
    expect(job.spec.podReplacementPolicy).toBe("Failed"); // the script removes a stale lock
    const account = docs.find((d) => d.kind === "ServiceAccount");
    expect(job.spec.template.spec.serviceAccountName).toBe(account.metadata.name);
    expect(account.metadata.annotations["eks.amazonaws.com/role-arn"]).toMatch(/^arn:aws:iam::/);
    expect(container.command.slice(0, 2)).toEqual(["sh", "-c"]);
    expect(container.command[2]).toContain('--shard "auto/$SHARD_COUNT"');
    const mount = container.volumeMounts.find((m: any) => m.name === "shards");
    expect(mount.mountPath).toBe(env.SHARD_DIR);
  });

  it("runs each index as a pod would, a killed pod replaced, and merges to the unsharded records", async () => {
    const shardDir = join(tmp, "k8s-shards");
    mkdirSync(shardDir);
    const vars = (i: number) => ({
      ...env,
      SHARD_DIR: shardDir,
      AUDIT_MODULE: audit,
      REGIONS,
      JOB_COMPLETION_INDEX: String(i),
    });
    const pod = (i: number, extra: Record<string, string> = {}) =>
      runScript(["sh", "-c"], container.command[2], scriptEnv({ ...vars(i), ...extra }));
    // Shard 1's first pod dies part-way; the others run to the end meanwhile.
    const k = biggestShard(count);
    const killed = killPartWay(
      (extra) => pod(k, extra),
      () => join(shardDir, `shard-${k}.ndjson`),
    );
    const others = range(count)
      .filter((i) => i !== k)
      .map((i) => pod(i).done);
    expect(await Promise.all(others)).toEqual(others.map(() => 0));
    await killed;
    // Merging now: shard 1 is incomplete, nothing written, the missing pairs named.
    const early = await runCli(
      [
        "merge",
        ...readdirSync(shardDir)
          .filter((f) => f.endsWith(".ndjson"))
          .sort()
          .map((f) => join(shardDir, f)),
        "--out",
        join(tmp, "early.ndjson"),
      ],
      { env: scriptEnv({}) },
    );
    expect(early.code, early.stderr).toBe(1);
    expect(early.stderr).toMatch(/no record: \d{12} (eu-west-1|us-east-1)/);
    expect(existsSync(join(tmp, "early.ndjson"))).toBe(false);
    // The killed pod ran on another node: its lock names a host this pod cannot check.
    writeFileSync(
      join(shardDir, `shard-${k}.ndjson.lock`),
      `${JSON.stringify({ pid: 7, host: "cove-audit-lost-node", since: new Date().toISOString() })}\n`,
    );
    // The replacement pod (same index) goes on with the shard's journal.
    expect(await pod(k).done).toBe(0);
    const mergeScript = merge.spec.template.spec.containers[0].command[2] as string;
    expect(
      await runScript(["sh", "-c"], mergeScript, scriptEnv({ SHARD_DIR: shardDir })).done,
    ).toBe(1);
    expect(outcomes(recordsOf(join(shardDir, "all.ndjson")))).toEqual(await unshardedOutcomes());
    expect(readFileSync(join(shardDir, "report.html"), "utf8")).toContain("complete: ");
  });
});

describe("AWS Batch array job (docs/engines/aws-batch)", () => {
  const def = JSON.parse(readFileSync(join(ENGINES, "aws-batch/job-definition.json"), "utf8"));
  const mergeDef = JSON.parse(
    readFileSync(join(ENGINES, "aws-batch/merge-job-definition.json"), "utf8"),
  );
  const submit = readFileSync(join(ENGINES, "aws-batch/submit.sh"), "utf8");
  const environment = (d: any) =>
    Object.fromEntries(d.containerProperties.environment.map((e: any) => [e.name, e.value]));
  const COUNT = 3;

  it("has a job role, retries, the shard script and an array submit with the merge depending on it", () => {
    expect(def.containerProperties.jobRoleArn).toMatch(/^arn:aws:iam::/);
    expect(def.retryStrategy.attempts).toBeGreaterThan(1);
    expect(def.containerProperties.command.slice(0, 2)).toEqual(["sh", "-c"]);
    expect(def.containerProperties.command[2]).toContain("--shard auto");
    expect(submit).toMatch(/--array-properties size="\$SHARDS"/);
    expect(submit).toContain(`--job-definition ${def.jobDefinitionName}`);
    expect(submit).toContain(
      `--job-definition ${mergeDef.jobDefinitionName} --depends-on jobId="$array"`,
    );
  });

  it("runs each child as Batch would, a killed attempt retried, and merges from S3", async () => {
    const s3 = join(tmp, "s3");
    const prefix = "s3://bucket/run-1";
    let attempt = 0;
    const child = (i: number, extra: Record<string, string> = {}) => {
      const work = join(tmp, `batch-${i}-${++attempt}`); // each attempt is a new container
      mkdirSync(work);
      const vars = {
        ...environment(def),
        WORK_DIR: work,
        AUDIT_MODULE: audit,
        REGIONS,
        FAKE_S3: s3,
        SHARD_PREFIX: prefix,
        AWS_BATCH_JOB_ARRAY_INDEX: String(i),
        AWS_BATCH_JOB_ARRAY_SIZE: String(COUNT),
      };
      return {
        work,
        script: runScript(
          ["sh", "-c"],
          def.containerProperties.command[2],
          scriptEnv({ ...vars, ...extra }),
        ),
      };
    };
    let first: string | undefined;
    const k = biggestShard(COUNT);
    const killed = killPartWay(
      (extra) => {
        const c = child(k, extra);
        first = join(c.work, "shard.ndjson");
        return c.script;
      },
      () => first,
    );
    const others = range(COUNT)
      .filter((i) => i !== k)
      .map((i) => child(i).script.done);
    expect(await Promise.all(others)).toEqual(others.map(() => 0));
    await killed;
    expect(existsSync(join(s3, `bucket/run-1/shard-${k}.ndjson`))).toBe(false); // killed: no upload
    expect(await child(k).script.done).toBe(0);
    const work = join(tmp, "batch-merge");
    mkdirSync(work);
    const code = await runScript(
      ["sh", "-c"],
      mergeDef.containerProperties.command[2],
      scriptEnv({ ...environment(mergeDef), WORK_DIR: work, FAKE_S3: s3, SHARD_PREFIX: prefix }),
    ).done;
    expect(code).toBe(1); // the failing account's Exceptions
    expect(outcomes(recordsOf(join(s3, "bucket/run-1/all.ndjson")))).toEqual(
      await unshardedOutcomes(),
    );
  });
});

describe("GitHub Actions matrix (docs/engines/github-actions/cove-shards.yml)", () => {
  const workflow = load(
    readFileSync(join(ENGINES, "github-actions/cove-shards.yml"), "utf8"),
  ) as any;
  const shardJob = workflow.jobs.shard;
  const matrix: number[] = shardJob.strategy.matrix.shard;
  const step = shardJob.steps.find((s: any) => s.name === "Run shard");
  const mergeStep = workflow.jobs.merge.steps.find((s: any) => s.name === "Merge");
  /** A step's env with the matrix expressions GitHub would put in. */
  const stepEnv = (i: number) =>
    Object.fromEntries(
      Object.entries(step.env as Record<string, string>).map(([k, v]) => [
        k,
        String(v)
          .replace("${{ matrix.shard }}", String(i))
          .replace("${{ strategy.job-total }}", String(matrix.length)),
      ]),
    );
  const BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c"]; // GitHub's `run` shell

  it("has a matrix of shards, an artifact per shard, and a merge job after them all", () => {
    expect(matrix).toEqual(matrix.map((_, i) => i));
    expect(shardJob.strategy["fail-fast"]).toBe(false);
    expect(step.env.SHARD).toBe("${{ matrix.shard }}");
    expect(step.env.SHARDS).toBe("${{ strategy.job-total }}");
    const upload = shardJob.steps.find((s: any) =>
      String(s.uses).startsWith("actions/upload-artifact"),
    );
    expect(upload.with.path).toBe("shard-${{ matrix.shard }}.ndjson");
    expect(upload.with.overwrite).toBe(true);
    expect(workflow.jobs.merge.needs).toBe("shard");
    const download = workflow.jobs.merge.steps.find((s: any) =>
      String(s.uses).startsWith("actions/download-artifact"),
    );
    expect(download.with).toMatchObject({
      pattern: "shard-*",
      path: "shards",
      "merge-multiple": true,
    });
  });

  it("runs each matrix job, re-runs a killed one, and the merge job merges to the unsharded records", async () => {
    const artifacts = join(tmp, "gha-artifacts");
    mkdirSync(artifacts);
    let attempt = 0;
    const job = (i: number, extra: Record<string, string> = {}) => {
      const workspace = join(tmp, `gha-${i}-${++attempt}`); // a re-run starts from a fresh runner
      mkdirSync(workspace);
      const env = scriptEnv({ ...stepEnv(i), AUDIT_MODULE: audit, REGIONS, ...extra });
      const script = runScript(BASH, step.run, env, workspace);
      const done = script.done.then((code) => {
        // upload-artifact (overwrite: true), as the next step does when this one succeeded
        if (code === 0)
          cpSync(join(workspace, `shard-${i}.ndjson`), join(artifacts, `shard-${i}.ndjson`));
        return code;
      });
      return { workspace, script: { ...script, done } };
    };
    let killedWorkspace: string | undefined;
    const k = biggestShard(matrix.length);
    const killed = killPartWay(
      (extra) => {
        const j = job(k, extra);
        killedWorkspace = j.workspace;
        return j.script;
      },
      () => killedWorkspace && join(killedWorkspace, `shard-${k}.ndjson`),
    );
    const others = matrix.filter((i) => i !== k).map((i) => job(i).script.done);
    expect(await Promise.all(others)).toEqual(others.map(() => 0));
    await killed;
    expect(await job(k).script.done).toBe(0); // "Re-run failed jobs"
    const workspace = join(tmp, "gha-merge");
    cpSync(artifacts, join(workspace, "shards"), { recursive: true }); // download-artifact
    const code = await runScript(BASH, mergeStep.run, scriptEnv({}), workspace).done;
    expect(code).toBe(1);
    expect(outcomes(recordsOf(join(workspace, "all.ndjson")))).toEqual(await unshardedOutcomes());
  });
});

describe("Step Functions Distributed Map (docs/engines/step-functions)", () => {
  const machine = JSON.parse(
    readFileSync(join(ENGINES, "step-functions/state-machine.json"), "utf8"),
  );
  const map = machine.States[machine.StartAt];

  it("reads the targets' pairs, batches them to the Lambda handler and writes JSON lines to S3", () => {
    expect(map.Type).toBe("Map");
    expect(map.ItemProcessor.ProcessorConfig.Mode).toBe("DISTRIBUTED");
    expect(map.ItemReader.ReaderConfig).toEqual({ InputType: "JSON", ItemsPointer: "/targets" });
    expect(map.ItemBatcher.MaxItemsPerBatch).toBeGreaterThan(0);
    const task = map.ItemProcessor.States[map.ItemProcessor.StartAt];
    expect(task.Resource).toBe("arn:aws:states:::lambda:invoke");
    expect(task.Parameters["Payload.$"]).toBe("$");
    expect(task.OutputPath).toBe("$.Payload");
    expect(map.ResultWriter.WriterConfig).toEqual({
      Transformation: "FLATTEN",
      OutputType: "JSONL",
    });
  });

  it("runs the handler on Distributed Map batches; a failed batch run again; cove merge --targets checks and merges", async () => {
    const { handler } = await import("../../docs/engines/step-functions/handler.js");
    const targetsFile = join(tmp, "sfn-targets.json");
    const listed = await runCli(["targets", "--regions", REGIONS, "-o", "json"], {
      env: scriptEnv({}),
    });
    expect(listed.code, listed.stderr).toBe(0);
    writeFileSync(targetsFile, listed.stdout);
    const items = (JSON.parse(listed.stdout) as { targets: { Id: string; Region: string }[] })
      .targets;
    // ItemBatcher: batches of MaxItemsPerBatch (smaller here, so that there are several).
    const size = Math.min(map.ItemBatcher.MaxItemsPerBatch, 4);
    const batches = range(Math.ceil(items.length / size)).map((b) =>
      items.slice(b * size, (b + 1) * size),
    );
    const results = join(tmp, "sfn-results.jsonl");
    const lines: string[] = [];
    for (const [b, Items] of batches.entries()) {
      if (b === 1) continue; // this batch's Lambda failed (FAILED_0.json): no records
      const records = await handler({ Items, BatchInput: map.ItemBatcher.BatchInput });
      for (const r of records) lines.push(JSON.stringify(r)); // FLATTEN + JSONL
    }
    writeFileSync(results, `${lines.join("\n")}\n`);
    const early = await runCli(["merge", "--targets", targetsFile, results], {
      env: scriptEnv({}),
    });
    expect(early.code, early.stderr).toBe(1);
    expect(early.stderr).toContain(`${batches[1]![0]!.Id} ${batches[1]![0]!.Region}`);
    // Run the failed batch again (a redrive of the Map Run): its records are appended.
    for (const r of await handler({ Items: batches[1]!, BatchInput: map.ItemBatcher.BatchInput }))
      lines.push(JSON.stringify(r));
    writeFileSync(results, `${lines.join("\n")}\n`);
    const out = join(tmp, "sfn-all.ndjson");
    const merged = await runCli(["merge", "--targets", targetsFile, results, "--out", out], {
      env: scriptEnv({}),
    });
    expect(merged.code, merged.stderr).toBe(0);
    const records = recordsOf(out);
    expect(records.map((r) => `${String(r.Id)} ${String(r.Region)}`).sort()).toEqual(
      items.map((i) => `${i.Id} ${i.Region}`).sort(),
    );
    for (const r of records) {
      expect(r.List).toBe("Results");
      expect(r.Result).toEqual({ account: r.Id, region: r.Region });
    }
  });
});
