"""bench/generate.py builds a valid repository, the same for the same seed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from conftest import ROOT, Run, files_under


def generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    return module


def test_generated_repository_passes_check(tmp_path: Path, run: Run) -> None:
    gen = generator()
    records = gen.generate(tmp_path / "g", 40, seed=3)
    assert records > 40 * 3
    res = run("--repo", tmp_path / "g", "check")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith(f"in orde: 40 dossiers, {records} records")
    res = run("--repo", tmp_path / "g", "report", "--format", "json")
    assert res.exit_code == 0, res.output


def test_same_seed_same_files(tmp_path: Path) -> None:
    gen = generator()
    gen.generate(tmp_path / "a", 15, seed=11)
    gen.generate(tmp_path / "b", 15, seed=11)
    names = files_under(tmp_path / "a")
    assert names == files_under(tmp_path / "b")
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    gen.generate(tmp_path / "c", 15, seed=12)
    assert files_under(tmp_path / "c") != names


def test_several_schools(tmp_path: Path, run: Run) -> None:
    gen = generator()
    gen.generate(tmp_path / "g", 30, seed=5, schools=3)
    res = run("--repo", tmp_path / "g", "check")
    assert res.exit_code == 0, res.output
