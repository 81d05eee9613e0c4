import { count } from "../output/text.js";
import { renderPage } from "./html.js";
import type { ReportModel } from "./model.js";
import { writePageFile, writePageStdout } from "./write.js";

/** What a written report holds, for the one-line summary. */
export interface Written {
  path: string;
  bytes: number;
  runs: number;
  accounts: number;
  regions: number;
  lists: { R: number; E: number; F: number };
}

/** Writes the model's page to `path` (`-`: stdout) and says what it holds. */
export async function writeReport(
  model: ReportModel,
  path: string,
  options: { title?: string; sources: string[]; stdout?: NodeJS.WritableStream },
): Promise<Written> {
  const { data, details } = model.build(options);
  const parts = renderPage(data, details);
  const bytes =
    path === "-" && options.stdout
      ? await writePageStdout(parts, options.stdout)
      : await writePageFile(path, parts);
  const lists = { R: 0, E: 0, F: 0 };
  for (const c of data.cells) if (c === "R" || c === "E" || c === "F") lists[c]++;
  return {
    path,
    bytes,
    runs: lists.R + lists.E + lists.F,
    accounts: data.accounts.ids.length,
    regions: data.regions.length,
    lists,
  };
}

/** `1.2 MB`, `840 kB`. */
function sizeText(bytes: number): string {
  return bytes >= 1e6
    ? `${(bytes / 1e6).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

/** `report.html (1.2 MB): 58 runs of 29 accounts × 2 regions (Results 48, Exceptions 8, FailedAssumeRole 2)`. */
export function writtenText(w: Written): string {
  const where = w.path === "-" ? "stdout" : w.path;
  return (
    `${where} (${sizeText(w.bytes)}): ${count(w.runs, "run")} of ${count(w.accounts, "account")} × ${count(w.regions, "region")} ` +
    `(Results ${w.lists.R}, Exceptions ${w.lists.E}, FailedAssumeRole ${w.lists.F})`
  );
}
