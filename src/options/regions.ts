import { checkRegionEntry, checkRegionList } from "../domain/regions.js";
import type { RegionsForAccount } from "../types.js";
import { nonEmpty, stringList, type RawOptions } from "./checks.js";

/** Where accounts run. */
export interface RegionOptions {
  /** `undefined`: the hub region. Entries may be names, globs or `"enabled"`. */
  regions: string[] | RegionsForAccount | undefined;
  /** @default [] */
  ignoreRegions: string[];
}

/** Validates region names and globs against the SDK's partition data (no AWS call). */
export function resolveRegionOptions(o: RawOptions): RegionOptions {
  let regions: string[] | RegionsForAccount | undefined;
  if (typeof o.regions === "function") {
    regions = o.regions as RegionsForAccount;
  } else {
    const list = nonEmpty(stringList(o, "regions"), "regions");
    if (list !== undefined) checkRegionList(list, "regions");
    regions = list === undefined ? undefined : [...new Set(list)];
  }
  const ignoreRegions = stringList(o, "ignoreRegions") ?? [];
  ignoreRegions.forEach((r, i) => checkRegionEntry(r, `ignoreRegions[${i}]`, false));
  return { regions, ignoreRegions };
}
