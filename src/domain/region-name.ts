/** Region names end in a number; `aws-global` and the like are endpoint aliases. */
const REGION_NAME = /^[a-z]+(-[a-z]+)*-\d+$/;

/**
 * Whether `name` has the form of a region name (`eu-west-1`, `us-gov-east-1`): lower-case
 * words and a number, so never a path, a slash or a control character. Says nothing of
 * whether the SDK knows it (see `partitionOfRegion` in `regions.ts`). Its own module, without
 * the SDK's partition data, for readers of record files.
 */
export function isRegionName(name: string): boolean {
  return REGION_NAME.test(name);
}
