/**
 * The `onHub` option (src/run/hub-hook.ts): told who the hub is, from the call's own read of it,
 * before any discovery and any role; what it throws stops the call there (moto).
 */
import { describe, expect, it } from "vitest";
import { cove, CoveError, listTargets, type HubEvent } from "../../src/index.js";
import { HUB_CREDENTIALS, useTestAws } from "../support/env.js";

const aws = useTestAws();
const base = { credentials: HUB_CREDENTIALS, region: "eu-west-1", progress: false } as const;

/** The hub's reads and what came after them, as the proxy saw them, in order. */
const actions = () => aws.proxy.requests.map((r) => r.action);

describe("the onHub option", () => {
  it("is called once with the hub's identity and organization, from the call's one GetCallerIdentity, before any listing or role", async () => {
    const heard: { hub: HubEvent; seen: string[] }[] = [];
    const out = await cove((s) => s.accountId, {
      ...base,
      regions: ["eu-west-1"],
      onHub: (hub) => {
        heard.push({ hub, seen: actions() });
      },
    })();
    expect(out.Results.length).toBe(aws.org.accounts.size);
    expect(heard).toHaveLength(1);
    const [{ hub, seen }] = heard as [{ hub: HubEvent; seen: string[] }];
    expect(hub).toEqual({
      accountId: aws.org.managementAccountId,
      arn: expect.stringContaining(`:${aws.org.managementAccountId}:`) as string,
      partition: "aws",
      region: "eu-west-1",
      organizationId: aws.org.organizationId,
    });
    // Only the hub's reads came before it: no listing, no AssumeRole.
    expect(seen).toEqual(["sts:GetCallerIdentity", "organizations:DescribeOrganization"]);
    const hubIdentity = aws.proxy.requests.filter(
      (q) => q.action === "sts:GetCallerIdentity" && q.accessKeyId === HUB_CREDENTIALS.accessKeyId,
    );
    expect(hubIdentity).toHaveLength(1);
    expect(aws.proxy.count("organizations:DescribeOrganization")).toBe(1);
  });

  it("a throw (or a rejected promise) stops the call with CALLBACK_FAILED, its cause the thrown value, before any listing or role", async () => {
    const refusal = new Error("not this hub");
    for (const onHub of [
      () => {
        throw refusal;
      },
      () => Promise.reject(refusal),
    ]) {
      aws.proxy.clear();
      const error = await cove((s) => s.accountId, { ...base, onHub })().then(
        () => expect.fail("expected the call to stop"),
        (e: unknown) => e as CoveError,
      );
      expect(error).toBeInstanceOf(CoveError);
      expect(error.code).toBe("CALLBACK_FAILED");
      expect(error.option).toBe("onHub");
      expect(error.cause).toBe(refusal);
      expect(error.message).toContain("not this hub");
      await aws.proxy.idle();
      expect(actions()).toEqual(["sts:GetCallerIdentity", "organizations:DescribeOrganization"]);
    }
  });

  it("listTargets calls it too; accounts that carry their OrganizationId cost no DescribeOrganization", async () => {
    const heard: HubEvent[] = [];
    const listed = await listTargets({ ...base, onHub: (hub) => void heard.push(hub) });
    expect(heard.map((h) => h.organizationId)).toEqual([aws.org.organizationId]);
    aws.proxy.clear();
    await listTargets({
      ...base,
      accounts: listed.accounts.slice(0, 2),
      onHub: (hub) => void heard.push(hub),
    });
    expect(heard.map((h) => h.organizationId)).toEqual([
      aws.org.organizationId,
      aws.org.organizationId,
    ]);
    expect(aws.proxy.count("organizations:DescribeOrganization")).toBe(0);
  });

  it("an organization that cannot be read is undefined, and the call goes on", async () => {
    aws.proxy.faults.push((r) =>
      r.action === "organizations:DescribeOrganization"
        ? { status: 400, code: "AccessDeniedException", message: "no access" }
        : undefined,
    );
    const heard: HubEvent[] = [];
    const listed = await listTargets({ ...base, onHub: (hub) => void heard.push(hub) });
    expect(listed.accounts.length).toBe(aws.org.accounts.size);
    expect(heard).toHaveLength(1);
    expect(heard[0]!.accountId).toBe(aws.org.managementAccountId);
    expect(heard[0]!.organizationId).toBeUndefined();
  });

  it("without it, the call reads no organization (nothing is read for it)", async () => {
    await listTargets(base);
    expect(aws.proxy.count("organizations:DescribeOrganization")).toBe(0);
  });

  it("must be a function: a TypeError before any AWS call", async () => {
    await expect(listTargets({ ...base, onHub: "check" as never })).rejects.toThrow(
      /"onHub" must be a function; received the string "check"/,
    );
    expect(aws.proxy.requests).toEqual([]);
  });
});
