/**
 * Environment the AWS SDK reads, set before it runs: imported first by the entry point.
 *
 * The SDK warns once per process that Node 20 support ends (`NodeVersionSupportWarning`, from
 * `@aws-sdk/core` when the first client is made) unless
 * `AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED` is `"true"`. The CLI turns it off; a
 * value the user set is kept.
 */
const NODE_VERSION_WARNING = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";

/** Variables set here rather than by the user: commands run by `cove exec` do not inherit them. */
const CLI_DEFAULT_ENV: readonly string[] =
  process.env[NODE_VERSION_WARNING] === undefined ? [NODE_VERSION_WARNING] : [];

for (const name of CLI_DEFAULT_ENV) process.env[name] = "true";

/** The environment as the user gave it: without the variables set here. */
export function userEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const name of CLI_DEFAULT_ENV) delete out[name];
  return out;
}
