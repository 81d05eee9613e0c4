import { describe, expect, it } from "vitest";
import {
  ndjsonLine,
  parseLine,
  readRecords,
  type LineIssue,
  type LineSpan,
} from "../../../src/cli/ndjson.js";
import { CoveError } from "../../../src/errors/cove-error.js";

describe("ndjsonLine", () => {
  it("puts the list first, and reads back as the same record", () => {
    const json = JSON.stringify({ Id: "111111111111", Region: "eu-west-1", Result: [1] });
    const line = ndjsonLine("Results", json);
    expect(line).toBe('{"List":"Results","Id":"111111111111","Region":"eu-west-1","Result":[1]}');
    expect(parseLine(line)).toEqual({ kind: "record", list: "Results", record: JSON.parse(json) });
    expect(ndjsonLine("Exceptions", "{}")).toBe('{"List":"Exceptions"}');
  });
});

/** Chunks of bytes, cut every `size` bytes (inside characters too). */
async function* byteChunks(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size)
    yield await Promise.resolve(bytes.subarray(i, i + size));
}

/** What readRecords hands on for an input of bytes: each record with its span. */
async function spansOf(bytes: Buffer, size: number, maxLineLength?: number) {
  const seen: { line: number; id: string; result: unknown; span?: LineSpan }[] = [];
  const issues: LineIssue[] = [];
  await readRecords(
    {
      source: "in.ndjson",
      stream: byteChunks(bytes, size),
      ...(maxLineLength ? { maxLineLength } : {}),
    },
    {
      record: (_list, r, line, span) =>
        void seen.push({ line, id: String(r.Id), result: r.Result, ...(span ? { span } : {}) }),
      header: () => undefined,
    },
    (i) => issues.push(i),
  );
  return { seen, issues };
}

describe("readRecords: an input of bytes", () => {
  const rec = (id: string, result: unknown) =>
    JSON.stringify({ List: "Results", Id: id, Region: "eu-west-1", Result: result });
  const a = rec("111111111111", "héllo wörld ✓ 😀");
  const b = rec("222222222222", { x: [1, 2] });
  const text = `{"command":"exec"}\r\n${a}\n\n${b}\r\n${rec("333333333333", "cut").slice(0, 30)}`;
  const bytes = Buffer.from(text, "utf8");

  it("gives each record its line's span, wherever the chunks cut (inside a character too)", async () => {
    for (const size of [1, 2, 3, 5, 17, 64, bytes.length]) {
      const { seen, issues } = await spansOf(bytes, size);
      expect(seen.map((s) => [s.line, s.id, s.result])).toEqual([
        [2, "111111111111", "héllo wörld ✓ 😀"],
        [4, "222222222222", { x: [1, 2] }],
      ]);
      // The span holds the line's bytes (a \r of \r\n stays outside the text, not the span).
      const lineAt = (s?: LineSpan) => bytes.toString("utf8", s?.start, s?.end);
      expect(lineAt(seen[0]?.span)).toBe(a);
      expect(lineAt(seen[1]?.span)).toBe(`${b}\r`);
      expect(issues).toMatchObject([{ line: 5, torn: true }]);
    }
  });

  it("counts the limit in bytes and names the line that is too long", async () => {
    const error = await spansOf(bytes, 7, Buffer.byteLength(a) - 1).catch((e: unknown) => e);
    expect((error as CoveError).code).toBe("INVALID_RECORD");
    expect((error as Error).message).toMatch(/^in\.ndjson:2: the line is longer than/);
  });

  it("gives no span for text chunks", async () => {
    const seen: unknown[] = [];
    await readRecords(
      { source: "x", stream: [`${a}\n`][Symbol.iterator]() as unknown as AsyncIterable<string> },
      { record: (_l, _r, _n, span) => void seen.push(span), header: () => undefined },
      () => undefined,
    );
    expect(seen).toEqual([undefined]);
  });
});
