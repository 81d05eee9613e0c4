import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** One clear line when moto's server is missing (used by the tests and the demo). */
const MOTO_MISSING =
  'moto_server was not found on PATH. Install it with: pip install "moto[server]" (Python 3), then run again.';

/** Whether `moto_server` can be started here. */
export function motoAvailable(): boolean {
  const r = spawnSync("moto_server", ["--help"], { stdio: "ignore" });
  return r.status === 0;
}

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A running moto server. */
export interface Moto {
  url: string;
  /** The server's process id, when this process started it (for its CPU in test runs). */
  pid?: number;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `moto_server` on a free loopback port and waits until it answers. */
export async function startMoto(): Promise<Moto> {
  if (!motoAvailable()) throw new Error(MOTO_MISSING);
  const port = await freePort();
  const child: ChildProcess = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  // However the process ends (a closed stdout, a second Ctrl-C), the server ends with it.
  const stopOnExit = () => child.kill("SIGTERM");
  process.once("exit", stopOnExit);
  child.once("exit", () => process.off("exit", stopOnExit));
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited early: ${stderr}`);
    try {
      const r = await fetch(`${url}/moto-api/data.json`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`moto_server did not start on ${url}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    ...(child.pid === undefined ? {} : { pid: child.pid }),
    async reset() {
      await fetch(`${url}/moto-api/reset`, { method: "POST" });
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      });
    },
  };
}
