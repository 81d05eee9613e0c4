/** The function a worker runs: the session first, then the caller's arguments. */
type Task = (session: never, ...args: never[]) => unknown;

function functionExports(mod: Record<string, unknown>): string[] {
  return Object.keys(mod).filter((k) => typeof mod[k] === "function");
}

/**
 * The export to run, picked as `cove run` picks it: `name`, else the default export, else
 * the module's only exported function (a CommonJS module's exports are looked for under
 * `default` too). Throws an `Error` naming the exported functions when there is none
 * (`noDefaultHint`: what to do about it, in the caller's words).
 */
export function chooseExport<T = Task>(
  mod: Record<string, unknown>,
  name: string | undefined,
  noDefaultHint = "name the export to run",
): T {
  const inner =
    typeof mod.default === "object" && mod.default !== null
      ? (mod.default as Record<string, unknown>)
      : undefined;
  const available = [
    ...new Set([...functionExports(mod), ...(inner ? functionExports(inner) : [])]),
  ];
  const list = available.length > 0 ? available.join(", ") : "none";
  if (name !== undefined) {
    const fn = mod[name] ?? inner?.[name];
    if (typeof fn === "function") return fn as T;
    throw new Error(`The module has no exported function "${name}"; exported functions: ${list}.`);
  }
  if (typeof mod.default === "function") return mod.default as T;
  if (typeof inner?.default === "function") return inner.default as T;
  if (available.length === 1) {
    const only = available[0] as string;
    return (mod[only] ?? inner?.[only]) as T;
  }
  throw new Error(
    `The module has no default export; ${noDefaultHint} (exported functions: ${list}).`,
  );
}
