import { accessSync, constants, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InvalidArgumentError, Option } from "commander";
import type { CoveOptions } from "../../index.js";
import { newDiffer } from "../commands/diff.js";
import type { RunDiffer } from "../../index.js";
import type { InStream } from "../context.js";
import type { RecordRef } from "../diff/read.js";
import { errorLine, UsageError } from "../errors.js";
import type { EncodedRecord } from "../output/encode.js";
import type { RedactingWriter } from "../output/redacting.js";
import { addBaseline, withList } from "./baseline.js";
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
  flags: { report?: unknown; reportBaseline?: unknown; quiet?: boolean };
  /** The job's header, when the command made one (else made here from the options). */
  header?: JobHeader | undefined;
  /** The command's stdin, for a baseline `-`. */
  stdin?: InStream | undefined;
}

/**
 * The report of a run in progress (`--report FILE`): keeps what the page needs of each
 * record as it ends (as the sink's writer scrubbed it) and writes the page when the run
 * ends, however it ends.
 */
export class RunReport implements RecordTap {
  readonly #model = new ReportModel();
  /** With `--report-baseline`: the comparison, fed with each record. */
  readonly #differ: RunDiffer<RecordRef> | undefined;

  constructor(
    private readonly path: string,
    private readonly header: JobHeader,
    private readonly writer: RedactingWriter,
    private readonly say: (line: string) => void,
    private readonly stoppedBy: () => string | undefined = () => undefined,
    private readonly baseline: string[] = [],
    private readonly stdin?: InStream,
  ) {
    this.#differ = baseline.length > 0 ? newDiffer({}) : undefined;
  }

  /** The report `--report` asks for, or none. */
  static start(spec: RunSpec, stoppedBy?: () => string | undefined): RunReport | undefined {
    const path = spec.flags.report;
    const baseline = Array.isArray(spec.flags.reportBaseline)
      ? spec.flags.reportBaseline.map(String)
      : [];
    if (typeof path !== "string") {
      if (baseline.length > 0) throw new UsageError("--report-baseline needs --report FILE.");
      return undefined;
    }
    const tell = (line: string) => {
      if (!spec.flags.quiet) spec.writer.say(line);
    };
    const header = spec.header ?? runHeader(spec);
    return new RunReport(path, header, spec.writer, tell, stoppedBy, baseline, spec.stdin);
  }

  /** Takes one finished run, as the sink parsed it (once per record, shared with the other outputs). */
  add(encoded: EncodedRecord): void {
    this.#model.add(encoded.list, encoded.record);
    this.#compare(encoded.list, encoded.record);
  }

  /** Hands a record to the baseline comparison, if any (a copy: the sink's is shared). */
  #compare(list: string, record: Record<string, unknown>): void {
    if (!this.#differ) return;
    const r = withList(list, { ...record });
    this.#differ.addNext(r, r);
  }

  /** Writes the page (the header notes the signal that stopped the run, if any). */
  async finish(): Promise<void> {
    const stoppedBy = this.stoppedBy();
    const header: JobHeader = { ...this.header, finishedAt: new Date().toISOString() };
    if (stoppedBy) header.interrupted = stoppedBy;
    this.#model.addHeader(header);
    if (this.#differ) {
      try {
        await addBaseline(
          this.#model,
          this.#differ,
          this.baseline,
          (l) => this.writer.text(l),
          this.stdin,
        );
      } catch (error) {
        this.writer.say(
          `cove: error: could not compare with the baseline ${this.baseline.join(", ")}: ${errorLine(error)}; the report shows no changes.`,
        );
      }
    }
    try {
      const written = await writeReport(this.#model, this.path, { sources: ["this run"] });
      this.say(`cove: report written to ${writtenText(written)}.`);
    } catch (error) {
      this.writer.say(`cove: error: could not write the report ${this.path}: ${errorLine(error)}`);
    }
  }
}
