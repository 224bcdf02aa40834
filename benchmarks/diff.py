"""Benchmark: ``compat diff -j 2`` over a generated 1,000-case corpus, and ``compat --help``.

    python benchmarks/diff.py [--cases 1000] [--jobs 2] [--source DIR ...]

Builds the corpus in a temp dir from existing cases (this repository's corpus, and the shared
references ``../shared/reference/glitchtip`` and ``sentry-9.1.2-grouping`` when present): each
copy gets a new case name and a new event id, its references and manifest entry (receive-time
context) come along.  Then times one ``compat diff -j N --junit ...`` run as a user would
start it (a subprocess), prints its peak RSS (the largest process of the run: the CLI or a
worker), runs a quarter of the cases again to show that memory does not grow with the
number of cases, and times ``compat --help`` from a cold interpreter.

Targets: the 1,000-case diff under 10 s with flat memory; ``compat --help`` under 0.3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SENTRY_COMPAT_SHARED", REPO.parent / "shared")) / "reference"

#: the CLI as installed (`compat`), or, while `diff` is not registered there yet, an app with it
CLI = """
import typer
from sentry_compat.cli import app as main_app
names = {c.name for c in main_app.registered_commands} | {g.name for g in main_app.registered_groups}
if "diff" in names:
    main_app()
else:
    from sentry_compat.cli.diff import diff
    app = typer.Typer()
    app.command("diff")(diff)
    app.command("noop", hidden=True)(lambda: None)
    app()
"""

FOLDERS = ("incoming_events", "oss_sentry_json", "oss_sentry_events", "grouping_info", "wire")


def sources(extra: list[Path]) -> list[Path]:
    found = [
        p
        for p in [REPO / "corpus", SHARED / "glitchtip", SHARED / "sentry-9.1.2-grouping", *extra]
        if (p / "incoming_events").is_dir() and any((p / "incoming_events").glob("*.json"))
    ]
    if not found:
        sys.exit("no source cases: neither corpus/ nor ../shared/reference/ has incoming events")
    return found


def generate(target: Path, count: int, roots: list[Path]) -> int:
    """Copy cases round-robin from ``roots`` into ``target`` under new names and event ids."""
    sys.path.insert(0, str(REPO))
    from sentry_compat.corpus import Corpus, dump_json, split_grouping_stem

    def write_json(path: Path, data: object) -> None:  # scratch data: no fsync needed
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(dump_json(data))

    pool: list[tuple[Corpus, str]] = []
    for root in roots:
        corpus = Corpus(root)
        pool += [(corpus, name) for name in corpus.names("incoming_events")]
    manifest: dict[str, dict[str, object]] = {}
    for index in range(count):
        corpus, name = pool[index % len(pool)]
        new = f"bench-{index:05d}-{name}"[:150]
        for folder in FOLDERS:
            directory = corpus.root / folder
            if not directory.is_dir():
                continue
            for path in directory.glob(f"{name}*.json"):
                stem = split_grouping_stem(path.stem)[0] if folder == "grouping_info" else path.stem
                if stem != name:
                    continue
                suffix = path.name[len(name) :]
                data = json.loads(path.read_text(encoding="utf-8"))
                if folder == "incoming_events" and isinstance(data, dict) and "event_id" in data:
                    data["event_id"] = uuid.uuid4().hex
                write_json(target / folder / f"{new}{suffix}", data)
        entry = corpus.manifest.get(name)
        if entry:
            manifest[new] = entry
    write_json(target / "manifest.json", {"version": 1, "cases": manifest})
    return count


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_diff(corpus: Path, jobs: int, junit: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the whole process tree, exit status)."""
    cpu = _cpu()
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            CLI,
            "diff",
            "--corpus",
            str(corpus),
            "-j",
            str(jobs),
            "--junit",
            str(junit),
            "--show",
            "3",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"compat diff failed ({done.returncode}):\n{done.stderr}")
    return seconds, _cpu() - cpu, done.returncode


def peak_rss_of(args: list[str]) -> int:
    """Peak RSS (MiB) of one fresh process tree (a helper process measures its own children)."""
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], capture_output=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    return int(out.stdout.strip() or 0)


def help_time(runs: int = 7) -> tuple[float, float, float]:
    """(best wall, median wall, best CPU) seconds of `compat --help`."""
    compat = shutil.which("compat")
    cmd = (
        [compat, "--help"]
        if compat
        else [sys.executable, "-c", "from sentry_compat.cli import main; main()", "--help"]
    )
    times, cpus = [], []
    for _ in range(runs):
        cpu = _cpu()
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
    return min(times), statistics.median(times), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--source", type=Path, action="append", default=[])
    args = parser.parse_args()
    roots = sources(args.source)
    with tempfile.TemporaryDirectory(prefix="sentry-compat-bench-") as tmp:
        small, big = Path(tmp) / "small", Path(tmp) / "big"
        t0 = time.perf_counter()
        generate(big, args.cases, roots)
        generate(small, max(1, args.cases // 4), roots)
        print(
            f"generated {args.cases} + {max(1, args.cases // 4)} cases from "
            f"{', '.join(str(r) for r in roots)} in {time.perf_counter() - t0:.1f}s"
        )
        seconds, cpu, status = run_diff(big, args.jobs, Path(tmp) / "junit.xml")
        verdict = "ok" if seconds < 10 else "OVER TARGET"
        load = os.getloadavg()[0]
        print(
            f"compat diff -j {args.jobs}: {args.cases} cases in {seconds:.2f}s wall "
            f"({args.cases / seconds:.0f} cases/s; exit {status}) [target < 10 s: {verdict}]; "
            f"{cpu:.1f}s CPU in all processes (load average {load:.1f} on {os.cpu_count()} CPUs)"
        )
        diff_args = [
            sys.executable,
            "-c",
            CLI,
            "diff",
            "-j",
            str(args.jobs),
            "--show",
            "3",
            "--corpus",
        ]
        rss_big = peak_rss_of([*diff_args, str(big)])
        rss_small = peak_rss_of([*diff_args, str(small)])
        flat = "flat" if rss_big <= rss_small * 1.25 + 8 else "GROWS"
        print(
            f"peak RSS: {rss_small} MiB for {max(1, args.cases // 4)} cases, {rss_big} MiB for "
            f"{args.cases} cases [{flat}]"
        )
    best, median, cpu = help_time()
    verdict = "ok" if best < 0.3 else "OVER TARGET"
    print(
        f"compat --help cold start: best {best * 1000:.0f} ms, median {median * 1000:.0f} ms, "
        f"best CPU {cpu * 1000:.0f} ms [target < 300 ms: {verdict}]"
    )


if __name__ == "__main__":
    main()
