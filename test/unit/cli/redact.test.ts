import { describe, expect, it } from "vitest";
import { REDACTED, Secrets, StreamScrubber } from "../../../src/cli/redact.js";

const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==";

function secrets(...values: string[]): Secrets {
  const s = new Secrets();
  s.add(...values);
  return s;
}

describe("Secrets.scrub", () => {
  it("replaces every occurrence of every secret, wherever it stands", () => {
    const s = secrets(SECRET, TOKEN);
    expect(s.scrub(`${SECRET} and ${TOKEN}, again ${SECRET}${SECRET}`)).toBe(
      `${REDACTED} and ${REDACTED}, again ${REDACTED}${REDACTED}`,
    );
  });

  it("leaves text without secrets as it was, including text shorter than a secret", () => {
    const s = secrets(SECRET);
    expect(s.scrub("nothing to see here, just a long line of ordinary output")).toBe(
      "nothing to see here, just a long line of ordinary output",
    );
    expect(s.scrub("short")).toBe("short");
    expect(s.scrub("")).toBe("");
  });

  it("ignores values too short to be told apart from ordinary text, and undefined", () => {
    const s = secrets("short-value", undefined as unknown as string);
    expect(s.scrub("a short-value here")).toBe("a short-value here");
    expect(s.longest).toBe(0);
  });

  it("redacts the URL-encoded forms of a secret, upper- and lower-case hex", () => {
    const s = secrets(SECRET);
    const encoded = encodeURIComponent(SECRET);
    expect(encoded).not.toBe(SECRET);
    const lower = encoded.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
    expect(s.scrub(`?key=${encoded}&x=1`)).toBe(`?key=${REDACTED}&x=1`);
    expect(s.scrub(`?key=${lower}&x=1`)).toBe(`?key=${REDACTED}&x=1`);
    expect(s.longest).toBe(encoded.length);
  });

  it("prefers the longest of secrets that begin alike", () => {
    const short = "AAAABBBBCCCCDDDD";
    const long = `${short}EEEEFFFF`;
    const s = secrets(short, long);
    expect(s.scrub(`x ${long} y ${short} z`)).toBe(`x ${REDACTED} y ${REDACTED} z`);
  });

  it("finds a secret among ten thousand others, each in its place", () => {
    const all = Array.from(
      { length: 10_000 },
      (_, i) => `secret-${String(i).padStart(10, "0")}-value`,
    );
    const s = secrets(...all);
    const text = `start ${all[0]} middle ${all[5000]} end ${all[9999]}`;
    expect(s.scrub(text)).toBe(`start ${REDACTED} middle ${REDACTED} end ${REDACTED}`);
    expect(s.scrub(`secret-0000010000-value`)).toBe("secret-0000010000-value");
  });

  it("redacts a secret right after a partial match of another one", () => {
    const s = secrets(SECRET);
    const partial = SECRET.slice(0, 20);
    expect(s.scrub(`${partial}${SECRET}`)).toBe(`${partial}${REDACTED}`);
  });
});

describe("StreamScrubber", () => {
  it("redacts a secret split across chunks at any point", () => {
    const s = secrets(SECRET);
    const text = Buffer.from(`before ${SECRET} after\n`);
    for (let cut = 1; cut < text.length; cut++) {
      const scrubber = new StreamScrubber(s);
      const out = Buffer.concat([
        scrubber.push(text.subarray(0, cut)),
        scrubber.push(text.subarray(cut)),
        scrubber.end(),
      ]).toString();
      expect(out, `cut at ${cut}`).toBe(`before ${REDACTED} after\n`);
    }
  });

  it("passes non-ASCII bytes through unchanged, even split inside a character", () => {
    const s = secrets(SECRET);
    const text = Buffer.from("é✓ 日本語 🐬\n");
    const scrubber = new StreamScrubber(s);
    const out = Buffer.concat([
      scrubber.push(text.subarray(0, 3)),
      scrubber.push(text.subarray(3)),
      scrubber.end(),
    ]);
    expect(out.equals(text)).toBe(true);
  });

  it("writes everything at once when no secret is known", () => {
    const scrubber = new StreamScrubber(new Secrets());
    expect(scrubber.push(Buffer.from("all of it")).toString()).toBe("all of it");
    expect(scrubber.end().length).toBe(0);
  });
});
