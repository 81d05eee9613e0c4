import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MOTO_MISSING } from "../../src/demo/moto.js";
import { cove, requireBuild } from "./helpers.js";

beforeAll(requireBuild);

/** The environment of a newcomer's shell: nothing AWS-related. */
function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("AWS_")) env[k] = v;
  return { ...env, ...extra };
}

interface Rec {
  Id: string;
  Region: string;
  OrganizationId?: string;
  Result?: { arn: string; organizationId: string };
  ExceptionDetails?: { name: string; message: string; requestId?: string };
}

describe("cove demo", () => {
  it("starts moto, builds the example organization and fills all three lists", async () => {
    const r = await cove(["demo", "-o", "json"], { env: plainEnv() });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/\n\s+at |Warning/);
    expect(r.stderr).toContain("58 runs: Results 48, Exceptions 8, FailedAssumeRole 2");
    const out = JSON.parse(r.stdout) as {
      Results: Rec[];
      Exceptions: Rec[];
      FailedAssumeRole: Rec[];
    };
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
  });

  it("writes an HTML report with --report, accounts grouped by OU path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cove-demo-report-"));
    try {
      const page = join(dir, "demo.html");
      const r = await cove(["demo", "-q", "-o", "json", "--report", page], { env: plainEnv() });
      expect(r.code).toBe(0);
      const html = readFileSync(page, "utf8");
      const json = /<script type="application\/json" id="cove-data">([^<]*)<\/script>/.exec(html);
      const data = JSON.parse(json?.[1] ?? "") as { cells: string; groups: string[] };
      expect([...data.cells].filter((c) => c === "R").length).toBe(48);
      expect([...data.cells].filter((c) => c === "E").length).toBe(8);
      expect([...data.cells].filter((c) => c === "F").length).toBe(2);
      expect(data.groups).toEqual([
        "/",
        "/Sandbox",
        "/Security",
        "/Workloads/Prod",
        "/Workloads/Prod/Payments",
        "/Workloads/Staging",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prints the one MOTO_MISSING line and exits 2 when moto_server is not installed", async () => {
    const r = await cove(["demo"], { env: plainEnv({ PATH: "/nonexistent" }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${MOTO_MISSING}\n`);
    expect(r.stdout).toBe("");
  });
});
