import { delimiter } from "node:path";
import { ensureMoto, MotoSetupError } from "../../scripts/moto.js";

/**
 * Makes moto's server available to the test files (installing it into a virtual environment
 * under node_modules/.cache/moto when it is not on PATH), or stops the run with what to do.
 */
export default function setup(): void {
  try {
    const bin = ensureMoto();
    // Workers start after this and inherit the environment.
    if (bin) process.env.PATH = `${bin}${delimiter}${process.env.PATH ?? ""}`;
  } catch (error) {
    if (!(error instanceof MotoSetupError)) throw error;
    process.stderr.write(`\n${error.message}\n\n`);
    process.exit(1);
  }
}
