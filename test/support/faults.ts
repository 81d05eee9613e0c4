import { expect } from "vitest";
import type { CoveOutput } from "../../src/index.js";
import type { FaultRule, SeenRequest } from "./proxy.js";
import { prng } from "../../src/demo/simulator/prng.js";

/** Every account × region is in exactly one of the three lists. */
export function expectComplete(
  out: CoveOutput<unknown>,
  accounts: readonly string[],
  regions: readonly string[],
): void {
  const keys = [...out.Results, ...out.Exceptions, ...out.FailedAssumeRole].map(
    (r) => `${r.Id}/${r.Region}`,
  );
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys.sort()).toEqual(accounts.flatMap((id) => regions.map((r) => `${id}/${r}`)).sort());
}

export const isAssume = (r: SeenRequest): boolean => r.action === "sts:AssumeRole";

/** A rule that applies `answer` to every `nth` matching request. */
export function every(
  nth: number,
  match: (r: SeenRequest) => boolean,
  answer: ReturnType<FaultRule>,
): FaultRule {
  let n = 0;
  return (r) => (match(r) && ++n % nth === 0 ? answer : undefined);
}

/**
 * A rule that applies `answer` to a `share` (0–1) of the matching requests, chosen by a seeded
 * generator (the same requests fail on every run); `hits` counts the faults it injected.
 */
export function randomly(
  share: number,
  match: (r: SeenRequest) => boolean,
  answer: ReturnType<FaultRule>,
  seed = 1,
): FaultRule & { hits: number } {
  const next = prng(seed);
  const rule = Object.assign(
    (r: SeenRequest) => {
      if (!match(r) || next() >= share) return undefined;
      rule.hits++;
      return answer;
    },
    { hits: 0 },
  );
  return rule;
}

/** The account id of an AssumeRole request (from its role ARN). */
export function assumedAccount(r: SeenRequest): string | undefined {
  return /iam%3A%3A(\d{12})%3Arole/.exec(r.body)?.[1];
}
