import { CoveError } from "../errors/cove-error.js";

/** Node error codes of a process (EMFILE) or system (ENFILE) out of file descriptors. */
const OUT_OF_FILES = new Set(["EMFILE", "ENFILE"]);

function outOfFiles(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 5) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === "string" && OUT_OF_FILES.has(code)) return code;
  return outOfFiles(cause, depth + 1);
}

/**
 * A failure that comes from this machine rather than AWS, said plainly: running out of file
 * descriptors (each connection is one) becomes a `CoveError` TOO_MANY_OPEN_FILES naming
 * the fixes. Any other error is returned as is.
 */
export function explainLocalFault(error: unknown): unknown {
  const code = outOfFiles(error);
  if (code === undefined) return error;
  return new CoveError(
    "TOO_MANY_OPEN_FILES",
    `Too many open files (${code}): this process reached its limit of open file descriptors (every connection to AWS uses one). Raise the limit (e.g. \`ulimit -n 65536\` in the shell that starts it) or lower "concurrency".`,
    { option: "concurrency", cause: error },
  );
}
