import { STSClient } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it } from "vitest";
import { cove, type CoveSession } from "../../src/index.js";
import { useTestAws } from "../support/env.js";

const aws = useTestAws({ name: "Root", accounts: 3 });
const saved = process.env.AWS_MAX_ATTEMPTS;
afterEach(() => {
  if (saved === undefined) delete process.env.AWS_MAX_ATTEMPTS;
  else process.env.AWS_MAX_ATTEMPTS = saved;
});

/** The run: the max attempts its STS client reads; then it changes the environment. */
async function attemptsThenChange(session: CoveSession): Promise<unknown> {
  const client = session.client(STSClient);
  const attempts = await (client.config.maxAttempts as () => Promise<number>)();
  process.env.AWS_MAX_ATTEMPTS = "2";
  return attempts;
}

describe("cove(): client settings from the environment, read once per client class per call", () => {
  it("the runs of one call share what the first client read; the next call reads again", async () => {
    process.env.AWS_MAX_ATTEMPTS = "7";
    const options = { regions: ["eu-west-1"], concurrency: 1 };
    const first = await cove(attemptsThenChange, options)();
    expect(first.Results).toHaveLength(aws.org.accounts.size);
    expect(first.Results.map((r) => r.Result)).toEqual([7, 7, 7]);
    const second = await cove(attemptsThenChange, options)();
    expect(second.Results.map((r) => r.Result)).toEqual([2, 2, 2]);
  });
});
