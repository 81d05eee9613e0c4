import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { pathToFileURL } from "node:url";
import { requireBuild, ROOT, startNode } from "./helpers.js";
import { runCli, startInProcess } from "./in-process.js";

beforeAll(requireBuild);

/** The environment of a newcomer's shell: nothing AWS-related. */
function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("AWS_")) env[k] = v;
  return { ...env, ...extra };
}

interface Rec {
  Id: string;
  Name?: string;
  Region: string;
  OrganizationId?: string;
  Result?: { arn: string; organizationId: string };
  ExceptionDetails?: { name: string; message: string; requestId?: string };
}

interface DemoOutput {
  Results: Rec[];
  Exceptions: Rec[];
  FailedAssumeRole: Rec[];
}

/** The demo's three lists: every ACTIVE member × 2 regions, its deliberate failures included. */
function expectDemoLists(out: DemoOutput): void {
  expect([out.Results.length, out.Exceptions.length, out.FailedAssumeRole.length]).toEqual([
    48, 8, 2,
  ]);
  const all = [...out.Results, ...out.Exceptions, ...out.FailedAssumeRole];
  // 29 ACTIVE members (the closed one and the management account are left out) × 2 regions.
  const ids = new Set(all.map((x) => x.Id));
  expect(ids.size).toBe(29);
  for (const id of ids)
    expect(
      all
        .filter((x) => x.Id === id)
        .map((x) => x.Region)
        .sort(),
    ).toEqual(["eu-west-1", "us-east-1"]);
  for (const rec of out.Results) {
    expect(rec.Result!.arn).toBe(
      `arn:aws:sts::${rec.Id}:assumed-role/OrganizationAccountAccessRole/cove-demo`,
    );
    expect(rec.Result!.organizationId).toBe(rec.OrganizationId);
  }
  expect(new Set(out.Exceptions.map((x) => x.Id)).size).toBe(4);
  for (const rec of out.Exceptions)
    expect(rec.ExceptionDetails!.message).toMatch(/^Deliberate failure/);
  expect(new Set(out.FailedAssumeRole.map((x) => x.Id)).size).toBe(1);
  for (const rec of out.FailedAssumeRole) {
    expect(rec.ExceptionDetails).toMatchObject({
      name: "AccessDenied",
      requestId: "cove-demo-denied",
    });
  }
}

/** A PATH without moto_server (node itself is spawned by its full path). */
const NO_MOTO = {
  PATH: "/nonexistent",
  COVE_MOTO_VENV: "/nonexistent",
  COVE_PYTHON: "/nonexistent",
};

/** The OU paths of the example organization, as the report groups accounts. */
const DEMO_OU_PATHS = [
  "/",
  "/Sandbox",
  "/Security",
  "/Workloads/Prod",
  "/Workloads/Prod/Payments",
  "/Workloads/Staging",
];

/** Runs `cove demo -q --report` and reads the page's data (quietly: nothing on stderr). */
async function demoReport(env: NodeJS.ProcessEnv): Promise<{ cells: string; groups: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), "cove-demo-report-"));
  try {
    const page = join(dir, "demo.html");
    const r = await runCli(["demo", "-q", "-o", "json", "--report", page], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const html = readFileSync(page, "utf8");
    const json = /<script type="application\/json" id="cove-data">([^<]*)<\/script>/.exec(html);
    return JSON.parse(json?.[1] ?? "") as { cells: string; groups: string[] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("cove demo", () => {
  it("starts moto, builds the example organization and fills all three lists", async () => {
    const r = await runCli(["demo", "-o", "json"], { env: plainEnv() });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/\n\s+at |Warning/);
    expect(r.stderr).toContain("cove demo: moto_server is running at http://127.0.0.1:");
    expect(r.stderr).toContain("58 runs: Results 48, Exceptions 8, FailedAssumeRole 2");
    const out = JSON.parse(r.stdout) as DemoOutput;
    expectDemoLists(out);
    // moto's organization, not the simulator's.
    expect(out.Results[0]!.OrganizationId).not.toBe("o-exampleorg1");
  });

  it("runs on cove's own simulator when moto_server is not installed, saying so in one line", async () => {
    const r = await runCli(["demo", "-o", "json"], { env: plainEnv(NO_MOTO) });
    expect(r.code).toBe(0);
    const notice = r.stderr.split("\n").filter((l) => l.includes("simulator"));
    expect(notice).toEqual([
      expect.stringMatching(
        /^cove demo: moto_server is not on PATH, so the demo runs on cove's own AWS simulator at http:\/\/127\.0\.0\.1:\d+ /,
      ),
    ]);
    expect(r.stderr).not.toMatch(/pip|python|venv|\n\s+at /i);
    expect(r.stderr).toContain("58 runs: Results 48, Exceptions 8, FailedAssumeRole 2");
    const out = JSON.parse(r.stdout) as DemoOutput;
    expectDemoLists(out);
    // The records come from the simulator: its organization, and the demo's account names.
    const all = [...out.Results, ...out.Exceptions, ...out.FailedAssumeRole];
    for (const rec of all) expect(rec.OrganizationId).toBe("o-exampleorg1");
    expect(out.Exceptions.map((x) => x.Name)).toContain("security-27");
  });

  it("writes an HTML report with --report, accounts grouped by OU path", async () => {
    const data = await demoReport(plainEnv());
    expect([...data.cells].filter((c) => c === "R").length).toBe(48);
    expect([...data.cells].filter((c) => c === "E").length).toBe(8);
    expect([...data.cells].filter((c) => c === "F").length).toBe(2);
    expect(data.groups).toEqual(DEMO_OU_PATHS);
  });

  it("the report of the simulator's demo groups accounts by the same OU paths", async () => {
    const data = await demoReport(plainEnv(NO_MOTO));
    expect(data.groups).toEqual(DEMO_OU_PATHS);
  });
});

describe("cove demo, stopped", () => {
  it("stops at Ctrl-C as a run does: no new runs, what finished written, exit 130", async () => {
    const cli = startInProcess(["demo", "-o", "ndjson"], { env: plainEnv(NO_MOTO) });
    await cli.shows('{"List":', "stdout");
    cli.signal("SIGINT");
    const r = await cli.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain(
      "cove: interrupted; starting no new runs, stopping the runs in flight",
    );
    const records = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { List: string });
    expect(records.length).toBeGreaterThan(0);
    expect(records.length).toBeLessThan(58);
    expect(r.stderr).not.toContain("58 runs:");
  });
});

describe("npm run demo", () => {
  it("builds and runs the built CLI's demo directly: no moto provisioning, no Python", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    // The command the tests above run without moto_server, after the build.
    expect(pkg.scripts.demo).toBe("npm run build --silent && node dist/cli/main.js demo");
  });
});

describe("the built simulator", () => {
  it("is in dist, exports startSimulator and starts nothing when imported", async () => {
    const module = pathToFileURL(join(ROOT, "dist/demo/simulator.js")).href;
    // Started on import, it would print {"port":N} and keep the process alive.
    const r = await startNode(
      [
        "--input-type=module",
        "-e",
        `const m = await import(${JSON.stringify(module)}); process.stdout.write(typeof m.startSimulator);`,
      ],
      { env: plainEnv() },
    ).done;
    expect(r).toMatchObject({ code: 0, stdout: "function", stderr: "" });
  });
});
