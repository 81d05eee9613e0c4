import type { CoveOptions } from "../types.js";

/**
 * Every key of {@link CoveOptions}. Typed against the interface, so the compiler refuses a
 * missing or an extra key: the list of known options cannot drift from the options.
 */
const REGISTRY: { [K in keyof CoveOptions]-?: true } = {
  targetIds: true,
  ignoreIds: true,
  roleName: true,
  roleSessionName: true,
  policy: true,
  policyArns: true,
  externalId: true,
  credentials: true,
  profile: true,
  region: true,
  regions: true,
  ignoreRegions: true,
  tags: true,
  accounts: true,
  ouPaths: true,
  filter: true,
  durationSeconds: true,
  partition: true,
  raiseException: true,
  concurrency: true,
  signal: true,
  progress: true,
  onRecord: true,
  onWait: true,
  onHub: true,
  taskTimeout: true,
  shard: true,
  identityCenter: true,
  skip: true,
};

/** The option names `cove` accepts. */
const OPTION_KEYS: ReadonlySet<string> = new Set(Object.keys(REGISTRY));

/** The Python original's keyword names, to point users at the TypeScript one. */
const PYTHON_NAMES: Readonly<Record<string, keyof CoveOptions>> = {
  target_ids: "targetIds",
  ignore_ids: "ignoreIds",
  rolename: "roleName",
  role_name: "roleName",
  role_session_name: "roleSessionName",
  policy_arns: "policyArns",
  external_id: "externalId",
  assuming_session: "credentials",
  raise_exception: "raiseException",
  thread_workers: "concurrency",
};

/** Refuses keys that are not options, with a hint for the Python original's names. */
export function checkKnownKeys(o: Record<string, unknown>): void {
  for (const key of Object.keys(o)) {
    if (OPTION_KEYS.has(key)) continue;
    const hint = Object.hasOwn(PYTHON_NAMES, key) ? PYTHON_NAMES[key] : undefined;
    throw new TypeError(
      `Unknown option "${key}"${hint ? ` (did you mean "${hint}"?)` : ""}; known options: ${[...OPTION_KEYS].join(", ")}.`,
    );
  }
}
