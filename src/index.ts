export { cove } from "./cove.js";
export type { CoveFunction, CoveTask, CoveWrapper, Covered } from "./cove.js";
export { listTargets } from "./run/list-targets.js";
export type { CoveTargets } from "./run/list-targets.js";
export { CoveSession } from "./run/session.js";
export type { ClientClass, CoveClientConfig } from "./run/session.js";
export { CoveError } from "./errors/cove-error.js";
export { shardFromEnvironment, shardOf } from "./domain/shard.js";
export { targetSetFingerprint } from "./domain/target-set.js";
export type { TargetSetFingerprint } from "./domain/target-set.js";
export type { AutoShard } from "./domain/shard.js";
export type { CoveErrorCode, CoveErrorDetails } from "./errors/cove-error.js";
export type {
  AccountInfo,
  AccountRegion,
  CoveEvent,
  CoveException,
  CoveFailedAssumeRole,
  CoveOptions,
  CoveOutput,
  CoveRecordBase,
  CoveResult,
  HubCredentials,
  HubEvent,
  PolicyArn,
  ProgressEvent,
  RegionsForAccount,
  SessionInformation,
  Shard,
  WaitEvent,
} from "./types.js";
export { coveModule } from "./workers/cove-module.js";
export type { CoveModuleFunction, CoveModuleOptions } from "./workers/cove-module.js";
export { diffRuns } from "./diff/diff-runs.js";
export { RunDiffer } from "./diff/run-differ.js";
export type { PendingPaths } from "./diff/run-differ.js";
export type {
  AccountChange,
  DiffInput,
  DiffOptions,
  DiffRecord,
  PathChange,
  RunChange,
  RunChangeKind,
  RunDiff,
  RunList,
  RunSide,
} from "./diff/types.js";
