import { describe, expect, it } from "vitest";
import { RecordCounter, runCliMemoryCase, type CliMemoryCase } from "../../bench/cli-memory.js";

/** Feeds `text` to a counter in pieces of `size` bytes. */
function countInPieces(format: "ndjson" | "csv" | "json", text: string, size: number) {
  const counter = new RecordCounter(format);
  const bytes = Buffer.from(text, "latin1");
  for (let i = 0; i < bytes.length; i += size) counter.push(bytes.subarray(i, i + size));
  counter.end();
  return counter;
}

describe("CLI memory benchmark: counting what the CLI prints", () => {
  const record = (list: string, n: number) => ({ Id: String(n), Region: "us-east-1", List: list });
  const json = JSON.stringify(
    {
      Results: [record("x", 1), record("x", 2), record("x", 3)],
      Exceptions: [record("x", 4)],
      FailedAssumeRole: [],
    },
    null,
    2,
  );
  const ndjson = ['{"List":"Results","Id":"1"}', '{"List":"FailedAssumeRole","Id":"2"}', ""].join(
    "\n",
  );
  const csv = "List,Id\nResults,1\nExceptions,2\nExceptions,3\n";

  it.each([1, 2, 5, 7, 1000])(
    "finds records by their lines' starts in pieces of %i bytes",
    (size) => {
      expect(countInPieces("json", json, size).counts).toEqual({
        Results: 3,
        Exceptions: 1,
        FailedAssumeRole: 0,
      });
      expect(countInPieces("ndjson", ndjson, size).counts).toEqual({
        Results: 1,
        Exceptions: 0,
        FailedAssumeRole: 1,
      });
      const c = countInPieces("csv", csv, size);
      expect(c.counts).toEqual({ Results: 1, Exceptions: 2, FailedAssumeRole: 0 });
      expect([c.bytes, c.lines]).toEqual([csv.length, 4]);
    },
  );
});

describe("CLI memory benchmark (smoke)", () => {
  it("runs cove run against the simulator in every format: 100 runs, each printed once", async () => {
    const smoke: CliMemoryCase = {
      name: "smoke",
      description: "test",
      accounts: 50,
      regions: 2,
      payloadBytes: 16 * 1024,
      concurrency: 20,
      formats: ["ndjson", "csv", "json"],
      maxStreamingPeakMb: 400,
    };
    // The CLI from its sources (this project needs no build); the harness runs dist's.
    const report = await runCliMemoryCase(smoke, {
      command: ["--import", "tsx", "src/cli/main.ts"],
    });
    expect(report.runs.map((r) => r.format)).toEqual(["ndjson", "csv", "json"]);
    for (const run of report.runs) {
      expect({ format: run.format, exit: run.exitCode, stderr: run.stderrTail }).toEqual({
        format: run.format,
        exit: 0,
        stderr: "",
      });
      expect(run.counts).toEqual({ Results: 100, Exceptions: 0, FailedAssumeRole: 0 });
      expect(run.bytesPrinted).toBeGreaterThan(100 * smoke.payloadBytes);
      if (process.platform === "linux") expect(run.peakRssMb).toBeGreaterThan(0);
    }
    const printedOnce = report.checks.filter((c) => c.name.includes("printed once"));
    expect(printedOnce.map((c) => c.status)).toEqual(["PASS", "PASS", "PASS"]);
  }, 180_000);
});
