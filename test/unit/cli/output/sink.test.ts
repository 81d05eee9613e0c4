import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Format } from "../../../../src/cli/common-flags.js";
import { RecordSink, type SinkEvent } from "../../../../src/cli/output/sink.js";
import { Secrets } from "../../../../src/cli/redact.js";
import { fakeStdout } from "./fake-stream.js";

const SECRET = "secret-access-key-0123456789abcdef";

const base = (id: string, region: string) => ({
  Id: id,
  Name: `name-${id.slice(-2)}`,
  Email: `${id}@example.com`,
  Region: region,
  Partition: "aws",
  RoleName: "OrganizationAccountAccessRole",
  RoleSessionName: "OrganizationAccountAccessRole",
});

const EVENTS: SinkEvent[] = [
  {
    list: "Results",
    record: { ...base("111111111111", "eu-west-1"), AssumeRoleSuccess: true, Result: { n: 1 } },
  },
  {
    list: "Exceptions",
    record: {
      ...base("222222222222", "eu-west-1"),
      AssumeRoleSuccess: true,
      ExceptionDetails: Object.assign(new Error(`leaked ${SECRET}`), { code: "E_X", other: 1 }),
    },
  },
  {
    list: "Results",
    record: { ...base("333333333333", "us-east-1"), AssumeRoleSuccess: true, Result: "text" },
  },
];

async function write(format: Format, events = EVENTS, outDir?: string) {
  const stdout = fakeStdout();
  const secrets = new Secrets();
  secrets.add(SECRET);
  const sink = new RecordSink({ format, secrets, stdout, width: 100, outDir });
  for (const event of events) await sink.add(event);
  await sink.finish();
  return { text: stdout.text(), sink };
}

describe("RecordSink", () => {
  it("json: the three lists in finishing order, errors serialized, secrets redacted", async () => {
    const { text, sink } = await write("json");
    const out = JSON.parse(text) as Record<string, Record<string, unknown>[]>;
    expect(out.Results!.map((r) => r.Id)).toEqual(["111111111111", "333333333333"]);
    expect(out.Exceptions![0]!.ExceptionDetails).toEqual({
      name: "Error",
      message: "leaked [REDACTED]",
      code: "E_X",
    });
    expect(out.FailedAssumeRole).toEqual([]);
    expect(text).not.toContain(SECRET);
    expect([sink.count, sink.failures]).toEqual([3, 1]);
  });

  it("ndjson: one record per line, List first", async () => {
    const { text } = await write("ndjson");
    const lines = text.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.startsWith('{"List":'))).toBe(true);
    expect(lines.map((l) => (JSON.parse(l) as { List: string }).List)).toEqual([
      "Results",
      "Exceptions",
      "Results",
    ]);
  });

  it("csv: a header and one row per record, Result text as is, else JSON", async () => {
    const { text } = await write("csv");
    expect(text.split("\n")).toEqual([
      "List,Id,Name,Email,OuPath,Region,Result,Error",
      'Results,111111111111,name-11,111111111111@example.com,,eu-west-1,"{""n"":1}",',
      "Exceptions,222222222222,name-22,222222222222@example.com,,eu-west-1,,Error: leaked [REDACTED]",
      "Results,333333333333,name-33,333333333333@example.com,,us-east-1,text,",
      "",
    ]);
  });

  it("csv: the header alone when nothing ran", async () => {
    expect((await write("csv", [])).text).toBe("List,Id,Name,Email,OuPath,Region,Result,Error\n");
  });

  it("table: each list sorted by account name, with counts and a summary line", async () => {
    const { text } = await write("table");
    expect(text).toContain("Results (2)");
    expect(text).toContain("Exceptions (1)");
    expect(text).toContain("FailedAssumeRole (0)\n  none");
    expect(text).toMatch(/111111111111\s+name-11\s+eu-west-1\s+\{"n":1\}/);
    expect(text).toMatch(/222222222222\s+name-22\s+eu-west-1\s+Error: leaked \[REDACTED\]/);
    expect(text.trimEnd().split("\n").pop()).toBe(
      "3 runs: Results 2, Exceptions 1, FailedAssumeRole 0",
    );
  });

  it("--out-dir: DIR/<account>/<region>.json per record, with List, redacted", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cove-sink-"));
    await write("ndjson", EVENTS, dir);
    const rec = JSON.parse(readFileSync(join(dir, "222222222222", "eu-west-1.json"), "utf8")) as {
      List: string;
      ExceptionDetails: { message: string };
    };
    expect(rec.List).toBe("Exceptions");
    expect(rec.ExceptionDetails.message).toBe("leaked [REDACTED]");
  });
});
