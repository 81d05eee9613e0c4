/**
 * Drops the AWS SDK's NodeVersionSupportWarning (printed once on Node < 22) and nothing else.
 * Imported first by the entry point, before any SDK module is loaded.
 */
const original = process.emitWarning.bind(process);

function isNodeVersionWarning(warning: unknown, rest: unknown[]): boolean {
  if (warning instanceof Error) {
    return (
      warning.name === "NodeVersionSupportWarning" ||
      warning.message.startsWith("NodeVersionSupportWarning")
    );
  }
  if (typeof warning !== "string") return false;
  if (warning.startsWith("NodeVersionSupportWarning")) return true;
  const type = rest[0];
  if (type === "NodeVersionSupportWarning") return true;
  return (
    typeof type === "object" &&
    type !== null &&
    (type as { type?: unknown }).type === "NodeVersionSupportWarning"
  );
}

process.emitWarning = function emitWarning(
  this: unknown,
  warning: string | Error,
  ...rest: unknown[]
) {
  if (isNodeVersionWarning(warning, rest)) return;
  (original as (...args: unknown[]) => void)(warning, ...rest);
} as typeof process.emitWarning;

export {};
