/** What a test organization is made of (the input of `startTestOrganization`), and its checks. */
import { CoveError } from "../errors/cove-error.js";

/** A member account of a test organization. */
export interface TestAccount {
  /** The account's name (unique in the organization): `accounts[name]` gives its id. */
  name: string;
  /**
   * Its 12-digit id.
   * @default one drawn from `seed`
   */
  id?: string;
  /**
   * Organizations tags of the account.
   * @default none
   */
  tags?: Readonly<Record<string, string>>;
  /**
   * `SUSPENDED` for a closed account: listed, never run in.
   * @default "ACTIVE"
   */
  status?: "ACTIVE" | "SUSPENDED";
  /**
   * The IAM roles that exist in the account; AssumeRole of any other answers AccessDenied (as AWS
   * answers for a role that does not exist).
   * @default the organization's `roles`
   */
  roles?: readonly string[];
  /**
   * AssumeRole refused with AccessDenied although the role exists: `true` for every role, or
   * the names of the refused roles (a trust policy that does not trust the hub).
   * @default false (none refused)
   */
  refuse?: boolean | readonly string[];
  /**
   * The IAM Identity Center permission sets the login has in this account (with
   * `identityCenter`); an empty list means the login does not reach the account.
   * @default the `identityCenter.permissionSets`
   */
  permissionSets?: readonly string[];
}

/** An organizational unit of a test organization, by name, with its accounts and child OUs. */
export interface TestOu {
  /** The OU's name: its path is its parents' names and its own, such as `/Workloads/Prod`. */
  name: string;
  /**
   * The accounts directly in this OU.
   * @default none
   */
  accounts?: readonly TestAccount[];
  /**
   * Child OUs.
   * @default none
   */
  ous?: readonly TestOu[];
}

/** The IAM Identity Center login of a test organization (the portal at the same endpoint). */
export interface TestIdentityCenter {
  /**
   * The access token the portal accepts (put it in the SSO token cache of the test's profile).
   * @default "simulated-sso-access-token"
   */
  token?: string;
  /**
   * Permission sets the login has in every ACTIVE account (an account's `permissionSets`
   * overrides them).
   * @default ["ReadOnly"]
   */
  permissionSets?: readonly string[];
}

/** A small organization for tests: its tree, its accounts' roles, refusals and rate limits. */
export interface TestOrganizationDescription {
  /**
   * Accounts directly under the root.
   * @default none
   */
  accounts?: readonly TestAccount[];
  /**
   * OUs under the root (nested by `ous`).
   * @default none
   */
  ous?: readonly TestOu[];
  /**
   * The IAM roles that exist in every account without its own `roles`.
   * @default ["OrganizationAccountAccessRole"]
   */
  roles?: readonly string[];
  /**
   * STS rate limit of the hub, requests per second (AssumeRole over it answers `Throttling`,
   * which the SDK retries); 0 for none.
   * @default 0
   */
  stsRate?: number;
  /**
   * STS token-bucket size: calls allowed at once before the rate applies.
   * @default max(1, stsRate / 10)
   */
  stsBurst?: number;
  /**
   * An IAM Identity Center portal and its login.
   * @default none (the portal answers 401 to every token but the default one)
   */
  identityCenter?: TestIdentityCenter;
  /**
   * The hub's region (`options.region`, `env.AWS_REGION`).
   * @default "us-east-1"
   */
  region?: string;
  /**
   * Seed of the account and OU ids that are not given.
   * @default 1
   */
  seed?: number;
}

function invalid(message: string): CoveError {
  return new CoveError("INVALID_OPTION", `startTestOrganization: ${message}`);
}

function checkNames(where: string, names: unknown): void {
  if (names === undefined) return;
  if (!Array.isArray(names) || names.some((n) => typeof n !== "string" || n === "")) {
    throw invalid(`${where} must be a list of non-empty names`);
  }
}

/** Checks one account, and that its name and id are new. */
function checkAccount(a: TestAccount, names: Set<string>, ids: Set<string>): void {
  if (typeof a?.name !== "string" || a.name === "") throw invalid("every account needs a name");
  if (names.has(a.name)) throw invalid(`two accounts are named "${a.name}"`);
  names.add(a.name);
  if (a.id !== undefined) {
    if (!/^\d{12}$/.test(a.id)) throw invalid(`account "${a.name}": id must be 12 digits`);
    if (ids.has(a.id)) throw invalid(`account "${a.name}": id ${a.id} is taken`);
    ids.add(a.id);
  }
  if (a.status !== undefined && a.status !== "ACTIVE" && a.status !== "SUSPENDED") {
    throw invalid(`account "${a.name}": status must be "ACTIVE" or "SUSPENDED"`);
  }
  checkNames(`account "${a.name}": roles`, a.roles);
  checkNames(`account "${a.name}": permissionSets`, a.permissionSets);
  if (typeof a.refuse !== "boolean") checkNames(`account "${a.name}": refuse`, a.refuse);
}

function checkOus(ous: readonly TestOu[], path: string, names: Set<string>, ids: Set<string>) {
  const seen = new Set<string>();
  for (const ou of ous) {
    if (typeof ou?.name !== "string" || ou.name === "" || ou.name.includes("/")) {
      throw invalid(`an OU under ${path} needs a name without "/"`);
    }
    if (seen.has(ou.name)) throw invalid(`two OUs under ${path} are named "${ou.name}"`);
    seen.add(ou.name);
    for (const a of ou.accounts ?? []) checkAccount(a, names, ids);
    checkOus(ou.ous ?? [], `${path === "/" ? "" : path}/${ou.name}`, names, ids);
  }
}

function checkRate(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= min)) {
    throw invalid(`${name} must be a number >= ${min}`);
  }
}

/** Throws a `CoveError` `INVALID_OPTION` naming the first thing wrong with `d`. */
export function checkDescription(d: TestOrganizationDescription): void {
  if (typeof d !== "object" || d === null) throw invalid("expected an object");
  const names = new Set<string>();
  const ids = new Set<string>();
  for (const a of d.accounts ?? []) checkAccount(a, names, ids);
  checkOus(d.ous ?? [], "/", names, ids);
  checkNames("roles", d.roles);
  checkRate("stsRate", d.stsRate, 0);
  checkRate("stsBurst", d.stsBurst, 1);
  if (d.identityCenter !== undefined) {
    checkNames("identityCenter.permissionSets", d.identityCenter.permissionSets);
    if (d.identityCenter.token !== undefined && d.identityCenter.token === "") {
      throw invalid("identityCenter.token must not be empty");
    }
  }
  if (d.seed !== undefined && !Number.isInteger(d.seed)) throw invalid("seed must be an integer");
}
