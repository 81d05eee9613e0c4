export { cove } from "./cove.js";
export type { CoveFunction, CoveTask, CoveWrapper, Covered } from "./cove.js";
export { listTargets } from "./plan.js";
export type { CoveTargets } from "./plan.js";
export { CoveSession } from "./session.js";
export type { ClientClass, CoveClientConfig } from "./session.js";
export { CoveError } from "./errors.js";
export type { CoveErrorCode, CoveErrorDetails } from "./errors.js";
export type {
  AccountInfo,
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
  SessionInformation,
  Shard,
} from "./types.js";
