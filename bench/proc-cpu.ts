import { readFileSync } from "node:fs";

/** CPU seconds (user + system) of a process so far, from /proc (NaN elsewhere): fields
 * 14 and 15 of `/proc/PID/stat`, counted after the command name's closing parenthesis. */
export function processCpuS(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}
