/**
 * `npm run update-regions`: writes src/domain/regions-snapshot.ts, the list of regions that
 * region globs expand to and suggestions come from, from the installed AWS SDK.
 *
 * Run it after upgrading `@aws-sdk/core`: test/unit/domain/regions.test.ts fails while the
 * SDK knows a region the snapshot lacks. At run time the library checks exact names with the
 * SDK's public `partition()` lookup only; this dev-time script is the one place that reads the
 * SDK's data module, because the SDK exports a per-name lookup but not the list of regions.
 */
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { partition as sdkPartition, type PartitionsInfo } from "@aws-sdk/core/client";
import type { KnownRegion } from "../src/domain/regions.js";

/**
 * The regions of the `aws` partition enabled by default in every account: those launched
 * before March 20, 2019. Every region launched after that date is opt-in (disabled until the
 * account enables it), so this list is closed: a new `aws` region the SDK learns of is opt-in.
 * Source: AWS Account Management Reference Guide, "Enable or disable AWS Regions in your
 * account", https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
 * AWS documents no opt-in regions in the other partitions (aws-cn, aws-us-gov, the ISO
 * partitions, aws-eusc): their regions are recorded as enabled by default.
 */
export const AWS_REGIONS_ENABLED_BY_DEFAULT: readonly string[] = [
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ca-central-1",
  "eu-central-1",
  "eu-north-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
];

/** Where the snapshot goes, relative to the repository. */
export const SNAPSHOT_FILE = "src/domain/regions-snapshot.ts";

/** Region names end in a number; `aws-global` and the like are endpoint aliases. */
const REGION_NAME = /^[a-z]+(-[a-z]+)*-\d+$/;

const sdkRequire = createRequire(import.meta.url);

/** The installed `@aws-sdk/core` version, for the snapshot's header. */
export function sdkVersion(): string {
  return (sdkRequire("@aws-sdk/core/package.json") as { version: string }).version;
}

/** The SDK's partition data, from the data module of its ES build. */
export async function readSdkPartitions(): Promise<PartitionsInfo> {
  const root = dirname(sdkRequire.resolve("@aws-sdk/core/package.json"));
  const file = join(root, "dist-es/submodules/client/util-endpoints/lib/aws/partitions.js");
  let data: { partitionsInfo?: PartitionsInfo };
  try {
    data = (await import(pathToFileURL(file).href)) as typeof data;
  } catch (error) {
    throw new Error(
      `update-regions: @aws-sdk/core ${sdkVersion()} has no partition data at ${file}; ` +
        "find where partition() (util-endpoints/lib/aws/partition.js) reads it and update this script.",
      { cause: error },
    );
  }
  if (!data.partitionsInfo?.partitions) {
    throw new Error(`update-regions: ${file} does not export partitionsInfo.partitions`);
  }
  return data.partitionsInfo;
}

/**
 * Every region of the partition data with its partition and opt-in flag, in the data's
 * partition order and by name; each checked against the SDK's public `partition()` lookup.
 */
export function regionsOf(data: PartitionsInfo): KnownRegion[] {
  const out: KnownRegion[] = [];
  for (const p of data.partitions) {
    const names = Object.keys(p.regions).filter((name) => REGION_NAME.test(name));
    for (const name of names.sort()) {
      out.push({ name, partition: p.id, optIn: isOptIn(name, p.id) });
    }
  }
  checkWithPublicLookup(out);
  checkDefaultsKnown(out);
  return out;
}

function isOptIn(name: string, partition: string): boolean {
  return partition === "aws" && !AWS_REGIONS_ENABLED_BY_DEFAULT.includes(name);
}

/** The runtime checks names with `partition()`: it must agree with the list. */
function checkWithPublicLookup(regions: readonly KnownRegion[]): void {
  for (const r of regions) {
    const info = sdkPartition(r.name) as { name: string; description?: string };
    if (info.description === undefined || info.name !== r.partition) {
      throw new Error(
        `update-regions: partition("${r.name}") gives ${JSON.stringify(info)}, not a known region of ${r.partition}`,
      );
    }
  }
}

function checkDefaultsKnown(regions: readonly KnownRegion[]): void {
  const missing = AWS_REGIONS_ENABLED_BY_DEFAULT.filter(
    (name) => !regions.some((r) => r.name === name && r.partition === "aws"),
  );
  if (missing.length > 0) {
    throw new Error(`update-regions: the SDK lacks default regions ${missing.join(", ")}`);
  }
}

/** The text of src/domain/regions-snapshot.ts (already formatted as prettier would). */
export function renderSnapshot(regions: readonly KnownRegion[], version: string): string {
  const rows = regions.map(
    (r) => `  { name: "${r.name}", partition: "${r.partition}", optIn: ${r.optIn} },`,
  );
  return [
    `// Generated by \`npm run update-regions\` (scripts/update-regions.ts) from @aws-sdk/core ${version}.`,
    "// Do not edit: run the script after upgrading the SDK.",
    'import type { KnownRegion } from "./regions.js";',
    "",
    "/** The `@aws-sdk/core` version the snapshot was taken from. */",
    `export const REGIONS_SDK_VERSION = "${version}";`,
    "",
    "/**",
    " * Every region the SDK knew, with its partition and whether it is opt-in (disabled until an",
    " * account enables it; see AWS_REGIONS_ENABLED_BY_DEFAULT in scripts/update-regions.ts).",
    " */",
    "export const REGIONS: readonly KnownRegion[] = [",
    ...rows,
    "];",
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const regions = regionsOf(await readSdkPartitions());
  const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
  writeFileSync(join(repo, SNAPSHOT_FILE), renderSnapshot(regions, sdkVersion()));
  const optIn = regions.filter((r) => r.optIn).length;
  process.stdout.write(`${SNAPSHOT_FILE}: ${regions.length} regions (${optIn} opt-in)\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
