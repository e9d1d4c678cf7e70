"""Benchmark the pre-commit check: one changed case in a large repository, next to a full check.

    python bench/precommit.py [--cases 10000] [--repeat 3] [--seed 7] [--out bench/out/precommit]

The repository comes from bench/generate.py and is committed in git as a school's would be.
Then one record of one case is added and staged, as `git commit` would see it, and each
command runs as its own process (as git runs the hook); the time is the wall-clock median
over the repeats:

- `zorgroute check` (full, cold): every case, without `.zorgroute-cache/`;
- `zorgroute check` (full, warm): every case, after one run filled the cache;
- `zorgroute check --staged`: what the pre-commit hook runs: the settings, the routes and
  the one staged case (cold and warm cache).

The table is printed and written between the markers in bench/PRECOMMIT.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

TODAY = "2026-11-23"
BEGIN = "<!-- bench/precommit.py: begin -->"
END = "<!-- bench/precommit.py: end -->"
CACHE = ".zorgroute-cache"


def zorgroute() -> list[str]:
    found = shutil.which("zorgroute", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "zorgroute"]


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def prepare(out: Path, cases: int, seed: int) -> tuple[int, str]:
    """A committed repository with one new record staged. Returns (records, case id)."""
    records = generate(out, cases, seed, dt.date.fromisoformat(TODAY))
    git(out, "init", "-q")
    git(out, "add", "-A")
    git(out, "commit", "-q", "--no-verify", "-m", "bench: dossiers")
    case = sorted(p.name for p in (out / "cases").iterdir() if p.is_dir())[0]
    folder = out / "cases" / case / "records"
    signal = sorted(folder.glob("*-signal-*.yaml"))[0]
    new = folder / "2026-11-20-signal-bnch.yaml"
    text = signal.read_text(encoding="utf-8")
    day = next(x for x in text.splitlines() if x.startswith("date:"))
    new.write_text(text.replace(day, "date: 2026-11-20", 1), encoding="utf-8")
    git(out, "add", "--", str(new.relative_to(out)))
    return records + 1, case


def measure(argv: list[str], root: Path, env: dict[str, str], repeat: int, cold: bool) -> float:
    times = []
    for _ in range(repeat):
        if cold:
            shutil.rmtree(root / CACHE, ignore_errors=True)
        start = time.perf_counter()
        proc = subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            raise SystemExit(f"mislukt (code {proc.returncode}): {' '.join(argv)}\n{proc.stderr}")
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Meet de pre-commit-controle.")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "precommit")
    parser.add_argument("--no-write", action="store_true", help="niet in PRECOMMIT.md zetten")
    args = parser.parse_args(argv)
    records, _ = prepare(args.out, args.cases, args.seed)
    env = {**os.environ, "ZORGROUTE_TODAY": TODAY, "ZORGROUTE_INTERACTIVE": "0"}
    check = [*zorgroute(), "--repo", str(args.out), "check"]
    n = args.repeat
    rows = [
        (
            "`zorgroute check`, koud (zonder cache)",
            measure(check, args.out, env, n, True),
        ),
        ("`zorgroute check`, warm (met cache)", measure(check, args.out, env, n, False)),
        (
            "`zorgroute check --staged` (pre-commit, 1 dossier), koud",
            measure([*check, "--staged"], args.out, env, n, True),
        ),
        (
            "`zorgroute check --staged` (pre-commit, 1 dossier), warm",
            measure([*check, "--staged"], args.out, env, n, False),
        ),
    ]
    full = rows[0][1]
    lines = [
        f"{args.cases:,} dossiers, {records:,} records; één nieuw record in één dossier staat "
        f"klaar voor de commit. Mediaan van {args.repeat} keer, elk als eigen proces "
        f"({platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores).",
        "",
        "| controle | tijd (s) | t.o.v. volledige koude controle |",
        "|---|---:|---:|",
        *(f"| {name} | {sec:.2f} | {sec / full:.2f}× |" for name, sec in rows),
    ]
    table = "\n".join(lines)
    print(table)
    if not args.no_write:
        target = HERE / "PRECOMMIT.md"
        text = target.read_text(encoding="utf-8") if target.exists() else f"{BEGIN}\n{END}\n"
        head, _, rest = text.partition(BEGIN)
        _, _, tail = rest.partition(END)
        target.write_text(f"{head}{BEGIN}\n{table}\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
