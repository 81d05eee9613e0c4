import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Format } from "../../../../src/cli/common-flags.js";
import { EncodedRecord } from "../../../../src/cli/output/encode.js";
import { RecordSink, type SinkEvent } from "../../../../src/cli/output/sink.js";
import { Secrets } from "../../../../src/cli/redact.js";
import { RedactingWriter } from "../../../../src/cli/output/redacting.js";
import { plainRecord, toJson } from "../../../../src/cli/output/serialize.js";
import { stripVTControlCharacters } from "node:util";
import { fakeStdout } from "./fake-stream.js";
import { deeplyNested, throwingGetter } from "./hostile.js";
import { tempDir } from "../../../support/temp-dir.js";

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

async function write(format: Format, events = EVENTS, outDir?: string, width = 100) {
  const stdout = fakeStdout();
  const secrets = new Secrets();
  secrets.add(SECRET);
  const sink = new RecordSink({
    format,
    writer: new RedactingWriter(secrets, process.stderr),
    stdout,
    width,
    outDir,
  });
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
    expect(text).toMatch(/222222222222\s+name-22\s+eu-west-1\s+E_X: leaked \[REDACTED\]/);
    expect(text.trimEnd().split("\n").pop()).toBe(
      "3 runs: Results 2, Exceptions 1, FailedAssumeRole 0",
    );
  });

  it("table in colour: list titles, errors and counts coloured; the same table without the codes", async () => {
    const colourText = async (colour: boolean) => {
      const stdout = fakeStdout();
      const secrets = new Secrets();
      secrets.add(SECRET);
      const sink = new RecordSink({
        format: "table",
        writer: new RedactingWriter(secrets, process.stderr),
        stdout,
        width: 100,
        colour,
      });
      for (const event of EVENTS) await sink.add(event);
      await sink.finish();
      return stdout.text();
    };
    const [coloured, plain] = [await colourText(true), await colourText(false)];
    expect(plain).not.toContain("\u001b");
    expect(stripVTControlCharacters(coloured)).toBe(plain);
    expect(coloured).toContain("\u001b[1m\u001b[32mResults\u001b[39m\u001b[22m (2)");
    expect(coloured).toContain("\u001b[1m\u001b[33mExceptions\u001b[39m\u001b[22m (1)");
    expect(coloured).toContain("\u001b[1m\u001b[31mFailedAssumeRole\u001b[39m\u001b[22m (0)");
    expect(coloured).toContain("\u001b[33mE_X: leaked [REDACTED]\u001b[39m");
    expect(coloured).not.toContain(SECRET);
    expect(coloured.trimEnd().split("\n").pop()).toBe(
      "3 runs: \u001b[32mResults 2\u001b[39m, \u001b[33mExceptions 1\u001b[39m, FailedAssumeRole 0",
    );
  });

  it("table: the cause of a refused AssumeRole fits a 120-column terminal", async () => {
    const denied: SinkEvent = {
      list: "FailedAssumeRole",
      record: {
        ...base("648815599584", "eu-west-1"),
        Name: "sandbox-21",
        AssumeRoleSuccess: false,
        ExceptionDetails: Object.assign(
          new Error(
            "User: arn:aws:iam::123456789012:user/demo is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::648815599584:role/OrganizationAccountAccessRole",
          ),
          { name: "AccessDenied", $metadata: { requestId: "r-1" } },
        ),
      },
    };
    const { text } = await write("table", [denied], undefined, 120);
    const row = text.split("\n").find((l) => l.includes("648815599584"));
    expect(row).toBe(
      "  648815599584  sandbox-21  eu-west-1  AccessDenied: sts:AssumeRole on role/OrganizationAccountAccessRole",
    );
  });

  it("table: an exec result's JSON on one line, other text as its first line", async () => {
    const exec = (id: string, stdout: string): SinkEvent => ({
      list: "Results",
      record: { ...base(id, "eu-west-1"), AssumeRoleSuccess: true, Result: stdout },
    });
    const { text } = await write("table", [
      exec("111111111111", '{\n  "Account": "111111111111"\n}\n'),
      exec("222222222222", "one\ntwo\nthree\n"),
    ]);
    expect(text).toMatch(/111111111111\s+name-11\s+eu-west-1\s+\{"Account":"111111111111"\}\n/);
    expect(text).toMatch(/222222222222\s+name-22\s+eu-west-1\s+one …\(\+2 lines\)\n/);
  });

  it("--out-dir: DIR/<account>/<region>.json per record, with List, redacted", async () => {
    const dir = tempDir("cove-sink-");
    await write("ndjson", EVENTS, dir);
    const rec = JSON.parse(readFileSync(join(dir, "222222222222", "eu-west-1.json"), "utf8")) as {
      List: string;
      ExceptionDetails: { message: string };
    };
    expect(rec.List).toBe("Exceptions");
    expect(rec.ExceptionDetails.message).toBe("leaked [REDACTED]");
  });
});

describe("RecordSink.replay (records read back from a journal)", () => {
  it("prints, counts and taps them as written (an error's requestId kept), flagged as replayed, with their --out-dir file", async () => {
    const stdout = fakeStdout();
    const outDir = tempDir("cove-sink-replay-");
    const tapped: [string, boolean][] = [];
    const sink = new RecordSink({
      format: "ndjson",
      writer: new RedactingWriter(new Secrets(), process.stderr),
      stdout,
      outDir,
      taps: [
        { add: (r, replayed) => void tapped.push([r.json, replayed]), finish: async () => {} },
      ],
    });
    const json = JSON.stringify({
      Id: "444444444444",
      Region: "eu-west-1",
      ExceptionDetails: { name: "AccessDenied", message: "no", requestId: "req-1" },
    });
    await sink.replay(new EncodedRecord("FailedAssumeRole", json));
    await sink.add(EVENTS[0]!);
    await sink.finish();
    const lines = stdout.text().trimEnd().split("\n");
    expect(lines[0]).toBe(`{"List":"FailedAssumeRole",${json.slice(1)}`);
    expect(lines).toHaveLength(2);
    expect(sink.counts).toEqual({ Results: 1, Exceptions: 0, FailedAssumeRole: 1 });
    expect(tapped.map(([, replayed]) => replayed)).toEqual([true, false]);
    expect(tapped[0]![0]).toBe(json);
    const file = JSON.parse(readFileSync(join(outDir, "444444444444", "eu-west-1.json"), "utf8"));
    expect(file).toMatchObject({
      List: "FailedAssumeRole",
      ExceptionDetails: { requestId: "req-1" },
    });
  });
});

describe("RecordSink with values it cannot trust", () => {
  it("json is byte for byte JSON.stringify(output, null, 2) of the plain records", async () => {
    const { text } = await write("json");
    const lists: Record<string, unknown[]> = { Results: [], Exceptions: [], FailedAssumeRole: [] };
    for (const e of EVENTS) lists[e.list]!.push(JSON.parse(toJson(plainRecord(e.record))));
    expect(text).toBe(JSON.stringify(lists, null, 2).replace(SECRET, "[REDACTED]") + "\n");
  });

  it.each(["json", "ndjson", "csv", "table"] as const)(
    "%s: a Result that cannot be written becomes an Exception; the other records are written",
    async (format) => {
      const events: SinkEvent[] = [
        EVENTS[0]!,
        {
          list: "Results",
          record: { ...base("444444444444", "eu-west-1"), Result: throwingGetter() },
        },
        {
          list: "Results",
          record: { ...base("555555555555", "eu-west-1"), Result: deeplyNested(100_000) },
        },
        EVENTS[2]!,
      ];
      const { text, sink } = await write(format, events);
      expect(sink.counts).toEqual({ Results: 2, Exceptions: 2, FailedAssumeRole: 0 });
      expect(text).toContain("111111111111");
      expect(text).toContain("333333333333");
      expect(
        text.match(/RESULT_NOT_SERIALIZABLE|ResultNotSerializable/g)?.length,
      ).toBeGreaterThanOrEqual(2);
    },
  );

  it("table: a secret is redacted before cells are cut to the terminal's width", async () => {
    const forty = "AKSECRETvalue/with+forty+characters00000";
    expect(forty).toHaveLength(40);
    const stdout = fakeStdout();
    const secrets = new Secrets();
    secrets.add(forty);
    const sink = new RecordSink({
      format: "table",
      writer: new RedactingWriter(secrets, process.stderr),
      stdout,
      width: 77,
    });
    await sink.add({
      list: "Results",
      record: { ...base("111111111111", "eu-west-1"), Result: `key=${forty}${forty}` },
    });
    await sink.finish();
    expect(stdout.text()).toContain("key=[REDACTED][REDACTED]");
    expect(stdout.text()).not.toContain(forty.slice(0, 20));
  });

  it("csv: a cell starting like a formula gets a leading quote", async () => {
    const { text } = await write("csv", [
      {
        list: "Results",
        record: { ...base("111111111111", "eu-west-1"), Name: '=HYPERLINK("x")', Result: "-2+3" },
      },
    ]);
    const row = text.split("\n")[1]!;
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    expect(row).toContain(",'-2+3,");
  });
});
