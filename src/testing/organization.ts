/** The simulator's organization (src/demo/simulator/org-model.ts) that a test description makes. */
import { CoveError } from "../errors/cove-error.js";
import {
  accountArn,
  attachAccount,
  attachOu,
  BASE_TIME,
  emptyOrg,
  MANAGEMENT_ACCOUNT,
  newAccountId,
  orgUnit,
  randomText,
  ROOT_ID,
  type Org,
} from "../demo/simulator/org-model.js";
import { prng } from "../demo/simulator/prng.js";
import type { TestAccount, TestOrganizationDescription, TestOu } from "./description.js";

/** The role every account has unless told otherwise (the one Organizations creates). */
export const DEFAULT_ROLE = "OrganizationAccountAccessRole";
/** The permission set the login has in every account unless told otherwise. */
export const DEFAULT_PERMISSION_SET = "ReadOnly";

/** The organization, and its ids by the description's names. */
export interface BuiltOrganization {
  org: Org;
  /** Account name -> id. */
  accounts: Record<string, string>;
  /** OU path (`/Workloads/Prod`, `/` for the root) -> id. */
  ous: Record<string, string>;
}

class Builder {
  readonly org: Org = emptyOrg();
  readonly accounts: Record<string, string> = {};
  readonly ous: Record<string, string> = { "/": ROOT_ID };
  readonly #rand: () => number;
  readonly #used = new Set<string>([MANAGEMENT_ACCOUNT]);

  constructor(private readonly d: TestOrganizationDescription) {
    this.#rand = prng(d.seed ?? 1);
    this.org.roles = new Map();
    this.org.refusedRoles = new Map();
    if (d.identityCenter) this.org.ssoRoles = new Map();
    this.#reserveIds([...(d.accounts ?? []), ...allOuAccounts(d.ous ?? [])]);
  }

  /** The given ids first, so that drawn ones never take them. */
  #reserveIds(accounts: readonly TestAccount[]): void {
    for (const a of accounts) {
      if (a.id === MANAGEMENT_ACCOUNT) {
        throw new CoveError(
          "INVALID_OPTION",
          `startTestOrganization: account "${a.name}": ${MANAGEMENT_ACCOUNT} is the hub (management) account`,
        );
      }
      if (a.id !== undefined) this.#used.add(a.id);
    }
  }

  /** The hub (management) account under the root, with every role. */
  addManagement(): void {
    const id = MANAGEMENT_ACCOUNT;
    attachAccount(this.org, this.#record(id, "management", "ACTIVE"), ROOT_ID, []);
  }

  walk(parentId: string, path: string, accounts: readonly TestAccount[], ous: readonly TestOu[]) {
    for (const a of accounts) this.#addAccount(a, parentId);
    for (const ou of ous) {
      const id = `ou-ex01-${randomText(this.#rand, 8)}`;
      const ouPath = `${path === "/" ? "" : path}/${ou.name}`;
      attachOu(this.org, orgUnit(id, ou.name), parentId);
      this.org.tags.set(id, []);
      this.ous[ouPath] = id;
      this.walk(id, ouPath, ou.accounts ?? [], ou.ous ?? []);
    }
  }

  #record(id: string, name: string, state: "ACTIVE" | "SUSPENDED") {
    return {
      Id: id,
      Arn: accountArn(id),
      Email: `${name.toLowerCase().replace(/[^a-z0-9.-]+/g, "-")}@example.com`,
      Name: name,
      Status: state,
      State: state,
      JoinedMethod: id === MANAGEMENT_ACCOUNT ? ("INVITED" as const) : ("CREATED" as const),
      JoinedTimestamp: BASE_TIME + this.org.accounts.length * 3600,
    };
  }

  #addAccount(a: TestAccount, parentId: string): void {
    const id = a.id ?? newAccountId(this.#rand, this.#used);
    const tags = Object.entries(a.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
    attachAccount(this.org, this.#record(id, a.name, a.status ?? "ACTIVE"), parentId, tags);
    this.accounts[a.name] = id;
    this.org.roles?.set(id, new Set(a.roles ?? this.d.roles ?? [DEFAULT_ROLE]));
    if (a.refuse === true) this.org.denied.add(id);
    else if (a.refuse) this.org.refusedRoles?.set(id, new Set(a.refuse));
    const sets = a.permissionSets ??
      this.d.identityCenter?.permissionSets ?? [DEFAULT_PERMISSION_SET];
    if (sets.length > 0) this.org.ssoRoles?.set(id, [...sets]);
  }
}

function allOuAccounts(ous: readonly TestOu[]): TestAccount[] {
  return ous.flatMap((ou) => [...(ou.accounts ?? []), ...allOuAccounts(ou.ous ?? [])]);
}

/** The organization `d` describes (checked beforehand), with the hub account under the root. */
export function buildTestOrganization(d: TestOrganizationDescription): BuiltOrganization {
  const builder = new Builder(d);
  builder.addManagement();
  builder.walk(ROOT_ID, "/", d.accounts ?? [], d.ous ?? []);
  return { org: builder.org, accounts: builder.accounts, ous: builder.ous };
}
