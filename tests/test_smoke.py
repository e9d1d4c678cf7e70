from pathlib import Path

from conftest import Run


def test_new_case_then_check_passes(repo: Path, run: Run, new_case) -> None:
    case_id = new_case()
    res = run("--repo", repo, "check")
    assert res.exit_code == 0, res.output
    assert "in orde: 1 dossier" in res.output
    listed = run("--repo", repo, "list", "--format", "json")
    assert case_id in listed.stdout
