/** Injected faults (--fault-rate, --fault-mode): a 500 answer or a connection reset. */
import type { SimulatorConfig } from "./args.js";
import { prng } from "./prng.js";

export type Fault = "reset" | "internal";

/** Draws, call by call, whether to fail it and how; the same sequence for the same seed. */
export class FaultInjector {
  readonly #rand: () => number;

  constructor(
    private readonly rate: number,
    private readonly mode: SimulatorConfig["faultMode"],
    seed: number,
  ) {
    this.#rand = prng(seed ^ 0x27d4eb2f);
  }

  /** The fault the next answer gets, or `undefined` for none. */
  next(): Fault | undefined {
    if (!(this.rate > 0 && this.#rand() < this.rate)) return undefined;
    const reset = this.mode === "reset" || (this.mode === "mixed" && this.#rand() < 0.5);
    return reset ? "reset" : "internal";
  }
}
