#!/usr/bin/env python3
"""Benchmark of ``claimgen docket``: 1,000 generated case files in nested folders.

Run: ``.venv/bin/python benchmarks/docket_bench.py`` (``--cases N`` for a different top size,
``--keep DIR`` to keep the generated tree). It prints a Markdown table to paste into
benchmarks/README.md.

The cases are the four bundled examples (10-17 KB each, with evidence lists and custody
logs), every date shifted by a different number of days so each case has its own
deadlines, plus one in ten cut down to a half-finished intake (incident date and state,
one claimant without a name), spread over ``clinic/<year>/<team>/<client>/case.yaml`` with
a packet folder, notes and other YAML beside them, as a clinic's shared folder looks.

Measured, each as a child process (wall time around it; peak memory is the child's
``ru_maxrss`` from ``wait4``):
  * ``claimgen check`` on one case, median of 5 (the yardstick: process start included);
  * ``claimgen docket`` over 125, 250, 500 and 1,000 of the cases, median of 3, and its
    peak memory — target: 1,000 cases in at most 10x the time of one ``check``, time
    linear in the number of cases, memory flat.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "claimgen" / "examples"
AS_OF = "2026-12-05"
_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
HALF = """\
claimgen: 1
title: "Intake {n:04d}"
incident:
  date: {date}
  state: {state}
claimants:
  - role: injured
"""


def _shift(text: str, days: int) -> str:
    def one(m: re.Match) -> str:
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return m[0]
        return (day + dt.timedelta(days=days)).isoformat()

    return _DATE.sub(one, text)


def generate(root: Path, n: int, seed: int = 16) -> list[Path]:
    """``n`` case files under ``root`` (nested folders), plus the litter a shared folder holds."""
    rnd = random.Random(seed)
    templates = [(p.parent.name, p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*/case.yaml"))]
    states = ["MN", "TX", "AZ", "NY", "CA", "IL", "FL", "GA"]
    paths = []
    for i in range(n):
        folder = root / "clinic" / str(2023 + i % 4) / f"team-{i % 7}" / f"client-{i:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        if i % 10 == 9:
            day = dt.date(2024, 1, 1) + dt.timedelta(days=rnd.randrange(0, 1000))
            text = HALF.format(n=i, date=day.isoformat(), state=rnd.choice(states))
        else:
            name, text = templates[i % len(templates)]
            text = _shift(text, rnd.randrange(-700, 200))
            text = re.sub(r'^title: .*$', f'title: "Client {i:04d} ({name})"', text, count=1, flags=re.MULTILINE)
        (folder / "case.yaml").write_text(text, encoding="utf-8")
        paths.append(folder / "case.yaml")
        if i % 50 == 0:  # a built packet and some notes beside a case
            packet = folder / "packet"
            packet.mkdir(exist_ok=True)
            (packet / "manifest.json").write_text(json.dumps({"claimgen": "0.1.0", "as_of": AS_OF, "files": []}))
            shutil.copy(folder / "case.yaml", packet / "case.yaml")
            (folder / "notes.yaml").write_text("next_call: tuesday\nowner: intake\n", encoding="utf-8")
    return paths


def timed(args: list[str], cwd: Path) -> tuple[float, int, int, float]:
    """(wall seconds, peak RSS in KB, exit status, CPU seconds) of ``python -m claimgen ARGS``."""
    env = dict(os.environ)
    env.pop("CLAIMGEN_DEBUG", None)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "claimgen", *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss, proc.returncode, usage.ru_utime + usage.ru_stime


def median_run(args: list[str], cwd: Path, runs: int) -> tuple[float, int, int, float]:
    results = [timed(args, cwd) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), max(r[1] for r in results), results[-1][2],
            statistics.median(r[3] for r in results))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--keep", metavar="DIR")
    opts = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "claimgen")], check=False)
    tmp = Path(opts.keep) if opts.keep else Path(tempfile.mkdtemp(prefix="claimgen-docket-bench-"))
    try:
        sizes = sorted({max(1, opts.cases // 8), max(1, opts.cases // 4), max(1, opts.cases // 2), opts.cases})
        trees = {}
        for size in sizes:
            trees[size] = tmp / f"tree-{size}"
            generate(trees[size], size)
        one = trees[sizes[-1]] / "clinic" / "2023" / "team-0" / "client-0000" / "case.yaml"
        check_s, check_kb, _, check_cpu = median_run(["check", str(one), "--as-of", AS_OF, "--format", "json"], tmp, 5)
        rows = []
        for size in sizes:
            wall, kb, rc, cpu = median_run(["docket", str(trees[size]), "--as-of", AS_OF, "--format", "json"], tmp, 3)
            rows.append((size, wall, kb, rc, cpu))
        kb_total = sum(p.stat().st_size for p in trees[sizes[-1]].rglob("case.yaml")) // 1024
        print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; tree of {sizes[-1]} cases: {kb_total} KB of case files")
        print()
        load = os.getloadavg()
        print(f"load average (1/5/15 min) at the end: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")
        print()
        print("| run | wall time | CPU time | wall per case | peak RSS | exit |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        print(f"| `check` one case | {check_s:.2f} s | {check_cpu:.2f} s | — | {check_kb // 1024} MB | 0 |")
        for size, wall, kb, rc, cpu in rows:
            per = (wall - check_s) / size * 1000
            print(f"| `docket` {size} cases | {wall:.2f} s | {cpu:.2f} s | {per:.2f} ms | {kb // 1024} MB | {rc} |")
        top = rows[-1]
        print()
        print(f"docket {top[0]} / check 1 = {top[1] / check_s:.1f}x wall, {top[4] / check_cpu:.1f}x CPU (target <= 10x)")
        if len(rows) >= 2:
            a, b = rows[0], rows[-1]
            print(f"time per added case from {a[0]} to {b[0]}: {(b[1] - a[1]) / (b[0] - a[0]) * 1000:.2f} ms; "
                  f"peak RSS {a[2] // 1024} MB -> {b[2] // 1024} MB")
    finally:
        if not opts.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
