import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { selfCheck } from "../../bench/selfcheck.js";
import { startSimulator } from "../../bench/simulator-process.js";
import { cove, type CoveSession } from "../../src/index.js";

/** The benchmark's simulator must speak the real protocols; a small botocove run proves it end to end. */
describe("benchmark simulator (smoke)", () => {
  it("answers STS and Organizations through the SDK: paging, errors, throttling, faults", async () => {
    const passed: string[] = [];
    await selfCheck((line) => passed.push(line));
    expect(passed).toHaveLength(3);
  }, 120_000);

  it("runs botocove across a 60-account simulated org: one AssumeRole per account, every run once", async () => {
    const sim = await startSimulator({
      accounts: 60,
      ous: 10,
      depth: 2,
      suspended: 0,
      latency: [1, 2],
    });
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = sim.url;
    try {
      const seen = new Set<string>();
      let records = 0;
      const run = cove(
        async (s: CoveSession) =>
          (await s.client(STSClient).send(new GetCallerIdentityCommand({}))).Account,
        {
          regions: ["us-east-1", "eu-west-1"],
          concurrency: 50,
          progress: false,
          region: "us-east-1",
          credentials: { accessKeyId: "AKIABENCH", secretAccessKey: "x" },
        },
      );
      for await (const e of run.stream()) {
        expect(e.list).toBe("Results");
        if (e.list === "Results") expect(e.record.Result).toBe(e.record.Id);
        seen.add(`${e.record.Id}/${e.record.Region}`);
        records++;
      }
      expect(records).toBe(120);
      expect(seen.size).toBe(120);
      const stats = (await (await fetch(`${sim.url}/_stats`)).json()) as {
        calls: Record<string, number>;
      };
      expect(stats.calls.AssumeRole).toBe(60);
    } finally {
      process.env.AWS_ENDPOINT_URL = saved;
      await sim.stop();
    }
  }, 120_000);
});
