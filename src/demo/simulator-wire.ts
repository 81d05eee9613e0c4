/** What the simulator's services answer, and the error they throw to answer with one. */

/** One HTTP answer. */
export interface Reply {
  status: number;
  body: string;
  contentType: string;
  /** The `x-amzn-errortype` header (JSON protocols). */
  errorType?: string;
}

/** An AWS error answer: its code, message, HTTP status and (Query protocol) fault type. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: "Sender" | "Receiver" = "Sender",
  ) {
    super(message);
  }
}

/** How one of the simulator's services answers what is not a success, in its own protocol. */
export interface Protocol {
  /** The answer to a call that failed with `e`. */
  error(e: ApiError, requestId: string): Reply;
  /** The answer to a call over the rate limit (given at once, without latency). */
  throttled(requestId: string): Reply;
  /** The error an injected 500 fault answers with. */
  internalError(): ApiError;
}
