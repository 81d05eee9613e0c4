import { MOTO_MISSING, motoAvailable } from "../../src/demo/moto.js";

/** Stops the run with one clear line when moto's server is not installed. */
export default function setup(): void {
  if (!motoAvailable()) {
    process.stderr.write(`\n${MOTO_MISSING}\n\n`);
    process.exit(1);
  }
}
