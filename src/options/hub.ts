import { CoveError } from "../errors/cove-error.js";
import { partitionOfRegion, unknownRegion } from "../domain/regions.js";
import type { HubCredentials, HubEvent, WaitEvent } from "../types.js";
import {
  badValue,
  optionalFunction,
  optionalString,
  typeError,
  type RawOptions,
} from "./checks.js";

/** Who the calling ("hub") account is and where its STS and Organizations clients go. */
export interface HubOptions {
  /** @default the SDK's default Node credential chain */
  credentials: HubCredentials | undefined;
  profile: string | undefined;
  /** @default the SDK's default region (env, then profile) */
  region: string | undefined;
  /** @default read from the caller identity ARN */
  partition: string | undefined;
  /** @default none */
  onWait: ((event: WaitEvent) => void) | undefined;
  /** @default none */
  onHub: ((hub: HubEvent) => void | Promise<void>) | undefined;
  /**
   * The environment the SDK's credential chain reads (`process.env`: `AWS_PROFILE`, the keys,
   * the shared files' paths), to say what it lacked when it found no credentials.
   * @default process.env
   */
  env: NodeJS.ProcessEnv;
}

const PARTITION = /^aws(-[a-z]+)*$/;

/** Validates the hub options. */
export function resolveHubOptions(o: RawOptions): HubOptions {
  if (o.credentials !== undefined && !isCredentials(o.credentials)) {
    throw typeError(
      "credentials",
      "{ accessKeyId, secretAccessKey, sessionToken? } or a credential provider function",
      o.credentials,
    );
  }
  const profile = optionalString(o, "profile");
  if (profile !== undefined && o.credentials !== undefined) {
    throw new CoveError(
      "INVALID_OPTION",
      'Options "credentials" and "profile" cannot be used together; pick one.',
      { option: "profile" },
    );
  }
  if (profile === "") throw badValue("profile", "a profile name", profile);
  const region = optionalString(o, "region");
  if (region !== undefined && partitionOfRegion(region) === undefined)
    throw unknownRegion(region, "region");
  const partition = optionalString(o, "partition");
  if (partition !== undefined && !PARTITION.test(partition)) {
    throw badValue("partition", "a partition name such as aws, aws-cn or aws-us-gov", partition);
  }
  return {
    credentials: o.credentials as HubCredentials | undefined,
    profile,
    region,
    partition,
    onWait: optionalFunction<HubOptions["onWait"]>(o, "onWait"),
    onHub: optionalFunction<HubOptions["onHub"]>(o, "onHub"),
    env: process.env,
  };
}

function isCredentials(v: unknown): v is HubCredentials {
  if (typeof v === "function") return true;
  if (typeof v !== "object" || v === null) return false;
  const c = v as Record<string, unknown>;
  return typeof c.accessKeyId === "string" && typeof c.secretAccessKey === "string";
}
