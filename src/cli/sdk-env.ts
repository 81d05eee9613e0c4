/**
 * Environment the AWS SDK reads, set before it runs (by the entry point, before any client).
 *
 * The SDK warns once per process that Node 20 support ends (`NodeVersionSupportWarning`, from
 * `@aws-sdk/core` when the first client is made) unless
 * `AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED` is `"true"`. The CLI turns it off; a
 * value the user set is kept.
 */
const NODE_VERSION_WARNING = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";

/**
 * Sets the CLI's defaults in `processEnv` (what the SDK reads) and returns the environment as
 * the user gave it, without them: commands run by `cove exec` do not inherit them.
 */
export function setSdkDefaults(processEnv: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const user = { ...processEnv };
  processEnv[NODE_VERSION_WARNING] ??= "true";
  return user;
}
