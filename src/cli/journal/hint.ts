import { count } from "../output/text.js";
import { shellLine } from "../shell.js";

/** Flags of the journal that the command line to go on replaces. */
const JOURNAL_FLAGS = ["--journal", "--resume"];

/**
 * The command line that goes on with a job: the user's `argv` (without `node cove`), with
 * `--resume FILE` in place of its `--journal FILE` / `--resume FILE`, right after the command
 * name. Only flags before `--` are cove's; what follows is left as is.
 */
export function resumeCommandLine(argv: readonly string[], journalPath: string): string {
  const end = argv.indexOf("--");
  const flags = end < 0 ? [...argv] : argv.slice(0, end);
  const rest = end < 0 ? [] : argv.slice(end);
  const kept: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const arg = flags[i] as string;
    if (JOURNAL_FLAGS.includes(arg)) i++;
    else if (!JOURNAL_FLAGS.some((f) => arg.startsWith(`${f}=`))) kept.push(arg);
  }
  const at = kept.findIndex((a) => a === "exec" || a === "run");
  kept.splice(at + 1, 0, "--resume", journalPath);
  return shellLine(["cove", ...kept, ...rest]);
}

/** What a run stopped by a signal says about going on with it. */
export function interruptedHint(
  journal: { path: string } | undefined,
  finished: number,
  argv: readonly string[],
): string | undefined {
  if (journal)
    return (
      `cove: the records of the runs that finished are in the journal ${journal.path}; ` +
      `to run the rest: ${resumeCommandLine(argv, journal.path)}`
    );
  if (finished === 0) return undefined;
  return (
    `cove: ${count(finished, "run")} had finished; with --journal FILE they would have been kept, ` +
    "and --resume FILE would run only the rest."
  );
}
