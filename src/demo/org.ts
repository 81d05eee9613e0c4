import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
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

/** Creates the organization, then its accounts and OUs one level at a time. */
class Seeder {
  /** Accounts created so far: numbers their names (`prod-03`). */
  #created = 0;

  constructor(
    private readonly client: OrganizationsClient,
    readonly seeded: SeededOrg,
  ) {}

  /** Creates the organization with the client's credentials as its management account. */
  static async create(client: OrganizationsClient): Promise<Seeder> {
    const org = (await client.send(new CreateOrganizationCommand({ FeatureSet: "ALL" })))
      .Organization;
    const root = (await client.send(new ListRootsCommand({}))).Roots?.[0];
    if (!org?.Id || !org.MasterAccountId || !root?.Id)
      throw new Error("CreateOrganization returned no ids");
    return new Seeder(client, {
      managementAccountId: org.MasterAccountId,
      organizationId: org.Id,
      rootId: root.Id,
      ous: new Map([["/", root.Id]]),
      accounts: new Map(),
      closed: [],
      byOu: new Map(),
    });
  }

  /** `ou`'s accounts under `parentId`, then its child OUs, recursively. */
  async walk(parentId: string, path: string, ou: OuSpec): Promise<void> {
    await this.#addAccounts(parentId, path, ou);
    for (const child of ou.children ?? []) {
      const created = (
        await this.client.send(
          new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: child.name }),
        )
      ).OrganizationalUnit;
      if (!created?.Id) throw new Error(`CreateOrganizationalUnit ${child.name} returned no id`);
      const childPath = path === "/" ? `/${child.name}` : `${path}/${child.name}`;
      this.seeded.ous.set(childPath, created.Id);
      await this.walk(created.Id, childPath, child);
    }
  }

  /**
   * The accounts directly in `ou` (the last `closed` of them closed). They are created one
   * after another (the organization lists them in that order); each one's move into its OU
   * and its closing overlap the creation of the next.
   */
  async #addAccounts(parentId: string, path: string, ou: OuSpec): Promise<void> {
    const ids: string[] = [];
    const after: Promise<unknown>[] = [];
    const total = (ou.accounts ?? 0) + (ou.closed ?? 0);
    try {
      for (let i = 0; i < total; i++) {
        const { id, name, email } = await this.#createAccount(ou);
        const closing = i >= (ou.accounts ?? 0);
        after.push(this.#settle(id, parentId, closing));
        if (closing) this.seeded.closed.push(id);
        else {
          this.seeded.accounts.set(id, { name, email, ouPath: path });
          ids.push(id);
        }
      }
    } finally {
      await Promise.allSettled(after);
    }
    await Promise.all(after);
    this.seeded.byOu.set(path, ids);
  }

  /** One account, tagged with `ou`'s tags as it is created (in the root). */
  async #createAccount(ou: OuSpec) {
    this.#created++;
    const name = `${ou.name.toLowerCase()}-${String(this.#created).padStart(2, "0")}`;
    const email = `${name}@example.com`;
    const tags = ou.tags && Object.entries(ou.tags).map(([Key, Value]) => ({ Key, Value }));
    const status = (
      await this.client.send(
        new CreateAccountCommand({ AccountName: name, Email: email, ...(tags && { Tags: tags }) }),
      )
    ).CreateAccountStatus;
    const id = status?.AccountId;
    if (!id) throw new Error(`CreateAccount ${name} returned no account id`);
    return { id, name, email };
  }

  /** Moves a new account from the root under `parentId`, then closes it if asked. */
  async #settle(id: string, parentId: string, close: boolean): Promise<void> {
    const rootId = this.seeded.rootId;
    if (parentId !== rootId) {
      await this.client.send(
        new MoveAccountCommand({
          AccountId: id,
          SourceParentId: rootId,
          DestinationParentId: parentId,
        }),
      );
    }
    if (close) await this.client.send(new CloseAccountCommand({ AccountId: id }));
  }
}

/**
 * Creates an organization shaped like `spec` through the Organizations API, using the
 * client's credentials as the management account (moto: any unknown keys).
 */
export async function seedOrganization(
  client: OrganizationsClient,
  spec: OuSpec = EXAMPLE_ORG,
): Promise<SeededOrg> {
  const seeder = await Seeder.create(client);
  await seeder.walk(seeder.seeded.rootId, "/", spec);
  return seeder.seeded;
}
