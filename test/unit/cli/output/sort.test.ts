import { describe, expect, it } from "vitest";
import type { Format } from "../../../../src/cli/common-flags.js";
import { RedactingWriter } from "../../../../src/cli/output/redacting.js";
import { RecordSink, type SinkEvent } from "../../../../src/cli/output/sink.js";
import { Secrets } from "../../../../src/cli/redact.js";
import { fakeStdout } from "./fake-stream.js";

const rec = (id: string, region: string, result: unknown) => ({
  Id: id,
  Region: region,
  Partition: "aws",
  RoleName: "R",
  RoleSessionName: "R",
  AssumeRoleSuccess: true,
  Result: result,
});

/** Runs finishing in some order, each Result's keys in some order. */
function events(order: number[], reversedKeys: boolean): SinkEvent[] {
  const all: SinkEvent[] = [
    { list: "Results", record: rec("222222222222", "us-east-1", { b: 1, a: { y: 2, x: 1 } }) },
    { list: "Results", record: rec("111111111111", "us-east-1", { b: 2, a: [{ d: 1, c: 2 }] }) },
    {
      list: "Exceptions",
      record: { ...rec("111111111111", "eu-west-1", undefined), ExceptionDetails: new Error("x") },
    },
    { list: "Results", record: rec("222222222222", "eu-west-1", { z: 1, m: 2 }) },
  ];
  const flip = (v: unknown): unknown =>
    typeof v !== "object" || v === null || Array.isArray(v) || v instanceof Error
      ? Array.isArray(v)
        ? v.map(flip)
        : v
      : Object.fromEntries(
          Object.entries(v)
            .reverse()
            .map(([k, x]) => [k, flip(x)]),
        );
  return order.map((i) => {
    const e = all[i] as SinkEvent;
    if (!reversedKeys || !("Result" in e.record)) return e;
    return {
      ...e,
      record: { ...e.record, Result: flip((e.record as { Result: unknown }).Result) },
    } as SinkEvent;
  });
}

async function write(format: Format, sort: boolean, list: SinkEvent[]): Promise<string> {
  const stdout = fakeStdout();
  const sink = new RecordSink({
    format,
    writer: new RedactingWriter(new Secrets(), fakeStdout()),
    stdout,
    sort,
  });
  for (const e of list) await sink.add(e);
  await sink.finish();
  return stdout.text();
}

describe("--sort", () => {
  it("ndjson: by account id then region, keys inside values sorted, whatever the finishing order", async () => {
    const a = await write("ndjson", true, events([0, 1, 2, 3], false));
    const b = await write("ndjson", true, events([3, 2, 1, 0], true));
    expect(b).toBe(a);
    const lines = a
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => `${l.Id} ${l.Region}`)).toEqual([
      "111111111111 eu-west-1",
      "111111111111 us-east-1",
      "222222222222 eu-west-1",
      "222222222222 us-east-1",
    ]);
    expect(a).toContain('"Result":{"a":[{"c":2,"d":1}],"b":2}');
    expect(Object.keys(lines[0] ?? {}).slice(0, 3)).toEqual(["List", "Id", "Region"]);
  });

  it("json and csv: the same order, byte for byte from either finishing order", async () => {
    for (const format of ["json", "csv"] as const) {
      const a = await write(format, true, events([0, 1, 2, 3], false));
      expect(await write(format, true, events([2, 3, 0, 1], true))).toBe(a);
    }
    const doc = JSON.parse(await write("json", true, events([0, 3, 1, 2], false))) as {
      Results: { Id: string; Region: string }[];
    };
    expect(doc.Results.map((r) => `${r.Id} ${r.Region}`)).toEqual([
      "111111111111 us-east-1",
      "222222222222 eu-west-1",
      "222222222222 us-east-1",
    ]);
  });

  it("without it, records are written as runs finish, keys as given", async () => {
    const text = await write("ndjson", false, events([0, 1], false));
    expect(text.split("\n")[0]).toContain('"Id":"222222222222"');
    expect(text).toContain('"Result":{"b":1,"a":{"y":2,"x":1}}');
  });
});
