import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  TagResourceCommand,
} from "@aws-sdk/client-organizations";

/** An OU to create: its name, accounts directly in it, and child OUs. */
export interface OuSpec {
  name: string;
  accounts?: number;
  /** Accounts created here and then closed (SUSPENDED). */
  closed?: number;
  /** Tags for each account created here (Organizations tags). */
  tags?: Record<string, string>;
  children?: OuSpec[];
}

/** An organization that was created. */
export interface SeededOrg {
  managementAccountId: string;
  organizationId: string;
  rootId: string;
  /** OU id by path, e.g. `/Workloads/Prod`. */
  ous: Map<string, string>;
  /** ACTIVE member accounts, by id: their name, email and OU path. */
  accounts: Map<string, { name: string; email: string; ouPath: string }>;
  /** Closed (SUSPENDED) accounts. */
  closed: string[];
  /** Active account ids by OU path (direct children only). */
  byOu: Map<string, string[]>;
}

/** The example organization of the demo and the tests: 30 accounts in nested OUs. */
export const EXAMPLE_ORG: OuSpec = {
  name: "Root",
  accounts: 2,
  children: [
    {
      name: "Workloads",
      children: [
        {
          name: "Prod",
          accounts: 8,
          tags: { Environment: "prod" },
          children: [
            { name: "Payments", accounts: 4, tags: { Environment: "prod", Team: "payments" } },
          ],
        },
        { name: "Staging", accounts: 6, tags: { Environment: "staging" } },
      ],
    },
    { name: "Sandbox", accounts: 5, closed: 1, tags: { Environment: "sandbox" } },
    { name: "Security", accounts: 4 },
  ],
};

/**
 * Creates an organization shaped like `spec` through the Organizations API, using the
 * client's credentials as the management account (moto: any unknown keys).
 */
export async function seedOrganization(
  client: OrganizationsClient,
  spec: OuSpec = EXAMPLE_ORG,
): Promise<SeededOrg> {
  const org = (await client.send(new CreateOrganizationCommand({ FeatureSet: "ALL" })))
    .Organization;
  const root = (await client.send(new ListRootsCommand({}))).Roots?.[0];
  if (!org?.Id || !org.MasterAccountId || !root?.Id)
    throw new Error("CreateOrganization returned no ids");
  const seeded: SeededOrg = {
    managementAccountId: org.MasterAccountId,
    organizationId: org.Id,
    rootId: root.Id,
    ous: new Map([["/", root.Id]]),
    accounts: new Map(),
    closed: [],
    byOu: new Map(),
  };
  let n = 0;
  const addAccounts = async (parentId: string, path: string, ou: OuSpec) => {
    const ids: string[] = [];
    const total = (ou.accounts ?? 0) + (ou.closed ?? 0);
    for (let i = 0; i < total; i++) {
      n++;
      const name = `${ou.name.toLowerCase()}-${String(n).padStart(2, "0")}`;
      const email = `${name}@example.com`;
      const status = (
        await client.send(new CreateAccountCommand({ AccountName: name, Email: email }))
      ).CreateAccountStatus;
      const id = status?.AccountId;
      if (!id) throw new Error(`CreateAccount ${name} returned no account id`);
      if (parentId !== root.Id) {
        await client.send(
          new MoveAccountCommand({
            AccountId: id,
            SourceParentId: root.Id,
            DestinationParentId: parentId,
          }),
        );
      }
      if (ou.tags) {
        await client.send(
          new TagResourceCommand({
            ResourceId: id,
            Tags: Object.entries(ou.tags).map(([Key, Value]) => ({ Key, Value })),
          }),
        );
      }
      if (i >= (ou.accounts ?? 0)) {
        await client.send(new CloseAccountCommand({ AccountId: id }));
        seeded.closed.push(id);
      } else {
        seeded.accounts.set(id, { name, email, ouPath: path });
        ids.push(id);
      }
    }
    seeded.byOu.set(path, ids);
  };
  const walk = async (parentId: string, path: string, ou: OuSpec) => {
    await addAccounts(parentId, path, ou);
    for (const child of ou.children ?? []) {
      const created = (
        await client.send(
          new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: child.name }),
        )
      ).OrganizationalUnit;
      if (!created?.Id) throw new Error(`CreateOrganizationalUnit ${child.name} returned no id`);
      const childPath = path === "/" ? `/${child.name}` : `${path}/${child.name}`;
      seeded.ous.set(childPath, created.Id);
      await walk(created.Id, childPath, child);
    }
  };
  await walk(root.Id, "/", spec);
  return seeded;
}
