import { readFileSync } from "node:fs";

/** One line of the per-file CPU log (test/support/cpu-log.ts, scripts/cpu-top.ts). */
export interface CpuLine {
  /** The test file, relative to the working directory. */
  file: string;
  /** CPU seconds (user + system) of the file's process from its start to its last hook. */
  total: number;
  /** CPU seconds of the process from the file's first hook to its last. */
  tests: number;
  /** CPU seconds of the child processes it waited for, same span. */
  children: number;
  /** Seconds from the first hook to the last. */
  wall: number;
  pid: number;
}

/** User + system CPU seconds of this process and of its waited-for children (`/proc`). */
export function procCpu(pid: number | "self" = "self"): { self: number; children: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command's closing parenthesis: state is field 3, utime 14 … cstime 17.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Clock ticks of 1/100 s (USER_HZ, 100 on Linux).
  const ticks = (field: number) => Number(fields[field - 3]) / 100;
  return { self: ticks(14) + ticks(15), children: ticks(16) + ticks(17) };
}
