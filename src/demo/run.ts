import { createServer, request, type Server } from "node:http";
import { DescribeOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import type { Format } from "../cli/args.js";
import { listSummary, RecordSink } from "../cli/output.js";
import { Secrets } from "../cli/redact.js";
import { cove, type CoveSession } from "../index.js";
import { MOTO_MISSING, startMoto, type Moto } from "./moto.js";
import { EXAMPLE_ORG, seedOrganization, type SeededOrg } from "./org.js";

/** The regions the demo runs in. */
export const DEMO_REGIONS = ["eu-west-1", "us-east-1"];

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
}

/** A running forwarder in front of moto that refuses AssumeRole into some accounts. */
interface DemoProxy {
  url: string;
  denied: Set<string>;
  stop(): Promise<void>;
}

/**
 * Moto lets every AssumeRole succeed; to show a FailedAssumeRole record the demo's own
 * forwarder answers AccessDenied for the accounts in `denied`, as STS would for a role that
 * does not trust the hub.
 */
async function startDemoProxy(target: string): Promise<DemoProxy> {
  const upstream = new URL(target);
  const denied = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const form = new URLSearchParams(body.toString());
      const account = /^arn:[^:]+:iam::(\d{12}):role\//.exec(form.get("RoleArn") ?? "")?.[1];
      if (form.get("Action") === "AssumeRole" && account !== undefined && denied.has(account)) {
        const message = `User: arn:aws:iam::123456789012:user/demo is not authorized to perform: sts:AssumeRole on resource: ${form.get("RoleArn")}`;
        res.writeHead(403, { "content-type": "text/xml", "x-amzn-requestid": "cove-demo-denied" });
        res.end(
          `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>` +
            `<Message>${message}</Message></Error><RequestId>cove-demo-denied</RequestId></ErrorResponse>`,
        );
        return;
      }
      const forward = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      forward.on("error", () => {
        res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    denied,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Points every SDK client of this process at `url` with fake credentials, hermetically. */
function pointSdkAt(url: string): void {
  process.env.AWS_ENDPOINT_URL = url;
  process.env.AWS_ACCESS_KEY_ID = DEMO_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = DEMO_CREDENTIALS.secretAccessKey;
  process.env.AWS_REGION = DEMO_REGIONS[0];
  process.env.AWS_CONFIG_FILE = "/nonexistent/cove-demo-config";
  process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/cove-demo-credentials";
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_DEFAULT_REGION;
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
  let proxy: DemoProxy | undefined;
  try {
    say(
      `cove demo: moto_server is running at ${moto.url} (a local AWS stand-in; nothing leaves this machine).`,
    );
    proxy = await startDemoProxy(moto.url);
    pointSdkAt(proxy.url);

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
    if (deniedAccount !== undefined) proxy.denied.add(deniedAccount);

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
    for await (const event of run.stream()) await sink.add(event);
    await sink.finish();
    say(
      `cove demo: ${listSummary(sink.output)} (${((Date.now() - started) / 1000).toFixed(1)} s).`,
    );
    return 0;
  } finally {
    await proxy?.stop();
    await moto.stop();
  }
}
