"""Benchmark zorgroute on a synthetic repository and write the figures to bench/RESULTS.md.

    python bench/benchmark.py [--cases 10000] [--repeat 5] [--seed 7]

Every command runs as its own process (as a user runs it); the time is the wall-clock median
over the repeats, the memory the largest peak resident set of one run (from wait4). "Cold"
runs start without `.zorgroute-cache/`, "warm" runs after one run has filled it. The file
system cache of the operating system is warm in both. Baselines on the same files:
(a) the floor: one Python process that only reads and parses every YAML file with the C
loader; (b) check-jsonschema validating every file against the exported schemas (found on
PATH, in $CHECK_JSONSCHEMA, or in a venv at bench/out/venv; skipped with a note otherwise).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-23"
FLOOR = """
import os, sys, yaml
n = 0
for top, dirs, files in os.walk(sys.argv[1]):
    dirs[:] = [d for d in dirs if not d.startswith('.')]
    for f in files:
        if f.endswith('.yaml'):
            with open(os.path.join(top, f), 'rb') as fh:
                yaml.load(fh.read(), Loader=yaml.CSafeLoader)
            n += 1
"""


TIME = "/usr/bin/time"


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall time (s), peak memory (MB) and exit code of one process.

    The peak comes from GNU time when it is there: the rusage of a forked child also counts
    the benchmark's own memory from before the exec, which hides small peaks."""
    report = Path(os.environ.get("TMPDIR", "/tmp")) / f"zorgroute-bench-{os.getpid()}.mem"
    wrapped = [TIME, "-f", "%M", "-o", str(report), *argv] if Path(TIME).is_file() else argv
    start = time.perf_counter()
    proc = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak_kb = usage.ru_maxrss
    if wrapped is not argv:
        with contextlib.suppress(OSError, ValueError, IndexError):
            peak_kb = int(report.read_text().split()[-1])
    return elapsed, peak_kb // 1024, proc.returncode


def measure(
    argv: list[str], env: dict[str, str], repeat: int, before: list[str] | None = None
) -> dict[str, float]:
    times, peaks = [], []
    for _ in range(repeat):
        for path in before or []:
            shutil.rmtree(path, ignore_errors=True)
        elapsed, peak, code = run_once(argv, env)
        if code != 0:
            raise SystemExit(f"mislukt (code {code}): {' '.join(argv[:4])} ...")
        times.append(elapsed)
        peaks.append(peak)
    return {
        "median": statistics.median(times),
        "min": min(times),
        "peak_mb": max(peaks),
        "runs": repeat,
    }


def cjs_groups(repo: Path) -> list[tuple[Path, list[str]]]:
    """Files per schema: case.yaml against case, each record against its kind."""
    groups: dict[str, list[str]] = {"config": [str(repo / "zorgroute.yaml")], "case": []}
    for case in sorted((repo / "cases").iterdir()):
        if not case.is_dir():
            continue
        groups["case"].append(str(case / "case.yaml"))
        for rec in sorted((case / "records").glob("*.yaml")):
            kind = rec.stem[11:].rsplit("-", 1)[0]
            groups.setdefault(f"record-{kind}", []).append(str(rec))
    return [(repo / "schemas" / f"{name}.schema.json", files) for name, files in groups.items()]


def find_cjs() -> str | None:
    for candidate in (
        os.environ.get("CHECK_JSONSCHEMA"),
        shutil.which("check-jsonschema"),
        str(HERE / "out" / "venv" / "bin" / "check-jsonschema"),
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def kept_sections(results: Path) -> str:
    """Sections other scripts keep in the same file (bench/documents.py), between markers."""
    if not results.is_file():
        return ""
    old = results.read_text(encoding="utf-8")
    begin, end = "<!-- bench/documents.py: begin -->", "<!-- bench/documents.py: end -->"
    if begin not in old or end not in old:
        return ""
    return "\n" + begin + old.split(begin, 1)[1].split(end, 1)[0] + end + "\n"


def write_results(
    args: argparse.Namespace,
    rows: list[tuple[str, str, dict[str, float]]],
    records: int,
    files: int,
    has_agenda: bool,
    cjs: str | None,
    final: bool,
) -> str:
    figures = {(n, m): r for n, m, r in rows}
    floor = figures[("floor: parse every YAML file (C loader)", "-")]["median"]
    ratios = [
        f"check (cold) / floor: {figures[('check', 'cold')]['median'] / floor:.2f}x "
        "(doel: hooguit 2x)"
    ]
    if cjs:
        other = figures[("check-jsonschema (same files, exported schemas)", "-")]["median"]
        ratios.append(
            f"check (cold) / check-jsonschema: "
            f"{figures[('check', 'cold')]['median'] / other:.2f}x (doel: onder 1x)"
        )
    else:
        ratios.append("check-jsonschema: niet gemeten (niet gevonden; zie docs/benchmark.md)")
    lines = [
        "# Benchmark results",
        "",
        f"Generated by `python bench/benchmark.py --cases {args.cases}` on "
        f"{dt.date.today().isoformat()}: {args.cases} cases, {records} records, "
        f"{files} YAML files (seed {args.seed}).",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()}.",
        "",
        "| command | cache | median (s) | fastest (s) | peak memory (MB) | runs |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, mode, r in rows:
        lines.append(
            f"| {name} | {mode} | {r['median']:.3f} | {r['min']:.3f} | "
            f"{r['peak_mb']:.0f} | {r['runs']:.0f} |"
        )
    lines += ["", "Ratios:", ""] + [f"- {r}" for r in ratios]
    if not has_agenda:
        lines.append("- agenda: this zorgroute has no `agenda` command; not measured")
    text = "\n".join(lines) + "\n"
    if not final:
        text += "\n(Partial: the benchmark was still running when this was written.)\n"
    text += kept_sections(args.results)
    args.results.write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Meet de snelheid van zorgroute.")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--slow-repeat",
        type=int,
        default=3,
        help="herhalingen voor de trage metingen over de hele repository",
    )
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--no-jsonschema", action="store_true")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(HERE))
    from generate import generate  # noqa: PLC0415

    repo = args.out / f"repo-{args.cases}"
    stamp = repo / ".generated"
    if not stamp.is_file() or stamp.read_text() != f"{args.cases} {args.seed}":
        print(f"genereren: {args.cases} dossiers ...", flush=True)
        records = generate(repo, args.cases, args.seed, dt.date.fromisoformat(TODAY))
        stamp.write_text(f"{args.cases} {args.seed}")
    files = sum(1 for _ in repo.rglob("*.yaml"))
    # files a few seconds old would never be cached (coarse clocks); age them
    old = time.time() - 3600
    for path in repo.rglob("*.yaml"):
        os.utime(path, (old, old))
    records = files - args.cases - 1

    env = {**os.environ, "ZORGROUTE_TODAY": TODAY, "ZORGROUTE_INTERACTIVE": "0", "COLUMNS": "120"}
    env.pop("ZORGROUTE_NO_CACHE", None)
    exe = shutil.which("zorgroute") or "zorgroute"
    z = [exe, "--repo", str(repo)]
    cache = [str(repo / ".zorgroute-cache")]
    case_id = sorted(p.name for p in (repo / "cases").iterdir() if p.is_dir())[0]
    has_agenda = run_once([exe, "agenda", "--help"], env)[2] == 0
    cjs = None if args.no_jsonschema else find_cjs()
    rows: list[tuple[str, str, dict[str, float]]] = []

    def bench(name: str, mode: str, argv: list[str], repeat: int, cold: bool = False) -> None:
        print(f"meten: {name} ({mode}) ...", flush=True)
        if mode == "warm":
            run_once(argv, env)
        rows.append((name, mode, measure(argv, env, repeat, cache if cold else None)))
        if ("floor: parse every YAML file (C loader)", "-") in {(n, m) for n, m, _ in rows} and any(
            n == "check" and m == "cold" for n, m, _ in rows
        ):
            write_results(args, rows, records, files, has_agenda, None, final=False)

    bench("zorgroute --help", "-", [exe, "--help"], args.repeat)
    bench("status CASE", "-", [*z, "status", case_id], args.repeat)
    bench(
        "floor: parse every YAML file (C loader)",
        "-",
        [sys.executable, "-c", FLOOR, str(repo)],
        args.slow_repeat,
    )
    bench("check", "cold", [*z, "check"], args.slow_repeat, cold=True)
    bench("check", "warm", [*z, "check"], args.slow_repeat)
    for cmd in (["status"], *([["agenda"]] if has_agenda else []), ["report"]):
        bench(cmd[0], "cold", [*z, *cmd], args.slow_repeat, cold=True)
        bench(cmd[0], "warm", [*z, *cmd], args.repeat)
    if cjs:
        script = [
            [cjs, "--schemafile", str(schema), *chunk]
            for schema, group in cjs_groups(repo)
            for chunk in (group[i : i + 2000] for i in range(0, len(group), 2000))
        ]
        plan = args.out / "check-jsonschema-plan.json"
        plan.write_text(json.dumps(script), encoding="utf-8")
        runner = [
            sys.executable,
            "-c",
            "import subprocess, sys, json\n"
            "for argv in json.load(open(sys.argv[1])):\n"
            "    subprocess.run(argv, stdout=subprocess.DEVNULL)\n",
            str(plan),
        ]
        bench("check-jsonschema (same files, exported schemas)", "-", runner, 1)

    text = write_results(args, rows, records, files, has_agenda, cjs, final=True)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
