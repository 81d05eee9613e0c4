export { cove } from "./cove.js";
export type { CoveFunction, CoveTask, CoveWrapper, Covered } from "./cove.js";
export { listTargets } from "./run/list-targets.js";
export type { CoveTargets } from "./run/list-targets.js";
export { CoveSession } from "./run/session.js";
export type { ClientClass, CoveClientConfig } from "./run/session.js";
export { CoveError } from "./errors/cove-error.js";
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
  PolicyArn,
  ProgressEvent,
  RegionsForAccount,
  SessionInformation,
  Shard,
} from "./types.js";
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
