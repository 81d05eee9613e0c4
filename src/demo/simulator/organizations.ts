/**
 * Organizations in the AWS JSON 1.1 protocol (`x-amz-target: AWSOrganizationsV20161128.<Action>`,
 * a JSON body in and out): the read calls botocove makes, one small handler per action.
 */
import { ApiError, type Protocol, type Reply } from "../simulator-wire.js";
import {
  accountArn,
  ARN_PREFIX,
  MANAGEMENT_ACCOUNT,
  ORG_ID,
  ROOT_ID,
  type Account,
  type Org,
  type OrgUnit,
} from "./org-model.js";
import type { PageCache } from "./pages.js";

const ORG_TARGET_PREFIX = "AWSOrganizationsV20161128.";
const JSON_CT = "application/x-amz-json-1.1";

/** A call's JSON input. */
type Input = Record<string, unknown>;
/** One action: its input → the JSON body of its answer; throws an {@link ApiError} for an error. */
type Handler = (input: Input) => string;
/** The handlers by action name. */
export type OrgHandlers = Readonly<Record<string, Handler>>;

/** Organizations' error answers: JSON 1.1, the type in `x-amzn-errortype` and `__type`. */
export const ORGANIZATIONS_PROTOCOL: Protocol = {
  error: (e) => ({
    status: e.status,
    contentType: JSON_CT,
    errorType: e.code,
    body: JSON.stringify({ __type: e.code, Message: e.message }),
  }),
  throttled: () => ({
    status: 400,
    contentType: JSON_CT,
    errorType: "TooManyRequestsException",
    body: JSON.stringify({
      __type: "TooManyRequestsException",
      Type: "AWS_ORGANIZATIONS",
      Message:
        "AWS Organizations can't complete your request because another request is already in progress. Try again later.",
    }),
  }),
  internalError: () =>
    new ApiError(
      "ServiceException",
      "AWS Organizations can't complete your request because of an internal service error. Try again later.",
      500,
      "Receiver",
    ),
};

/** The action an `x-amz-target` header names. */
export function orgAction(target: string): string {
  return target.startsWith(ORG_TARGET_PREFIX) ? target.slice(ORG_TARGET_PREFIX.length) : target;
}

/** The handler of `action`, if Organizations has it. */
export function orgHandler(handlers: OrgHandlers, action: string): Handler | undefined {
  return Object.prototype.hasOwnProperty.call(handlers, action) ? handlers[action] : undefined;
}

/** The answer of `handler` to a request body (no body, or not an object: an empty input). */
export function orgAnswer(handler: Handler | undefined, target: string, body: string): Reply {
  if (!handler) throw new ApiError("UnknownOperationException", `Unknown operation ${target}`);
  let input: Input = {};
  if (body.length > 0) {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object") input = parsed as Input;
  }
  return { status: 200, contentType: JSON_CT, body: handler(input) };
}

function requireString(input: Input, field: string): string {
  const v = input[field];
  if (typeof v !== "string" || v.length === 0) {
    throw new ApiError(
      "InvalidInputException",
      `You provided a value that does not match the required pattern: ${field}`,
    );
  }
  return v;
}

/** The input's ParentId: the root or an OU of `org`. */
function requireParent(org: Org, input: Input): string {
  const id = requireString(input, "ParentId");
  if (id !== ROOT_ID && !org.ouById.has(id)) {
    throw new ApiError(
      "ParentNotFoundException",
      "We can't find a root or OU with the ParentId that you specified.",
    );
  }
  return id;
}

const ORGANIZATION = JSON.stringify({
  Organization: {
    Id: ORG_ID,
    Arn: `${ARN_PREFIX}:organization/${ORG_ID}`,
    FeatureSet: "ALL",
    MasterAccountArn: accountArn(MANAGEMENT_ACCOUNT),
    MasterAccountId: MANAGEMENT_ACCOUNT,
    MasterAccountEmail: "management@example.com",
    AvailablePolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }],
  },
});

const ROOTS = [
  {
    Id: ROOT_ID,
    Arn: `${ARN_PREFIX}:root/${ORG_ID}/${ROOT_ID}`,
    Name: "Root",
    PolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }],
  },
];

/** The Organizations API over `org`, its lists paged by `pages`. */
export function makeOrgHandlers(org: Org, pages: PageCache): OrgHandlers {
  const list = <T>(key: string, field: string, input: Input, items: () => T[]): string =>
    pages.get(key, field, input.MaxResults, input.NextToken, items);
  return {
    DescribeOrganization: () => ORGANIZATION,
    ListRoots: (input) => list("roots", "Roots", input, () => ROOTS),
    ListAccounts: (input) => list("accounts", "Accounts", input, () => org.accounts),
    ListAccountsForParent: (input) => {
      const parent = requireParent(org, input);
      return list(`accounts:${parent}`, "Accounts", input, () =>
        (org.childAccounts.get(parent) ?? []).map((id) => org.accountById.get(id) as Account),
      );
    },
    ListOrganizationalUnitsForParent: (input) => {
      const parent = requireParent(org, input);
      return list(`ous:${parent}`, "OrganizationalUnits", input, () =>
        (org.childOus.get(parent) ?? []).map((id) => org.ouById.get(id) as OrgUnit),
      );
    },
    ListChildren: (input) => {
      const parent = requireParent(org, input);
      const type = childType(input);
      const ids = (type === "ACCOUNT" ? org.childAccounts : org.childOus).get(parent) ?? [];
      return list(`children:${type}:${parent}`, "Children", input, () =>
        ids.map((Id) => ({ Id, Type: type })),
      );
    },
    ListParents: (input) => listParents(org, input),
    DescribeAccount: accountDescriber(org),
    DescribeOrganizationalUnit: (input) => describeOu(org, input),
    ListTagsForResource: (input) => {
      const id = requireString(input, "ResourceId");
      const tags = tagsOf(org, id);
      return list(`tags:${id}`, "Tags", input, () => tags);
    },
  };
}

function childType(input: Input): "ACCOUNT" | "ORGANIZATIONAL_UNIT" {
  const type = input.ChildType;
  if (type !== "ACCOUNT" && type !== "ORGANIZATIONAL_UNIT") {
    throw new ApiError("InvalidInputException", "ChildType must be ACCOUNT or ORGANIZATIONAL_UNIT");
  }
  return type;
}

function listParents(org: Org, input: Input): string {
  const child = requireString(input, "ChildId");
  const parent = org.accountParent.get(child) ?? org.ouParent.get(child);
  if (parent === undefined) {
    throw new ApiError(
      "ChildNotFoundException",
      "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
    );
  }
  return JSON.stringify({
    Parents: [{ Id: parent, Type: parent === ROOT_ID ? "ROOT" : "ORGANIZATIONAL_UNIT" }],
  });
}

/** DescribeAccount, each account's answer rendered once. */
function accountDescriber(org: Org): Handler {
  const described = new Map<string, string>();
  return (input) => {
    const id = requireString(input, "AccountId");
    let body = described.get(id);
    if (body === undefined) {
      const account = org.accountById.get(id);
      if (!account) {
        throw new ApiError(
          "AccountNotFoundException",
          "You specified an account that doesn't exist.",
        );
      }
      body = JSON.stringify({ Account: account });
      described.set(id, body);
    }
    return body;
  };
}

function describeOu(org: Org, input: Input): string {
  const id = requireString(input, "OrganizationalUnitId");
  const ou = org.ouById.get(id);
  if (!ou) {
    throw new ApiError(
      "OrganizationalUnitNotFoundException",
      "We can't find an OU with the OrganizationalUnitId that you specified.",
    );
  }
  return JSON.stringify({ OrganizationalUnit: ou });
}

function tagsOf(org: Org, id: string): { Key: string; Value: string }[] {
  const tags = org.tags.get(id);
  if (!tags) {
    throw new ApiError(
      "TargetNotFoundException",
      "We can't find a resource with the ResourceId that you specified.",
    );
  }
  return tags;
}
