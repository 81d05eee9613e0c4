import type { ProgressEvent } from "../types.js";
import { isThenable } from "../util/thenable.js";

/** Receives run counts as they change. */
export interface ProgressSink {
  update(event: ProgressEvent): void;
  end(): void;
}

const noop: ProgressSink = { update() {}, end() {} };

/**
 * A one-line bar on a terminal stream, redrawn at most every 100 ms (the `cove` command draws
 * it on its own stderr).
 */
export function progressBar(stream: { write(text: string): unknown }): ProgressSink {
  let last = 0;
  let latest: ProgressEvent | undefined;
  const draw = (event: ProgressEvent) => {
    const width = 30;
    const { finished, total } = event;
    // A total of 0 (every pair skipped) is a full bar, not a listing still going on.
    const ratio = total ? finished / total : 1;
    const filled = Math.round(ratio * width);
    const gauge =
      total === undefined
        ? "[listing accounts…]"
        : `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
    const failed = event.exceptions + event.failedAssumeRole;
    const line = `cove ${gauge} ${finished}/${total ?? "?"} runs${failed ? `, ${failed} failed` : ""}`;
    stream.write(`\r${line}\x1b[K`);
  };
  return {
    update(event) {
      latest = event;
      const now = Date.now();
      if (now - last >= 100 || event.finished === event.total) {
        last = now;
        draw(event);
      }
    },
    end() {
      if (latest) {
        draw(latest);
        stream.write("\n");
      }
    },
  };
}

/**
 * The user's progress callback as a sink: each call gets its own copy of the counts. A
 * callback that throws, or returns a promise that rejects, goes to `onError` — never to the
 * code that reported the counts.
 */
function callbackSink(
  callback: (event: ProgressEvent) => unknown,
  onError: (error: unknown) => void,
): ProgressSink {
  return {
    update(event) {
      try {
        const returned = callback({ ...event });
        if (isThenable(returned)) returned.then(undefined, onError);
      } catch (error) {
        onError(error);
      }
    },
    end() {},
  };
}

/** The progress sink the `progress` option asks for; a failing callback goes to `onError`. */
export function createProgress(
  option: boolean | ((event: ProgressEvent) => void) | undefined,
  onError: (error: unknown) => void,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressSink {
  if (typeof option === "function") return callbackSink(option, onError);
  // `true` and the default both draw the bar, and only on a TTY.
  if (option === false || !stream.isTTY) return noop;
  return progressBar(stream);
}
