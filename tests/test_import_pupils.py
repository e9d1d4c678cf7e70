"""`zorgroute import leerlingen`: a 1,000-row export with malformed rows, the shipped
mappings, a second run that changes nothing, and hostile files."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import subprocess
from pathlib import Path

import pytest
from conftest import Run, files_under, load_yaml

ROOT = Path(__file__).resolve().parent.parent
HEADERS = ["Leerlingnummer", "Roepnaam", "Tussenvoegsel", "Achternaam", "Geboortedatum",
           "Groep", "Geslacht", "Woonplaats", "Leerkracht"]  # fmt: skip


def use_mapping(repo: Path, name: str = "parnassys") -> None:
    """Put the shipped example mapping into the repository's zorgroute.yaml."""
    block = (ROOT / "zorgroute" / "instruments" / "imports" / f"{name}.yaml").read_text("utf-8")
    config = repo / "zorgroute.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\n" + block, encoding="utf-8")


def export(rows: int = 1000, seed: int = 7) -> tuple[str, dict[int, str], int]:
    """A generated ParnasSys-style export: the text, the bad lines with (part of) the
    reason each is rejected, and the number of good rows."""
    rnd = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(HEADERS)
    bad: dict[int, str] = {}
    good = 0
    for n in range(rows):
        line = n + 2
        born = f"{rnd.randint(1, 28):02d}-{rnd.randint(1, 12):02d}-{rnd.randint(2012, 2020)}"
        group = f"groep {rnd.randint(1, 8)}{'ab'[n % 2]}"
        row = [f"{100000 + n}", f"Kind{n}", "van" if n % 7 == 0 else "", f"Achter{n}", born,
               group, "MV"[n % 2], "Delft", f"juf {group}"]  # fmt: skip
        if n % 97 == 5:
            row[4] = "31-02-2016"
            bad[line] = "geboortedatum (kolom Geboortedatum) is geen datum zoals 31-12-2015"
        elif n % 101 == 9:
            row[0] = ""
            bad[line] = "het leerlingnummer (kolom Leerlingnummer) ontbreekt"
        elif n % 113 == 3:
            row[5] = ""
            bad[line] = "de groep of klas (kolom Groep) ontbreekt"
        elif n % 127 == 1:
            row.append("extra")
            bad[line] = "meer velden dan kolommen"
        elif n % 131 == 2:
            row[0] = "100000"  # the number of the first row
            bad[line] = "hetzelfde leerlingnummer staat al op regel 2"
        elif n % 139 == 4:
            row[0] = "../../etc/x"
            bad[line] = "alleen letters, cijfers, - en _"
        elif n % 149 == 6:
            row[4] = "01-01-2030"
            bad[line] = "na vandaag"
        elif n % 151 == 7:
            row[1] = "x" * 500
            bad[line] = "langer dan 200 tekens"
        else:
            good += 1
        writer.writerow(row)
    return out.getvalue(), bad, good


def run_import(run: Run, repo: Path, path: Path, *extra: str) -> tuple[int, dict[str, object]]:
    res = run("--repo", repo, "import", "leerlingen", path, "--format", "json", *extra)
    assert "Traceback" not in res.output
    return res.exit_code, json.loads(res.stdout)


def register(repo: Path) -> dict[str, dict[str, object]]:
    out = {}
    for path in (repo / "pupils").glob("*.yaml"):
        data = load_yaml(path.read_text(encoding="utf-8"))
        out[data["number"]] = data
    return out


def test_thousand_rows_good_in_bad_reported_second_run_changes_nothing(
    repo: Path, run: Run, tmp_path: Path
) -> None:
    use_mapping(repo)
    text, bad, good = export()
    assert len(bad) > 40 and good > 900
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    before = files_under(repo)

    code, dry = run_import(run, repo, path)  # a dry run by default
    assert code == 1  # rows were rejected
    assert files_under(repo) == before
    assert dry["applied"] is False and dry["created"] == good and dry["rows"] == 1000

    code, done = run_import(run, repo, path, "--apply")
    assert code == 1
    assert done["created"] == good and done["updated"] == 0
    rejected = {r["line"]: r["reason"] for r in done["rejected"]}  # type: ignore[attr-defined]
    assert set(rejected) == set(bad)
    for line, reason in bad.items():
        assert reason in rejected[line], (line, rejected[line])
    pupils = register(repo)
    assert len(pupils) == good
    assert pupils["100000"]["last_name"] == "van Achter0"
    assert pupils["100000"]["birth_date"].count("-") == 2  # written as an ISO date
    groups = load_yaml((repo / "groups.yaml").read_text(encoding="utf-8"))["groups"]
    names = [g["name"] for g in groups]
    assert len(names) == len(set(names)) == 16
    # no name or pupil number in any file name
    for name in os.listdir(repo / "pupils"):
        assert not any(ch.isupper() for ch in name) and "1000" not in name
    log = subprocess.run(
        ["git", "-C", str(repo), "log", "-1", "--format=%s"], capture_output=True, text=True
    ).stdout
    assert log.strip() == f"zorgroute: leerlingen ingelezen ({good} nieuw, 0 bijgewerkt)"

    snapshot = {p: (repo / p).read_bytes() for p in files_under(repo)}
    code, again = run_import(run, repo, path, "--apply")
    assert again["created"] == again["updated"] == again["groups_created"] == 0
    assert again["unchanged"] == good
    assert {p: (repo / p).read_bytes() for p in files_under(repo)} == snapshot


def test_a_changed_row_updates_the_pupil_in_place(repo: Path, run: Run, tmp_path: Path) -> None:
    use_mapping(repo, "esis")
    path = tmp_path / "esis.csv"
    head = "leerlingnummer,roepnaam,voorvoegsel,achternaam,geboortedatum,groep,geslacht,gemeente,groepsleerkracht\n"  # noqa: E501
    path.write_text(head + "7001,Noor,,Bakker,2016-05-04,5a,V,Delft,juf Ans\n", encoding="utf-8")
    assert run_import(run, repo, path, "--apply")[0] == 0
    files = sorted((repo / "pupils").iterdir())
    path.write_text(head + "7001,Noor,,Bakker,2016-05-04,6a,V,Delft,meester Piet\n", "utf-8")
    code, done = run_import(run, repo, path, "--apply")
    assert code == 0 and done["updated"] == 1 and done["created"] == 0
    assert done["groups_created"] == 1
    assert sorted((repo / "pupils").iterdir()) == files  # the same file, no duplicate
    assert register(repo)["7001"]["group"] == "6a"


@pytest.mark.parametrize("name", ["parnassys", "magister", "esis"])
def test_every_shipped_mapping_reads_its_own_kind_of_export(
    repo: Path, run: Run, tmp_path: Path, name: str
) -> None:
    block = load_yaml(
        (ROOT / "zorgroute" / "instruments" / "imports" / f"{name}.yaml").read_text("utf-8")
    )["pupil_import"]
    cols, sep = block["columns"], block["delimiter"]
    born = {"%d-%m-%Y": "04-05-2016", "%Y-%m-%d": "2016-05-04"}[block["date_format"]]
    values = {"number": "42", "first_name": "Noor", "prefix": "de", "last_name": "Vries",
              "birth_date": born, "group": "5a", "sex": "V", "home_municipality": "Delft",
              "teacher": "juf Ans"}  # fmt: skip
    text = sep.join(cols[k] for k in values) + "\n" + sep.join(values.values()) + "\n"
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    code, done = run_import(run, repo, path, "--apply", "--mapping", name)
    assert code == 0 and done["created"] == 1, done
    pupil = register(repo)["42"]
    assert (pupil["last_name"], pupil["birth_date"], pupil["sex"]) == (
        "de Vries",
        "2016-05-04",
        "girl",
    )


def test_hostile_files_are_refused_with_file_line_and_fix(
    repo: Path, run: Run, tmp_path: Path
) -> None:
    use_mapping(repo)
    before = files_under(repo)
    outside = tmp_path / "secret.csv"
    outside.write_text("Leerlingnummer;Roepnaam\n1;geheim\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(outside)
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b";".join(h.encode() for h in HEADERS) + b"\n1;\x00x\n")
    wrong_columns = tmp_path / "columns.csv"
    wrong_columns.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(";".join(HEADERS).encode() + b"\n1;J\xe9r\xf4me\n")
    cases = [
        (link, "koppeling"),
        (binary, "binary.csv:2: het bestand bevat binaire gegevens"),
        (wrong_columns, "columns.csv:1: deze kolommen ontbreken in de kopregel"),
        (latin, "latin.csv:2: het bestand is niet in tekenset utf-8"),
        (tmp_path / "missing.csv", "missing.csv"),
    ]
    for path, message in cases:
        res = run("--repo", repo, "import", "leerlingen", path, "--apply")
        assert res.exit_code != 0, path
        assert message in res.stderr, res.stderr
        assert "oplossing" in res.stderr and "Traceback" not in res.output
        assert "geheim" not in res.output
    assert files_under(repo) == before


def test_no_mapping_says_where_to_find_one(repo: Path, run: Run, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a\n", encoding="utf-8")
    res = run("--repo", repo, "import", "leerlingen", path)
    assert res.exit_code == 2
    assert "zorgroute.yaml zegt niet hoe de export gelezen moet worden" in res.stderr
    assert "--mapping parnassys|magister|esis" in res.stderr


def test_check_reports_a_broken_register_and_scoring_file_at_their_line(
    repo: Path, run: Run
) -> None:
    (repo / "pupils").mkdir()
    (repo / "pupils" / "abc.yaml").write_text("number: '1'\nfirst_name: Noor\n", "utf-8")
    (repo / "sdq.yaml").write_text("scales: []\n", encoding="utf-8")
    res = run("--repo", repo, "check")
    assert res.exit_code == 1
    assert "pupils/abc.yaml:1:1: last_name: dit verplichte veld ontbreekt" in res.stderr
    assert "sdq.yaml:1:9: scales:" in res.stderr and "Noor" not in res.output
