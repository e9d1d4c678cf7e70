"""schemas/ must match the models: regenerate with `zorgroute schema --out schemas`."""

from pathlib import Path

from conftest import ROOT

from zorgroute.model.records import RECORD_TYPES
from zorgroute.store.schemas import schema_texts


def test_schemas_folder_is_complete_and_fresh() -> None:
    expected = schema_texts()
    folder = ROOT / "schemas"
    present = {p.name for p in folder.glob("*.schema.json")}
    assert present == set(expected), "run: zorgroute schema --out schemas"
    stale = [n for n, text in expected.items() if (folder / n).read_text(encoding="utf-8") != text]
    assert not stale, f"out of date: {stale}; run: zorgroute schema --out schemas"


def test_one_schema_per_record_kind() -> None:
    names = set(schema_texts())
    assert {f"record-{k}.schema.json" for k in RECORD_TYPES} <= names
    assert {"config.schema.json", "case.schema.json", "route.schema.json"} <= names


def test_written_records_point_at_their_schema(repo: Path, run, new_case) -> None:
    case_id = new_case()
    res = run(
        "--repo",
        repo,
        "signal",
        case_id,
        "--observed-by",
        "juf",
        "--setting",
        "classroom",
        "--since",
        "weeks",
        "--category",
        "learning",
        "--description",
        "Leest langzaam.",
    )
    assert res.exit_code == 0, res.output
    record = next((repo / "cases" / case_id / "records").glob("*-signal-*.yaml"))
    first = record.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../schemas/record-signal.schema.json"
    assert (record.parent / "../../../schemas/record-signal.schema.json").resolve().is_file()
