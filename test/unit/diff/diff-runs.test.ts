import { describe, expect, it } from "vitest";
import {
  CoveError,
  diffRuns,
  RunDiffer,
  type CoveOutput,
  type DiffRecord,
} from "../../../src/index.js";

const base = { Partition: "aws", RoleName: "R", RoleSessionName: "R" };

/** A Result record. */
function ok(id: string, region: string, result: unknown, extra: Record<string, unknown> = {}) {
  return {
    ...base,
    Id: id,
    Region: region,
    AssumeRoleSuccess: true as const,
    Result: result,
    ...extra,
  };
}
function failed(id: string, region: string, error: unknown, extra: Record<string, unknown> = {}) {
  return {
    ...base,
    Id: id,
    Region: region,
    AssumeRoleSuccess: false as const,
    ExceptionDetails: error,
    ...extra,
  };
}
function threw(id: string, region: string, error: unknown) {
  return {
    ...base,
    Id: id,
    Region: region,
    AssumeRoleSuccess: true as const,
    ExceptionDetails: error,
  };
}
const exec = (stdout: string) => ({ exitCode: 0, stdout, stderr: "" });
const A = "111111111111";
const B = "222222222222";
const C = "333333333333";

describe("diffRuns: kinds", () => {
  it("says new, gone, changed and counts the unchanged, ordered by account then region", () => {
    const d = diffRuns(
      [ok(B, "us-east-1", 1), ok(A, "eu-west-1", 1), ok(A, "us-east-1", { n: 1 })],
      [ok(A, "us-east-1", { n: 2 }), ok(A, "eu-west-1", 1), ok(C, "eu-west-1", 1)],
    );
    expect(d.counts).toEqual({ new: 1, gone: 1, "outcome-changed": 0, changed: 1, unchanged: 1 });
    expect(d.changes.map((c) => [c.kind, c.Id, c.Region])).toEqual([
      ["changed", A, "us-east-1"],
      ["gone", B, "us-east-1"],
      ["new", C, "eu-west-1"],
    ]);
    expect(d.changes[0]?.paths).toEqual([
      { path: "Result.n", change: "changed", before: "1", after: "2" },
    ]);
    expect(d.changes[1]).toMatchObject({ before: { list: "Results" } });
    expect(d.changes[1]?.after).toBeUndefined();
  });

  it("flips outcome both ways, with both causes", () => {
    const denied = { name: "AccessDenied", message: "not authorized", requestId: "r-1" };
    const d = diffRuns(
      [
        ok(A, "eu-west-1", 1),
        failed(B, "eu-west-1", denied),
        threw(C, "eu-west-1", { code: "Boom", message: "x" }),
      ],
      [failed(A, "eu-west-1", denied), ok(B, "eu-west-1", 1), ok(C, "eu-west-1", 2)],
    );
    expect(d.counts["outcome-changed"]).toBe(3);
    expect(d.changes[0]).toMatchObject({
      kind: "outcome-changed",
      before: { list: "Results" },
      after: { list: "FailedAssumeRole", cause: "AccessDenied: not authorized" },
    });
    expect(d.changes[1]).toMatchObject({
      before: { list: "FailedAssumeRole", cause: "AccessDenied: not authorized" },
      after: { list: "Results" },
    });
    expect(d.changes[2]).toMatchObject({ before: { list: "Exceptions", cause: "Boom: x" } });
  });

  it("compares failures of the same list by their error, without the request id", () => {
    const e = (message: string, requestId: string) => ({ name: "Err", message, requestId });
    const d = diffRuns(
      [threw(A, "eu-west-1", e("same", "1")), threw(B, "eu-west-1", e("old", "2"))],
      [threw(A, "eu-west-1", e("same", "3")), threw(B, "eu-west-1", e("new", "4"))],
    );
    expect(d.counts).toMatchObject({ unchanged: 1, changed: 1 });
    expect(d.changes[0]?.paths).toEqual([
      { path: "ExceptionDetails.message", change: "changed", before: '"old"', after: '"new"' },
    ]);
  });

  it("takes the latest record of a pair, and CoveOutputs as well as records", () => {
    const output: CoveOutput<unknown> = {
      Results: [ok(A, "eu-west-1", 1)],
      Exceptions: [],
      FailedAssumeRole: [failed(B, "eu-west-1", { name: "X", message: "y" })],
    };
    const lines: DiffRecord[] = [
      { List: "Exceptions", ...threw(A, "eu-west-1", { message: "first try" }) },
      { List: "Results", ...ok(A, "eu-west-1", 1) },
      failed(B, "eu-west-1", { name: "X", message: "y" }),
    ];
    expect(diffRuns(output, lines).counts).toMatchObject({ unchanged: 2 });
  });
});

describe("diffRuns: values", () => {
  it("ignores key order, at every depth", () => {
    const d = diffRuns(
      [ok(A, "r", { a: 1, b: { x: [1, { p: 1, q: 2 }], y: 2 } })],
      [ok(A, "r", { b: { y: 2, x: [1, { q: 2, p: 1 }] }, a: 1 })],
    );
    expect(d.counts.unchanged).toBe(1);
    expect(d.changes).toEqual([]);
  });

  it("lists nested paths added, removed and changed", () => {
    const d = diffRuns(
      [ok(A, "r", { vpc: { id: "v1", cidr: "10.0.0.0/16", tags: { env: "prod" } }, old: true })],
      [ok(A, "r", { vpc: { id: "v1", cidr: "10.1.0.0/16", tags: { env: "prod", team: "x" } } })],
    );
    expect(d.changes[0]?.paths).toEqual([
      { path: "Result.old", change: "removed", before: "true" },
      {
        path: "Result.vpc.cidr",
        change: "changed",
        before: '"10.0.0.0/16"',
        after: '"10.1.0.0/16"',
      },
      { path: "Result.vpc.tags.team", change: "added", after: '"x"' },
    ]);
  });

  it("compares arrays in order: an inserted item is one change, not a shift", () => {
    const d = diffRuns([ok(A, "r", ["b", "c", "d"])], [ok(A, "r", ["a", "b", "c", "d"])]);
    expect(d.changes[0]?.paths).toEqual([{ path: "Result[0]", change: "added", after: '"a"' }]);
    const moved = diffRuns([ok(A, "r", ["a", "b"])], [ok(A, "r", ["b", "a"])]);
    expect(moved.counts.changed).toBe(1);
  });

  it("pairs a changed item of an ordered array and diffs inside it", () => {
    const d = diffRuns(
      [ok(A, "r", { users: [{ name: "a", admin: false }, { name: "b" }] })],
      [ok(A, "r", { users: [{ name: "a", admin: true }, { name: "b" }] })],
    );
    expect(d.changes[0]?.paths).toEqual([
      { path: "Result.users[0].admin", change: "changed", before: "false", after: "true" },
    ]);
  });

  it("treats unordered paths as sets: order ignored, items added and removed", () => {
    const options = { unordered: ["Result.buckets"] };
    const same = diffRuns(
      [ok(A, "r", { buckets: ["a", "b"] })],
      [ok(A, "r", { buckets: ["b", "a"] })],
      options,
    );
    expect(same.counts.unchanged).toBe(1);
    const d = diffRuns(
      [ok(A, "r", { buckets: ["a", "b", "c"] })],
      [ok(A, "r", { buckets: ["d", "c", "a"] })],
      options,
    );
    expect(d.changes[0]?.paths).toEqual([
      { path: "Result.buckets", change: "removed", before: '"b"' },
      { path: "Result.buckets", change: "added", after: '"d"' },
    ]);
    // Without the option the same arrays differ by order.
    expect(
      diffRuns([ok(A, "r", { buckets: ["a", "b"] })], [ok(A, "r", { buckets: ["b", "a"] })]).counts
        .changed,
    ).toBe(1);
  });

  it("leaves ignored paths out, with * for any key or index and ** for any depth", () => {
    const before = ok(A, "r", {
      users: [{ name: "a", LastUsed: "mon" }],
      at: "t1",
      deep: { x: { Stamp: 1 } },
    });
    const after = ok(A, "r", {
      users: [{ name: "a", LastUsed: "tue" }],
      at: "t2",
      deep: { x: { Stamp: 2 } },
    });
    expect(diffRuns([before], [after]).counts.changed).toBe(1);
    const ignore = ["Result.users[*].LastUsed", "Result.at", "Result.**.Stamp"];
    expect(diffRuns([before], [after], { ignore }).counts.unchanged).toBe(1);
    const partly = diffRuns([before], [after], { ignore: ["Result.*.*.LastUsed", "Result.at"] });
    expect(partly.changes[0]?.paths?.map((p) => p.path)).toEqual(["Result.deep.x.Stamp"]);
  });

  it("cuts long values and counts what was cut; caps the paths listed", () => {
    const long = "x".repeat(500);
    const d = diffRuns([ok(A, "r", { a: long })], [ok(A, "r", { a: "y" })], { maxValueLength: 20 });
    expect(d.changes[0]?.paths?.[0]).toEqual({
      path: "Result.a",
      change: "changed",
      before: `"${"x".repeat(19)}`,
      beforeCut: 502 - 20,
      after: '"y"',
    });
    const many = diffRuns(
      [ok(A, "r", Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 1])))],
      [ok(A, "r", Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, 2])))],
      { maxPaths: 3 },
    );
    expect(many.changes[0]?.paths).toHaveLength(3);
    expect(many.changes[0]?.morePaths).toBe(7);
  });

  it("tells null from an absent Result", () => {
    const absent = { ...base, Id: A, Region: "r", AssumeRoleSuccess: true as const };
    const d = diffRuns([absent as DiffRecord], [ok(A, "r", null)]);
    expect(d.changes[0]?.paths).toEqual([{ path: "Result", change: "added", after: "null" }]);
  });
});

describe("diffRuns: exec records", () => {
  it("compares stdout as JSON when both parse, ignoring stderr and key order", () => {
    const d = diffRuns(
      [ok(A, "r", { ...exec('{"Vpcs":[{"Id":"v1","Default":true}]}\n'), stderr: "warn 1" })],
      [
        ok(A, "r", {
          ...exec('{\n  "Vpcs": [{ "Default": false, "Id": "v1" }]\n}'),
          stderr: "warn 2",
        }),
      ],
    );
    expect(d.changes[0]?.paths).toEqual([
      { path: "Result.stdout.Vpcs[0].Default", change: "changed", before: "true", after: "false" },
    ]);
    const same = diffRuns(
      [ok(A, "r", exec('{"a":1,"b":2}'))],
      [ok(A, "r", exec('{ "b": 2, "a": 1 }\n'))],
    );
    expect(same.counts.unchanged).toBe(1);
  });

  it("compares stdout as text lines otherwise, by line number", () => {
    const d = diffRuns(
      [ok(A, "r", exec("bucket-a\nbucket-b\nbucket-c\n"))],
      [ok(A, "r", exec("bucket-a\nbucket-c\nbucket-d\n"))],
    );
    expect(d.changes[0]?.paths).toEqual([
      { path: "Result.stdout:2", change: "removed", before: '"bucket-b"' },
      { path: "Result.stdout:3", change: "added", after: '"bucket-d"' },
    ]);
  });

  it("falls back to lines when only one side is JSON", () => {
    const d = diffRuns([ok(A, "r", exec("[1]\n"))], [ok(A, "r", exec("error: none\n"))]);
    expect(d.changes[0]?.paths).toEqual([
      { path: "Result.stdout:1", change: "changed", before: '"[1]"', after: '"error: none"' },
    ]);
  });

  it("can be told not to treat exec-shaped Results specially", () => {
    const d = diffRuns([ok(A, "r", exec("a"))], [ok(A, "r", { ...exec("a"), stderr: "b" })], {
      exec: false,
    });
    expect(d.changes[0]?.paths?.map((p) => p.path)).toEqual(["Result.stderr"]);
    expect(
      diffRuns([ok(A, "r", exec("a"))], [ok(A, "r", { ...exec("a"), stderr: "b" })]).counts
        .unchanged,
    ).toBe(1);
  });
});

describe("diffRuns: accounts", () => {
  it("shows a renamed account and a moved one as metadata changes, not gone + new", () => {
    const d = diffRuns(
      [
        ok(A, "r", 1, { Name: "old-name", OuPath: "/Apps" }),
        ok(B, "r", 1, { Name: "b", OuPath: "/Sandbox" }),
        ok(B, "s", 1, { Name: "b", OuPath: "/Sandbox" }),
      ],
      [
        ok(A, "r", 1, { Name: "new-name", OuPath: "/Apps" }),
        ok(B, "r", 1, { Name: "b", OuPath: "/Apps/Prod" }),
        ok(B, "s", 1, { Name: "b", OuPath: "/Apps/Prod" }),
      ],
    );
    expect(d.counts).toMatchObject({ new: 0, gone: 0, unchanged: 3 });
    expect(d.accounts).toEqual([
      {
        Id: A,
        Name: "new-name",
        changes: [{ path: "Name", change: "changed", before: '"old-name"', after: '"new-name"' }],
      },
      {
        Id: B,
        Name: "b",
        changes: [
          { path: "OuPath", change: "changed", before: '"/Sandbox"', after: '"/Apps/Prod"' },
        ],
      },
    ]);
  });

  it("compares only what both runs know, and takes the next run's name and OU for listed pairs", () => {
    const d = diffRuns(
      [ok(A, "r", 1, { Name: "a" })],
      [ok(A, "r", 2, { Name: "a", OuPath: "/X", Tags: { t: "1" } })],
    );
    expect(d.accounts).toEqual([]);
    expect(d.changes[0]).toMatchObject({ Name: "a", OuPath: "/X" });
    const tags = diffRuns(
      [ok(A, "r", 1, { Tags: { env: "dev" } })],
      [ok(A, "r", 1, { Tags: { env: "prod" } })],
    );
    expect(tags.accounts[0]?.changes).toEqual([
      { path: "Tags.env", change: "changed", before: '"dev"', after: '"prod"' },
    ]);
    expect(
      diffRuns([ok(A, "r", 1, { Name: "a" })], [ok(A, "r", 1, { Name: "b" })], { ignore: ["Name"] })
        .accounts,
    ).toEqual([]);
  });
});

describe("diffRuns: options", () => {
  it("refuses bad options before comparing anything", () => {
    const run = (options: unknown) => () => diffRuns([], [], options as never);
    expect(run({ ignore: ["Result..x"] })).toThrow(CoveError);
    expect(run({ ignore: ["Result..x"] })).toThrow(/ignore\[0\]/);
    expect(run({ ignore: "Result.x" })).toThrow(TypeError);
    expect(run({ unordered: [""] })).toThrow(/unordered\[0\]/);
    expect(run({ maxPaths: 0 })).toThrow(/maxPaths/);
    expect(run({ exec: "yes" })).toThrow(TypeError);
    expect(run({ ignored: [] })).toThrow(/ignored/);
    expect(() => diffRuns([{ Id: A } as never], [])).toThrow(/Id and Region/);
    expect(() => diffRuns([{ ...ok(A, "r", 1), List: "Nope" } as never], [])).toThrow(/List/);
  });
});

describe("diffRuns: exec stdout ignored", () => {
  it("leaves stdout out whether it is JSON on one side and text on the other", () => {
    const d = diffRuns([ok(A, "r", exec("[1]"))], [ok(A, "r", exec("text"))], {
      ignore: ["Result.stdout"],
    });
    expect(d.counts.unchanged).toBe(1);
  });
});

describe("RunDiffer", () => {
  it("keeps only references, and fills the paths of the changed pairs from records given back", () => {
    const rows = new Map<number, DiffRecord>([
      [1, ok(A, "r", { v: 1 })],
      [2, ok(A, "r", { v: 2 })],
      [3, ok(B, "r", 1)],
      [4, ok(B, "r", 1)],
    ]);
    const differ = new RunDiffer<number>({});
    differ.addBase(rows.get(1)!, 1);
    differ.addBase(rows.get(3)!, 3);
    differ.addNext(rows.get(2)!, 2);
    differ.addNext(rows.get(4)!, 4);
    const { diff, pending } = differ.compare();
    expect(pending.map((p) => [p.base, p.next])).toEqual([[1, 2]]);
    expect(diff.changes[0]?.paths).toBeUndefined();
    for (const p of pending) differ.fillPaths(p.change, rows.get(p.base)!, rows.get(p.next)!);
    expect(diff.changes[0]?.paths?.map((p) => p.path)).toEqual(["Result.v"]);
    expect(Object.keys(diff.changes[0] ?? {})).toEqual([
      "kind",
      "Id",
      "Region",
      "before",
      "after",
      "paths",
    ]);
  });
});

describe("diffRuns: exec --stdout-json records", () => {
  it("compares a stdout kept parsed as JSON by value", () => {
    const parsed = (stdout: unknown) => ({ exitCode: 0, stdout, stderr: "" });
    const d = diffRuns(
      [ok(A, "r", parsed({ a: 1, b: [1] }))],
      [ok(A, "r", parsed({ b: [1], a: 2 }))],
    );
    expect(d.changes[0]?.paths).toEqual([
      { path: "Result.stdout.a", change: "changed", before: "1", after: "2" },
    ]);
  });
});
