import type { IncomingMessage, ServerResponse } from "node:http";
import { DescribeOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { CoveOptions, CoveSession } from "../index.js";
import { pointSdkAt } from "./env.js";
import { answerAwsError, startForwarder, type Forwarder } from "./forwarder.js";
import { startLocalAws, type LocalAws } from "./local-aws.js";
import { EXAMPLE_ORG } from "./org.js";

/** The regions the demo runs in. */
export const DEMO_REGIONS = ["eu-west-1", "us-east-1"] as const;

/** Fake hub credentials (moto and the simulator take any key as the management account 123456789012). */
const DEMO_CREDENTIALS = {
  accessKeyId: "AKIADEMOHUB000000001",
  secretAccessKey: "demo-secret-not-a-real-key",
};

/** What each run of the demo returns. */
export interface DemoResult {
  /** The caller identity inside the run: the assumed role in the target account. */
  arn: string | undefined;
  /** The organization as the member account sees it. */
  organizationId: string | undefined;
}

/** How `cove demo` runs; the caller runs the demo's function (as `cove run` would) and writes its records. */
export interface DemoOptions {
  /** No narration on stderr. */
  quiet?: boolean;
  /** Where the narration goes. */
  stderr: NodeJS.WritableStream;
  /** Runs `task` with `options` across the organization; resolves to the exit code. */
  run: (
    task: (session: CoveSession) => Promise<DemoResult>,
    options: CoveOptions,
  ) => Promise<number>;
}

/** A demo run's Result in one line: `caller 111111111111, sees o-…`. */
export function demoResultText(result: unknown): string {
  const r = result as DemoResult | undefined;
  const caller = /^arn:[^:]+:sts::(\d{12}):/.exec(r?.arn ?? "")?.[1] ?? "?";
  return `caller ${caller}, sees ${r?.organizationId ?? "no organization"}`;
}

/**
 * Answers AccessDenied to AssumeRole into `account`, as STS would for a role that does not
 * trust the hub (moto lets every AssumeRole succeed).
 */
function denyAssumeRole(account: string) {
  return (req: IncomingMessage, body: Buffer, res: ServerResponse): boolean => {
    const form = new URLSearchParams(body.toString());
    const roleArn = form.get("RoleArn") ?? "";
    if (form.get("Action") !== "AssumeRole" || !roleArn.includes(`:iam::${account}:role/`))
      return false;
    answerAwsError(req, res, {
      status: 403,
      code: "AccessDenied",
      message: `User: arn:aws:iam::123456789012:user/demo is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      requestId: "cove-demo-denied",
    });
    return true;
  };
}

/** The demo's cove function, for an organization where `failing` accounts throw. */
function demoTask(failing: Set<string>) {
  return async (session: CoveSession): Promise<DemoResult> => {
    const identity = await session.client(STSClient).send(new GetCallerIdentityCommand({}));
    if (failing.has(session.accountId)) {
      throw new Error(`Deliberate failure: the demo's function throws in Security OU accounts.`);
    }
    const org = await session.client(OrganizationsClient).send(new DescribeOrganizationCommand({}));
    return { arn: identity.Arn, organizationId: org.Organization?.Id };
  };
}

/** Runs the demo function across the organization of `aws`, behind the refusing forwarder. */
async function runAcrossOrg(
  aws: LocalAws,
  options: DemoOptions,
  say: (line: string) => void,
): Promise<number> {
  const { org } = aws;
  const failing = new Set(org.byOu.get("/Security") ?? []);
  const denied = org.byOu.get("/Sandbox")?.[0] ?? "?";
  let forwarder: Forwarder | undefined;
  try {
    forwarder = await startForwarder(aws.url, denyAssumeRole(denied));
    pointSdkAt(forwarder.url, DEMO_CREDENTIALS, DEMO_REGIONS[0]);
    say(
      `cove demo: running a function in ${org.accounts.size} accounts × ${DEMO_REGIONS.length} regions (${DEMO_REGIONS.join(", ")}): ` +
        "it calls sts:GetCallerIdentity and organizations:DescribeOrganization as the assumed role.",
    );
    say(
      `cove demo: on purpose, the function throws in the ${failing.size} Security OU accounts (Exceptions), and the demo's proxy ` +
        `refuses AssumeRole into account ${denied} (FailedAssumeRole).`,
    );
    return await options.run(demoTask(failing), {
      regions: [...DEMO_REGIONS],
      roleSessionName: "cove-demo",
    });
  } finally {
    await forwarder?.stop();
  }
}

/**
 * `cove demo`: starts a local AWS — moto_server when it is on PATH, else cove's own simulator —
 * holding the example organization (30 accounts in nested OUs, one closed), and runs a cove
 * function across it in two regions through `options.run`. Returns its exit code.
 */
export async function runDemo(options: DemoOptions): Promise<number> {
  const say = (line: string) => {
    if (!options.quiet) options.stderr.write(`${line}\n`);
  };
  const aws = await startLocalAws(EXAMPLE_ORG, DEMO_CREDENTIALS, say);
  try {
    return await runAcrossOrg(aws, options, say);
  } finally {
    await aws.stop();
  }
}
