import { readFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Format } from "../../../../src/cli/common-flags.js";
import type { EncodedRecord } from "../../../../src/cli/output/encode.js";
import { WriteFailures } from "../../../../src/cli/output/failures.js";
import { RecordSink, type SinkEvent } from "../../../../src/cli/output/sink.js";
import { Secrets } from "../../../../src/cli/redact.js";
import { RedactingWriter } from "../../../../src/cli/output/redacting.js";
import { tempDir } from "../../../support/temp-dir.js";

/** A 12-digit account id of `n`. */
const acct = (n: string) => n.padStart(12, "0");

const event = (id: string): SinkEvent => ({
  list: "Results",
  record: { Id: id, Region: "eu-west-1", AssumeRoleSuccess: true, Result: `ok ${id}` },
});

/** A stdout whose reader goes away after `accepted` writes (EPIPE from then on). */
function closingStdout(accepted: number): Writable & { text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (chunks.length >= accepted)
        return done(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
      chunks.push(chunk.toString());
      done();
    },
  });
  stream.on("error", () => undefined); // main.ts listens to the real stdout's errors
  return Object.assign(stream, { text: () => chunks.join("") });
}

/** A tap that keeps the ids it was given and whether it was finished. */
function keepingTap() {
  const ids: string[] = [];
  let finished = false;
  return {
    ids,
    finished: () => finished,
    add: (record: EncodedRecord) => void ids.push(String(record.record.Id)),
    finish: async () => void (finished = true),
  };
}

afterEach(() => vi.restoreAllMocks());

describe("RecordSink when output cannot be written", () => {
  it.each<Format>(["ndjson", "csv", "json", "table"])(
    "%s: a closed stdout stops stdout only; the taps get every record and finish",
    async (format) => {
      vi.spyOn(process.stderr, "write").mockImplementation(() => true);
      const stdout = closingStdout(0);
      const failures = new WriteFailures(new RedactingWriter(new Secrets(), process.stderr));
      const tap = keepingTap();
      const sink = new RecordSink({
        format,
        writer: new RedactingWriter(new Secrets(), process.stderr),
        stdout,
        failures,
        taps: [tap],
      });
      for (const id of ["1", "2", "3"]) await sink.add(event(id));
      await sink.finish();
      expect(failures.stdoutClosed).toBe(true);
      expect(failures.exitCode).toBe(141);
      expect(tap.ids).toEqual(["1", "2", "3"]);
      expect(tap.finished()).toBe(true);
      expect(sink.count).toBe(3);
    },
  );

  it("a record file that fails is reported with its path; the other files and stdout are written", async () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((t) => (lines.push(String(t)), true));
    const outDir = tempDir("cove-sink-failures-");
    // A folder (with something in it) where the record's file goes: it cannot be replaced.
    // (A link there is no way to fail a write any more: the file replaces the link.)
    mkdirSync(join(outDir, acct("1"), "eu-west-1.json", "x"), { recursive: true });
    const chunks: string[] = [];
    const stdout = new Writable({
      write: (chunk: Buffer, _e, done) => (chunks.push(chunk.toString()), done()),
    });
    const failures = new WriteFailures(new RedactingWriter(new Secrets(), process.stderr));
    const sink = new RecordSink({
      format: "ndjson",
      writer: new RedactingWriter(new Secrets(), process.stderr),
      stdout,
      outDir,
      failures,
    });
    for (const id of ["1", "2"]) await sink.add(event(acct(id)));
    await sink.finish();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      `cove: error: could not write ${join(outDir, acct("1"), "eu-west-1.json")}: `,
    );
    expect(lines[0]).toMatch(
      /\((EISDIR|ENOTEMPTY|EEXIST)\); starting no new runs, stopping the runs in flight\.\n$/,
    );
    expect(failures.exitCode).toBe(1);
    expect(chunks.join("").trimEnd().split("\n")).toHaveLength(2);
    const second = join(outDir, acct("2"), "eu-west-1.json");
    expect(JSON.parse(readFileSync(second, "utf8"))).toMatchObject({
      Result: `ok ${acct("2")}`,
    });
  });

  it("without WriteFailures, a failed stdout write rejects as before", async () => {
    const sink = new RecordSink({
      format: "ndjson",
      writer: new RedactingWriter(new Secrets(), process.stderr),
      stdout: closingStdout(0),
    });
    await expect(sink.add(event("1"))).rejects.toThrow(/EPIPE/);
  });
});
