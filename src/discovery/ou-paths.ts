import type { ClassifiedIds } from "../domain/ids.js";
import type { SelectionOptions } from "../options/index.js";
import { notFound } from "./org-errors.js";

/** Root or OU id → its path of OU names from the root (`/A/B`; a root is `/`). */
export type OuPaths = ReadonlyMap<string, string>;

/**
 * Whether a selection needs OU paths: `ouPaths` or OU paths among the ids, or a `filter`
 * when the filter sees each account's OU path (`filterSeesOuPath`, the access's say).
 */
export function needsOuPaths(selection: SelectionOptions, filterSeesOuPath: boolean): boolean {
  return (
    selection.ouPaths ||
    (selection.filter !== undefined && filterSeesOuPath) ||
    selection.ignores.paths.length > 0 ||
    (selection.targets?.paths.length ?? 0) > 0
  );
}

/** The path of a child OU named `name` below `parent` (`/` + `A` → `/A`, `/A` + `B` → `/A/B`). */
export function childPath(parent: string, name: string): string {
  return parent === "/" ? `/${name}` : `${parent}/${name}`;
}

/** Path → the id it names; `/` names the root. */
function idsByPath(paths: OuPaths): Map<string, string> {
  const byPath = new Map<string, string>();
  for (const [id, path] of paths)
    if (!byPath.has(path) || id.startsWith("r-")) byPath.set(path, id);
  return byPath;
}

/**
 * The id list with its OU paths replaced by the root and OU ids they name; `TARGET_NOT_FOUND`
 * (naming `option`) when a path names nothing. The list given is left as it is.
 */
export function resolveOuPaths(ids: ClassifiedIds, paths: OuPaths, option: string): ClassifiedIds {
  if (ids.paths.length === 0) return ids;
  const byPath = idsByPath(paths);
  const missing = ids.paths.filter((p) => !byPath.has(p));
  if (missing.length > 0) throw notFound("OU path", missing, option);
  const resolved = { ...ids, ous: [...ids.ous], roots: [...ids.roots], paths: [] };
  for (const p of ids.paths) {
    const id = byPath.get(p)!;
    (id.startsWith("r-") ? resolved.roots : resolved.ous).push(id);
  }
  return resolved;
}
