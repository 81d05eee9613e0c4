import { CoveError } from "../errors/cove-error.js";
import type { Shard } from "../types.js";

/**
 * The shard of an account id among `count` (a stable FNV-1a hash of the id): what
 * `shard: { index, count }` runs is the accounts whose `shardOf(id, count) === index`.
 * @example shardOf("111122223333", 4) // the same number on every machine, 0…3
 */
export function shardOf(accountId: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < accountId.length; i++) {
    h ^= accountId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % count;
}

/** `auto`, or `auto/N` (N: the count, for engines that do not export it). */
export type AutoShard = "auto" | `auto/${number}`;

/** The engine variables `auto` reads, in the order they are looked for. */
export const SHARD_VARIABLES = {
  /** AWS Batch array job: the child's index (0-based). */
  batchIndex: "AWS_BATCH_JOB_ARRAY_INDEX",
  /** AWS Batch array job: the array size. */
  batchSize: "AWS_BATCH_JOB_ARRAY_SIZE",
  /** Kubernetes Indexed Job: the pod's completion index (the count is not exported). */
  completionIndex: "JOB_COMPLETION_INDEX",
} as const;

const LOOKED_FOR =
  `${SHARD_VARIABLES.batchIndex} + ${SHARD_VARIABLES.batchSize} (AWS Batch array job), ` +
  `${SHARD_VARIABLES.completionIndex} (Kubernetes Indexed Job, with auto/N)`;

/** The shard option as text, for messages. */
const shown = (spec: string) => JSON.stringify(spec);

function shardError(spec: string, why: string): CoveError {
  return new CoveError("INVALID_OPTION", `Option "shard" ${shown(spec)}: ${why}`, {
    option: "shard",
  });
}

/** A whole number written in decimal, or `undefined` when `text` is something else. */
function wholeNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d{1,9}\s*$/.test(text)) return undefined;
  return Number(text);
}

/** Whether `value` is `auto` or `auto/N` (N any text: checked by {@link shardFromEnvironment}). */
export function isAutoShard(value: unknown): value is AutoShard {
  return typeof value === "string" && /^auto(\/.*)?$/.test(value.trim());
}

/** The count of `auto/N`, `undefined` for `auto`; an error for a bad N. */
function countOf(spec: string): number | undefined {
  const slash = spec.indexOf("/");
  if (slash < 0) return undefined;
  const count = wholeNumber(spec.slice(slash + 1));
  if (count === undefined || count < 1)
    throw shardError(spec, "expected auto/N with N a whole number >= 1 (the shard count).");
  return count;
}

/** Reads one index or size variable: a whole number, else an error naming it. */
function variable(
  spec: string,
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): number | undefined {
  const text = env[name];
  if (text === undefined || text === "") return undefined;
  const value = wholeNumber(text);
  if (value === undefined)
    throw shardError(spec, `${name} is ${JSON.stringify(text)}, not a whole number.`);
  return value;
}

/** `0…3` for a count of 4, `0` for a count of 1: the indexes of a count. */
function indexesOf(count: number): string {
  return count === 1 ? "0" : `0…${count - 1}`;
}

/**
 * What is wrong with a shard's index and count, in words (`undefined` when nothing is): the
 * count a whole number >= 1, the index a whole number below it.
 * @example shardRangeProblem(4, 4) // "the index must be below the count: 0…3 (it is 4)."
 */
export function shardRangeProblem(index: number, count: number): string | undefined {
  if (!Number.isInteger(count) || count < 1)
    return `the count must be a whole number >= 1 (it is ${count}).`;
  if (!Number.isInteger(index) || index < 0)
    return `the index must be a whole number from ${indexesOf(count)} (it is ${index}).`;
  if (index >= count)
    return `the index must be below the count: ${indexesOf(count)} (it is ${index}).`;
  return undefined;
}

/** Checks `0 <= index < count` and returns the shard. */
function inRange(spec: string, index: number, count: number, from: string): Shard {
  if (count < 1) throw shardError(spec, `${from}: the count ${count} is not >= 1.`);
  if (index >= count)
    throw shardError(
      spec,
      `${from}: index ${index} is outside the count ${count} (0…${count - 1}).`,
    );
  return { index, count };
}

/**
 * Resolves `shard: "auto"` (or `"auto/N"`) from an engine's environment, given explicitly
 * (the library passes `process.env`; nothing else reads it): an AWS Batch array job's
 * `AWS_BATCH_JOB_ARRAY_INDEX` and `AWS_BATCH_JOB_ARRAY_SIZE` (with `auto/N`, N must agree
 * with the size), else a Kubernetes Indexed Job's `JOB_COMPLETION_INDEX` with the count N of
 * `auto/N` (Kubernetes does not export it). No variable found, a count missing, or an index
 * outside the count: `CoveError` `INVALID_OPTION` naming the variables looked for.
 * @example shardFromEnvironment("auto/8", { JOB_COMPLETION_INDEX: "3" }) // { index: 3, count: 8 }
 */
export function shardFromEnvironment(
  spec: AutoShard,
  env: Readonly<Record<string, string | undefined>>,
): Shard {
  const text = spec.trim();
  const count = countOf(text);
  const batchIndex = variable(text, env, SHARD_VARIABLES.batchIndex);
  if (batchIndex !== undefined) {
    const size = variable(text, env, SHARD_VARIABLES.batchSize);
    const from = `${SHARD_VARIABLES.batchIndex}=${batchIndex}`;
    if (size !== undefined && count !== undefined && size !== count)
      throw shardError(
        text,
        `${SHARD_VARIABLES.batchSize}=${size} disagrees with the count ${count} of ${text}.`,
      );
    const total = size ?? count;
    if (total === undefined)
      throw shardError(
        text,
        `${from} is set but ${SHARD_VARIABLES.batchSize} is not (give the count: auto/N).`,
      );
    return inRange(text, batchIndex, total, from);
  }
  const completion = variable(text, env, SHARD_VARIABLES.completionIndex);
  if (completion !== undefined) {
    const from = `${SHARD_VARIABLES.completionIndex}=${completion}`;
    if (count === undefined)
      throw shardError(
        text,
        `${from} is set, but Kubernetes does not export the count: give it as auto/N (N = the Job's completions).`,
      );
    return inRange(text, completion, count, from);
  }
  throw shardError(
    text,
    `no engine variable found: looked for ${LOOKED_FOR}. Elsewhere give the shard as I/N.`,
  );
}
