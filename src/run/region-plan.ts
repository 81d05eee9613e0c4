import type { NodeHttpHandler } from "@smithy/node-http-handler";
import type { AccountCredentials } from "../credentials/source.js";
import { CoveError } from "../errors/cove-error.js";
import { describeError } from "../errors/describe.js";
import { deadlines } from "../aws/deadlines.js";
import { retryTransient } from "../aws/transient.js";
import { silentLogger } from "../aws/pool.js";
import type { Hub } from "../aws/hub.js";
import type { RegionOptions } from "../options/index.js";
import { ENABLED, expandRegions, ignoredBy } from "../domain/regions.js";
import type { AccountInfo, RegionsForAccount } from "../types.js";

/**
 * Where accounts run: one list for all, or a list found per account — with its assumed role
 * (`"enabled"`), or from its metadata alone, before its role is assumed (a function).
 */
export type RegionPlan =
  | { kind: "static"; regions: string[] }
  | {
      kind: "perAccount";
      needsRole: true;
      /** The account's regions; throws a CoveError when they cannot be determined. */
      resolve(account: AccountInfo, credentials: AccountCredentials): Promise<string[]>;
    }
  | {
      kind: "perAccount";
      needsRole: false;
      /** The account's regions; throws a CoveError when they cannot be determined. */
      resolve(account: AccountInfo): Promise<string[]>;
    };

function noneLeft(): CoveError {
  return new CoveError(
    "INVALID_REGION",
    "regions minus ignoreRegions leaves no region to run in.",
    {
      option: "ignoreRegions",
    },
  );
}

/** The optional EC2 client package `regions: ["enabled"]` reads each account's regions with. */
export type Ec2Module = typeof import("@aws-sdk/client-ec2");

/** Whether the region options read regions with EC2 (`"enabled"` in the list). */
function needsEc2(options: RegionOptions): boolean {
  return Array.isArray(options.regions) && options.regions.includes(ENABLED);
}

/**
 * Loads what the region options need beyond the library's own dependencies: the EC2 client
 * package for `regions: ["enabled"]`. Called before any AWS call, so a missing package is a
 * `MISSING_DEPENDENCY` rejection, not one failed record per account.
 */
export async function loadRegionDependencies(
  options: RegionOptions,
): Promise<Ec2Module | undefined> {
  if (!needsEc2(options)) return undefined;
  try {
    return await import("@aws-sdk/client-ec2");
  } catch (error) {
    throw new CoveError(
      "MISSING_DEPENDENCY",
      'regions: ["enabled"] reads each account\'s regions with EC2 DescribeRegions; install it: npm install @aws-sdk/client-ec2',
      { option: "regions", cause: error },
    );
  }
}

/** The regions enabled for an account, from EC2 DescribeRegions with its assumed role. */
async function enabledRegions(
  ec2: Ec2Module,
  credentials: AccountCredentials,
  hub: Hub,
  handler: NodeHttpHandler,
): Promise<string[]> {
  const client = new ec2.EC2Client({
    region: hub.region,
    credentials: credentials.provider,
    requestHandler: handler,
    logger: silentLogger,
    retryMode: "adaptive",
    maxAttempts: 8,
  });
  try {
    const out = await client.send(new ec2.DescribeRegionsCommand({ AllRegions: false }));
    // AWS answers only enabled regions here; an emulator may list all with their status.
    return (out.Regions ?? [])
      .filter((r) => r.RegionName && r.OptInStatus !== "not-opted-in")
      .map((r) => r.RegionName!)
      .sort();
  } finally {
    client.destroy();
  }
}

/** Keeps the regions `ignoreRegions` does not remove. */
type Keep = (regions: string[]) => string[];

/**
 * Decides where each account runs, validating region names against the hub's partition.
 * `ec2` is what {@link loadRegionDependencies} loaded for these options.
 */
export function planRegions(
  options: RegionOptions,
  hub: Hub,
  handler: NodeHttpHandler,
  ec2: Ec2Module | undefined,
): RegionPlan {
  const ignored = ignoredBy(options.ignoreRegions);
  const keep: Keep = (regions) => regions.filter((r) => !ignored(r));
  const spec = options.regions;
  if (spec === undefined || (Array.isArray(spec) && !spec.includes(ENABLED)))
    return staticPlan(spec as string[] | undefined, hub, keep);
  if (Array.isArray(spec)) {
    if (!ec2)
      throw new Error('planRegions: regions ["enabled"] needs loadRegionDependencies first.');
    return enabledPlan(spec as string[], hub, keep, (credentials) =>
      enabledRegions(ec2, credentials, hub, handler),
    );
  }
  return functionPlan(spec as RegionsForAccount, hub, keep);
}

/** The same regions for every account: the hub's, or the names and globs given. */
function staticPlan(spec: string[] | undefined, hub: Hub, keep: Keep): RegionPlan {
  const regions = keep(
    spec === undefined ? [hub.region] : expandRegions(spec, hub.partition, "regions"),
  );
  if (regions.length === 0) throw noneLeft();
  return { kind: "static", regions };
}

/** `["enabled", …filters]`: each account's enabled regions, read with its role. */
function enabledPlan(
  spec: string[],
  hub: Hub,
  keep: Keep,
  read: (credentials: AccountCredentials) => Promise<string[]>,
): RegionPlan {
  const filters = spec.filter((e) => e !== ENABLED);
  const allowed =
    filters.length > 0
      ? new Set(expandRegions(filters, hub.partition, "regions", { optIn: true }))
      : undefined;
  return {
    kind: "perAccount",
    needsRole: true,
    async resolve(account, credentials) {
      let enabled: string[];
      try {
        enabled = await retryTransient(() => read(credentials), {
          deadlineMs: deadlines().retryMs,
        });
      } catch (error) {
        if (error instanceof CoveError) throw error;
        throw new CoveError(
          "REGIONS_UNAVAILABLE",
          `Could not read the enabled regions of account ${account.Id}: ${describeError(error)}`,
          { ids: [account.Id], option: "regions", cause: error },
        );
      }
      return keep(allowed ? enabled.filter((r) => allowed.has(r)) : enabled);
    },
  };
}

/** A function of the account gives its regions. */
function functionPlan(fn: RegionsForAccount, hub: Hub, keep: Keep): RegionPlan {
  return {
    kind: "perAccount",
    needsRole: false,
    async resolve(account) {
      let given: readonly string[];
      try {
        given = await fn({ ...account });
      } catch (error) {
        throw new CoveError(
          "REGIONS_UNAVAILABLE",
          `The regions function threw for account ${account.Id}: ${describeError(error)}`,
          { ids: [account.Id], option: "regions", cause: error },
        );
      }
      if (!Array.isArray(given) || given.some((r) => typeof r !== "string")) {
        throw new CoveError(
          "INVALID_REGION",
          `The regions function must return an array of region names (account ${account.Id}).`,
          { ids: [account.Id], option: "regions" },
        );
      }
      return keep(expandRegions(given, hub.partition, `regions(${account.Id})`));
    },
  };
}
