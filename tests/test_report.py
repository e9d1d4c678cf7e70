"""`zorgroute report`: every figure checked against a small hand-built repository."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Run, commit_paths

from zorgroute.report import report as rp

# Today is 2026-11-23 (conftest): the default period is school year 2026-2027.


def record(repo: Path, case_id: str, rid: str, body: str) -> None:
    """Write one record file as an IB would, by hand."""
    day = rid[:10]
    kind = rid[11:].rsplit("-", 1)[0]
    path = repo / "cases" / case_id / "records" / f"{rid}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"kind: {kind}\ndate: '{day}'\nrecorded_by: Ilse Bakker\n"
        f"recorded_at: '{day}T10:00:00'\n{body}",
        encoding="utf-8",
    )
    commit_paths(repo, [path.relative_to(repo).as_posix()])


def signal(repo: Path, case_id: str, day: str, categories: list[str]) -> None:
    cats = "".join(f"- {c}\n" for c in categories)
    record(
        repo,
        case_id,
        f"{day}-signal-s{case_id[:3]}",
        f"observed_by: leerkracht\nsettings:\n- classroom\nsince: months\n"
        f"categories:\n{cats}description: Valt op in de klas.\n",
    )


def care_team(repo: Path, case_id: str, day: str, meeting: str, decisions: list[str]) -> None:
    record(
        repo,
        case_id,
        f"{day}-care_team_registration-c{case_id[:3]}",
        "triggers:\n- too_little_profit\nhelp_question: Wat helpt deze leerling verder?\n",
    )
    dec = "".join(f"- {d}\n" for d in decisions)
    record(
        repo,
        case_id,
        f"{meeting}-meeting-m{case_id[:3]}",
        f"forum: zorgteam\nattendees:\n- name: Ilse Bakker\n  function: IB\ndecisions:\n{dec}",
    )


@pytest.fixture
def filled(repo: Path, new_case: Callable[..., str]) -> dict[str, Any]:
    """Seven pupils; six active in school year 2026-2027, one only the year before."""
    ids = {name: new_case(home="Rijswijk" if name == "a" else "Delft") for name in "abcdefg"}
    a, b, c, d, e, f, g = (ids[n] for n in "abcdefg")
    # signals: six pupils in the period, all 'learning', three also 'behaviour'
    for cid, day in [
        (a, "2026-08-20"),
        (b, "2026-08-20"),
        (c, "2026-08-20"),
        (d, "2026-08-20"),
        (e, "2026-08-20"),
        (f, "2026-09-01"),
    ]:
        cats = ["learning", "behaviour"] if cid in (a, b, c) else ["learning"]
        signal(repo, cid, day, cats)
    signal(repo, g, "2025-09-01", ["anxiety"])
    # zorgteam for a..e, 10/20/30/40/50 days after the signal; light help for three
    for cid, reg in [
        (a, "2026-08-30"),
        (b, "2026-09-09"),
        (c, "2026-09-19"),
        (d, "2026-09-29"),
        (e, "2026-10-09"),
    ]:
        care_team(repo, cid, reg, reg, ["light_help"] if cid in (c, d, e) else ["pass_to_zat"])
    record(
        repo,
        c,
        "2026-08-25-plan-pc01",
        "plan_type: group_plan\narea: rekenen\ngoals:\n- Tafels tot 10.\napproach: "
        "Extra oefenen.\nresponsible: leerkracht\nstart: '2026-08-25'\nend: '2026-10-06'\n"
        "evaluation_date: '2026-10-06'\n",
    )
    # ZAT: a and b after the zorgteam, f directly with an overridden rule
    for cid in (a, b):
        record(
            repo,
            cid,
            f"2026-10-15-zat_registration-z{cid[:3]}",
            "help_question: Wat heeft deze leerling nodig?\n",
        )
    record(
        repo,
        f,
        "2026-09-02-zat_registration-zfff",
        "help_question: Acute zorg, wat nu?\ndirect_reason: Ernstige zorg over thuis.\n"
        "overrides:\n- rule: step_order\n  reason: Acute zorg.\n  decided_by: Dirk de Wit\n",
    )
    # referrals: a to youth care (the local team of Rijswijk), started; b to GGZ, no news
    record(
        repo,
        a,
        "2026-10-20-referral-ra01",
        "destination: youth_care\ninstitution: lt-rijswijk\nreason: Hulp thuis nodig.\n"
        "expected_feedback: '2026-11-01'\n",
    )
    record(
        repo,
        a,
        "2026-11-10-feedback-fa01",
        "referral: 2026-10-20-referral-ra01\nfeedback: care_started\nstatus: started\n",
    )
    record(
        repo,
        b,
        "2026-10-01-referral-rb01",
        "destination: ggz\ninstitution: ggz-jeugd\nreason: Onderzoek nodig.\n"
        "expected_feedback: '2026-11-01'\n",
    )
    # c closed, d dormant
    record(
        repo,
        c,
        "2026-11-01-closure-cc01",
        "reason: goals_met\nparents_told: Het gaat goed; het dossier is dicht.\n",
    )
    record(
        repo, d, "2026-11-02-dormant-dd01", "review_date: '2027-01-15'\nreason: Even afwachten.\n"
    )
    return ids


def as_rows(data: dict[str, Any], key: str, section: int = -1) -> dict[str, list[Any]]:
    table = next(t for t in data["sections"][section]["tables"] if t["key"] == key)
    width = len(table["columns"])
    labels = width - len(table["rows"][0]) if table["rows"] else 0
    out = {}
    for row in table["rows"]:
        n_labels = sum(
            1
            for c in table["columns"]
            if c
            in {
                "onderwerp",
                "categorie",
                "soort zorg",
                "regel",
                "van",
                "naar",
                "bestemming",
                "situatie",
                "stand",
                "reden",
                "woongemeente",
                "schoolgemeente",
                "lokaal team van",
            }
        )
        out[" / ".join(row[:n_labels])] = row[n_labels:]
    assert labels == 0
    return out


def test_every_figure(repo: Path, run: Run, filled: dict[str, Any]) -> None:
    res = run("--repo", repo, "check")
    assert res.exit_code == 0, res.output
    res = run("--repo", repo, "report", "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["period"] == {"from": "2026-08-01", "to": "2027-07-31"}
    assert data["as_of"] == "2026-11-23"
    assert data["title"] == "Monitor zorgroute, schooljaar 2026-2027"
    assert [s["title"] for s in data["sections"]] == ["De Testschool (99ZZ)"]

    key = as_rows(data, "kerncijfers")
    assert key == {
        "actief in de periode": [6],
        "gesignaleerd": [6],
        "aangemeld bij het zorgteam": [5],
        "besproken in het zorgteam": [5],
        "aangemeld bij het ZAT": ["<5"],  # a, b, f: 3
        "besproken in het zorgteam én aangemeld bij het ZAT": ["<5"],
        "rechtstreeks naar het zorgteam (stappen overgeslagen)": [0],
        "rechtstreeks naar het ZAT (stappen overgeslagen)": ["<5"],
        "woont buiten de gemeente van de school": ["<5"],
    }
    assert as_rows(data, "aandeel_zat") == {"naar het ZAT": [None]}  # 2 of 5: hidden
    assert as_rows(data, "overgeslagen_regels") == {"step_order": ["<5"]}
    assert as_rows(data, "probleemcategorieen") == {
        "leerproblemen": [6],
        "gedragsproblemen": ["<5"],
    }
    assert as_rows(data, "ingezette_zorg") == {
        "groepsplan": ["<5"],
        "lichte ambulante hulp (bijvoorbeeld SMW)": ["<5"],
        "verwijzing: jeugdhulp via het lokale team": ["<5"],
        "verwijzing: geestelijke gezondheidszorg (GGZ)": ["<5"],
    }
    assert as_rows(data, "doorlooptijden") == {
        "signalering / zorgteam": [5, 30.0, 40],
        "zorgteam / ZAT": ["<5", None, None],
        "ZAT / verwijzing": ["<5", None, None],
        "verwijzing / start van de hulp": ["<5", None, None],
        "signalering / start van de hulp": ["<5", None, None],
    }
    assert as_rows(data, "verwijzingen") == {
        "jeugdhulp via het lokale team": ["<5", 0, 0, 0, "<5", 0, 0, 0],
        "geestelijke gezondheidszorg (GGZ)": ["<5", "<5", 0, 0, 0, 0, 0, 0],
    }
    assert as_rows(data, "terugkoppeling") == {
        "termijn verstreken, nog niets gehoord": ["<5"],  # b's GGZ referral
        "vervolg-terugkoppeling te laat": [0],
        "eerste terugkoppeling later dan afgesproken": ["<5"],  # a: 10 Nov, due 1 Nov
    }
    assert as_rows(data, "stand") == {
        "open dossiers": [6],  # a, b, d, e, f, g (c is closed)
        "stilgevallen": [5],  # a, b, e (talk after the zorgteam overdue), f, g (quiet)
        "slapend": ["<5"],
    }
    assert as_rows(data, "afsluitingen") == {"doelen gehaald": ["<5"]}
    assert as_rows(data, "gemeenten") == {"Delft / Delft": [5], "Rijswijk / Delft": ["<5"]}
    assert as_rows(data, "jeugdhulp_gemeenten") == {"Rijswijk / Delft / Rijswijk": ["<5"]}


def test_raw_tally_matches_the_records(repo: Path, filled: dict[str, Any]) -> None:
    """The numbers behind the '<5': checked before suppression."""
    from zorgroute.domain.loading import load_all
    from zorgroute.store.repo import open_repository

    source = open_repository(repo)
    period = rp.school_year(rp.dt.date(2026, 11, 23))
    total = rp.Tally()
    for item in rp.case_inputs([source], rp.dt.date(2026, 11, 23)):
        assert item[1] is not None
        total.add(rp.count_case(item[1], period, rp.dt.date(2026, 11, 23)))
    assert (total.zat, total.care_team_to_zat, total.direct_zat, total.elsewhere) == (3, 2, 1, 1)
    assert total.categories == {"learning": 6, "behaviour": 3}
    assert total.care == {
        "plan:group_plan": 1,
        "decision:light_help": 3,
        "referral:youth_care": 1,
        "referral:ggz": 1,
    }
    assert sorted(total.leads[("signal", "care_team")]) == [10, 20, 30, 40, 50]
    # b was referred before its ZAT registration: the state never enters the ZAT step
    assert total.leads[("care_team", "zat")] == [46]
    assert total.leads[("referral", "care")] == [21]
    assert total.leads[("signal", "care")] == [82]
    assert total.stalled == 5
    assert total.dormant == 1
    assert total.override_records == {"step_order": 1}
    assert total.closures == {"goals_met": 1}
    assert len(list(load_all(source))) == 7


def test_a_count_of_three_shows_as_less_than_five_everywhere(
    repo: Path, run: Run, filled: dict[str, Any]
) -> None:
    outputs = {
        fmt: run("--repo", repo, "report", "--format", fmt).stdout
        for fmt in ("text", "markdown", "html", "csv", "json")
    }
    assert "| gedragsproblemen | <5 |" in outputs["markdown"]
    assert '<td>gedragsproblemen</td><td class="n">&lt;5</td>' in outputs["html"]
    rows = list(csv.reader(io.StringIO(outputs["csv"])))
    assert rows[0] == ["deel", "tabel", "rij", "kolom", "waarde"]
    assert [
        "De Testschool (99ZZ)",
        "Soort problemen bij signalering",
        "gedragsproblemen",
        "leerlingen",
        "<5",
    ] in rows
    assert "gedragsproblemen" in outputs["text"] and "<5" in outputs["text"]
    assert "3" not in [r[4] for r in rows[1:]]


def test_no_names_or_ids_in_any_format(repo: Path, run: Run, filled: dict[str, Any]) -> None:
    for fmt in ("text", "markdown", "html", "csv", "json"):
        out = run("--repo", repo, "report", "--format", fmt).stdout
        for secret in [
            "Sanne",
            "Testkind",
            "Testmoeder",
            "Ilse",
            "Dirk",
            *filled.values(),
            "lt-rijswijk",
            "ggz-jeugd",
            "-referral-",
        ]:
            assert secret not in out, (fmt, secret)


def test_html_has_bars_and_no_script(repo: Path, run: Run, filled: dict[str, Any]) -> None:
    out = run("--repo", repo, "report", "--format", "html").stdout
    assert out.startswith("<!doctype html>")
    assert '<span class="bar" style="width:200px"></span>' in out
    assert "<script" not in out and "http" not in out


def test_period_options(repo: Path, run: Run, filled: dict[str, Any]) -> None:
    data = json.loads(
        run("--repo", repo, "report", "--school-year", "2025", "--format", "json").stdout
    )
    assert data["period"] == {"from": "2025-08-01", "to": "2026-07-31"}
    assert data["as_of"] == "2026-07-31"
    assert as_rows(data, "kerncijfers")["gesignaleerd"] == ["<5"]  # only g
    assert as_rows(data, "probleemcategorieen") == {"angst of somberheid": ["<5"]}
    data = json.loads(
        run(
            "--repo",
            repo,
            "report",
            "--from",
            "2026-10-01",
            "--to",
            "2026-10-31",
            "--format",
            "json",
        ).stdout
    )
    assert data["title"] == "Monitor zorgroute, 2026-10-01 t/m 2026-10-31"
    assert as_rows(data, "kerncijfers")["gesignaleerd"] == [0]
    res = run("--repo", repo, "report", "--from", "2026-10-31", "--to", "2026-10-01")
    assert res.exit_code == 2
    assert "de einddatum ligt voor de begindatum" in res.stderr
    res = run("--repo", repo, "report", "--format", "pdf")
    assert res.exit_code == 2 and "onbekend formaat 'pdf'" in res.stderr


def test_several_repositories_per_school_and_total(
    tmp_path: Path, repo: Path, run: Run, filled: dict[str, Any]
) -> None:
    other = tmp_path / "tweede"
    res = run(
        "init",
        other,
        "--school",
        "De Vlinder",
        "--brin",
        "88YY",
        "--sector",
        "po",
        "--municipality",
        "Rijswijk",
        "--swv",
        "SWV Test",
        "--ib-name",
        "Ina Berg",
    )
    assert res.exit_code == 0, res.output
    for i in range(2):
        res = run(
            "--repo",
            other,
            "new-case",
            "--first-name",
            "Kim",
            "--last-name",
            "Proef",
            "--birth-date",
            "2016-01-01",
            "--group",
            "3",
            "--home-municipality",
            "Delft",
        )
        case_id = res.stdout.strip().splitlines()[-1]
        signal(other, case_id, "2026-09-0" + str(i + 1), ["learning"])
    out = tmp_path / "rapport.json"
    res = run("report", repo, other, "--format", "json", "--output", out)
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [s["title"] for s in data["sections"]] == [
        "De Testschool (99ZZ)",
        "De Vlinder (88YY)",
        "Totaal",
    ]
    assert as_rows(data, "kerncijfers", 0)["gesignaleerd"] == [6]
    assert as_rows(data, "kerncijfers", 1)["gesignaleerd"] == ["<5"]
    assert as_rows(data, "kerncijfers", 2)["gesignaleerd"] == [8]
    assert as_rows(data, "gemeenten", 2) == {
        "Delft / Delft": [5],
        "Delft / Rijswijk": ["<5"],
        "Rijswijk / Delft": ["<5"],
    }


def test_case_school_field_splits_one_repository(
    repo: Path, run: Run, filled: dict[str, Any]
) -> None:
    case_file = repo / "cases" / filled["g"] / "case.yaml"
    text = case_file.read_text(encoding="utf-8")
    case_file.write_text(
        text.replace("route_version: 1\n", "route_version: 1\nschool: 77XX\n"), encoding="utf-8"
    )
    data = json.loads(run("--repo", repo, "report", "--format", "json").stdout)
    assert [s["title"] for s in data["sections"]] == [
        "De Testschool (99ZZ)",
        "school 77XX (77XX)",
        "Totaal",
    ]


def test_case_with_errors_is_left_out_and_said(
    repo: Path, run: Run, filled: dict[str, Any]
) -> None:
    bad = repo / "cases" / filled["g"] / "records" / "2025-09-01-signal-sbad.yaml"
    bad.write_text("kind: signal\ndate: nooit\n", encoding="utf-8")
    data = json.loads(run("--repo", repo, "report", "--format", "json").stdout)
    assert data["skipped_cases"] == 1
    assert "1 dossier(s) met fouten zijn niet meegeteld" in data["notes"][-1]


def test_helpers() -> None:
    assert rp.suppress(0, 5) == 0
    assert rp.suppress(4, 5) == "<5"
    assert rp.suppress(5, 5) == 5
    assert rp.percent(5, 20, 5) == 25.0
    assert rp.percent(4, 20, 5) is None
    assert rp.median([3, 1, 2, 10]) == 2.5
    assert rp.nearest_rank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.8) == 8
    assert rp.school_year(rp.dt.date(2027, 7, 31)).label == "schooljaar 2026-2027"
    assert rp.school_year(rp.dt.date(2027, 8, 1)).label == "schooljaar 2027-2028"


def test_small_count_setting(repo: Path, run: Run, filled: dict[str, Any]) -> None:
    config = repo / "zorgroute.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("small_count: 5", "small_count: 3"),
        encoding="utf-8",
    )
    data = json.loads(run("--repo", repo, "report", "--format", "json").stdout)
    assert data["small_count"] == 3
    assert as_rows(data, "kerncijfers")["aangemeld bij het ZAT"] == [3]
    assert as_rows(data, "kerncijfers")["rechtstreeks naar het ZAT (stappen overgeslagen)"] == [
        "<3"
    ]
