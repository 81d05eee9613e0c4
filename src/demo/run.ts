import { DescribeOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { Format } from "../cli/args.js";
import { listSummary, RecordSink } from "../cli/output.js";
import { Secrets } from "../cli/redact.js";
import { RunReport } from "../cli/report/hook.js";
import { cove, type CoveSession } from "../index.js";
import { pointSdkAt } from "./env.js";
import { MOTO_MISSING, startMoto, type Moto } from "./moto.js";
import { startProxy, type FaultRule, type Proxy } from "./proxy.js";
import { EXAMPLE_ORG, seedOrganization, type SeededOrg } from "./org.js";

/** The regions the demo runs in. */
export const DEMO_REGIONS = ["eu-west-1", "us-east-1"] as const;

/** Fake hub credentials (moto takes any key as the management account 123456789012). */
const DEMO_CREDENTIALS = {
  accessKeyId: "AKIADEMOHUB000000001",
  secretAccessKey: "demo-secret-not-a-real-key",
};

/** What `cove demo` prints and how. */
export interface DemoOptions {
  format: Format;
  /** No progress bar and no narration on stderr. */
  quiet?: boolean;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Also write an HTML report of the run to this file. */
  report?: string;
}

/** A running forwarder in front of moto that refuses AssumeRole into some accounts. */
/** A proxy rule answering AccessDenied to AssumeRole into `account`. */
function denyAssumeRole(account: string): FaultRule {
  return (req) => {
    if (req.action !== "sts:AssumeRole") return undefined;
    const roleArn = new URLSearchParams(req.body).get("RoleArn") ?? "";
    if (!roleArn.includes(`:iam::${account}:role/`)) return undefined;
    return {
      status: 403,
      code: "AccessDenied",
      message: `User: arn:aws:iam::123456789012:user/demo is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      requestId: "cove-demo-denied",
    };
  };
}

/** What each run of the demo returns. */
export interface DemoResult {
  /** The caller identity inside the run: the assumed role in the target account. */
  arn: string | undefined;
  /** The organization as the member account sees it. */
  organizationId: string | undefined;
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

/**
 * `cove demo`: starts moto_server, builds the example organization in it (30 accounts in
 * nested OUs, one closed), and runs a cove function across it in two regions. Returns the
 * exit code: 0 when the demo ran (its failures are deliberate), 2 when moto is missing.
 */
export async function runDemo(options: DemoOptions): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const say = (line: string) => {
    if (!options.quiet) stderr.write(`${line}\n`);
  };
  let moto: Moto;
  try {
    moto = await startMoto();
  } catch (error) {
    if (error instanceof Error && error.message === MOTO_MISSING) {
      stderr.write(`${MOTO_MISSING}\n`);
      return 2;
    }
    throw error;
  }
  let proxy: Proxy | undefined;
  try {
    say(
      `cove demo: moto_server is running at ${moto.url} (a local AWS stand-in; nothing leaves this machine).`,
    );
    proxy = await startProxy(moto.url);
    pointSdkAt(proxy.url, DEMO_CREDENTIALS, DEMO_REGIONS[0]);

    say(
      "cove demo: creating the example organization (30 accounts in nested OUs, one of them closed)…",
    );
    const orgClient = new OrganizationsClient({
      region: "us-east-1",
      endpoint: moto.url,
      credentials: DEMO_CREDENTIALS,
    });
    let org: SeededOrg;
    try {
      org = await seedOrganization(orgClient, EXAMPLE_ORG);
    } finally {
      orgClient.destroy();
    }
    const failing = new Set(org.byOu.get("/Security") ?? []);
    const deniedAccount = org.byOu.get("/Sandbox")?.[0];
    // Moto lets every AssumeRole succeed; to show a FailedAssumeRole record the proxy answers
    // AccessDenied for one account, as STS would for a role that does not trust the hub.
    if (deniedAccount !== undefined) proxy.faults.push(denyAssumeRole(deniedAccount));

    say(
      `cove demo: running a function in ${org.accounts.size} accounts × ${DEMO_REGIONS.length} regions (${DEMO_REGIONS.join(", ")}): ` +
        "it calls sts:GetCallerIdentity and organizations:DescribeOrganization as the assumed role.",
    );
    say(
      `cove demo: on purpose, the function throws in the ${failing.size} Security OU accounts (Exceptions), and the demo's proxy ` +
        `refuses AssumeRole into account ${deniedAccount ?? "?"} (FailedAssumeRole).`,
    );
    const started = Date.now();
    const run = cove(demoTask(failing), {
      regions: DEMO_REGIONS,
      roleSessionName: "cove-demo",
      // The report groups accounts by OU path.
      ...(options.report !== undefined ? { ouPaths: true } : {}),
      ...(options.quiet ? { progress: false } : {}),
    });
    const sink = new RecordSink({
      format: options.format,
      secrets: new Secrets(),
      stdout,
      width: (stdout as NodeJS.WriteStream).columns,
      resultText: (r) => {
        const result = r as DemoResult | undefined;
        const caller = /^arn:[^:]+:sts::(\d{12}):/.exec(result?.arn ?? "")?.[1] ?? "?";
        return `caller ${caller}, sees ${result?.organizationId ?? "no organization"}`;
      },
    });
    const report = RunReport.start({
      command: "demo",
      what: "sts:GetCallerIdentity and organizations:DescribeOrganization as the assumed role",
      options: { regions: DEMO_REGIONS, roleSessionName: "cove-demo" },
      secrets: new Secrets(),
      flags: { report: options.report, quiet: options.quiet },
    });
    for await (const event of run.stream()) {
      await sink.add(event);
      report?.add(event);
    }
    await sink.finish();
    await report?.write();
    say(
      `cove demo: ${listSummary(sink.output)} (${((Date.now() - started) / 1000).toFixed(1)} s).`,
    );
    return 0;
  } finally {
    await proxy?.stop();
    await moto.stop();
  }
}
