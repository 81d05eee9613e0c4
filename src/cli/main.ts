#!/usr/bin/env node
import { runCli } from "./cli.js";
import { processContext } from "./process-context.js";
import { Secrets } from "./redact.js";
import { setSdkDefaults } from "./sdk-env.js";

// The SDK reads its settings from the process's environment; the user's stays as it was.
const env = setSdkDefaults(process.env);
const code = await runCli(process.argv.slice(2), processContext(new Secrets(), env));
process.exit(code);
