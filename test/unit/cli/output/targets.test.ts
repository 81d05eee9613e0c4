import { describe, expect, it } from "vitest";
import type { CoveTargets } from "../../../../src/index.js";
import { renderTargets, targetRows } from "../../../../src/cli/output/targets.js";

const PLAN: CoveTargets = {
  hub: { accountId: "123456789012", partition: "aws", region: "eu-west-1" },
  accounts: [
    { Id: "111111111111", Name: "prod", Email: "p@example.com", Status: "ACTIVE", OuPath: "/Prod" },
    { Id: "222222222222", Name: "dev", Status: "ACTIVE" },
  ],
  regions: ["eu-west-1", "us-east-1"],
  perAccountRegions: false,
};

describe("cove targets output", () => {
  it("has one row per account × region with the known columns only", () => {
    const rows = targetRows(PLAN);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual({
      Id: "111111111111",
      Name: "prod",
      Email: "p@example.com",
      Status: "ACTIVE",
      OuPath: "/Prod",
      Region: "eu-west-1",
    });
    expect(rows[3]).toEqual({
      Id: "222222222222",
      Name: "dev",
      Status: "ACTIVE",
      Region: "us-east-1",
    });
  });

  it("sorts the rows by OU path as a tree, then account id; each account's regions in plan order", () => {
    const account = (Id: string, OuPath?: string) => ({ Id, ...(OuPath ? { OuPath } : {}) });
    const accounts = [
      account("999999999999"),
      account("888888888888", "/Apps-X"),
      account("777777777777", "/Apps/Prod"),
      account("666666666666", "/Apps"),
      account("555555555555", "/"),
      account("444444444444", "/Apps"),
      account("333333333333", "/Sandbox"),
      account("000000000000"),
    ];
    const plan = { ...PLAN, accounts, regions: ["us-east-1", "eu-west-1"] };
    const expected = [
      ["555555555555", "/"],
      ["444444444444", "/Apps"],
      ["666666666666", "/Apps"],
      ["777777777777", "/Apps/Prod"],
      ["888888888888", "/Apps-X"],
      ["333333333333", "/Sandbox"],
      ["000000000000", undefined],
      ["999999999999", undefined],
    ].flatMap(([id, path]) => [
      [id, path, "us-east-1"],
      [id, path, "eu-west-1"],
    ]);
    expect(targetRows(plan).map((r) => [r.Id, r.OuPath, r.Region])).toEqual(expected);
    // Whatever order the listing came in.
    const reversed = targetRows({ ...plan, accounts: [...accounts].reverse() });
    expect(reversed.map((r) => [r.Id, r.OuPath, r.Region])).toEqual(expected);
  });

  it("has one row per account without a Region when regions are per account", () => {
    const rows = targetRows({ ...PLAN, regions: [], perAccountRegions: true });
    expect(rows.map((r) => [r.Id, r.Region])).toEqual([
      ["111111111111", undefined],
      ["222222222222", undefined],
    ]);
    const table = renderTargets({ ...PLAN, regions: [], perAccountRegions: true }, "table", 120);
    expect(table).toContain("(per account)");
    expect(table).toContain("2 accounts × each account's own regions");
  });

  it("json holds the hub, the regions and the rows", () => {
    const out = JSON.parse(renderTargets(PLAN, "json", 120)) as Record<string, unknown>;
    expect(out).toEqual({
      hub: PLAN.hub,
      regions: PLAN.regions,
      perAccountRegions: false,
      targets: targetRows(PLAN),
    });
  });

  it("csv and ndjson have a line per row; the table the same columns and a summary", () => {
    expect(renderTargets(PLAN, "csv", 120).split("\n")[0]).toBe(
      "Id,Name,Email,Status,OuPath,Region",
    );
    expect(renderTargets(PLAN, "csv", 120).trimEnd().split("\n")).toHaveLength(5);
    expect(renderTargets(PLAN, "ndjson", 120).trimEnd().split("\n")).toHaveLength(4);
    const table = renderTargets(PLAN, "table", 120);
    const [header, , first, , , last] = table.split("\n");
    expect(header).toMatch(/^\s+Id\s+Name\s+Email\s+Status\s+OU path\s+Region$/);
    expect(first).toMatch(
      /^\s+111111111111\s+prod\s+p@example\.com\s+ACTIVE\s+\/Prod\s+eu-west-1$/,
    );
    expect(last).toMatch(/^\s+222222222222\s+dev\s+ACTIVE\s+us-east-1$/);
    expect(table).toContain(
      "2 accounts × 2 regions = 4 runs (hub 123456789012 in eu-west-1; no role was assumed)",
    );
  });
});
