#!/usr/bin/env node
import "./quiet-warnings.js";
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { Command, CommanderError, Option } from "commander";
import { runDemo } from "../demo/run.js";
import {
  addCommonFlags,
  addOptionFlags,
  debugRequested,
  outputOption,
  resolveFormat,
  toCoveOptions,
  type CommonFlags,
} from "./args.js";
import { drive } from "./drive.js";
import { errorLine, EXIT, UsageError } from "./errors.js";
import { ChildTracker, checkCommand, execResultText, execTask } from "./exec.js";
import { Secrets } from "./redact.js";
import { importModule, pickExport } from "./run-module.js";
import { withCachedAccounts } from "./cache.js";
import { addReportCommand } from "./report/command.js";
import { reportOption } from "./report/hook.js";
import { targetsCommand } from "./targets.js";

/** Credentials seen by this process; every text the CLI writes is scrubbed of them. */
const secrets = new Secrets();
secrets.add(process.env.AWS_SECRET_ACCESS_KEY, process.env.AWS_SESSION_TOKEN);

function version(): string {
  try {
    const pkg = JSON.parse(
      readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
    ) as { version?: string };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}

const examples = (lines: string[]) => `\nExamples:\n${lines.map((l) => `  ${l}`).join("\n")}\n`;

/** Builds the `cove` program; `setCode` receives each command's exit code. */
function buildProgram(setCode: (code: number) => void): Command {
  const program = new Command("cove")
    .description(
      "Run a command or a function in many AWS accounts (by account id, OU, root or whole organization) and regions at once.",
    )
    .version(version(), "-V, --version")
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      outputError: (text, write) =>
        write(
          `cove: ${text
            .replace(/^error: /, "error: ")
            .replace(/\s*\n\s*/g, " ")
            .trim()}\n`,
        ),
    })
    .showSuggestionAfterError(true)
    .addHelpText(
      "after",
      examples([
        "cove targets -t ou-ab12-34cd5678 --regions eu-west-1,us-east-1   # what would run (no role assumed)",
        "cove exec -t ou-ab12-34cd5678 -- aws s3 ls                        # a command in every account",
        "cove run audit.ts --export listUsers -o ndjson -- /admins/        # a function of a module",
        "cove demo                                                         # everything against a local moto_server",
        "cove report run.ndjson -o run.html                                # an HTML page of a run's records",
        "",
        "Exit codes: 0 every run succeeded, 1 some run failed, 2 bad usage or setup, 130 interrupted.",
      ]),
    );

  addCommonFlags(
    addOptionFlags(
      program
        .command("targets")
        .summary("the dry run: the accounts × regions a run would use (no role assumed)")
        .description(
          "Print the accounts × regions a run would use (Id, Name, OU path where known, Region), assuming no role: the dry run.",
        ),
      "select",
    ),
    false,
  )
    .addHelpText(
      "after",
      examples([
        "cove targets                                       # every ACTIVE account of the organization",
        "cove targets -t ou-ab12-34cd5678 -i 111122223333   # an OU without one account",
        "cove targets -t r-ab12 --regions eu-west-1,us-east-1 -o csv > targets.csv",
      ]),
    )
    .action(async (flags: Record<string, unknown> & CommonFlags) => {
      setCode(
        await targetsCommand(
          await withCachedAccounts(toCoveOptions(flags, "select"), flags.cacheTtl),
          resolveFormat(flags, process.stdout.isTTY === true),
          flags.quiet === true,
        ),
      );
    });

  addCommonFlags(
    addOptionFlags(
      program
        .command("exec")
        .summary("run a command in every account × region, as the assumed role")
        .description(
          "Run a command once per account × region with the assumed role's credentials in its environment " +
            "(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION, AWS_DEFAULT_REGION, AWS_ACCOUNT_ID, COVE_ACCOUNT_NAME; " +
            "never in argv; AWS_PROFILE removed). {account}, {region} and {name} in the command are replaced. A non-zero exit is an Exception.",
        )
        .argument("<command...>", "the command and its arguments, after --")
        .usage("[options] -- COMMAND [ARGS...]")
        .passThroughOptions(),
      "run",
    ),
    true,
  )
    .addOption(reportOption())
    .addHelpText(
      "after",
      examples([
        "cove exec -t ou-ab12-34cd5678 -- aws sts get-caller-identity",
        "cove exec --regions eu-west-1,us-east-1 -o ndjson -- aws ec2 describe-vpcs --output json",
        "cove exec --out-dir out -- sh -c 'aws s3 ls > /dev/null && echo ok'",
        "cove exec -- aws s3 cp s3://my-bucket-{account}-{region}/report.csv ./{name}-{region}.csv",
        "cove exec --yes --fail-fast -t 111122223333,444455556666 -- ./check.sh",
      ]),
    )
    .action(async (argv: string[], flags: Record<string, unknown> & CommonFlags) => {
      const [command] = argv;
      if (command === undefined)
        throw new UsageError(
          "exec needs a command after --, e.g. cove exec -- aws sts get-caller-identity",
        );
      checkCommand(command);
      const tracker = new ChildTracker();
      setCode(
        await drive({
          command: "exec",
          what: argv.map((a) => (/^[\w@%+=:,./{}-]+$/.test(a) ? a : JSON.stringify(a))).join(" "),
          task: execTask({ argv, outDir: flags.outDir, secrets, tracker }),
          options: await withCachedAccounts(toCoveOptions(flags, "run"), flags.cacheTtl),
          flags,
          format: resolveFormat(flags, process.stdout.isTTY === true),
          secrets,
          resultText: execResultText,
          settle: () => tracker.drain(5000),
          kill: () => tracker.killAll("SIGKILL"),
        }),
      );
    });

  addCommonFlags(
    addOptionFlags(
      program
        .command("run")
        .summary("run an exported function of a .js or .ts module in every account × region")
        .description(
          "Run an exported function (session, ...args) of a .js, .mjs or .ts module (TypeScript without a build step) in every account × region; ARGS are passed as strings.",
        )
        .argument("<module>", "path of the module")
        .argument("[args...]", "arguments after the session, as strings (after --)")
        .usage("MODULE [--export NAME] [options] [-- ARGS...]")
        .option(
          "--export <name>",
          "the exported function to run [default: the default export, or the only exported function]",
        ),
      "run",
    ),
    true,
  )
    .addOption(reportOption())
    .addHelpText(
      "after",
      examples([
        "cove run audit.ts -t ou-ab12-34cd5678                   # the default export",
        "cove run audit.ts --export listUsers -o json -- /admins/",
        "cove run dist/check.js --regions eu-west-1,us-east-1 --out-dir results",
        "",
        "audit.ts:",
        '  import type { CoveSession } from "botocove";',
        '  import { IAMClient, ListUsersCommand } from "@aws-sdk/client-iam";',
        "  export async function listUsers(session: CoveSession, prefix: string) {",
        "    const out = await session.client(IAMClient).send(new ListUsersCommand({ PathPrefix: prefix }));",
        "    return (out.Users ?? []).map((u) => u.UserName);",
        "  }",
      ]),
    )
    .action(
      async (
        modulePath: string,
        args: string[],
        flags: Record<string, unknown> & CommonFlags & { export?: string },
      ) => {
        const options = await withCachedAccounts(toCoveOptions(flags, "run"), flags.cacheTtl);
        const format = resolveFormat(flags, process.stdout.isTTY === true);
        const fn = pickExport(await importModule(modulePath), modulePath, flags.export);
        setCode(
          await drive({
            command: "run",
            what: `${flags.export ?? "the default export"} of ${modulePath}`,
            task: async (session) => {
              const credentials = await session.credentials();
              secrets.add(credentials.secretAccessKey, credentials.sessionToken);
              return fn(session, ...args);
            },
            options,
            flags,
            format,
            secrets,
          }),
        );
      },
    );

  program
    .command("demo")
    .summary("see it all work against a local moto_server and an example organization")
    .description(
      "Start moto_server (a local AWS stand-in), build an example organization of 30 accounts in nested OUs in it, " +
        'and run a cove function across it in two regions. Needs moto_server on PATH (pip install "moto[server]").',
    )
    .addOption(outputOption())
    .addOption(
      new Option("-q, --quiet", "no progress bar or narration on stderr").helpGroup("Output:"),
    )
    .addOption(new Option("--debug", "print stack traces of errors").helpGroup("Output:"))
    .addOption(reportOption())
    .addHelpText(
      "after",
      examples([
        "cove demo",
        "npm run demo",
        "cove demo -o json | jq '.Results | length'",
        "cove demo --report demo.html   # and open demo.html in a browser",
      ]),
    )
    .action(async (flags: CommonFlags & { report?: string }) => {
      setCode(
        await runDemo({
          // The demo is for reading: a table unless another format is asked for.
          format: flags.output ?? "table",
          quiet: flags.quiet === true,
          ...(flags.report === undefined ? {} : { report: flags.report }),
        }),
      );
    });

  addReportCommand(program, setCode, secrets);

  return program;
}

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. */
async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.OK;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    process.stderr.write(secrets.scrub(`cove: error: ${errorLine(error)}\n`));
    if (debugRequested(argv))
      process.stderr.write(secrets.scrub(`${inspect(error, { depth: 6 })}\n`));
    return EXIT.USAGE;
  }
}

process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  // A closed pipe (`cove targets | head`) is not an error of ours.
  if (error.code === "EPIPE") process.exit(EXIT.OK);
  throw error;
});

const code = await main(process.argv.slice(2));
process.exit(code);
