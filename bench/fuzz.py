"""The long fuzz campaign: hostile repositories through every command, in-process.

    nice -n 10 python bench/fuzz.py --inputs 100000 --workers 2

Each worker builds its own base repository in a temporary folder and feeds generated
hostile repositories (see tests/fuzzing.py) to the CLI through typer's runner, each
command bounded by a time limit. The tally goes to bench/FUZZ.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

import fuzzing  # noqa: E402


def worker(args: tuple[int, int, int, float, str, int]) -> fuzzing.Tally:
    index, inputs, seed, seconds, log, share = args
    with tempfile.TemporaryDirectory(prefix=f"zorgroute-fuzz-{index}-") as folder:
        started = time.monotonic()

        def progress(tally: fuzzing.Tally) -> None:
            rate = tally.inputs / max(1e-9, time.monotonic() - started)
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(
                    f"worker {index}: {tally.inputs}/{inputs} inputs, "
                    f"{tally.repositories} repositories, {tally.failed} failures, "
                    f"{rate:.1f}/s\n"
                )

        tally = fuzzing.run_campaign(Path(folder), inputs, seed, seconds, progress, share)
        progress(tally)
        return tally


def write_report(path: Path, tally: fuzzing.Tally, args: argparse.Namespace, took: float) -> None:
    lines = [
        "# Fuzz campaign (issue 15)",
        "",
        f"Run on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with `nice -n 10 python "
        f"bench/fuzz.py --inputs {args.inputs} --workers {args.workers} --seed {args.seed} "
        f"--library-share {args.library_share}`, "
        f"Python {platform.python_version()}, {took / 60:.0f} minutes.",
        "",
        "An input is one hostile repository state given to one command. Each generated "
        "repository (a working copy of a small base repository with one hostile thing "
        "planted) is given to several CLI commands, through typer's runner, before it is "
        "put back; after each, a number of single hostile files (records, case files, "
        "settings, routes, school templates) go straight into the library functions the "
        "commands call (loading a case, deriving its state, `check`, rendering a "
        "template), each with its own time limit and the same checks. See "
        "`tests/fuzzing.py` for what is planted and what is checked.",
        "",
        "| | |",
        "|---|---:|",
        f"| inputs | {tally.inputs:,} |",
        f"| of which CLI command runs (typer's runner) | {tally.inputs - tally.library_inputs:,} |",
        f"| of which library functions called directly | {tally.library_inputs:,} |",
        f"| hostile repositories generated | {tally.repositories:,} |",
        f"| tracebacks or internal errors | {tally.tracebacks} |",
        f"| hangs (over {args.seconds:g} s per command) | {tally.hangs} |",
        f"| writes outside the repository | {tally.outside_writes} |",
        f"| files changed by reading commands | {tally.reading_changed} |",
        f"| planted names in output | {tally.names_leaked} |",
        f"| files written not 0600 / folders not 0700 | {tally.loose_modes} |",
        f"| slowest single command | {tally.slowest:.1f} s |",
        "",
        "Commands run:",
        "",
        "| command | runs |",
        "|---|---:|",
        *(f"| {name} | {count:,} |" for name, count in sorted(tally.commands.items())),
        "",
        "What was planted (per repository):",
        "",
        "| mutation | repositories |",
        "|---|---:|",
        *(f"| {name} | {count:,} |" for name, count in sorted(tally.mutations.items())),
        "",
        "Exit codes: "
        + ", ".join(f"{code}: {count:,}" for code, count in sorted(tally.exit_codes.items()))
        + ".",
        "",
        "The shipped route files are parsed once per worker instead of once per command "
        "(they are package data, the same for every input); a repository's own routes are "
        "read on every run. The cache folder is left out of the check for reading "
        "commands (they may write the cache); every cache file they write is checked to "
        "be private instead.",
        "",
    ]
    if tally.failures:
        lines += ["Failures (first 50):", "", *(f"- {f}" for f in tally.failures), ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--library-share", type=int, default=25, help="library inputs per generated repository"
    )
    parser.add_argument("--out", type=Path, default=HERE / "FUZZ.md")
    parser.add_argument("--log", type=Path, default=HERE / "fuzz.log")
    args = parser.parse_args()
    os.environ.setdefault("ZORGROUTE_TODAY", fuzzing.TODAY)
    args.log.write_text("", encoding="utf-8")
    per = -(-args.inputs // args.workers)
    started = time.monotonic()
    jobs = [
        (i, per, args.seed * 1000 + i, args.seconds, str(args.log), args.library_share)
        for i in range(args.workers)
    ]
    with multiprocessing.get_context("fork").Pool(args.workers) as pool:
        tallies = pool.map(worker, jobs)
    total = fuzzing.Tally()
    for tally in tallies:
        total.merge(tally)
    write_report(args.out, total, args, time.monotonic() - started)
    print(f"{total.inputs} inputs, {total.failed} failures; see {args.out}")
    sys.exit(1 if total.failed else 0)


if __name__ == "__main__":
    main()
