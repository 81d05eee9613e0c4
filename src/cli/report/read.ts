import {
  readRecords,
  type LineHandler,
  type LineIssue,
  type ReadCounts,
  type RecordInput,
} from "../ndjson.js";
import type { ReportModel } from "./model.js";

/** Streams one input into `model` (see {@link readRecords}). */
export function readInto(
  model: ReportModel,
  input: RecordInput,
  onIssue: (issue: LineIssue) => void,
  scrub?: (line: string) => string,
): Promise<ReadCounts> {
  const handler: LineHandler = {
    record: (list, record) => model.add(list, record),
    header: (header) => model.addHeader(header),
  };
  return readRecords(input, handler, onIssue, scrub);
}
