import { describe, expect, it, vi } from "vitest";
import { cove, CoveError, listTargets } from "../../src/index.js";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";

// As if the optional peer dependency were not installed: importing it fails.
vi.mock("@aws-sdk/client-ec2", () => {
  throw Object.assign(new Error("Cannot find package '@aws-sdk/client-ec2'"), {
    code: "ERR_MODULE_NOT_FOUND",
  });
});

const aws = useTestAws();
const base = { credentials: HUB_CREDENTIALS, region: "eu-west-1", progress: false } as const;

describe('regions: ["enabled"] without @aws-sdk/client-ec2', () => {
  it("rejects with MISSING_DEPENDENCY before any AWS call: no role is assumed", async () => {
    aws.proxy.clear();
    let ran = 0;
    const error = await cove(() => ran++, { ...base, regions: ["enabled"] })().catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CoveError);
    expect(error).toMatchObject({ code: "MISSING_DEPENDENCY", option: "regions" });
    expect((error as Error).message).toContain("npm install @aws-sdk/client-ec2");
    expect(ran).toBe(0);
    expect(aws.proxy.count("sts:AssumeRole")).toBe(0);
    expect(aws.proxy.requests).toHaveLength(0);
  });

  it("the dry run refuses it the same way", async () => {
    aws.proxy.clear();
    await expect(listTargets({ ...base, regions: ["enabled", "eu-*"] })).rejects.toMatchObject({
      code: "MISSING_DEPENDENCY",
    });
    expect(aws.proxy.requests).toHaveLength(0);
  });

  it("runs without it when no option needs it", async () => {
    const out = await cove((s) => s.region, { ...base, regions: ["eu-west-1"] })();
    expect(out.Results.length).toBeGreaterThan(0);
    expect(out.Exceptions).toEqual([]);
  });
});
