import type {
  DeserializeHandler,
  DeserializeHandlerArguments,
  HandlerExecutionContext,
  MiddlewareStack,
} from "@smithy/types";
import { CoveError } from "../errors/cove-error.js";
import { awsErrorName, describeError } from "../errors/describe.js";
import type { WaitEvent } from "../types.js";
import { deadlines } from "./deadlines.js";

/** What a watched call was given: its name, its deadline, who to tell when it waits. */
export interface CallWatchOptions {
  /** `service:Operation`, as said in messages. */
  operation: string;
  /** Milliseconds after the start when no new attempt starts. */
  deadlineMs: number;
  /** Told once, after {@link Deadlines.waitNoticeMs} without an answer. */
  onWait: ((event: WaitEvent) => void) | undefined;
  /** Called with `CALLBACK_FAILED` when `onWait` throws (the caller stops the call). */
  onCallbackError(error: CoveError): void;
}

/** `host:port` of a request (the port of its scheme when it names none). */
function endpointOf(request: unknown): string | undefined {
  const r = request as { hostname?: unknown; port?: unknown; protocol?: unknown } | undefined;
  if (typeof r?.hostname !== "string" || r.hostname === "") return undefined;
  const port = typeof r.port === "number" ? r.port : r.protocol === "http:" ? 80 : 443;
  const host = r.hostname.includes(":") ? `[${r.hostname}]` : r.hostname;
  return `${host}:${port}`;
}

/** Whether a failed attempt carries an HTTP status (the endpoint answered). */
function hasStatus(error: unknown): boolean {
  try {
    const meta = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata;
    return typeof meta?.httpStatusCode === "number";
  } catch {
    return false;
  }
}

/** The code of a failed attempt: a Node code (`ECONNREFUSED`), else the AWS error name. */
export function failureCode(error: unknown): string | undefined {
  try {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "string" && code !== "") return code;
  } catch {
    // unreadable: the name below
  }
  return awsErrorName(error);
}

/**
 * Watches one of botocove's own calls, attempt by attempt (through a middleware inside the
 * SDK's retries): the endpoint it is sent to, how many attempts went out, the last failure.
 * With `onWait`, tells it once when the call has gone {@link Deadlines.waitNoticeMs} (3 s)
 * without an answer. The library prints nothing: `onWait` is how a caller says why it waits.
 */
export class CallWatch {
  readonly #options: CallWatchOptions;
  readonly #startedAt = Date.now();
  #endpoint: string | undefined;
  #attempts = 0;
  #lastError: unknown;
  #failed = false;
  #answered = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: CallWatchOptions) {
    this.#options = options;
    if (options.onWait) this.#timer = setTimeout(() => this.#notice(), deadlines().waitNoticeMs);
  }

  /** The endpoint of the last attempt, as `host:port`. */
  get endpoint(): string | undefined {
    return this.#endpoint;
  }

  /** Attempts sent so far. */
  get attempts(): number {
    return this.#attempts;
  }

  /** Whether any attempt got an answer from the endpoint (an HTTP status, an error's too). */
  get answered(): boolean {
    return this.#answered;
  }

  /** Adds the per-attempt middleware to a command's stack. */
  watch<I extends object, O extends object>(stack: MiddlewareStack<I, O>): void {
    stack.add(
      (next: DeserializeHandler<I, O>, _context: HandlerExecutionContext) =>
        async (args: DeserializeHandlerArguments<I>) => {
          this.#endpoint = endpointOf(args.request) ?? this.#endpoint;
          this.#attempts += 1;
          try {
            const out = await next(args);
            this.#answered = true;
            return out;
          } catch (error) {
            this.#lastError = error;
            this.#failed = true;
            if (hasStatus(error)) this.#answered = true;
            throw error;
          }
        },
      { step: "deserialize", priority: "high", name: "coveCallWatch" },
    );
  }

  /** The call ended: nothing more is told. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** What is waited for now. */
  event(): WaitEvent {
    return {
      operation: this.#options.operation,
      endpoint: this.#endpoint,
      waitedMs: Date.now() - this.#startedAt,
      deadlineMs: this.#options.deadlineMs,
      attempts: this.#attempts,
      lastError: this.#failed ? describeError(this.#lastError) : undefined,
      lastErrorCode: this.#failed ? failureCode(this.#lastError) : undefined,
    };
  }

  #notice(): void {
    this.#timer = undefined;
    try {
      this.#options.onWait?.(this.event());
    } catch (error) {
      this.#options.onCallbackError(
        new CoveError(
          "CALLBACK_FAILED",
          `The onWait callback failed, so the call was stopped: ${describeError(error)}`,
          { option: "onWait", cause: error },
        ),
      );
    }
  }
}
