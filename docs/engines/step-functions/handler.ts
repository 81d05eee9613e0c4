// AWS Lambda handler for a Step Functions Distributed Map (state-machine.json): the
// ItemReader reads the pairs of `cove targets -o json` (its `targets`), ItemBatcher hands
// this function a batch of them, and it runs the audit in those accounts × regions with
// `cove(fn, { accounts })` — no Organizations listing, the hub being the function's role.
// It returns the batch's records, one per pair, as `cove exec/run -o ndjson` writes them
// ({ List, Id, Region, … }); the ResultWriter (FLATTEN, JSONL) writes them one per line to
// S3, and `cove merge --targets targets.json SUCCEEDED_*.jsonl` checks and merges them.
// Bundle: npx esbuild handler.ts --bundle --platform=node --format=esm --target=node20 \
//   --outfile=dist/handler.mjs  (see docs/performance.md for its size and cold import time)
import { cove, type AccountInfo, type CoveSession } from "botocove";

/** One item of the ItemReader: a row of `cove targets -o json`. */
export interface TargetItem {
  Id: string;
  Region: string;
  Name?: string;
  Email?: string;
}

/** What ItemBatcher sends: a batch of items (BatchInput: what every batch shares). */
export interface BatchEvent {
  Items: TargetItem[];
  BatchInput?: { roleName?: string };
}

/** The audit (your function): here, the account and region it ran in. */
export async function audit(session: CoveSession): Promise<{ account: string; region: string }> {
  return { account: session.accountId, region: session.region };
}

/** The batch's records (`List` names the list), for the ResultWriter to write. */
export async function handler(event: BatchEvent): Promise<object[]> {
  const accounts = new Map<string, AccountInfo>();
  for (const { Id, Name, Email } of event.Items)
    accounts.set(Id, { Id, ...(Name && { Name }), ...(Email && { Email }) });
  const pairs = new Set(event.Items.map((i) => `${i.Id} ${i.Region}`));
  const regions = [...new Set(event.Items.map((i) => i.Region))];
  const out = await cove(audit, {
    accounts: [...accounts.values()],
    regions,
    // Only the batch's own pairs (an account may come with some of the regions only).
    skip: ({ Id, Region }) => !pairs.has(`${Id} ${Region}`),
    progress: false,
    ...(event.BatchInput?.roleName && { roleName: event.BatchInput.roleName }),
  })();
  const list = <T extends object>(name: string, records: T[]) =>
    records.map((r) => ({ List: name, ...r, ...errorOf(r) }));
  return [
    ...list("Results", out.Results),
    ...list("Exceptions", out.Exceptions),
    ...list("FailedAssumeRole", out.FailedAssumeRole),
  ];
}

/** A thrown value as JSON can carry it (an Error's own fields are not enumerable). */
function errorOf(record: object): object {
  const error = (record as { ExceptionDetails?: unknown }).ExceptionDetails;
  if (!(error instanceof Error)) return {};
  return { ExceptionDetails: { name: error.name, message: error.message } };
}
