import { describe, expect, it, vi } from "vitest";
import { CoveError } from "../../../src/errors/cove-error.js";
import { resolveOptions } from "../../../src/options/index.js";
import { fails } from "../../support/options.js";

describe("resolveOptions", () => {
  it("applies the contract's defaults", () => {
    const o = resolveOptions({});
    expect(o).toMatchObject({
      selection: { targets: undefined },
      role: {
        roleName: "OrganizationAccountAccessRole",
        roleSessionName: "OrganizationAccountAccessRole",
        policy: undefined,
        externalId: undefined,
      },
      execution: { raiseException: false, concurrency: 20 },
      regions: { regions: undefined },
    });
    expect(o.selection.ignores).toEqual({ accounts: [], ous: [], roots: [], paths: [] });
    expect(o.regions.ignoreRegions).toEqual([]);
    expect(o.selection.tags).toBeUndefined();
    expect(resolveOptions(undefined).execution.concurrency).toBe(20);
  });

  it("defaults the session name to the role name's last path segment", () => {
    expect(resolveOptions({ roleName: "Auditor" }).role.roleSessionName).toBe("Auditor");
    expect(resolveOptions({ roleName: "team/read/Auditor" }).role.roleSessionName).toBe("Auditor");
  });

  it("classifies ids by kind and drops duplicates", () => {
    const o = resolveOptions({
      targetIds: ["111111111111", "ou-ab12-abcdefgh", "r-ab12", "111111111111"],
      ignoreIds: ["222222222222"],
    });
    expect(o.selection.targets).toEqual({
      accounts: ["111111111111"],
      ous: ["ou-ab12-abcdefgh"],
      roots: ["r-ab12"],
      paths: [],
    });
    expect(o.selection.ignores.accounts).toEqual(["222222222222"]);
  });

  it.each([
    [
      { targetIds: "111111111111" },
      /Option "targetIds" must be an array of strings; received the string "111111111111"/,
    ],
    [{ ignoreIds: "x" }, /"ignoreIds" must be an array of strings/],
    [
      { targetIds: [456456456456] },
      /Option "targetIds\[0\]" must be a string; received number 456456456456/,
    ],
    [
      { regions: "eu-central-1" },
      /Option "regions" must be an array of strings; received the string "eu-central-1"/,
    ],
    [{ concurrency: "5" }, /"concurrency" must be a positive integer; received the string "5"/],
    [{ raiseException: 1 }, /"raiseException" must be a boolean; received number 1/],
    [{ externalId: 5 }, /"externalId" must be a string; received number 5/],
    [{ credentials: { accessKeyId: 1 } }, /"credentials" must be/],
    [{ signal: {} }, /"signal" must be an AbortSignal/],
    [{ progress: "yes" }, /"progress" must be a boolean or a function/],
    [{ onWait: "stderr" }, /"onWait" must be a function; received the string "stderr"/],
    [{ onHub: true }, /"onHub" must be a function; received boolean true/],
    [
      { policyArns: ["arn:aws:iam::aws:policy/X"] },
      /"policyArns\[0\]" must be an object \{ arn: string \}/,
    ],
    [{ shard: 3 }, /"shard" must be an object/],
    [
      { shard: { index: "1", count: 2 } },
      /"shard" must be an object .*; received an object with keys index, count\.$/,
    ],
    [{ shard: new Map() }, /received an instance of Map\.$/],
    [{ shard: {} }, /received an empty object\.$/],
    [{ tags: ["Env"] }, /"tags" must be an object/],
    [{ tags: { Env: 1 } }, /"tags.Env" must be a string or an array of strings/],
    [{ filter: true }, /"filter" must be a function/],
    [{ ignoreRegions: "eu-*" }, /"ignoreRegions" must be an array of strings/],
    [{ durationSeconds: "900" }, /"durationSeconds" must be a number/],
  ])("refuses a wrong type with a TypeError naming the option: %j", (options, message) => {
    const e = fails(options);
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toMatch(message);
  });

  it("refuses unknown keys, pointing Python names at the TypeScript ones", () => {
    const e = fails({ target_ids: ["111111111111"] });
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toContain('Unknown option "target_ids" (did you mean "targetIds"?)');
    expect(fails({ threads: 3 }).message).toContain('Unknown option "threads"');
    expect(fails("x")).toBeInstanceOf(TypeError);
  });

  it("names an unknown key inherited from Object without a bogus hint", () => {
    for (const key of ["constructor", "toString", "hasOwnProperty"]) {
      const e = fails({ [key]: 1 });
      expect(e).toBeInstanceOf(TypeError);
      expect(e.message).toContain(`Unknown option "${key}";`);
      expect(e.message).not.toContain("did you mean");
    }
  });

  it.each([
    [{ targetIds: [] }, "targetIds", /non-empty array/],
    [{ regions: [] }, "regions", /non-empty array/],
    [{ concurrency: 0 }, "concurrency", /positive integer; received number 0/],
    [{ concurrency: -1 }, "concurrency", /positive integer/],
    [{ concurrency: 1.5 }, "concurrency", /positive integer; received number 1.5/],
    [{ concurrency: Number.POSITIVE_INFINITY }, "concurrency", /positive integer/],
    [{ roleSessionName: "x" }, "roleSessionName", /2-64 characters/],
    [{ roleSessionName: "a".repeat(65) }, "roleSessionName", /2-64 characters/],
    [{ roleName: "a".repeat(65) }, "roleName", /IAM role name/],
    [{ roleName: "bad name" }, "roleName", /IAM role name/],
    [{ policy: "{not json" }, "policy", /JSON policy document/],
    [{ policy: "[1]" }, "policy", /JSON policy document/],
    [{ policyArns: [{ arn: "IAMReadOnlyAccess" }] }, "policyArns[0].arn", /IAM policy ARN/],
    [{ externalId: "x" }, "externalId", /2-1224 characters/],
    [{ partition: "amazon" }, "partition", /partition name/],
    [{ taskTimeout: 0 }, "taskTimeout", /positive number/],
    [
      { shard: { index: 4, count: 4 } },
      "shard",
      /^Option "shard" \{ index: 4, count: 4 \}: the index must be below the count: 0…3 \(it is 4\)\.$/,
    ],
    [
      { shard: { index: 0, count: 0 } },
      "shard",
      /the count must be a whole number >= 1 \(it is 0\)/,
    ],
    [{ shard: { index: -1, count: 2 } }, "shard", /the index must be a whole number from 0…1/],
    [
      { profile: "p", credentials: { accessKeyId: "a", secretAccessKey: "b" } },
      "profile",
      /cannot be used together/,
    ],
  ])("refuses a bad value with CoveError INVALID_OPTION: %j", (options, option, message) => {
    const e = fails(options);
    expect(e).toBeInstanceOf(CoveError);
    expect(e).toMatchObject({ code: "INVALID_OPTION", option });
    expect(e.message).toMatch(message);
  });

  it("refuses malformed ids with INVALID_ID naming the id, after type checks", () => {
    for (const bad of [
      "cat",
      "xu-gzxu-393a2l5b",
      "1234567890123",
      "ou-AB12-abcdefgh",
      "o-abcdefghij",
      "",
    ]) {
      const e = fails({ targetIds: [bad] }) as CoveError;
      expect(e).toBeInstanceOf(CoveError);
      expect(e.code).toBe("INVALID_ID");
      expect(e.ids).toEqual([bad]);
      expect(e.message).toContain(JSON.stringify(bad));
    }
    // type errors win over value errors
    expect(fails({ ignoreIds: ["cat"], concurrency: "x" })).toBeInstanceOf(TypeError);
  });

  it.each([
    [{ region: "eu-wset-1" }, "region", "eu-wset-1", "eu-west-1"],
    [{ regions: ["eu-west-1", "us-east-3"] }, "regions[1]", "us-east-3", "us-east-1"],
    [{ regions: ["EU-WEST-1"] }, "regions[0]", "EU-WEST-1", "eu-west-1"],
    [{ regions: ["eu-centrl-1"] }, "regions[0]", "eu-centrl-1", "eu-central-1"],
    [{ ignoreRegions: ["ap-southest-2"] }, "ignoreRegions[0]", "ap-southest-2", "ap-southeast-2"],
  ])(
    "refuses an unknown region with INVALID_REGION and the closest known name: %j",
    (options, option, name, hint) => {
      const e = fails(options) as CoveError;
      expect(e).toBeInstanceOf(CoveError);
      expect(e).toMatchObject({ code: "INVALID_REGION", option, ids: [name] });
      expect(e.message).toContain(`did you mean "${hint}"?`);
    },
  );

  it("accepts region patterns, enabled and functions; refuses a pattern matching nothing", () => {
    expect(resolveOptions({ regions: ["eu-*", "us-east-?"] }).regions.regions).toEqual([
      "eu-*",
      "us-east-?",
    ]);
    expect(resolveOptions({ regions: ["enabled", "eu-*"] }).regions.regions).toEqual([
      "enabled",
      "eu-*",
    ]);
    const fn = () => ["eu-west-1"];
    expect(resolveOptions({ regions: fn }).regions.regions).toBe(fn);
    expect(fails({ regions: ["xx-*"] })).toMatchObject({ code: "INVALID_REGION", ids: ["xx-*"] });
    // "enabled" names each account's own regions; it cannot be ignored
    expect(fails({ ignoreRegions: ["enabled"] })).toMatchObject({ code: "INVALID_REGION" });
  });

  it("normalizes tag selections into sets", () => {
    const o = resolveOptions({ tags: { Environment: ["prod", "staging"], Team: "payments" } });
    expect([...o.selection.tags!].map(([k, v]) => [k, [...v]])).toEqual([
      ["Environment", ["prod", "staging"]],
      ["Team", ["payments"]],
    ]);
  });
});

describe('shard: "auto"', () => {
  it("resolves from the process environment (the one place the library reads it)", () => {
    vi.stubEnv("AWS_BATCH_JOB_ARRAY_INDEX", "2");
    vi.stubEnv("AWS_BATCH_JOB_ARRAY_SIZE", "5");
    try {
      expect(resolveOptions({ shard: "auto" }).selection.shard).toEqual({ index: 2, count: 5 });
    } finally {
      vi.unstubAllEnvs();
    }
    vi.stubEnv("JOB_COMPLETION_INDEX", "1");
    try {
      expect(resolveOptions({ shard: "auto/3" }).selection.shard).toEqual({ index: 1, count: 3 });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("refuses auto without an engine variable, naming the variables looked for", () => {
    for (const name of [
      "AWS_BATCH_JOB_ARRAY_INDEX",
      "AWS_BATCH_JOB_ARRAY_SIZE",
      "JOB_COMPLETION_INDEX",
    ])
      vi.stubEnv(name, undefined);
    try {
      const e = fails({ shard: "auto" });
      expect(e).toMatchObject({ code: "INVALID_OPTION", option: "shard" });
      expect(e.message).toMatch(/AWS_BATCH_JOB_ARRAY_INDEX.*JOB_COMPLETION_INDEX/);
      expect(fails({ shard: "sometimes" })).toBeInstanceOf(TypeError);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
