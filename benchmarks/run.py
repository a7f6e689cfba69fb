#!/usr/bin/env python3
"""claimgen benchmarks — one command: ``make bench`` (or ``python benchmarks/run.py``).

Measures, against these targets:
  * start-up: ``claimgen --help``, median of N runs (target < 0.25 s), and which
    heavy libraries the CLI import path loads (should be none);
  * building the largest bundled example (target < 1 s, whole command);
  * final copies: the demo's final build with its mailing packet against today's draft
    build and the draft build before the PDF copies existed (< 2×), the draft build against
    the bare import of reportlab + docxtpl (≤ 2.5×), these runs taken in turn so a busy
    machine slows them alike; and the largest example's final build;
  * evidence hashing: ``claimgen evidence add`` on a 1 GB file against
    ``openssl dgst -sha256`` (whole command within 25 %, peak RSS < 100 MB);
  * scale: generated cases of 10/100/500 claimants with 200/2,000/10,000 evidence
    items — build time and peak memory, growth per unit (target: 100 + 2,000 < 15 s).

Every command runs as a child process; wall time is measured around it and peak
memory is the child's ``ru_maxrss`` from ``wait4``. ``--write`` replaces the
results section of benchmarks/README.md. ``--quick`` skips the 1 GB file and the
largest scale step.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = Path(__file__).resolve().parent / "README.md"
EXAMPLES = ROOT / "claimgen" / "examples"
AS_OF = "2026-11-22"
HEAVY = (
    "reportlab",
    "docxtpl",
    "docx",
    "pypdf",
    "questionary",
    "lxml",
    "jinja2",
    "icalendar",
    "holidays",
    "PIL",
    "fontTools",
    "rich",
)
START, END = "<!-- results:start -->", "<!-- results:end -->"


@dataclass
class Run:
    seconds: float  # wall time
    maxrss_mb: float
    returncode: int
    stderr: str
    cpu: float = 0.0  # user + system seconds of the child (less sensitive to a busy machine)


def run(args: list[str], cwd: Path | None = None, env: dict | None = None) -> Run:
    """Run a child, return its wall time, peak RSS and status."""
    full_env = dict(os.environ, **(env or {}))
    full_env.pop("CLAIMGEN_DEBUG", None)
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, env=full_env, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return Run(
            seconds,
            usage.ru_maxrss / 1024,
            proc.returncode,
            err.read().decode("utf-8", "replace"),
            usage.ru_utime + usage.ru_stime,
        )


def claimgen_cmd() -> list[str]:
    script = Path(sys.executable).parent / "claimgen"
    return [str(script)] if script.exists() else [sys.executable, "-m", "claimgen"]


def compile_bytecode() -> None:
    """Write claimgen's .pyc files first, as ``pip install`` does for a user.

    Where PYTHONDONTWRITEBYTECODE is set (as on the development machines) an editable
    checkout would otherwise recompile every module on every run (~0.1 s per command),
    which no installed copy does.
    """
    import compileall

    compileall.compile_dir(str(ROOT / "claimgen"), quiet=1)


def ok(r: Run, what: str) -> Run:
    if r.returncode != 0:
        raise SystemExit(f"{what} failed (exit {r.returncode}):\n{r.stderr}")
    return r


# ---------------------------------------------------------------- machine


def machine() -> dict[str, str]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 1048576:.1f} GiB"
    except (OSError, AttributeError):
        pass
    fs = "unknown"
    try:
        fs = (
            subprocess.run(["df", "-T", tempfile.gettempdir()], capture_output=True, text=True)
            .stdout.splitlines()[1]
            .split()[1]
        )
    except (OSError, IndexError):
        pass
    openssl = shutil.which("openssl")
    ossl = subprocess.run([openssl, "version"], capture_output=True, text=True).stdout.strip() if openssl else "absent"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return {
        "CPU": f"{cpu}, {os.cpu_count()} logical cores",
        "memory": mem,
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "temp file system": fs,
        "openssl": ossl,
        "claimgen commit": commit or "unknown",
        "load average at the end (1/5/15 min)": load
        + (
            " (above the core count: other work shared the CPU; trust the CPU times)"
            if os.getloadavg()[0] > (os.cpu_count() or 1)
            else ""
        ),
        "date": dt.date.today().isoformat(),
    }


# ---------------------------------------------------------------- start-up


def bench_startup(n: int) -> list[tuple]:
    cmd = claimgen_cmd() + ["--help"]
    ok(run(cmd), "claimgen --help")  # warm the page cache and .pyc files
    times = [ok(run(cmd), "claimgen --help").seconds for _ in range(n)]
    median = statistics.median(times)
    imp = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "claimgen", "--help"], capture_output=True, text=True
    )
    loaded = {
        line.split("|")[-1].strip().split(".")[0] for line in imp.stderr.splitlines() if line.startswith("import time:")
    }
    heavy = sorted(m for m in HEAVY if m in loaded)
    return [
        ("`claimgen --help` start-up", f"median of {n}", f"{median:.3f} s", "< 0.25 s", median < 0.25),
        (
            "heavy libraries loaded by `--help`",
            ", ".join(HEAVY[:5]) + ", …",
            ", ".join(heavy) or "none",
            "none",
            not heavy,
        ),
    ]


# ---------------------------------------------------------------- largest example


def _largest_example() -> Path:
    import yaml

    def weight(case: Path) -> tuple:
        raw = yaml.safe_load(case.read_text(encoding="utf-8"))
        return (len(raw.get("claimants") or []) + len(raw.get("evidence") or []), case.stat().st_size)

    return max(EXAMPLES.glob("*/case.yaml"), key=weight)


def bench_example(work: Path, n: int) -> list[tuple]:
    case = _largest_example()
    folder = work / "example"
    shutil.copytree(case.parent, folder)
    cmd = claimgen_cmd() + ["build", str(folder / "case.yaml"), "-o", str(work / "example-packet"), "--as-of", AS_OF]
    ok(run(cmd), "build example")
    runs = [ok(run(cmd), "build example") for _ in range(n)]
    median = statistics.median(r.seconds for r in runs)
    cpu = statistics.median(r.cpu for r in runs)
    rss = max(r.maxrss_mb for r in runs)
    files = len(list((work / "example-packet").iterdir()))
    return [
        (
            f"build largest example ({case.parent.name}, {files} files)",
            f"median of {n}, whole command",
            f"{median:.3f} s (CPU {cpu:.2f} s), {rss:.0f} MB",
            "< 1 s",
            median < 1.0,
        )
    ]


# ---------------------------------------------------------------- final copies and the mailing packet

DEMO = EXAMPLES / "minneapolis-home-entry" / "case.yaml"
# The last commit before the PDF copies and the mailing packet: the draft build they are measured against.
BASELINE_REV = "d2406d6"
# One DOCX→PDF conversion by LibreOffice on the development machine, the alternative to drawing PDFs.
LIBREOFFICE_ONE_DOC = 1.2


def _final_cmd(case: Path, out: Path) -> list[str]:
    """``claimgen build --final``; through the library where this checkout's CLI lacks the flag."""
    help_text = subprocess.run(claimgen_cmd() + ["build", "--help"], capture_output=True, text=True).stdout
    if "--final" in help_text:
        return claimgen_cmd() + ["build", str(case), "-o", str(out), "--as-of", AS_OF, "--final"]
    code = (
        "import datetime, pathlib, sys; from claimgen.options import BuildOptions; from claimgen.packet import build; "
        "build(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), datetime.date.fromisoformat(sys.argv[3]), "
        "BuildOptions(final=True))"
    )
    return [sys.executable, "-c", code, str(case), str(out), AS_OF]


def _median_runs(
    cmd: list[str], n: int, what: str, env: dict | None = None, cwd: Path | None = None
) -> tuple[float, float]:
    ok(run(cmd, cwd=cwd, env=env), what)
    runs = [ok(run(cmd, cwd=cwd, env=env), what) for _ in range(n)]
    return statistics.median(r.seconds for r in runs), statistics.median(r.cpu for r in runs)


def _baseline_tree(work: Path) -> Path | None:
    """The claimgen package as of BASELINE_REV (git archive), or None outside a git clone."""
    target = work / "baseline"
    target.mkdir()
    try:
        archive = subprocess.run(
            ["git", "archive", BASELINE_REV, "claimgen"], cwd=ROOT, capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    import compileall

    compileall.compile_dir(str(target / "claimgen"), quiet=1)
    return target


def _interleaved(commands: dict[str, tuple[list[str], dict | None, Path | None]], n: int) -> dict[str, Run]:
    """Median wall and CPU time of each command, run in turn n times (after one warm-up round).

    Taking the commands in turn, not each n times in a row, lets a busy machine slow them
    alike, so their ratio holds where the absolute times do not.
    """
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for round_no in range(n + 1):
        for name, (cmd, env, cwd) in commands.items():
            r = ok(run(cmd, cwd=cwd, env=env), name)
            if round_no:
                runs[name].append(r)
    return {
        name: Run(
            statistics.median(r.seconds for r in rs),
            max(r.maxrss_mb for r in rs),
            0,
            "",
            statistics.median(r.cpu for r in rs),
        )
        for name, rs in runs.items()
    }


def _ratio(a: Run, b: Run) -> str:
    return f"{a.seconds / b.seconds:.1f}× (CPU {a.cpu / b.cpu:.1f}×)"


def bench_final(work: Path, n: int) -> list[tuple]:
    """The demo's draft build against the bare import of reportlab + docxtpl; its final packet
    (mailing packet included) against the draft build, today's and BASELINE_REV's; the largest
    example's final build."""
    commands: dict[str, tuple[list[str], dict | None, Path | None]] = {
        "import": ([sys.executable, "-c", "import reportlab.pdfgen.canvas, docxtpl"], None, None),
        "draft": (claimgen_cmd() + ["build", str(DEMO), "-o", str(work / "demo-draft"), "--as-of", AS_OF], None, None),
        "final": (_final_cmd(DEMO, work / "demo-final"), None, None),
    }
    base_tree = _baseline_tree(work)
    if base_tree is not None:
        base_cmd = [
            sys.executable,
            "-m",
            "claimgen",
            "build",
            str(DEMO),
            "-o",
            str(work / "demo-base"),
            "--as-of",
            AS_OF,
        ]
        # From a folder without a claimgen package: ``python -m`` puts the working folder first
        # on sys.path, and run from the checkout it would measure today's code, not BASELINE_REV.
        commands["base"] = (base_cmd, {"PYTHONPATH": str(base_tree)}, work)
    m = _interleaved(commands, n)
    imp, draft, final = m["import"], m["draft"], m["final"]
    how = f"median of {n}, whole command, runs interleaved"
    rows = [
        ("bare import of reportlab + docxtpl", how, f"{imp.seconds:.3f} s (CPU {imp.cpu:.2f} s)", "—", None),
        (
            "draft build of the demo",
            how,
            f"{draft.seconds:.3f} s (CPU {draft.cpu:.2f} s) = {_ratio(draft, imp)} the import",
            "≤ 2.5× the import",
            draft.seconds <= 2.5 * imp.seconds,
        ),
        (
            "final build of the demo, mailing packet included, vs today's draft build",
            how,
            f"{final.seconds:.3f} s (CPU {final.cpu:.2f} s) = {_ratio(final, draft)} the draft",
            "< 2×",
            final.seconds < 2 * draft.seconds,
        ),
    ]
    if "base" in m:
        base = m["base"]
        rows.append(
            (
                f"final build of the demo vs the draft build at {BASELINE_REV}",
                how,
                f"{final.seconds:.3f} s vs {base.seconds:.3f} s (CPU {base.cpu:.2f} s) = {_ratio(final, base)}",
                "< 2×",
                final.seconds < 2 * base.seconds,
            )
        )
    rows.append(
        (
            "final build of the demo vs one LibreOffice DOCX→PDF conversion",
            how,
            f"{final.seconds:.3f} s (CPU {final.cpu:.2f} s) vs {LIBREOFFICE_ONE_DOC} s",
            f"well under {LIBREOFFICE_ONE_DOC} s",
            final.seconds < LIBREOFFICE_ONE_DOC,
        )
    )
    case = _largest_example()
    out = work / "largest-final"
    big, big_cpu = _median_runs(_final_cmd(case, out), n, "final build of the largest example")
    import json

    packets = [
        f
        for f in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
        if f["kind"] == "mailing_packet"
    ]
    pages = sum(f["pages"] for f in packets)
    rows.append(
        (
            f"final build of the largest example ({case.parent.name}), mailing packet with every exhibit",
            f"median of {n}, whole command",
            f"{big:.3f} s (CPU {big_cpu:.2f} s), {len(packets)} packet(s), {pages} pages",
            "< 1.2 s",
            big < LIBREOFFICE_ONE_DOC,
        )
    )
    return rows


# ---------------------------------------------------------------- evidence hashing


def _big_file(path: Path, size: int) -> None:
    block = hashlib.sha512(b"claimgen").digest() * (1 << 14)  # 1 MiB, not all zeros
    block = bytes(b ^ (i & 0xFF) for i, b in enumerate(block[: 1 << 16])) * 16
    with path.open("wb") as fh:
        for _ in range(size // len(block)):
            fh.write(block)


def bench_hashing(work: Path, size: int, n: int) -> list[tuple]:
    if not (ROOT / "claimgen" / "commands" / "evidence.py").exists():
        return [("evidence hashing", "—", "`claimgen evidence add` not available", "within 25 % of openssl", None)]
    folder = work / "hashing"
    shutil.copytree(EXAMPLES / "minneapolis-home-entry", folder)
    big = folder / "evidence" / "camera.bin"
    _big_file(big, size)
    case = folder / "case.yaml"
    original = case.read_bytes()
    openssl = shutil.which("openssl")
    ossl_runs, cg_runs = [], []
    add = claimgen_cmd() + [
        "evidence",
        "add",
        str(case),
        str(big),
        "--description",
        "porch camera",
        "--source",
        "neighbour",
        "--custodian",
        "counsel",
    ]
    for i in range(n + 1):  # the first round warms the page cache
        if openssl:
            r = ok(run([openssl, "dgst", "-sha256", str(big)]), "openssl")
            if i:
                ossl_runs.append(r)
        case.write_bytes(original)
        r = ok(run(add, cwd=folder), "claimgen evidence add")
        if i:
            cg_runs.append(r)
    cg = statistics.median(r.seconds for r in cg_runs)
    cg_cpu = statistics.median(r.cpu for r in cg_runs)
    rss = max(r.maxrss_mb for r in cg_runs)
    rows = []
    if ossl_runs:
        ossl = statistics.median(r.seconds for r in ossl_runs)
        ossl_cpu = statistics.median(r.cpu for r in ossl_runs)
        ratio = cg / ossl
        rows.append(
            (
                f"`evidence add` on a {size / 2**30:g} GiB file vs `openssl dgst -sha256`",
                f"median of {n}",
                f"{cg:.2f} s vs {ossl:.2f} s ({(ratio - 1) * 100:+.0f} %); CPU {cg_cpu:.2f} s vs {ossl_cpu:.2f} s",
                "within 25 %",
                ratio <= 1.25,
            )
        )
    else:
        rows.append(
            (
                f"`evidence add` on a {size / 2**30:g} GiB file",
                f"median of {n}",
                f"{cg:.2f} s (openssl absent)",
                "within 25 % of openssl",
                None,
            )
        )
    rows.append(("`evidence add` peak memory", "max RSS", f"{rss:.0f} MB", "< 100 MB", rss < 100))
    big.unlink()
    return rows


# ---------------------------------------------------------------- scale


NAMES = [
    "María Ramírez",
    "Nguyễn Thị Hương",
    "Łukasz Wiśniewski",
    "Jean-Baptiste Dérilus",
    "Ana Sofía Gómez",
    "Trần Văn Minh",
    "Zofia Dąbrowska",
    "Wideline Pierre-Louis",
    "José Álvarez",
    "Αλέξανδρος Παπαδόπουλος",
]


def make_scale_case(folder: Path, claimants: int, items: int) -> Path:
    """A valid case with ``claimants`` claimants and ``items`` registered evidence files."""
    import yaml

    base = yaml.safe_load((EXAMPLES / "minneapolis-home-entry" / "case.yaml").read_text(encoding="utf-8"))
    (folder / "evidence").mkdir(parents=True)
    evidence = []
    for i in range(items):
        rel = f"evidence/item-{i + 1:05d}.txt"
        body = f"Exhibit {i + 1}: receipt, photo note or statement page {i + 1}.\n".encode() * 3
        (folder / rel).write_bytes(body)
        evidence.append(
            {
                "id": f"E-{i + 1:05d}",
                "path": rel,
                "description": f"Record {i + 1} — {NAMES[i % len(NAMES)]}",
                "sha256": hashlib.sha256(body).hexdigest(),
                "size": len(body),
                "source": "generated for benchmarks",
                "custodian": "counsel",
                "supports": [f"c{i % claimants + 1}"],
            }
        )
    people = []
    for i in range(claimants):
        people.append(
            {
                "id": f"c{i + 1}",
                "name": f"{NAMES[i % len(NAMES)]} {i + 1}",
                "address": f"{1000 + i} Elm St, Minneapolis, MN 55407",
                "date_of_birth": "1980-01-01",
                "marital_status": "married",
                "employment": "civilian",
                "role": "injured",
                "injuries": "Contusions and a fractured wrist; anxiety and sleeplessness since the entry.",
                "damages": {"property_damage": 0, "personal_injury": 10000 + 37 * i, "wrongful_death": 0},
                "damages_items": [
                    {
                        "id": f"c{i + 1}-med",
                        "category": "personal_injury",
                        "description": "Emergency care",
                        "amount": 2000,
                        "evidence": [f"E-{(i % items) + 1:05d}"],
                    },
                    {
                        "id": f"c{i + 1}-pain",
                        "category": "personal_injury",
                        "description": "Pain and suffering",
                        "amount": 8000 + 37 * i,
                    },
                ],
                "insurance": {
                    "accident_insurance": False,
                    "claim_filed_with_insurer": False,
                    "liability_insurance": False,
                },
            }
        )
    base["claimants"] = people
    base["evidence"] = evidence
    base["title"] = f"Benchmark case: {claimants} claimants, {items} exhibits"
    case = folder / "case.yaml"
    case.write_text(yaml.safe_dump(base, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return case


def bench_scale(work: Path, steps: list[tuple[int, int]]) -> list[tuple]:
    rows = []
    results = []
    for claimants, items in steps:
        folder = work / f"scale-{claimants}-{items}"
        case = make_scale_case(folder, claimants, items)
        r = ok(
            run(claimgen_cmd() + ["build", str(case), "-o", str(folder / "packet"), "--as-of", AS_OF]),
            f"build {claimants}/{items}",
        )
        size = sum(p.stat().st_size for p in (folder / "packet").rglob("*") if p.is_file()) / 1e6
        results.append((claimants, items, r))
        target = "< 15 s" if (claimants, items) == (100, 2000) else "linear"
        met = r.seconds < 15 if target == "< 15 s" else None
        rows.append(
            (
                f"build {claimants} claimants + {items:,} exhibits",
                f"packet {size:.1f} MB",
                f"{r.seconds:.2f} s (CPU {r.cpu:.2f} s), {r.maxrss_mb:.0f} MB",
                target,
                met,
            )
        )
        shutil.rmtree(folder)
    if len(results) >= 2:
        (c0, _i0, r0), (c1, _i1, r1) = results[0], results[-1]
        factor = c1 / c0
        growth = r1.cpu / max(r0.cpu, 1e-9)  # CPU time: a busy machine distorts wall time
        rows.append(
            (
                f"CPU time growth {c0}→{c1} claimants",
                f"input grew ×{factor:.0f}",
                f"×{growth:.1f}",
                f"≤ ×{factor * 1.5:.0f} (linear)",
                growth <= factor * 1.5,
            )
        )
        mem = r1.maxrss_mb / max(r0.maxrss_mb, 1e-9)
        rows.append(
            (
                f"memory growth {c0}→{c1} claimants",
                f"input grew ×{factor:.0f}",
                f"×{mem:.1f}",
                f"≤ ×{factor * 1.5:.0f} (linear)",
                mem <= factor * 1.5,
            )
        )
    return rows


def bench_big_narrative(work: Path, megabytes: int) -> list[tuple]:
    """One claimant whose narrative is ``megabytes`` MB (the case-file limit is 10 MB)."""
    import yaml

    folder = work / "narrative"
    shutil.copytree(EXAMPLES / "minneapolis-home-entry", folder)
    raw = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
    raw["claimants"] = raw["claimants"][:1]
    raw["evidence"] = raw["evidence"][:2]
    raw["evidence"][0]["supports"] = ["c1"]
    para = " ".join(
        f"At {i} minutes past six the officers moved through the house and held the family." for i in range(12)
    )
    raw["incident"]["narrative"] = "\n\n".join([para] * (megabytes * 1_000_000 // (len(para) + 2)))
    (folder / "case.yaml").write_text(
        yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=1 << 16), encoding="utf-8"
    )
    r = ok(
        run(claimgen_cmd() + ["build", str(folder / "case.yaml"), "-o", str(folder / "packet"), "--as-of", AS_OF]),
        "big narrative",
    )
    pages = "?"
    try:
        from pypdf import PdfReader

        pages = len(PdfReader(str(folder / "packet" / "sf95-c1.pdf")).pages)
    except Exception:  # noqa: BLE001 - informative only
        pass
    shutil.rmtree(folder)
    return [
        (
            f"build 1 claimant with a {megabytes} MB narrative",
            f"SF-95 of {pages} pages",
            f"{r.seconds:.2f} s (CPU {r.cpu:.2f} s), {r.maxrss_mb:.0f} MB",
            "bounded (< 500 MB)",
            r.maxrss_mb < 500,
        )
    ]


# ---------------------------------------------------------------- report


def table(rows: list[tuple]) -> str:
    out = ["| measurement | how | result | target | met |", "| --- | --- | --- | --- | --- |"]
    for what, how, result, target, met in rows:
        mark = "yes" if met else ("—" if met is None else "**no**")
        out.append(f"| {what} | {how} | {result} | {target} | {mark} |")
    return "\n".join(out)


def section(rows: list[tuple], info: dict[str, str], argv: list[str]) -> str:
    lines = [
        START,
        "",
        f"Last run: `python benchmarks/run.py {' '.join(argv)}`".rstrip() + "",
        "",
        table(rows),
        "",
        "Machine:",
        "",
    ]
    lines += [f"- {k}: {v}" for k, v in info.items()]
    lines += ["", END]
    return "\n".join(lines)


def write_readme(text: str) -> None:
    current = README.read_text(encoding="utf-8") if README.exists() else ""
    if START in current and END in current:
        head, rest = current.split(START, 1)
        tail = rest.split(END, 1)[1]
        README.write_text(head + text + tail, encoding="utf-8")
    else:
        README.write_text(current.rstrip() + "\n\n## Results\n\n" + text + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="replace the results section of benchmarks/README.md")
    parser.add_argument("--quick", action="store_true", help="skip the 1 GB file and the 500-claimant case")
    parser.add_argument("--only", choices=["startup", "example", "final", "hashing", "scale"], action="append")
    parser.add_argument("--runs", type=int, default=5, help="repetitions for medians (start-up uses 4x)")
    args = parser.parse_args(argv)
    wanted = set(args.only or ["startup", "example", "final", "hashing", "scale"])
    compile_bytecode()
    rows: list[tuple] = []
    with tempfile.TemporaryDirectory(prefix="claimgen-bench-") as tmp:
        work = Path(tmp)
        if "startup" in wanted:
            rows += bench_startup(args.runs * 4)
            print(table(rows), "\n", flush=True)
        if "example" in wanted:
            rows += bench_example(work, args.runs)
        if "final" in wanted:
            rows += bench_final(work, args.runs)
        if "hashing" in wanted:
            rows += bench_hashing(work, (1 << 27) if args.quick else (1 << 30), max(3, args.runs))
        if "scale" in wanted:
            steps = [(10, 200), (100, 2000)] if args.quick else [(10, 200), (100, 2000), (500, 10000)]
            rows += bench_scale(work, steps)
            rows += bench_big_narrative(work, 1 if args.quick else 5)
    info = machine()
    print(table(rows))
    print()
    for k, v in info.items():
        print(f"{k}: {v}")
    if args.write:
        write_readme(section(rows, info, list(argv if argv is not None else sys.argv[1:])))
        print(f"\nwrote {README.relative_to(ROOT)}")
    return 0 if all(r[4] is not False for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
