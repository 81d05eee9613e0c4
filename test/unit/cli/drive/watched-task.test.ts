import { describe, expect, it } from "vitest";
import { watchedTask, type DriveSpec } from "../../../../src/cli/drive/drive.js";
import { RunsInFlight } from "../../../../src/cli/drive/stall.js";
import { Secrets } from "../../../../src/cli/redact.js";
import { testContext } from "../../../support/cli-context.js";
import type { CoveSession } from "../../../../src/index.js";

const FIRST = {
  accessKeyId: "ASIA1",
  secretAccessKey: "first-secret-0123456789",
  sessionToken: "first-token-0123456789",
};
const REFRESHED = {
  accessKeyId: "ASIA2",
  secretAccessKey: "refreshed-secret-0123456789",
  sessionToken: "refreshed-token-0123456789",
};

/** A session whose credentials are refreshed while the run goes on. */
function refreshingSession(): { session: CoveSession; refresh(): void } {
  let current = FIRST;
  const session = {
    credentials: async () => current,
    sessionInformation: { Id: "111111111111", Region: "eu-west-1" },
  } as unknown as CoveSession;
  return { session, refresh: () => (current = REFRESHED) };
}

function spec(task: DriveSpec["task"], secrets: Secrets, raiseException = false): DriveSpec {
  return {
    command: "run",
    what: "test",
    task,
    options: { raiseException },
    flags: {},
    format: "json",
    ctx: testContext({ secrets }).ctx,
  };
}

describe("the task as cove runs it", () => {
  it("redacts the run's credentials, and those refreshed during the run", async () => {
    const secrets = new Secrets();
    const { session, refresh } = refreshingSession();
    const inFlight = new RunsInFlight();
    const { task } = watchedTask(
      spec(() => {
        expect(inFlight.size).toBe(1);
        refresh();
        return "done";
      }, secrets),
      inFlight,
    );
    expect(await task(session)).toBe("done");
    expect(inFlight.size).toBe(0);
    for (const secret of [FIRST, REFRESHED].flatMap((c) => [c.secretAccessKey, c.sessionToken]))
      expect(secrets.scrub(secret)).toBe("[REDACTED]");
  });

  it("with --fail-fast, remembers which run threw what", async () => {
    const boom = new Error("boom");
    const { task, thrown } = watchedTask(
      spec(
        () => {
          throw boom;
        },
        new Secrets(),
        true,
      ),
      new RunsInFlight(),
    );
    await expect(task(refreshingSession().session)).rejects.toBe(boom);
    expect(thrown.get(boom)).toMatchObject({ Id: "111111111111", Region: "eu-west-1" });
  });

  it("names the runs that never finish as Exceptions", async () => {
    const inFlight = new RunsInFlight();
    const { task } = watchedTask(
      spec(() => new Promise(() => {}), new Secrets()),
      inFlight,
    );
    void task(refreshingSession().session);
    await new Promise((r) => setImmediate(r));
    expect(inFlight.unfinishedRecords()).toEqual([
      {
        list: "Exceptions",
        record: expect.objectContaining({
          Id: "111111111111",
          Region: "eu-west-1",
          AssumeRoleSuccess: true,
          ExceptionDetails: expect.objectContaining({ code: "RUN_NEVER_SETTLED" }),
        }),
      },
    ]);
  });
});
