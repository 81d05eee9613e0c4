import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { EventEmitter, once } from "node:events";
import { HUB_CREDENTIALS } from "./env.js";

/** A promise with its `resolve` at hand: a gate a test opens when it decides. */
export interface Gate<T = void> {
  promise: Promise<T>;
  open(value: T): void;
  /** Whether {@link Gate.open} was called. */
  readonly opened: boolean;
}

/** A closed gate. */
export function gate<T = void>(): Gate<T> {
  let open!: (value: T) => void;
  let opened = false;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return {
    promise,
    open: (value) => {
      opened = true;
      open(value);
    },
    get opened() {
      return opened;
    },
  };
}

/**
 * A value that tells when it changes: `until(check)` resolves at the first change after which
 * `check` holds (at once when it holds already). Waits on events, never on time.
 */
export class Watched<T> {
  readonly #changes = new EventEmitter();
  #value: T;
  constructor(value: T) {
    this.#value = value;
  }
  get value(): T {
    return this.#value;
  }
  set value(next: T) {
    this.#value = next;
    this.#changes.emit("change");
  }
  async until(check: (value: T) => boolean): Promise<T> {
    while (!check(this.#value)) await once(this.#changes, "change");
    return this.#value;
  }
}

/**
 * One STS request through `endpoint` and back: every answer the server sent before it has
 * arrived too, so what those answers would start (a run, another request) has had its turn.
 */
export async function roundTrip(endpoint: string): Promise<void> {
  const sts = new STSClient({ endpoint, region: "us-east-1", credentials: HUB_CREDENTIALS });
  try {
    await sts.send(new GetCallerIdentityCommand({}));
  } finally {
    sts.destroy();
  }
}
