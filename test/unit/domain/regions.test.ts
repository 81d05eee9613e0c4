import { partition as sdkPartition } from "@aws-sdk/core/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  checkRegionEntry,
  checkRegionList,
  closestRegion,
  expandRegions,
  isPattern,
  matchRegions,
  partitionOfRegion,
  regionIgnored,
  unknownRegion,
} from "../../../src/domain/regions.js";
import { REGIONS } from "../../../src/domain/regions-snapshot.js";
import { CoveError } from "../../../src/errors/cove-error.js";
import {
  AWS_REGIONS_ENABLED_BY_DEFAULT,
  readSdkPartitions,
  regionsOf,
  renderSnapshot,
} from "../../../scripts/update-regions.js";

const STALE = "the snapshot is stale: run npm run update-regions";

function thrown(f: () => unknown): CoveError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CoveError);
    return e as CoveError;
  }
  throw new Error("did not throw");
}

describe("the region snapshot", () => {
  it("holds exactly what the installed SDK's partition data holds", async () => {
    const fromSdk = regionsOf(await readSdkPartitions());
    expect(REGIONS, STALE).toEqual(fromSdk);
  });

  it("lacks no region that the SDK's public partition() lookup knows (probed by name)", () => {
    const prefixes = ["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx", "cn", "eusc-de"];
    const isolated = ["us-gov", "us-iso", "us-isob", "us-isof", "eu-isoe"];
    const directions = ["north", "south", "east", "west", "central"];
    const compass = [...directions, "northeast", "northwest", "southeast", "southwest"];
    const candidates = [...prefixes, ...isolated].flatMap((p) =>
      compass.flatMap((d) => Array.from({ length: 12 }, (_, n) => `${p}-${d}-${n + 1}`)),
    );
    const known = candidates.filter(
      (name) => (sdkPartition(name) as { description?: string }).description !== undefined,
    );
    expect(known.length).toBeGreaterThan(30);
    const names = new Set(REGIONS.map((r) => r.name));
    expect(
      known.filter((name) => !names.has(name)),
      STALE,
    ).toEqual([]);
  });

  it("agrees with the public lookup on every region's partition", () => {
    for (const r of REGIONS)
      expect([r.name, partitionOfRegion(r.name)]).toEqual([r.name, r.partition]);
  });

  it("marks the aws regions launched after March 20, 2019 opt-in, and only those", () => {
    const optIn = (name: string) => REGIONS.find((r) => r.name === name)?.optIn;
    for (const name of ["ap-east-1", "me-south-1", "af-south-1", "eu-south-1", "eu-central-2"])
      expect([name, optIn(name)]).toEqual([name, true]);
    for (const name of ["il-central-1", "ca-west-1", "ap-southeast-3", "mx-central-1"])
      expect([name, optIn(name)]).toEqual([name, true]);
    const defaults = REGIONS.filter((r) => !r.optIn && r.partition === "aws").map((r) => r.name);
    expect(defaults.sort()).toEqual([...AWS_REGIONS_ENABLED_BY_DEFAULT].sort());
    expect(defaults).toHaveLength(17);
    expect(REGIONS.filter((r) => r.partition !== "aws" && r.optIn)).toEqual([]);
    expect(REGIONS.some((r) => r.partition === "aws-cn")).toBe(true);
  });

  it("holds no endpoint aliases such as aws-global", () => {
    expect(REGIONS.every((r) => /-\d+$/.test(r.name))).toBe(true);
    expect(REGIONS.map((r) => r.name)).not.toContain("aws-global");
  });

  it("is rendered as a typed constant the generator can read back", () => {
    const text = renderSnapshot(
      [
        { name: "eu-west-1", partition: "aws", optIn: false },
        { name: "eu-south-1", partition: "aws", optIn: true },
      ],
      "9.9.9",
    );
    expect(text).toContain('export const REGIONS_SDK_VERSION = "9.9.9";');
    expect(text).toContain("export const REGIONS: readonly KnownRegion[] = [");
    expect(text).toContain('  { name: "eu-south-1", partition: "aws", optIn: true },');
  });
});

describe("exact region names", () => {
  it("are checked with the SDK's partition() lookup", () => {
    expect(partitionOfRegion("eu-west-1")).toBe("aws");
    expect(partitionOfRegion("eu-south-2")).toBe("aws");
    expect(partitionOfRegion("cn-north-1")).toBe("aws-cn");
    expect(partitionOfRegion("us-gov-west-1")).toBe("aws-us-gov");
    // matches the aws partition's name pattern, but is no region
    expect(partitionOfRegion("eu-west-9")).toBeUndefined();
    expect(partitionOfRegion("aws-global")).toBeUndefined();
    expect(partitionOfRegion("EU-WEST-1")).toBeUndefined();
    expect(partitionOfRegion("")).toBeUndefined();
  });

  it("unknown names get the closest known one", () => {
    expect(closestRegion("eu-wset-2")).toBe("eu-west-2");
    expect(closestRegion("US-EAST-1")).toBe("us-east-1");
    const e = unknownRegion("ap-southest-2", "regions[1]");
    expect(e).toMatchObject({
      code: "INVALID_REGION",
      option: "regions[1]",
      ids: ["ap-southest-2"],
    });
    expect(e.message).toContain('did you mean "ap-southeast-2"?');
  });
});

describe("region globs", () => {
  it("tells patterns from names", () => {
    expect(isPattern("eu-*")).toBe(true);
    expect(isPattern("us-east-?")).toBe(true);
    expect(isPattern("eu-west-1")).toBe(false);
  });

  it("expand to the regions enabled by default, within the partition", () => {
    expect(matchRegions("eu-*", "aws").sort()).toEqual([
      "eu-central-1",
      "eu-north-1",
      "eu-west-1",
      "eu-west-2",
      "eu-west-3",
    ]);
    expect(matchRegions("*", "aws").sort()).toEqual([...AWS_REGIONS_ENABLED_BY_DEFAULT].sort());
    expect(matchRegions("us-east-?", "aws")).toEqual(["us-east-1", "us-east-2"]);
    expect(matchRegions("cn-*", "aws")).toEqual([]);
    expect(matchRegions("cn-*", "aws-cn").sort()).toEqual(["cn-north-1", "cn-northwest-1"]);
    // `.` and `-` are literal
    expect(matchRegions("eu.west.1")).toEqual([]);
  });

  it("reach opt-in regions only when asked (to filter an account's enabled list)", () => {
    const all = matchRegions("eu-*", "aws", { optIn: true });
    expect(all).toEqual(expect.arrayContaining(["eu-south-1", "eu-south-2", "eu-central-2"]));
    expect(all).toEqual(expect.arrayContaining(matchRegions("eu-*", "aws")));
  });
});

describe("expandRegions", () => {
  it("keeps explicit names (opt-in ones too), expands globs to default regions, no repeats", () => {
    expect(expandRegions(["eu-south-1", "eu-*", "eu-west-1", "enabled"], "aws", "regions")).toEqual(
      ["eu-south-1", ...matchRegions("eu-*", "aws")],
    );
  });

  it("with optIn, globs reach the opt-in regions (regions: ['enabled', 'eu-*'])", () => {
    const out = expandRegions(["eu-*"], "aws", "regions", { optIn: true });
    expect(out).toContain("eu-south-1");
    expect(out).toContain("eu-central-2");
    expect(out).toContain("eu-west-1");
  });

  it("refuses an unknown name, and a name of another partition", () => {
    expect(thrown(() => expandRegions(["eu-wst-1"], "aws", "regions(1)"))).toMatchObject({
      code: "INVALID_REGION",
      option: "regions(1)",
    });
    const e = thrown(() => expandRegions(["cn-north-1"], "aws", "regions"));
    expect(e.message).toContain("partition aws-cn");
  });
});

describe("checking region options", () => {
  it("accepts names (opt-in too), globs, and enabled where allowed", () => {
    expect(() => checkRegionList(["eu-south-2", "eu-*", "us-east-?"], "regions")).not.toThrow();
    expect(() => checkRegionList(["enabled", "eu-*"], "regions")).not.toThrow();
    expect(() => checkRegionEntry("eu-south-*", "ignoreRegions[0]", false)).not.toThrow();
  });

  it("refuses a glob that matches only opt-in regions unless it filters enabled", () => {
    const e = thrown(() => checkRegionList(["eu-west-1", "eu-south-*"], "regions"));
    expect(e).toMatchObject({ code: "INVALID_REGION", option: "regions[1]", ids: ["eu-south-*"] });
    expect(e.message).toContain("only opt-in regions (eu-south-1, eu-south-2)");
    expect(e.message).toContain('["enabled", "eu-south-*"]');
    expect(() => checkRegionList(["enabled", "eu-south-*"], "regions")).not.toThrow();
  });

  it("refuses a glob matching nothing, an unknown name, and enabled where not allowed", () => {
    expect(thrown(() => checkRegionList(["xx-*"], "regions")).message).toContain(
      'regions[0]: the pattern "xx-*" matches no region',
    );
    expect(thrown(() => checkRegionList(["eu-centrl-1"], "regions")).message).toContain(
      'did you mean "eu-central-1"?',
    );
    expect(thrown(() => checkRegionEntry("enabled", "ignoreRegions[0]", false))).toMatchObject({
      code: "INVALID_REGION",
    });
  });

  it("ignoreRegions matches names and globs, opt-in regions included", () => {
    expect(regionIgnored("eu-south-1", ["eu-south-*"])).toBe(true);
    expect(regionIgnored("eu-west-1", ["eu-west-1"])).toBe(true);
    expect(regionIgnored("eu-west-10", ["eu-west-1"])).toBe(false);
    expect(regionIgnored("us-east-1", ["eu-*"])).toBe(false);
  });
});

describe("a region newer than the snapshot", () => {
  afterEach(() => {
    vi.doUnmock("../../../src/domain/regions-snapshot.js");
    vi.resetModules();
  });

  it("still works by exact name (the SDK's lookup), though globs do not reach it", async () => {
    vi.resetModules();
    vi.doMock("../../../src/domain/regions-snapshot.js", () => ({
      REGIONS_SDK_VERSION: "0.0.0",
      REGIONS: [{ name: "eu-west-1", partition: "aws", optIn: false }],
    }));
    const regions = await import("../../../src/domain/regions.js");
    expect(regions.partitionOfRegion("eu-south-2")).toBe("aws");
    expect(regions.expandRegions(["eu-south-2", "eu-*"], "aws", "regions")).toEqual([
      "eu-south-2",
      "eu-west-1",
    ]);
  });
});
