"""The Python side of the side-by-side with Python botocove (bench/python-side-by-side.ts).

Runs botocove's decorator once, in this fresh process, with a function that makes one STS
GetCallerIdentity call per account x region, against the AWS endpoint in AWS_ENDPOINT_URL
(moto_server). Prints one line `@@RESULT {json}`: the call's wall time, the records, and the
process's peak RSS (the kernel's high-water mark, every thread).

    COVE_PY_BOTOCOVE=/dir[:/dir2...] python3 bench/python/botocove_side.py REGION[,REGION...]
    COVE_PY_BOTOCOVE=... python3 bench/python/botocove_side.py --probe

COVE_PY_BOTOCOVE lists folders (like PYTHONPATH) that hold the `botocove` package and, if
they are not installed, its run-time imports (`tqdm`, `mypy_boto3_sts`,
`mypy_boto3_organizations`). Without it, and botocove not importable, this says how to
provide it and exits 2.
"""

import json
import os
import resource
import sys
import time

HOW_TO = (
    "Python botocove is not importable{detail}.\n"
    "Install it (pip install botocove) or point COVE_PY_BOTOCOVE at the folder(s) holding\n"
    "the botocove package and its run-time imports (tqdm, mypy_boto3_sts,\n"
    "mypy_boto3_organizations), separated by ':', e.g.\n"
    "  COVE_PY_BOTOCOVE=/opt/botocove:/opt/botocove-deps npm run bench:python\n"
    "See docs/performance.md, 'Side by side with Python botocove'."
)


def import_botocove():
    """botocove's `cove`, from COVE_PY_BOTOCOVE's folders first; exits 2 when missing."""
    extra = [p for p in os.environ.get("COVE_PY_BOTOCOVE", "").split(os.pathsep) if p]
    sys.path[:0] = extra
    try:
        from botocove import cove  # noqa: PLC0415 (imported after sys.path is set)
    except ImportError as err:
        detail = f" ({err})"
        if not extra:
            detail += ": COVE_PY_BOTOCOVE is not set"
        print(HOW_TO.format(detail=detail), file=sys.stderr)
        sys.exit(2)
    return cove


def peak_rss_mb():
    """The process's peak RSS in MB: VmHWM, else ru_maxrss (KB on Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def caller_account(session):
    """The run: one STS call with the injected session; returns the account it ran in."""
    return session.client("sts").get_caller_identity()["Account"]


def main(argv):
    cove = import_botocove()
    if argv[:1] == ["--probe"]:
        import botocove  # noqa: PLC0415

        print(json.dumps({"ready": True, "file": botocove.__file__}))
        return 0
    if len(argv) != 1 or not argv[0]:
        print("usage: botocove_side.py REGION[,REGION...] | --probe", file=sys.stderr)
        return 2
    regions = argv[0].split(",")
    started = time.perf_counter()
    out = cove(caller_account, regions=regions)()
    wall_s = time.perf_counter() - started
    results = out["Results"]
    right = sum(1 for r in results if r.get("Result") == r.get("Id"))
    cells = {(r["Id"], r.get("Region")) for r in results}
    summary = {
        "side": "python",
        "wallS": wall_s,
        "results": len(results),
        "distinct": len(cells),
        "right": right,
        "exceptions": len(out["Exceptions"]),
        "failedAssumeRole": len(out["FailedAssumeRole"]),
        "peakRssMb": peak_rss_mb(),
    }
    print("@@RESULT " + json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
