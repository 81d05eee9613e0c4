import { StreamScrubber, type Secrets } from "../redact.js";
import type { OutFile } from "./out-file.js";

/** Most bytes of stdout and of stderr kept in a record (all of it goes to `--out-dir`). */
const MAX_CAPTURE = 1024 * 1024;

/** Collects up to MAX_CAPTURE bytes. */
class Capture {
  readonly #chunks: Buffer[] = [];
  #size = 0;
  #dropped = 0;

  add(chunk: Buffer): void {
    const room = MAX_CAPTURE - this.#size;
    if (room <= 0) {
      this.#dropped += chunk.length;
      return;
    }
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.#chunks.push(part);
    this.#size += part.length;
    this.#dropped += chunk.length - part.length;
  }

  text(): string {
    const text = Buffer.concat(this.#chunks).toString("utf8");
    return this.#dropped > 0
      ? `${text}\n[cove: ${this.#dropped} more bytes not kept here; use --out-dir for all of it]`
      : text;
  }
}

/** One output stream of a child: scrubbed, captured, and copied to a file with `--out-dir`. */
export function pipeOutput(
  source: NodeJS.ReadableStream | null,
  secrets: Secrets,
  file: OutFile | undefined,
): { capture: Capture; done: Promise<void> } {
  const capture = new Capture();
  const scrubber = new StreamScrubber(secrets);
  const emit = (bytes: Buffer) => {
    if (bytes.length === 0) return;
    capture.add(bytes);
    file?.write(bytes);
  };
  const done = new Promise<void>((resolveDone) => {
    const end = () => void (file ? file.close().then(resolveDone) : resolveDone());
    if (!source) return end();
    source.on("data", (chunk: Buffer) => emit(scrubber.push(chunk)));
    source.once("close", () => {
      emit(scrubber.end());
      end();
    });
  });
  return { capture, done };
}
