import { describe, expect, it } from "vitest";
import { cpuTable, readCpuLog } from "../../scripts/cpu-top.js";
import { procCpu, type CpuLine } from "../support/proc-cpu.js";

const line = (file: string, total: number, children = 0): CpuLine => ({
  file,
  total,
  tests: total,
  children,
  wall: 1,
  pid: 1,
});

describe("scripts/cpu-top.ts", () => {
  it("lists the costliest files first, at most N, then the sum of all files and of moto", () => {
    const log = [
      line("test/a.test.ts", 2.5),
      line("test/b.test.ts", 30.25, 20),
      line("(moto_server 1)", 7),
      line("test/c.test.ts", 10),
      line("(moto_server 2)", 3),
    ];
    const rows = cpuTable(log, 2).trimEnd().split("\n");
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatch(/CPU \(s\)\s+children\s+wall\s+file$/);
    expect(rows[1]).toMatch(/^\s+30\.3\s+20\.0\s+1\.0 {2}test\/b\.test\.ts$/);
    expect(rows[2]).toMatch(/^\s+10\.0\s+0\.0\s+1\.0 {2}test\/c\.test\.ts$/);
    expect(rows[3]).toMatch(/^\s+42\.8\s+20\.0\s+all 3 files$/);
    expect(rows[4]).toMatch(/^\s+10\.0\s+2 moto_server\(s\), whole run$/);
  });

  it("reads one JSON object a line and skips blank lines", () => {
    const text = `${JSON.stringify(line("x", 1))}\n\n${JSON.stringify(line("y", 2))}\n`;
    expect(readCpuLog(text).map((l) => l.file)).toEqual(["x", "y"]);
  });
});

describe("test/support/proc-cpu.ts", () => {
  it("reads this process's CPU from /proc, which grows as it computes", () => {
    const before = procCpu();
    // Busy until the kernel has charged at least one more tick (1/100 s) to this process.
    let spins = 0;
    while (procCpu().self <= before.self) spins++;
    expect(spins).toBeGreaterThan(0);
    expect(procCpu().self).toBeGreaterThan(before.self);
    expect(before.children).toBeGreaterThanOrEqual(0);
  });
});
