import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/** The system Chromium (Debian package `chromium`); playwright never downloads a browser here. */
export const CHROMIUM = process.env.COVE_CHROMIUM ?? "/usr/bin/chromium";

/** Fails with one clear line when Chromium is not installed. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: the report's browser tests need it. ` +
        "Install it with `apt-get install -y chromium` (.ci/run does), or set COVE_CHROMIUM.",
    );
  }
}

/** A headless Chromium with a fresh profile, offline-minded (no background traffic). */
export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches {@link CHROMIUM} headless in a fresh user-data-dir. */
export async function launchChromium(
  options: { viewport?: { width: number; height: number }; colorScheme?: "light" | "dark" } = {},
): Promise<Chromium> {
  requireChromium();
  const profile = mkdtempSync(join(tmpdir(), "cove-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? "light",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
