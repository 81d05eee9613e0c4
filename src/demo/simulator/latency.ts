/** Per-call latency (--latency, --org-latency): uniform in a range, drawn from the seed. */
import { prng } from "./prng.js";

export class LatencyDraw {
  readonly #rand: () => number;

  constructor(seed: number) {
    this.#rand = prng(seed ^ 0x5bd1e995);
  }

  /** A latency in whole ms in [lo, hi]; 0 (answer at once) when hi is 0. */
  ms(range: [number, number]): number {
    return range[1] <= 0 ? 0 : Math.round(range[0] + this.#rand() * (range[1] - range[0]));
  }
}
