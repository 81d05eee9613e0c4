import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { devNull, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureMoto, MotoSetupError } from "../../scripts/moto.js";
import { freePort } from "../../src/demo/moto.js";
import { ROOT } from "../cli/helpers.js";

/**
 * scripts/moto.ts on a machine without moto_server: a real python3 and a real pip make the
 * virtual environment; PyPI is out of reach here, so pip installs a tiny stand-in "moto"
 * wheel (with a moto_server console script) from a local folder.
 */

const SCRIPT = join(ROOT, "scripts/moto.ts");
let tmp: string;
/** Holds only `python3` (a link to the real interpreter): no moto_server on this PATH. */
let pythonBin: string;
let wheels: string;

/** The real interpreter behind `python3` (pyenv shims and all). */
function realPython(): { executable: string; prefix: string; stdlib: string } {
  const r = spawnSync(
    "python3",
    [
      "-c",
      "import sys, sysconfig; print(sys.executable); print(sys.prefix); print(sysconfig.get_paths()['stdlib'])",
    ],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`python3 is needed for these tests: ${r.stderr}`);
  const [executable, prefix, stdlib] = r.stdout.trim().split("\n") as [string, string, string];
  return { executable, prefix, stdlib };
}

/** A wheel named moto whose `moto_server` prints its arguments. */
function buildStandInWheel(dir: string): void {
  const build = `
import base64, hashlib, sys, zipfile
info = "moto-99.0.0.dist-info"
files = {
    "moto/__init__.py": "import sys\\ndef main():\\n    print('stand-in moto_server', *sys.argv[1:])\\n",
    info + "/METADATA": "Metadata-Version: 2.1\\nName: moto\\nVersion: 99.0.0\\nProvides-Extra: server\\n",
    info + "/WHEEL": "Wheel-Version: 1.0\\nGenerator: cove-test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
    info + "/entry_points.txt": "[console_scripts]\\nmoto_server = moto:main\\n",
}
def digest(text):
    return base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
record = [f"{name},sha256={digest(text)},{len(text.encode())}" for name, text in files.items()]
files[info + "/RECORD"] = "\\n".join(record + [info + "/RECORD,,"]) + "\\n"
with zipfile.ZipFile(sys.argv[1] + "/moto-99.0.0-py3-none-any.whl", "w") as wheel:
    for name, text in files.items():
        wheel.writestr(name, text)
`;
  const r = spawnSync("python3", ["-c", build, dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`could not build the stand-in wheel: ${r.stderr}`);
}

/** A clean environment: no moto on PATH, no pip configuration. */
function cleanEnv(venv: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: `${pythonBin}:/usr/bin:/bin`,
    HOME: process.env.HOME,
    COVE_MOTO_VENV: venv,
    PIP_CONFIG_FILE: devNull,
    ...extra,
  };
}

/**
 * ensureMoto (what the script runs) in this process, with a clean environment: the bin
 * directory it returns, the lines it said, the message it failed with. The script's own
 * printing and exit codes are checked by the tests that run it (`ensure`).
 */
function ensureHere(venv: string, extra: Record<string, string> = {}) {
  const said: string[] = [];
  try {
    const bin = ensureMoto({ env: cleanEnv(venv, extra), log: (line) => said.push(line) });
    return { bin, said, error: undefined };
  } catch (error) {
    if (!(error instanceof MotoSetupError)) throw error;
    return { bin: undefined, said, error: error.message };
  }
}

/** Runs scripts/moto.ts with a clean environment: no moto on PATH, no pip configuration. */
function ensure(venv: string, extra: Record<string, string> = {}, args: string[] = []) {
  const env = cleanEnv(venv, extra);
  const r = spawnSync(process.execPath, ["--import", "tsx", SCRIPT, ...args], {
    cwd: ROOT,
    env,
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** pip settings that install from the local wheel folder only. */
const fromWheels = () => ({ PIP_NO_INDEX: "1", PIP_FIND_LINKS: wheels });

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "cove-moto-"));
  pythonBin = join(tmp, "bin");
  mkdirSync(pythonBin);
  symlinkSync(realPython().executable, join(pythonBin, "python3"));
  const found = spawnSync("moto_server", ["--help"], {
    env: { PATH: `${pythonBin}:/usr/bin:/bin` },
    stdio: "ignore",
  });
  if (!found.error)
    throw new Error("moto_server is in /usr/bin or /bin: these tests need a PATH without it");
  wheels = join(tmp, "wheels");
  mkdirSync(wheels);
  buildStandInWheel(wheels);
});

describe("scripts/moto.ts", () => {
  it("installs moto[server] into a virtual environment once, saying so in one line, then reuses it", () => {
    const venv = join(tmp, "cache/moto");
    const first = ensure(venv, fromWheels());
    expect(first.stderr.trimEnd().split("\n")).toEqual([
      `moto_server is not on PATH: installing "moto[server]" into ${venv} (python3 -m venv, then pip install; later runs reuse it)`,
    ]);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe(`${join(venv, "bin")}\n`);
    expect(existsSync(join(venv, "bin/moto_server"))).toBe(true);

    // Nothing to install from any more: a second run must not need it.
    const spare = join(tmp, "wheels-gone");
    mkdirSync(spare);
    const again = ensure(venv, { PIP_NO_INDEX: "1", PIP_FIND_LINKS: spare });
    expect(again).toEqual({ status: 0, stdout: `${join(venv, "bin")}\n`, stderr: "" });

    // With a command: runs it with the environment's bin first on PATH, passing its exit code.
    const run = ensure(venv, {}, [
      "sh",
      "-c",
      "command -v moto_server; moto_server -p 5000; exit 3",
    ]);
    expect(run.stdout).toBe(`${join(venv, "bin/moto_server")}\nstand-in moto_server -p 5000\n`);
    expect(run.status).toBe(3);
  });

  it("uses the moto_server on PATH and installs nothing", () => {
    const onPath = join(tmp, "on-path");
    mkdirSync(onPath);
    writeFileSync(join(onPath, "moto_server"), "#!/bin/sh\nexit 0\n");
    chmodSync(join(onPath, "moto_server"), 0o755);
    const venv = join(tmp, "unused");
    const r = ensureHere(venv, { PATH: `${onPath}:${pythonBin}:/usr/bin:/bin` });
    expect(r).toEqual({ bin: undefined, said: [], error: undefined });
    expect(existsSync(venv)).toBe(false);
  });

  it("names Debian's python3-venv when Python has no venv module", () => {
    // A real interpreter whose standard library lacks venv and ensurepip (as on Debian without
    // python3-venv): PYTHONHOME points at a copy of the library made of links, minus those two.
    const { prefix, stdlib } = realPython();
    const home = join(tmp, "python-home");
    const lib = join(home, relative(prefix, stdlib));
    mkdirSync(lib, { recursive: true });
    for (const entry of readdirSync(stdlib)) {
      if (entry !== "venv" && entry !== "ensurepip")
        symlinkSync(join(stdlib, entry), join(lib, entry));
    }
    const venv = join(tmp, "no-venv/moto");
    const r = ensureHere(venv, { ...fromWheels(), PYTHONHOME: home });
    expect(r.said).toHaveLength(1);
    expect(r.error?.split("\n")).toHaveLength(1);
    expect(r.error).toMatch(/^python3 -m venv failed \(.*No module named venv\)/);
    expect(r.error).toContain("install the python3-venv package (apt-get install python3-venv)");
    expect(existsSync(venv)).toBe(false);
  });

  it("names python3 when there is no Python at all", () => {
    const r = ensure(join(tmp, "no-python"), { PATH: join(tmp, "empty") });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      "python3 was not found. Install Python 3 (Debian/Ubuntu: apt-get install python3 python3-venv)",
    );
  });

  it("shows the exact commands when pip cannot reach its index, and they work", async () => {
    const venv = join(tmp, "offline/moto");
    const closed = `http://127.0.0.1:${await freePort()}/simple`;
    const r = ensureHere(venv, { PIP_INDEX_URL: closed, PIP_RETRIES: "0" });
    expect(r.bin).toBeUndefined();
    const pip = join(venv, "bin/pip");
    expect(r.error).toContain(`pip could not install "moto[server]" (`);
    expect(r.error).toContain(
      `Install it by hand, then run again:\n  python3 -m venv ${venv}\n  ${pip} install "moto[server]"\n`,
    );
    // Following them (with an index that answers) is enough for the next run.
    const manual = spawnSync(pip, ["install", "--quiet", "moto[server]"], {
      env: { PATH: `${pythonBin}:/usr/bin:/bin`, PIP_CONFIG_FILE: devNull, ...fromWheels() },
      encoding: "utf8",
    });
    expect(manual.status, manual.stderr).toBe(0);
    expect(ensureHere(venv, { PIP_INDEX_URL: closed })).toEqual({
      bin: join(venv, "bin"),
      said: [],
      error: undefined,
    });
  });
});

describe("npm run test:unit", () => {
  it("runs without moto: no moto_server on PATH, none installable, none asked for", async () => {
    const closed = `http://127.0.0.1:${await freePort()}/simple`;
    const venv = join(tmp, "never");
    const r = spawnSync("npm", ["run", "test:unit", "--", "test/unit/domain/shard.test.ts"], {
      cwd: ROOT,
      env: {
        PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
        HOME: process.env.HOME,
        COVE_MOTO_VENV: venv,
        PIP_CONFIG_FILE: devNull,
        PIP_INDEX_URL: closed,
        PIP_RETRIES: "0",
        NO_COLOR: "1",
      },
      encoding: "utf8",
    });
    expect(r.stdout + r.stderr).not.toMatch(/moto/i);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Test Files\s+1 passed \(1\)/);
    expect(existsSync(venv)).toBe(false);
  });
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));
