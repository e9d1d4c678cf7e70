"""The quick set of the fuzz campaign: a few hundred command runs over generated hostile
repositories (the long run is bench/fuzz.py, with its tally in bench/FUZZ.md)."""

from __future__ import annotations

from pathlib import Path

import fuzzing
import pytest


@pytest.mark.parametrize("seed", [1, 2])
def test_hostile_repositories_through_every_command(tmp_path: Path, seed: int) -> None:
    tally = fuzzing.run_campaign(tmp_path, 60, seed)
    assert tally.inputs >= 60 and tally.repositories >= 8
    assert tally.failed == 0, tally.failures
    assert sum(tally.exit_codes.values()) == tally.inputs
