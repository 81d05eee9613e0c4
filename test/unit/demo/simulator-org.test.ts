import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { describe, expect, it } from "vitest";
import { EXAMPLE_ORG } from "../../../src/demo/org.js";
import { orgFromSpec } from "../../../src/demo/simulator-org.js";
import { MANAGEMENT_ACCOUNT, ROOT_ID, startSimulator } from "../../../src/demo/simulator.js";

describe("orgFromSpec", () => {
  it("builds the example organization as the demo's seeding would: names, OUs, closed account", () => {
    const { org, seeded } = orgFromSpec(EXAMPLE_ORG);
    // 30 members (29 ACTIVE, 1 SUSPENDED) and the management account.
    expect(org.accounts).toHaveLength(31);
    expect(seeded.accounts.size).toBe(29);
    expect(seeded.closed).toHaveLength(1);
    expect(org.accountById.get(seeded.closed[0]!)?.State).toBe("SUSPENDED");
    expect(org.accountById.get(MANAGEMENT_ACCOUNT)?.State).toBe("ACTIVE");
    expect([...seeded.ous.keys()].sort()).toEqual([
      "/",
      "/Sandbox",
      "/Security",
      "/Workloads",
      "/Workloads/Prod",
      "/Workloads/Prod/Payments",
      "/Workloads/Staging",
    ]);
    expect(seeded.byOu.get("/Security")?.map((id) => seeded.accounts.get(id)?.name)).toEqual([
      "security-27",
      "security-28",
      "security-29",
      "security-30",
    ]);
    expect(seeded.byOu.get("/Workloads/Prod")).toHaveLength(8);
    expect(seeded.byOu.get("/Sandbox")).toHaveLength(5);
    for (const [id, account] of seeded.accounts) {
      expect(id).toMatch(/^\d{12}$/);
      expect(org.accountParent.get(id)).toBe(seeded.ous.get(account.ouPath));
      expect(account.email).toBe(`${account.name}@example.com`);
    }
    expect(org.depthCounts).toEqual([3, 2, 1]);
  });

  it("is the same organization for the same seed, and another for another", () => {
    const ids = (seed: number) => [...orgFromSpec(EXAMPLE_ORG, seed).seeded.accounts.keys()];
    expect(ids(1)).toEqual(ids(1));
    expect(ids(2)).not.toEqual(ids(1));
  });
});

describe("startSimulator", () => {
  it("serves the organization in this process to the AWS SDK, and stops", async () => {
    const { org, seeded } = orgFromSpec(EXAMPLE_ORG);
    const sim = await startSimulator({ org });
    const client = new OrganizationsClient({
      region: "us-east-1",
      endpoint: sim.url,
      credentials: { accessKeyId: "AKIATEST", secretAccessKey: "test" },
    });
    try {
      const ous = await client.send(
        new ListOrganizationalUnitsForParentCommand({ ParentId: ROOT_ID }),
      );
      expect(ous.OrganizationalUnits?.map((o) => o.Name)).toEqual([
        "Workloads",
        "Sandbox",
        "Security",
      ]);
      const security = seeded.ous.get("/Security")!;
      const accounts = await client.send(new ListAccountsForParentCommand({ ParentId: security }));
      expect(accounts.Accounts?.map((a) => a.Id)).toEqual(seeded.byOu.get("/Security"));
      const payments = seeded.byOu.get("/Workloads/Prod/Payments")![0]!;
      const tags = await client.send(new ListTagsForResourceCommand({ ResourceId: payments }));
      expect(tags.Tags).toEqual([
        { Key: "Environment", Value: "prod" },
        { Key: "Team", Value: "payments" },
      ]);
    } finally {
      client.destroy();
      await sim.stop();
    }
    await expect(fetch(`${sim.url}/_info`)).rejects.toThrow();
  });
});
