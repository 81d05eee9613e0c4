import { afterEach, describe, expect, it, vi } from "vitest";
import { ioReason, WriteFailures } from "../../../../src/cli/output/failures.js";
import { Secrets } from "../../../../src/cli/redact.js";
import { RedactingWriter } from "../../../../src/cli/output/redacting.js";

const SECRET = "secret-access-key-0123456789abcdef";

/** A Node file-system error as `fs` makes them. */
function fsError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

/** What is said on stderr while `work` runs. */
function said(work: () => void): string[] {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((text) => {
    lines.push(String(text).trimEnd());
    return true;
  });
  try {
    work();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

afterEach(() => vi.restoreAllMocks());

describe("ioReason", () => {
  it("says why in words, with the code", () => {
    expect(ioReason(fsError("ENOSPC", "ENOSPC: no space left on device, write"))).toBe(
      "no space left on device (ENOSPC)",
    );
    expect(ioReason(fsError("EEXIST", "EEXIST: file already exists, mkdir 'out/1'"))).toBe(
      "file already exists (EEXIST)",
    );
    expect(ioReason(new Error("something else"))).toBe("something else");
  });
});

describe("WriteFailures", () => {
  it("exits 0-neutral while every write succeeds", () => {
    const failures = new WriteFailures(new RedactingWriter(new Secrets(), process.stderr));
    expect(failures.exitCode).toBeUndefined();
    expect(failures.signal.aborted).toBe(false);
    expect(failures.stdoutWritable).toBe(true);
  });

  it("a file: one line naming it (secrets scrubbed), the run stopped, exit 1; later files silent", () => {
    const secrets = new Secrets();
    secrets.add(SECRET);
    const failures = new WriteFailures(new RedactingWriter(secrets, process.stderr));
    const lines = said(() => {
      failures.file(`out/${SECRET}/1.json`, fsError("ENOSPC", "ENOSPC: no space left on device"));
      failures.file("out/2.json", fsError("ENOSPC", "ENOSPC: no space left on device"));
    });
    expect(lines).toEqual([
      "cove: error: could not write out/[REDACTED]/1.json: no space left on device (ENOSPC); starting no new runs, stopping the runs in flight.",
    ]);
    expect(failures.signal.aborted).toBe(true);
    expect(failures.files).toBe(2);
    expect(failures.exitCode).toBe(1);
    // stdout is another destination: still written.
    expect(failures.stdoutWritable).toBe(true);
  });

  it("a closed stdout: exit 141 and nothing more to stdout", () => {
    const failures = new WriteFailures(new RedactingWriter(new Secrets(), process.stderr));
    const lines = said(() => {
      failures.stdout(fsError("EPIPE", "write EPIPE"));
      failures.stdout(fsError("EPIPE", "write EPIPE"));
    });
    expect(lines).toEqual([
      "cove: stdout was closed; starting no new runs, stopping the runs in flight.",
    ]);
    expect(failures.stdoutWritable).toBe(false);
    expect(failures.stdoutClosed).toBe(true);
    expect(failures.exitCode).toBe(141);
  });

  it("stdout failing otherwise is an error (exit 1); once the runs are over, nothing is said to stop", () => {
    const failures = new WriteFailures(new RedactingWriter(new Secrets(), process.stderr));
    failures.runsOver();
    const lines = said(() =>
      failures.stdout(fsError("ENOSPC", "ENOSPC: no space left on device, write")),
    );
    expect(lines).toEqual([
      "cove: error: could not write to stdout: no space left on device (ENOSPC).",
    ]);
    expect(failures.stdoutClosed).toBe(false);
    expect(failures.exitCode).toBe(1);
  });
});
