import { InvalidArgumentError, Option, type Command } from "commander";
import { checkOutDir } from "./out-dir.js";

/** Output formats. */
const FORMATS = ["table", "json", "ndjson", "csv"] as const;
export type Format = (typeof FORMATS)[number];

/** Output and behaviour flags shared by the commands. */
export interface CommonFlags {
  output?: Format;
  outDir?: string;
  /** `--overwrite`: write into a non-empty `--out-dir`. */
  overwrite?: boolean;
  quiet?: boolean;
  yes?: boolean;
  debug?: boolean;
  /** `--sort`: records written at the end, by account id then region, keys sorted. */
  sort?: boolean;
  /** `--cache-ttl`: seconds a cached account list stays fresh. */
  cacheTtl?: number;
}

/** `--output FORMAT`. */
export function outputOption(): Option {
  return new Option(
    "-o, --output <format>",
    "table, json, ndjson (one record per line as runs end) or csv [default: table on a terminal, else json]",
  )
    .choices(FORMATS)
    .helpGroup("Output:");
}

/**
 * Adds `--output`, `--quiet`, `--debug` and, for commands that run, `--out-dir` (refused when
 * not empty, before the action), `--overwrite` and `--yes`.
 */
export function addCommonFlags(command: Command, runs: boolean): Command {
  command.addOption(outputOption());
  if (runs) {
    command.addOption(
      new Option(
        "--out-dir <dir>",
        "also write DIR/<account>/<region>.json per run (exec: .stdout and .stderr too)",
      )
        .argParser((value: string) => {
          if (value.trim() === "")
            throw new InvalidArgumentError("expected a folder, not an empty text.");
          return value;
        })
        .helpGroup("Output:"),
    );
    command.addOption(
      new Option(
        "--overwrite",
        "write into an --out-dir that is not empty (files of the same account × region are replaced, others kept)",
      ).helpGroup("Output:"),
    );
    // Before the command's action: before any AWS call.
    command.hook("preAction", (cmd) => {
      const flags = cmd.opts<CommonFlags & { resume?: string }>();
      // A resumed job goes on writing into the folder of its first run.
      checkOutDir(flags.outDir, flags.overwrite === true || flags.resume !== undefined);
    });
  }
  command.addOption(
    new Option("-q, --quiet", "no progress bar or summary on stderr").helpGroup("Output:"),
  );
  if (runs)
    command.addOption(
      new Option("-y, --yes", "do not ask for confirmation on a terminal").helpGroup("Output:"),
    );
  command.addOption(
    new Option(
      "--cache-ttl <seconds>",
      "reuse the account list resolved by an earlier run for this long (cached on disk, no credentials stored)",
    )
      .argParser((value: string) => {
        const n = Number(value);
        if (!Number.isFinite(n) || n < 0)
          throw new InvalidArgumentError("expected a number of seconds >= 0.");
        return n;
      })
      .helpGroup("Selection:"),
  );
  command.addOption(new Option("--debug", "print stack traces of errors").helpGroup("Output:"));
  return command;
}

/** `--sort` (exec, run, merge): deterministic output for files kept in git. */
export function sortOption(): Option {
  return new Option(
    "--sort",
    "write the records at the end, ordered by account id then region, with the keys inside each value sorted (outputs kept in git diff cleanly)",
  ).helpGroup("Output:");
}

/** The format to use: the flag, else table on a terminal, else json. */
export function resolveFormat(flags: CommonFlags, stdoutIsTTY: boolean): Format {
  return flags.output ?? (stdoutIsTTY ? "table" : "json");
}

/** Whether `--debug` was given before any `--` (also readable when parsing failed). */
export function debugRequested(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).includes("--debug");
}
