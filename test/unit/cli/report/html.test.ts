import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { packChunk, renderPage, scriptJson } from "../../../../src/cli/report/html.js";
import { ReportModel } from "../../../../src/cli/report/model.js";
import { bundlePage } from "../../../../scripts/build-page.js";
import { PAGE_SCRIPT, PAGE_STYLE } from "../../../../src/cli/report/generated/page-assets.js";

const HOSTILE = `</script><script>alert(1)</script><!-- <img src=x onerror=alert(1)> & \u2028\u2029`;

function page(): string {
  const m = new ReportModel();
  m.addHeader({ command: HOSTILE });
  m.add("Results", {
    Id: "111111111111",
    Name: HOSTILE,
    OuPath: `/${HOSTILE}`,
    Region: "eu-west-1",
    Result: HOSTILE,
  });
  m.add("Exceptions", {
    Id: "222222222222",
    Name: "b",
    Region: "eu-west-1",
    ExceptionDetails: { name: HOSTILE, message: HOSTILE, stderr: HOSTILE },
  });
  const { data, details } = m.build({ sources: [HOSTILE], title: HOSTILE });
  return [...renderPage(data, details)].join("");
}

const sha = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

describe("scriptJson", () => {
  it("escapes what could end or change a script element, and means the same JSON", () => {
    const text = scriptJson({ s: HOSTILE });
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual({ s: HOSTILE });
  });
});

describe("renderPage", () => {
  const html = page();

  it("carries record values only inside its data blocks, never as markup", () => {
    // Everything outside the data blocks is the fixed template: no hostile text there.
    const outside = html
      .replace(/<script type="application\/json" id="cove-data">[^<]*<\/script>/, "")
      .replace(/<script type="application\/gzip" id="cove-d-\d+">[A-Za-z0-9+/=]*<\/script>/g, "");
    expect(outside).not.toContain("alert(1)");
    expect(outside).not.toContain("onerror");
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    const data = /<script type="application\/json" id="cove-data">([^<]*)<\/script>/.exec(
      html,
    )?.[1];
    expect(JSON.parse(data ?? "").title).toBe(HOSTILE);
  });

  it("packs details as gzip + base64 that inflate to the details", () => {
    const packed = /id="cove-d-0">([^<]*)</.exec(html)?.[1] ?? "";
    const details = JSON.parse(gunzipSync(Buffer.from(packed, "base64")).toString()) as unknown[];
    expect(details).toHaveLength(2);
    expect(JSON.stringify(details)).toContain("onerror=alert(1)");
    expect(
      JSON.parse(gunzipSync(Buffer.from(packChunk([{ result: "x" }]), "base64")).toString()),
    ).toEqual([{ result: "x" }]);
  });

  it("allows by its Content-Security-Policy exactly its own script and stylesheet, and no network", () => {
    const csp =
      /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1] ?? "";
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? "";
    expect(csp.split("; ")).toEqual([
      "default-src 'none'",
      `script-src ${sha(script)}`,
      `style-src ${sha(style)}`,
      "img-src data:",
      "base-uri 'none'",
      "form-action 'none'",
    ]);
    expect(html.indexOf("Content-Security-Policy")).toBeLessThan(html.indexOf("<style>"));
    // No attribute of the template loads anything.
    const template = html.replace(/<script type="application\/json"[^>]*>[^<]*<\/script>/g, "");
    expect(template).not.toMatch(/\b(src|href|action|srcset|poster)=/);
    expect(template).not.toMatch(/https?:\/\//);
  });

  it("has a page script that is valid JavaScript, holds no closing script tag and reads the data", () => {
    expect(() => new Function(PAGE_SCRIPT)).not.toThrow();
    expect(PAGE_SCRIPT).not.toMatch(/<\/script|<!--/i);
    expect(PAGE_STYLE).not.toMatch(/<\/style|<!--/i);
    expect(PAGE_SCRIPT).toContain('"cove-data"');
    expect(html).toContain(`<script>${PAGE_SCRIPT}</script>`);
    expect(html).toContain(`<style>${PAGE_STYLE}</style>`);
  });

  it("inlines the bundle of the browser sources as they are now (npm run build makes it)", async () => {
    expect(await bundlePage()).toEqual({ script: PAGE_SCRIPT, style: PAGE_STYLE });
    // Only names the bundle defines: no helper a dev-time transform (tsx's __name) would add.
    expect(PAGE_SCRIPT).not.toMatch(/\b__name\b/);
    // The baseline section (browser/changes.ts) is part of the bundle, its markup of the page.
    expect(PAGE_SCRIPT).toContain("since the baseline");
    expect(PAGE_STYLE).toContain("table.paths");
  });
});
