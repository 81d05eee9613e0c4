import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../../../../src/cli/errors.js";
import { CoveError } from "../../../../src/errors/cove-error.js";
import { JournalFile } from "../../../../src/cli/journal/file.js";
import {
  pairKey,
  readJournal,
  replayJournal,
  type JournalContents,
} from "../../../../src/cli/journal/read.js";
import { ndjsonLine } from "../../../../src/cli/output/encode.js";

const tmp = mkdtempSync(join(tmpdir(), "cove-journal-read-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

const HEADER = JSON.stringify({ command: "exec", args: ["./fix.sh"], role: "R" });
const rec = (list: string, id: string, region: string, extra: object = {}) =>
  JSON.stringify({ List: list, Id: id, Region: region, ...extra });

/** Writes `text` to a new file and reads it as a journal. */
async function read(text: string | Buffer): Promise<JournalContents & { path: string }> {
  const path = join(tmp, `j${++n}.ndjson`);
  writeFileSync(path, text);
  const fd = openSync(path, "r");
  try {
    return { ...(await readJournal(path, fd, Buffer.byteLength(text))), path };
  } finally {
    closeSync(fd);
  }
}

async function refusal(text: string): Promise<string> {
  const error = await read(text).catch((e: unknown) => e);
  // A damaged line is an INVALID_RECORD; a file that is no journal at all, a UsageError.
  if (!(error instanceof CoveError)) expect(error).toBeInstanceOf(UsageError);
  else expect(error.code).toBe("INVALID_RECORD");
  return (error as Error).message;
}

describe("readJournal", () => {
  it("takes the header and the latest record line per account × region", async () => {
    const j = await read(
      [
        HEADER,
        rec("Exceptions", "111111111111", "eu-west-1"),
        rec("Results", "222222222222", "eu-west-1"),
        '{"resumedAt":"2026-01-01T00:00:00Z"}',
        rec("Results", "111111111111", "eu-west-1"),
        "",
        rec("FailedAssumeRole", "111111111111", "us-east-1"),
      ].join("\n") + "\n",
    );
    expect(j.header).toEqual(JSON.parse(HEADER));
    expect(j.records).toBe(4);
    expect(j.torn).toBe(false);
    expect([...j.latest]).toEqual([
      [pairKey("111111111111", "eu-west-1"), { line: 5, list: "Results" }],
      [pairKey("222222222222", "eu-west-1"), { line: 3, list: "Results" }],
      [pairKey("111111111111", "us-east-1"), { line: 7, list: "FailedAssumeRole" }],
    ]);
  });

  it("ignores a torn last line (cut JSON, no newline), even one cut inside a multi-byte character", async () => {
    const cut = Buffer.from(rec("Results", "333333333333", "eu-west-1", { Result: "é名" }));
    const text = Buffer.concat([
      Buffer.from(`${HEADER}\n${rec("Results", "111111111111", "eu-west-1")}\n`),
      cut.subarray(0, cut.indexOf(Buffer.from("名")) + 1),
    ]);
    const j = await read(text);
    expect(j.torn).toBe(true);
    expect([...j.latest.keys()]).toEqual([pairKey("111111111111", "eu-west-1")]);
  });

  it("reads multi-byte text split across its 64 KB reads, and a line longer than a read", async () => {
    const head = Buffer.byteLength(`${HEADER}\n`);
    const prefix = Buffer.byteLength(rec("Results", "111111111111", "eu-west-1", { Result: "" }));
    // "名" (3 bytes) starts 1 byte before the first 64 KB boundary; the line spans 3 reads.
    const pad = "a".repeat(64 * 1024 - 1 - head - prefix + 2);
    const result = `${pad}名é${"b".repeat(70_000)}`;
    const line = rec("Results", "111111111111", "eu-west-1", { Result: result });
    const j = await read(`${HEADER}\n${line}\n`);
    const taken: string[] = [];
    const fd = openSync(j.path, "r");
    try {
      await replayJournal(
        j.path,
        fd,
        j,
        () => true,
        async (r) => void taken.push(r.json),
      );
    } finally {
      closeSync(fd);
    }
    expect(taken).toHaveLength(1);
    expect((JSON.parse(taken[0]!) as { Result: string }).Result).toBe(result);
  });

  it("refuses a damaged line that is not the last one, naming it", async () => {
    const torn = rec("Results", "2", "r").slice(0, 12);
    const message = await refusal(`${HEADER}\n${torn}\n${rec("Results", "1", "r")}\n`);
    expect(message).toMatch(/:2: not JSON .*: not a journal cove can resume from/);
    expect(await refusal(`${HEADER}\n[1,2]\n`)).toMatch(/:2: not a JSON object/);
    expect(await refusal(`${HEADER}\n{"List":"Results","Region":"r"}\n`)).toMatch(/:2: no Id/);
    expect(await refusal(`${HEADER}\n{"List":"Nope","Id":"1","Region":"r"}\n`)).toMatch(
      /:2: List is not Results/,
    );
  });

  it("refuses a file without a job header first: empty, ndjson output, a header after records", async () => {
    expect(await refusal("")).toMatch(/does not begin with a job header/);
    expect(await refusal(`${rec("Results", "111111111111", "eu-west-1")}\n`)).toMatch(
      /does not begin with a job header/,
    );
    expect(await refusal(`\n${HEADER}\n`)).toMatch(/does not begin with a job header/);
  });

  it("refuses a record whose Id, Region or List is not one (never used as a path), naming file and line", async () => {
    const hostile: [object, RegExp][] = [
      [{ Id: "../../x", Region: "eu-west-1" }, /Id is not an account id/],
      [{ Id: "11111111111", Region: "eu-west-1" }, /Id is not an account id/],
      [{ Id: "111111111111\n", Region: "eu-west-1" }, /Id is not an account id/],
      [{ Id: "111111111111", Region: "../../../tmp/x" }, /Region is not a region name/],
      [{ Id: "111111111111", Region: "eu-west-1/../../x" }, /Region is not a region name/],
      [{ Id: "111111111111", Region: "EU-WEST-1" }, /Region is not a region name/],
      [{ Id: "111111111111", Region: "eu-west-1", List: "__proto__" }, /List is not Results/],
      [{ Id: "111111111111", Region: "eu-west-1", List: "toString" }, /List is not Results/],
    ];
    for (const [fields, reason] of hostile) {
      const line = JSON.stringify({ List: "Results", ...fields });
      const good = rec("Results", "111111111111", "eu-west-1");
      const error = await read(`${HEADER}\n${good}\n${line}\n`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CoveError);
      expect((error as CoveError).code).toBe("INVALID_RECORD");
      expect((error as Error).message).toMatch(new RegExp(`j${n}\\.ndjson:3: `));
      expect((error as Error).message).toMatch(reason);
    }
  });
});

describe("replayJournal", () => {
  it("hands on the latest record of the pairs asked for, encoded as it was written, in journal order", async () => {
    const lines = [
      HEADER,
      rec("Exceptions", "111111111111", "eu-west-1", {
        ExceptionDetails: { name: "E", message: "m", requestId: "r-1" },
      }),
      rec("Results", "222222222222", "eu-west-1", { Result: { deep: [1, { x: null }] } }),
      rec("Results", "111111111111", "eu-west-1", { Result: 1 }),
      rec("FailedAssumeRole", "333333333333", "eu-west-1", {
        ExceptionDetails: { name: "AccessDenied", message: "no" },
      }),
    ];
    const j = await read(`${lines.join("\n")}\n`);
    const fd = openSync(j.path, "r");
    const taken: string[] = [];
    try {
      await replayJournal(
        j.path,
        fd,
        j,
        (e) => e.list !== "FailedAssumeRole",
        async (r) => {
          taken.push(ndjsonLine(r));
        },
      );
    } finally {
      closeSync(fd);
    }
    // Line for line what the journal holds (an error's requestId and all), nothing re-encoded.
    expect(taken).toEqual([lines[2], lines[3]]);
  });
});

describe("JournalFile.endLastLine", () => {
  it("cuts a torn last line, completes a whole one, leaves a finished file alone", () => {
    const cases: [string, string][] = [
      [`${HEADER}\n{"List":"Res`, `${HEADER}\n`],
      [`${HEADER}\n${rec("Results", "1", "r")}`, `${HEADER}\n${rec("Results", "1", "r")}\n`],
      [`${HEADER}\n`, `${HEADER}\n`],
    ];
    for (const [before, after] of cases) {
      const path = join(tmp, `e${++n}.ndjson`);
      writeFileSync(path, before);
      const file = JournalFile.open(path);
      file.endLastLine();
      file.append("next\n");
      file.close();
      expect(readFileSync(path, "utf8")).toBe(`${after}next\n`);
    }
  });
});
