import { RunDiffer } from "../../diff/run-differ.js";
import { CoveError } from "../../errors/cove-error.js";
import { UsageError } from "../errors.js";
import type { RecordRef } from "./read.js";

/** The differ of `cove diff` and `--report-baseline`, a bad `--ignore`/`--unordered` path named by its flag. */
export function newDiffer(options: {
  ignore?: string[];
  unordered?: string[];
}): RunDiffer<RecordRef> {
  try {
    return new RunDiffer<RecordRef>({
      ignore: options.ignore ?? [],
      unordered: options.unordered ?? [],
    });
  } catch (error) {
    const option = error instanceof CoveError ? error.option : undefined;
    if (option === undefined) throw error;
    const flag = `--${option.replace(/\[\d+\]$/, "")}`;
    throw new UsageError(
      `${flag}: ${error instanceof Error ? error.message.replace(/^Option "[^"]*" must be/, "expected") : ""}`,
    );
  }
}
