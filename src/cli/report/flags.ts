import { accessSync, constants, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InvalidArgumentError, Option } from "commander";
import { requireInputFile } from "../input-file.js";

/**
 * Checks that a report can be written at `path` (its folder exists and is writable, it is
 * not a folder; `-` is stdout where allowed) and returns it; a commander argument parser, so a bad path is a usage error
 * before anything runs.
 */
export function checkReportPath(path: string, stdoutAllowed = false): string {
  if (path === "") throw new InvalidArgumentError("expected a file name.");
  if (path === "-") {
    if (stdoutAllowed) return path;
    throw new InvalidArgumentError("expected a file name (stdout has the records).");
  }
  const target = resolve(path);
  try {
    if (statSync(target).isDirectory()) throw new InvalidArgumentError(`${path} is a folder.`);
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw error;
  }
  const folder = dirname(target);
  try {
    if (!statSync(folder).isDirectory()) throw new Error("not a folder");
    accessSync(folder, constants.W_OK);
  } catch {
    throw new InvalidArgumentError(`cannot write in ${dirname(path)}: no such writable folder.`);
  }
  return path;
}

/** `--report FILE` of `exec` and `run`. */
export function reportOption(): Option {
  return new Option(
    "--report <file>",
    "also write a self-contained HTML report of the run to FILE when it ends (also after Ctrl-C)",
  )
    .argParser((path: string) => checkReportPath(path))
    .helpGroup("Output:");
}

/** `--report-baseline FILE` of `exec` and `run` (repeatable: shards of the baseline). */
export function reportBaselineOption(): Option {
  return new Option(
    "--report-baseline <file>",
    "with --report: mark what changed since this earlier run (a journal or -o json/ndjson output; repeatable)",
  )
    .argParser((path: string, previous: string[] | undefined) => {
      // `-` is stdin, read when the run ends.
      if (path !== "-") requireInputFile(path);
      return [...(previous ?? []), path];
    })
    .helpGroup("Output:");
}
