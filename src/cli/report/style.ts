/** The report page's stylesheet: light and dark schemes, readable from 320 px wide. */
export const PAGE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --panel: #f6f8fa;
  --focus: #0969da;
  --r-bg: #dafbe1; --r-fg: #116329;
  --e-bg: #ffebe9; --e-fg: #a40e26;
  --f-bg: #fbefff; --f-fg: #6e40c9;
  --n-bg: transparent; --n-fg: #818b98;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
    --focus: #4493f8;
    --r-bg: #12361f; --r-fg: #6fdd8b;
    --e-bg: #4a1418; --e-fg: #ff9492;
    --f-bg: #2e1f4a; --f-fg: #d2a8ff;
    --n-fg: #6e7681;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--fg); }
body {
  margin: 0; padding: 1rem 1.25rem 3rem;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
}
h1 { font-size: 1.4rem; margin: 0 0 .2rem; }
h2 { font-size: 1.1rem; margin: 1.6rem 0 .6rem; }
h3 { font-size: .95rem; margin: 1rem 0 .3rem; }
.muted, #sources { color: var(--muted); margin: 0; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
button, select, input {
  font: inherit; color: inherit; background: var(--panel);
  border: 1px solid var(--line); border-radius: 6px; padding: .25rem .6rem;
}
button { cursor: pointer; }
.o-R { background: var(--r-bg); color: var(--r-fg); }
.o-E { background: var(--e-bg); color: var(--e-fg); }
.o-F { background: var(--f-bg); color: var(--f-fg); }
.o-N { background: var(--n-bg); color: var(--n-fg); }
.counts { display: flex; flex-wrap: wrap; gap: .6rem; margin: 1rem 0; }
.card {
  display: flex; flex-direction: column; min-width: 8.5rem; padding: .5rem .8rem;
  border: 1px solid var(--line); border-radius: 8px;
}
.card.total, .card.rate { background: var(--panel); }
.card .value { font-size: 1.35rem; font-weight: 600; }
.card .label { font-weight: 600; }
.card .note { color: var(--muted); font-size: .85rem; }
.card.o-N .label, .card.o-N .value { color: var(--muted); }
dl.job, dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0; }
dl.job dt, dl.kv dt { color: var(--muted); }
dl.job dd, dl.kv dd { margin: 0; overflow-wrap: anywhere; white-space: pre-wrap; }
.badge { display: inline-block; border-radius: 999px; padding: 0 .5rem; font-size: .85rem; font-weight: 600; }
details.cause { border: 1px solid var(--line); border-radius: 8px; margin: .4rem 0; background: var(--panel); }
details.cause > summary { cursor: pointer; padding: .45rem .7rem; }
details.cause > summary .message {
  display: block; color: var(--muted); margin-left: 1.1rem; overflow-wrap: anywhere;
}
details.cause[open] > summary .message { display: none; }
ul.messages, ul.runs { margin: 0; padding: .2rem .8rem .5rem 2rem; }
ul.messages li { overflow-wrap: anywhere; }
ul.messages .n { font-weight: 600; }
ul.runs { border-top: 1px solid var(--line); padding-top: .5rem; }
ul.runs li { margin: .2rem 0; }
ul.runs .id { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
ul.runs .ou { color: var(--muted); }
button.run { padding: 0 .4rem; margin: .1rem 0; border-color: transparent; }
.cause-runs > button.more { margin: 0 0 .6rem 2rem; }
p.none { color: var(--muted); }
.toolbar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin-bottom: .5rem; }
.toolbar input[type=search] { width: min(22rem, 80vw); }
#matches { color: var(--muted); }
ul.legend { display: flex; flex-wrap: wrap; gap: .3rem 1rem; list-style: none; padding: 0; margin: .3rem 0 .6rem; }
.swatch {
  display: inline-block; width: 1.6rem; text-align: center; border-radius: 4px;
  border: 1px solid var(--line); font-weight: 700;
}
.grid-wrap {
  overflow: auto; max-height: 78vh; width: fit-content; max-width: 100%;
  border: 1px solid var(--line); border-radius: 8px;
}
table.grid { border-collapse: separate; border-spacing: 0; }
table.grid thead th {
  position: sticky; top: 0; z-index: 2; background: var(--bg);
  border-bottom: 1px solid var(--line); font-weight: 600;
}
table.grid th.acct-h { left: 0; z-index: 3; text-align: left; padding: .3rem .6rem; vertical-align: bottom; }
table.grid th.region { padding: .4rem .1rem; vertical-align: bottom; }
table.grid th.region span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-size: .8rem; }
table.grid tr.group th {
  position: sticky; left: 0; text-align: left; background: var(--panel);
  border-top: 1px solid var(--line); padding: .3rem .5rem; font-weight: normal;
}
table.grid tr.group .toggle { border: 0; background: transparent; font-weight: 600; padding: .1rem .3rem; }
table.grid tr.group .size { color: var(--muted); }
table.grid tr.group .t { border-radius: 4px; padding: 0 .3rem; font-size: .85rem; }
table.grid th.acct {
  position: sticky; left: 0; z-index: 1; background: var(--bg); text-align: left; font-weight: normal;
  padding: .1rem .6rem; max-width: 22rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
  border-right: 1px solid var(--line);
}
table.grid th.acct .id { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
table.grid th.acct .name { margin-left: .5rem; color: var(--muted); }
table.grid td.c {
  min-width: 2rem; height: 1.7rem; text-align: center; cursor: pointer; font-weight: 700;
  border-right: 1px solid var(--bg); border-bottom: 1px solid var(--bg);
}
table.grid td.c.dim { opacity: .25; }
table.grid td.c:focus { outline: 3px solid var(--focus); outline-offset: -3px; }
table.grid tr.more td { padding: .3rem .6rem; }
#empty { padding: .6rem; color: var(--muted); }
dialog#detail {
  width: min(52rem, 96vw); max-height: 90vh; padding: 0; color: var(--fg); background: var(--bg);
  border: 1px solid var(--line); border-radius: 10px;
}
dialog#detail::backdrop { background: rgb(0 0 0 / 45%); }
.detail-head {
  position: sticky; top: 0; display: flex; justify-content: space-between; align-items: start; gap: 1rem;
  padding: .7rem 1rem; background: var(--panel); border-bottom: 1px solid var(--line);
}
.detail-head h2 { margin: 0; font-size: 1.05rem; overflow-wrap: anywhere; }
#detail-body { padding: .5rem 1rem 1rem; }
pre.result, pre.stderr {
  margin: 0; padding: .6rem; max-height: 45vh; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere;
  background: var(--panel); border: 1px solid var(--line); border-radius: 6px;
  font: 12.5px/1.4 ui-monospace, "DejaVu Sans Mono", monospace;
}
p.cut { color: var(--muted); font-size: .85rem; }
table.grid td.c.chg { position: relative; box-shadow: inset 0 0 0 2px var(--x-fg); }
.mark { font-size: .75rem; vertical-align: super; margin-left: 1px; color: var(--x-fg); }
.chg.x-c, .chg.x-o { --x-fg: #bf8700; }
.chg.x-n { --x-fg: #0969da; }
.chg.x-g { --x-fg: #cf222e; }
.badge.chg, .swatch.chg { background: var(--panel); color: var(--x-fg); border: 2px solid var(--x-fg); }
#changes-counts .x-c, #changes-counts .x-o { color: #9a6700; }
table.paths { border-collapse: collapse; width: 100%; margin: .3rem 0; font-size: .9rem; }
table.paths th, table.paths td { border: 1px solid var(--line); padding: .2rem .4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
table.paths td.before { background: var(--e-bg); }
table.paths td.after { background: var(--r-bg); }
mark { background: #fff8c5; color: #1f2328; padding: 0 .15rem; border-radius: 3px; }
#fatal { padding: 1rem; border: 2px solid var(--e-fg); color: var(--e-fg); }
@media (max-width: 640px) {
  body { padding: .6rem; }
  table.grid th.acct { max-width: 9.5rem; }
  table.grid th.acct .name { display: none; }
  .card { min-width: 6.5rem; }
}
`;
