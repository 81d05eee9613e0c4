import { readFileSync } from "node:fs";

let known: string | undefined;

/** The botocove version of this package (read once from its package.json), or `unknown`. */
export function botocoveVersion(): string {
  return (known ??= readVersion());
}

function readVersion(): string {
  try {
    const url = new URL("../../package.json", import.meta.url);
    const pkg = JSON.parse(readFileSync(url, "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
}
