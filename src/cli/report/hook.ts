import { accessSync, constants, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InvalidArgumentError, Option } from "commander";
import type { CoveOptions } from "../../index.js";
import { errorLine } from "../errors.js";
import type { EncodedRecord } from "../output/encode.js";
import type { RedactingWriter } from "../output/redacting.js";
import type { RecordTap } from "../output/sink.js";
import { writeReport, writtenText } from "./build.js";
import { runHeader, type JobHeader } from "../job/header.js";
import { ReportModel } from "./model.js";

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

/** What `drive` knows of a run, for the report's header. */
interface RunSpec {
  command: string;
  what: string;
  options: CoveOptions;
  writer: RedactingWriter;
  flags: { report?: unknown; quiet?: boolean };
  /** The job's header, when the command made one (else made here from the options). */
  header?: JobHeader | undefined;
}

/**
 * The report of a run in progress (`--report FILE`): keeps what the page needs of each
 * record as it ends (as the sink's writer scrubbed it) and writes the page when the run
 * ends, however it ends.
 */
export class RunReport implements RecordTap {
  readonly #model = new ReportModel();

  constructor(
    private readonly path: string,
    private readonly header: JobHeader,
    private readonly writer: RedactingWriter,
    private readonly say: (line: string) => void,
    private readonly stoppedBy: () => string | undefined = () => undefined,
  ) {}

  /** The report `--report` asks for, or none. */
  static start(spec: RunSpec, stoppedBy?: () => string | undefined): RunReport | undefined {
    const path = spec.flags.report;
    if (typeof path !== "string") return undefined;
    const tell = (line: string) => {
      if (!spec.flags.quiet) spec.writer.say(line);
    };
    return new RunReport(path, spec.header ?? runHeader(spec), spec.writer, tell, stoppedBy);
  }

  /** Takes one finished run, as the sink parsed it (once per record, shared with the other outputs). */
  add(encoded: EncodedRecord): void {
    this.#model.add(encoded.list, encoded.record);
  }

  /** Writes the page (the header notes the signal that stopped the run, if any). */
  async finish(): Promise<void> {
    const stoppedBy = this.stoppedBy();
    const header: JobHeader = { ...this.header, finishedAt: new Date().toISOString() };
    if (stoppedBy) header.interrupted = stoppedBy;
    this.#model.addHeader(header);
    try {
      const written = await writeReport(this.#model, this.path, { sources: ["this run"] });
      this.say(`cove: report written to ${writtenText(written)}.`);
    } catch (error) {
      this.writer.say(`cove: error: could not write the report ${this.path}: ${errorLine(error)}`);
    }
  }
}
