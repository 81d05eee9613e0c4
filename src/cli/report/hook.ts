import type { CoveOptions } from "../../index.js";
import { newDiffer } from "../diff/differ.js";
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
