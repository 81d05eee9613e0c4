import { describe, expect, it } from "vitest";
import { coveModule } from "../../src/index.js";
import type { whoAmI } from "./workers/task.js";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";

const aws = useTestAws();
const TASK = new URL("./workers/task.ts", import.meta.url);
const base = { credentials: HUB_CREDENTIALS, region: "eu-west-1", progress: false } as const;

describe("coveModule", () => {
  it("smoke", async () => {
    const run = coveModule<typeof whoAmI>(TASK, "whoAmI", { ...base, workers: 2 });
    const out = await run("x");
    console.log(out.Results.length, out.Exceptions[0], out.FailedAssumeRole.length, aws.proxy.count?.("AssumeRole"));
    expect(out.Results).toHaveLength(29);
  });
});
