import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { coveModule } from "../../src/index.js";
import type { outliveCredentials } from "./workers/task.js";
import {
  ssoHome,
  startSsoSimulator,
  useSsoEnv,
  validToken,
  type SsoHome,
  type SsoSimulator,
} from "../support/sso.js";

const TASK = new URL("./workers/task.ts", import.meta.url);

describe("coveModule: credentials refreshed across threads", () => {
  // Role credentials from the Identity Center simulator last 2 s: a run outlives them.
  let sim: SsoSimulator;
  let home: SsoHome;
  let restore: () => void;
  beforeEach(async () => {
    sim = await startSsoSimulator(["--accounts", "3", "--sso-lifetime", "2"]);
    home = ssoHome({ profile: "dev", token: validToken() });
    restore = useSsoEnv(home, sim.url);
  });
  afterEach(async () => {
    restore();
    home.remove();
    await sim.close();
  });

  it("a worker's run gets the main thread's refreshed credentials, fetched once per account", async () => {
    const run = coveModule<typeof outliveCredentials>(TASK, "outliveCredentials", {
      identityCenter: { roleName: "ReadOnly", profile: "dev" },
      regions: ["eu-west-1", "us-east-1"],
      progress: false,
      workers: 2,
    });
    const out = await run();
    expect(out.Exceptions).toEqual([]);
    expect(out.Results).toHaveLength(6);
    for (const r of out.Results) {
      expect(r.Result.changed).toBe(true);
      // The refreshed credentials work: STS sees the run's own account.
      expect(r.Result.arn).toContain(`::${r.Id}:assumed-role/`);
    }
    // One first fetch and one refresh per account, shared by its two regions (two workers
    // refreshing on their own would make 3 + 6).
    expect((await sim.stats()).calls["sso:GetRoleCredentials"]).toBe(6);
  });
});
