import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SINK = fileURLToPath(new URL("../../../../src/cli/output/sink.ts", import.meta.url));
const REDACT = fileURLToPath(new URL("../../../../src/cli/redact.ts", import.meta.url));
const WRITER = fileURLToPath(new URL("../../../../src/cli/output/redacting.ts", import.meta.url));

/**
 * Streams `runs` records of 1 MB each through a sink in a process whose heap is far smaller
 * than all of them together: it only finishes if the sink keeps no record.
 */
function streamInSmallHeap(format: string, runs: number) {
  const script = `
    import { createWriteStream } from "node:fs";
    import { RecordSink } from ${JSON.stringify(SINK)};
    import { Secrets } from ${JSON.stringify(REDACT)};
    import { RedactingWriter } from ${JSON.stringify(WRITER)};
    const stdout = createWriteStream("/dev/null");
    const sink = new RecordSink({ format: ${JSON.stringify(format)}, writer: new RedactingWriter(new Secrets(), process.stderr), stdout });
    for (let i = 0; i < ${runs}; i++) {
      const Result = String(i).padEnd(1024 * 1024, "x");
      await sink.add({ list: "Results", record: { Id: String(i).padStart(12, "0"), Region: "eu-west-1", Result } });
    }
    await sink.finish();
    console.log("count", sink.count);`;
  return spawnSync(
    process.execPath,
    ["--max-old-space-size=64", "--import", "tsx", "--input-type=module", "-e", script],
    { encoding: "utf8" },
  );
}

describe("RecordSink memory", () => {
  it.each(["ndjson", "csv"])(
    "%s keeps no record: 300 runs of 1 MB stream through a 64 MB heap",
    (format) => {
      const r = streamInSmallHeap(format, 300);
      expect(r.stderr).not.toMatch(/heap out of memory/);
      expect(r.stdout).toBe("count 300\n");
      expect(r.status).toBe(0);
    },
  );
});
