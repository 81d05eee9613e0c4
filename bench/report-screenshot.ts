/**
 * Makes docs/report.png, the README's picture of a report: runs `cove demo --report` (moto),
 * opens the page in headless Chromium at 1280 × 800, opens the first failure cause, and
 * saves a screenshot.
 *
 *   npm run build && npx tsx bench/report-screenshot.ts [out.png]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launchChromium } from "../test/support/browser.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.resolve(process.argv[2] ?? path.join(root, "docs/report.png"));
const dir = mkdtempSync(path.join(tmpdir(), "cove-report-shot-"));
const browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
try {
  const page = path.join(dir, "demo.html");
  execFileSync(
    process.execPath,
    [path.join(root, "dist/cli/main.js"), "demo", "-q", "-o", "json", "--report", page],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const tab = await browser.context.newPage();
  await tab.goto(pathToFileURL(page).href);
  await tab.waitForSelector("html[data-ready='1']");
  await tab.click("details.cause:nth-of-type(2) > summary");
  await tab.screenshot({
    path: out,
    fullPage: true,
    clip: { x: 0, y: 0, width: 1280, height: 1180 },
  });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
