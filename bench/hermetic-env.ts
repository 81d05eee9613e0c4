/**
 * The environment a benchmark's child starts from: this process's, without any `AWS_*`
 * variable (no profile, keys or endpoint of the user's leak in) and without `NODE_OPTIONS`
 * (no loader or flag of the caller's changes what is measured). The caller adds the
 * simulator's or moto's endpoint and the fake keys.
 */
export function withoutAwsEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith("AWS_") && k !== "NODE_OPTIONS") env[k] = v;
  return env;
}
