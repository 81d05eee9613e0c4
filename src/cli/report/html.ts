import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { PAGE_SCRIPT, PAGE_STYLE } from "./generated/page-assets.js";
import type { Detail, PageData } from "./page-data.js";

/**
 * JSON text that is safe inside a `<script type="application/json">` element: `<`, `>` and
 * `&` (so no `</script>` or `<!--` can end or change it) and U+2028/U+2029 are escaped. These
 * characters only occur inside JSON strings, where the escapes mean the same.
 */
export function scriptJson(value: unknown): string {
  return (JSON.stringify(value) ?? "null").replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * A chunk of details as the page embeds it: gzip, then base64 (its characters need no
 * escaping in HTML); the page inflates a chunk only when one of its cells is opened.
 */
export function packChunk(details: readonly Detail[]): string {
  return gzipSync(JSON.stringify(details)).toString("base64");
}

/** `'sha256-…'` of a script or style text, for the Content-Security-Policy. */
function cspHash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

/**
 * The policy: nothing may load or connect; only this page's own script and stylesheet run
 * (by hash); images only as data URLs.
 */
function contentSecurityPolicy(script: string, style: string): string {
  return [
    "default-src 'none'",
    `script-src ${cspHash(script)}`,
    `style-src ${cspHash(style)}`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** The page's fixed markup before the data (no record value is ever part of it). */
function pageHead(csp: string, style: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="botocove cove report">
<title>cove report</title>
<style>${style}</style>
</head>
<body>
<header>
<h1 id="title">cove report</h1>
<p id="sources"></p>
</header>
<main>
<p id="fatal" role="alert" hidden></p>
<noscript><p>This report needs JavaScript to show its data (the page makes no network request).</p></noscript>
<section aria-labelledby="summary-h">
<h2 id="summary-h" class="vh">Summary</h2>
<div id="counts" class="counts"></div>
<dl id="job" class="job" aria-label="Job"></dl>
</section>
<section aria-labelledby="failures-h">
<h2 id="failures-h">Failures by cause</h2>
<div id="causes"></div>
</section>
<section id="changes-sec" aria-labelledby="changes-h" hidden>
<h2 id="changes-h">Changes</h2>
<p id="changes-from" class="muted"></p>
<ul id="changes-counts" class="legend" aria-label="Changes by kind"></ul>
<div id="changes"></div>
</section>
<section aria-labelledby="grid-h">
<h2 id="grid-h">Accounts × regions</h2>
<div class="toolbar" role="search">
<label>Filter <input id="q" type="search" placeholder="account id, name or OU path" autocomplete="off" spellcheck="false"></label>
<label>Outcome <select id="outcome">
<option value="">all</option>
<option value="fail">any failure</option>
<option value="R">✓ Result</option>
<option value="E">✗ Exception</option>
<option value="F">⊘ FailedAssumeRole</option>
<option value="-">· not in the files</option>
</select></label>
<label hidden><input id="changed-only" type="checkbox"> Changed only</label>
<button id="expand-all" type="button">Expand all</button>
<button id="collapse-all" type="button">Collapse all</button>
<span id="matches" role="status" aria-live="polite"></span>
</div>
<ul id="legend" class="legend" aria-label="Legend"></ul>
<div class="grid-wrap">
<table id="grid" class="grid" role="grid" aria-labelledby="grid-h"></table>
<p id="empty" hidden>No account matches the filters.</p>
</div>
</section>
</main>
<dialog id="detail" aria-labelledby="detail-h">
<div class="detail-head"><h2 id="detail-h"></h2><button id="detail-close" type="button" aria-label="Close (Escape)">✕</button></div>
<div id="detail-body"></div>
</dialog>
`;
}

/**
 * The report as one self-contained HTML page (its script and stylesheet are the bundle of
 * `browser/`, made by `npm run build`), in parts to write one after another: the
 * markup, the data, the script (which renders at once), then the details in compressed
 * chunks that the script inflates only when a cell is opened.
 */
export function* renderPage(data: PageData, details: Detail[][]): Generator<string> {
  yield pageHead(contentSecurityPolicy(PAGE_SCRIPT, PAGE_STYLE), PAGE_STYLE);
  yield `<script type="application/json" id="cove-data">${scriptJson(data)}</script>\n`;
  yield `<script>${PAGE_SCRIPT}</script>\n`;
  for (const [k, chunk] of details.entries())
    yield `<script type="application/gzip" id="cove-d-${k}">${packChunk(chunk)}</script>\n`;
  yield "</body>\n</html>\n";
}
