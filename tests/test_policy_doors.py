"""Every door asks the policy layer: `refer`, `consent`, `action add`, `correct`, `check`
and concurrent steps; the new-case fixture's pupil is born 2017-03-04 (9 in 2026), with a
mother and a father who both have authority, and Dirk de Wit as directeur."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run, files_under
from test_route_rules import HELP_Q, ok, plan, refused

GGZ_ADHD = (
    "--destination",
    "ggz",
    "--institution",
    "ggz-jeugd",
    "--reason",
    "onderzoek naar ADHD",
    "--purpose",
    "assessment",
)


def consent(run: Run, repo: Path, c: str, *args: str) -> None:
    ok(run, repo, "consent", c, "--given-by", "moeder", "--given-by", "vader", *args)


def record_ids(repo: Path, c: str, kind: str) -> list[str]:
    return sorted(p.stem for p in (repo / "cases" / c / "records").glob(f"*-{kind}-*.yaml"))


# --- refer asks may_refer -------------------------------------------------------------------


def test_refer_needs_a_consent_naming_partner_and_purpose(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    err = refused(run, repo, "refer", c, *GGZ_ADHD, "--date", "2026-11-02")
    assert "- [referral_consent] geen toestemming voor deze verwijzing op 2026-11-02" in err
    assert "(kan niet worden overgeslagen)" in err
    # a consent for another partner does not cover it
    consent(
        run,
        repo,
        c,
        "--basis",
        "written_consent",
        "--forum",
        "zat",
        "--partner",
        "lt-delft",
        "--purpose",
        "assessment",
        "--date",
        "2026-11-01",
    )
    refused(run, repo, "refer", c, *GGZ_ADHD, "--date", "2026-11-02")
    consent(
        run,
        repo,
        c,
        "--basis",
        "written_consent",
        "--forum",
        "zat",
        "--partner",
        "ggz-jeugd",
        "--purpose",
        "assessment",
        "--date",
        "2026-11-01",
    )
    ok(run, repo, "refer", c, *GGZ_ADHD, "--date", "2026-11-02")


def test_refer_is_refused_after_the_parents_refused_exactly_that(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    consent(
        run,
        repo,
        c,
        "--basis",
        "written_consent",
        "--forum",
        "zat",
        "--partner",
        "ggz-jeugd",
        "--purpose",
        "discussion",
        "--purpose",
        "assessment",
        "--date",
        "2026-10-01",
    )
    consent(
        run,
        repo,
        c,
        "--basis",
        "refusal",
        "--forum",
        "zat",
        "--partner",
        "ggz-jeugd",
        "--purpose",
        "assessment",
        "--date",
        "2026-10-05",
    )
    err = refused(run, repo, "refer", c, *GGZ_ADHD, "--date", "2026-10-06")
    assert "geweigerd op 2026-10-05" in err
    assert "Testmoeder" not in err and "Testvader" not in err


def test_veilig_thuis_is_referred_without_consent_and_recorded_as_such(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    config = repo / "zorgroute.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "- id: vt-haaglanden\n  name: Veilig Thuis Haaglanden\n  kind: veilig_thuis\n",
        encoding="utf-8",
    )
    c = new_case()
    ok(
        run,
        repo,
        "refer",
        c,
        "--destination",
        "veilig_thuis",
        "--institution",
        "vt-haaglanden",
        "--reason",
        "vermoeden van huiselijk geweld",
    )
    (rid,) = record_ids(repo, c, "referral")
    text = (repo / "cases" / c / "records" / f"{rid}.yaml").read_text(encoding="utf-8")
    assert "meldcode: true" in text


# --- decisions reserved for the directeur ----------------------------------------------------

EXCEPTION = (
    "--basis",
    "exception",
    "--forum",
    "zat",
    "--ground",
    "threatening_upbringing",
    "--motivation",
    "Vragen om toestemming brengt het kind in gevaar.",
)


@pytest.mark.parametrize("person", ["Piet Willekeurig", "Ilse Bakker"])
def test_the_exception_is_refused_from_anyone_but_the_directeur(
    repo: Path, run: Run, new_case: Callable[..., str], person: str
) -> None:
    c = new_case()
    err = refused(run, repo, "consent", c, *EXCEPTION, "--decided-by", person)
    assert "- [directeur] bespreken zonder toestemming is een besluit van de directeur" in err
    assert person not in err
    ok(run, repo, "consent", c, *EXCEPTION, "--decided-by", "Dirk de Wit")


def test_the_directeur_is_who_holds_the_role_on_that_date(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    config = repo / "zorgroute.yaml"
    text = config.read_text(encoding="utf-8")
    assert "name: Dirk de Wit\n" in text
    config.write_text(
        text.replace("name: Dirk de Wit\n", "name: Dirk de Wit\n  since: 2026-11-01\n"),
        encoding="utf-8",
    )
    c = new_case()
    err = refused(
        run, repo, "consent", c, *EXCEPTION, "--decided-by", "Dirk de Wit", "--date", "2026-10-20"
    )
    assert "op 2026-10-20 niet de directeur" in err or "noemt geen directeur op 2026-10-20" in err
    ok(run, repo, "consent", c, *EXCEPTION, "--decided-by", "Dirk de Wit", "--date", "2026-11-02")


def test_an_sbo_referral_signed_by_the_ib_is_refused(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    consent(
        run,
        repo,
        c,
        "--basis",
        "written_consent",
        "--forum",
        "zat",
        "--partner",
        "sbo-de-brug",
        "--purpose",
        "referral",
        "--date",
        "2026-11-01",
    )
    plan(run, repo, c, "2026-09-01")
    plan(run, repo, c, "2026-10-01")
    args = (
        "refer",
        c,
        "--destination",
        "sbo",
        "--institution",
        "sbo-de-brug",
        "--reason",
        "kleinere groep nodig",
        "--handelingsverlegenheid",
        "de school kan dit niet bieden",
    )
    err = refused(run, repo, *args, "--signed-by", "Ilse Bakker", "--signed-on", "2026-11-20")
    assert "- [directeur] ondertekenen van een verwijzing naar het speciaal onderwijs" in err
    # the directeur's signature passes this rule (the TLV request may still lack other parts)
    res = run("--repo", repo, *args, "--signed-by", "Dirk de Wit", "--signed-on", "2026-11-20")
    assert "[directeur]" not in res.output + res.stderr


# --- consent integrity at the command ----------------------------------------------------------


def test_a_notice_deadline_must_lie_after_its_date(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    for deadline in ("2026-11-02", "2026-11-01"):
        err = refused(
            run,
            repo,
            "consent",
            c,
            "--basis",
            "no_objection_notice",
            "--forum",
            "zat",
            "--date",
            "2026-11-02",
            "--objection-deadline",
            deadline,
        )
        assert "het einde van de bezwaartermijn ligt niet na de datum van de kennisgeving" in err
    ok(
        run,
        repo,
        "consent",
        c,
        "--basis",
        "no_objection_notice",
        "--forum",
        "zat",
        "--date",
        "2026-11-02",
    )


def test_withdrawal_and_objection_must_name_a_consent_of_the_same_case_and_forum(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    other = new_case()
    consent(
        run, repo, c, "--basis", "written_consent", "--forum", "zorgteam", "--date", "2026-10-01"
    )
    consent(
        run, repo, other, "--basis", "written_consent", "--forum", "zat", "--date", "2026-10-01"
    )
    (mine,) = record_ids(repo, c, "consent")
    (theirs,) = record_ids(repo, other, "consent")
    err = refused(
        run,
        repo,
        "consent",
        c,
        "--basis",
        "withdrawal",
        "--forum",
        "zorgteam",
        "--given-by",
        "moeder",
        "--refers-to",
        theirs,
    )
    assert (
        f"een intrekking verwijst naar {theirs}, maar dat record bestaat niet in dit dossier" in err
    )
    err = refused(
        run,
        repo,
        "consent",
        c,
        "--basis",
        "objection",
        "--forum",
        "zat",
        "--given-by",
        "moeder",
        "--refers-to",
        mine,
    )
    assert f"een bezwaar gaat over zorg- en adviesteam (ZAT), maar {mine} over zorgteam" in err
    err = refused(
        run,
        repo,
        "consent",
        c,
        "--basis",
        "objection",
        "--forum",
        "zorgteam",
        "--given-by",
        "moeder",
    )
    assert "een bezwaar moet zeggen waar het over gaat" in err
    ok(
        run,
        repo,
        "consent",
        c,
        "--basis",
        "withdrawal",
        "--forum",
        "zorgteam",
        "--given-by",
        "moeder",
        "--refers-to",
        mine,
    )


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2016-05-01", "de datum 2016-05-01 ligt voor de geboortedatum van de leerling"),
        ("1990-01-01", "de datum 1990-01-01 ligt voor de geboortedatum van de leerling"),
    ],
)
def test_no_record_before_the_pupil_was_born(
    repo: Path, run: Run, new_case: Callable[..., str], day: str, message: str
) -> None:
    c = new_case()
    err = refused(
        run,
        repo,
        "consent",
        c,
        "--basis",
        "written_consent",
        "--forum",
        "zat",
        "--date",
        day,
        "--given-by",
        "moeder",
        "--given-by",
        "vader",
        "--late-entry",
        "oud papieren dossier",
    )
    assert message in err


def test_an_old_event_needs_a_late_entry_reason_that_is_kept_and_shown(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    config = repo / "zorgroute.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("late_entry_days: 365", "late_entry_days: 30"), "utf-8")
    assert "late_entry_days: 30" in config.read_text(encoding="utf-8")
    c = new_case()
    args = (
        "signal",
        c,
        "--observed-by",
        "juf Anja",
        "--setting",
        "classroom",
        "--since",
        "months",
        "--category",
        "learning",
        "--description",
        "leest erg traag",
    )
    err = refused(run, repo, *args, "--date", "2026-09-01")
    assert "dit gebeurde op 2026-09-01, meer dan 30 dagen geleden" in err
    assert '--late-entry "reden"' in err
    ok(run, repo, *args, "--date", "2026-10-30")  # within 30 days: no reason needed
    ok(run, repo, *args, "--date", "2026-09-01", "--late-entry", "overgenomen uit het logboek")
    text = "".join(
        (repo / "cases" / c / "records" / f"{r}.yaml").read_text(encoding="utf-8")
        for r in record_ids(repo, c, "signal")
    )
    assert "late_entry: overgenomen uit het logboek" in text
    res = run("--repo", repo, "timeline", c, env={"COLUMNS": "300"})  # with its record id
    assert res.exit_code == 0, res.output
    assert "laat vastgelegd: overgenomen uit het logboek" in res.stdout


# --- check reports consent integrity at file and line ------------------------------------------


def test_check_reports_hand_written_consent_records_at_their_line(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    folder = repo / "cases" / c / "records"
    folder.mkdir(exist_ok=True)
    base = (
        "kind: consent\nrecorded_by: IB\nrecorded_at: 2026-10-01T10:00:00\nforum: zat\n"
        "given_by: [moeder]\n"
    )
    (folder / "2026-10-01-consent-aaaa.yaml").write_text(
        "date: 2026-10-01\nbasis: no_objection_notice\n"
        + base
        + "objection_deadline: 2026-09-30\n",
        encoding="utf-8",
    )
    (folder / "2026-10-02-consent-bbbb.yaml").write_text(
        "date: 2026-10-02\nbasis: withdrawal\n" + base + "refers_to: 2026-01-01-consent-zzzz\n",
        encoding="utf-8",
    )
    (folder / "2026-10-03-consent-cccc.yaml").write_text(
        "date: 2010-10-03\nbasis: refusal\n" + base, encoding="utf-8"
    )
    res = run("--repo", repo, "check")
    assert res.exit_code == 1
    records = f"cases/{c}/records"
    assert (
        f"{records}/2026-10-01-consent-aaaa.yaml:8:1: objection_deadline: het einde van de "
        "bezwaartermijn ligt niet na de datum van de kennisgeving [toestemming]"
    ) in res.output
    assert (
        f"{records}/2026-10-02-consent-bbbb.yaml:8:1: refers_to: een intrekking verwijst naar "
        "2026-01-01-consent-zzzz, maar dat record bestaat niet in dit dossier [toestemming]"
    ) in res.output
    assert (
        f"{records}/2026-10-03-consent-cccc.yaml:1:1: date: de datum 2010-10-03 ligt voor de "
        "geboortedatum van de leerling [datum]"
    ) in res.output


# --- vague actions: one rule for meeting, action add and corrections ---------------------------


def test_action_add_and_corrections_refuse_vague_actions_like_meeting(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    err = refused(
        run,
        repo,
        "action",
        "add",
        c,
        "--owner",
        "we",
        "--description",
        "we kijken ernaar",
        "--due",
        "2026-12-01",
    )
    assert "- [concrete_actions] de afspraak heeft geen eigenaar met naam of functie" in err
    assert "- [concrete_actions] de afspraak is te vaag: zeg wat er gedaan wordt" in err
    ok(
        run,
        repo,
        "action",
        "add",
        c,
        "--owner",
        "IB",
        "--description",
        "belt de moeder over de toets",
        "--due",
        "2026-12-01",
    )
    (action,) = record_ids(repo, c, "action")
    err = refused(
        run,
        repo,
        "correct",
        c,
        action,
        "--field",
        "owner",
        "--value",
        "iedereen",
        "--reason",
        "andere eigenaar",
    )
    assert "- [concrete_actions] de afspraak heeft geen eigenaar met naam of functie" in err
    ok(
        run,
        repo,
        "correct",
        c,
        action,
        "--field",
        "owner",
        "--value",
        "juf Anja",
        "--reason",
        "andere eigenaar",
    )


# --- races: the rules are judged under the lock --------------------------------------------------


def test_four_concurrent_registrations_write_exactly_one(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    plan(run, repo, c, "2026-09-01")
    env = {**os.environ, "ZORGROUTE_TODAY": "2026-11-23", "ZORGROUTE_INTERACTIVE": "0"}
    command = [
        sys.executable,
        "-m",
        "zorgroute",
        "--repo",
        str(repo),
        "care-team",
        c,
        "--trigger",
        "too_little_profit",
        "--help-question",
        HELP_Q,
    ]
    procs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    codes = sorted(p.wait(timeout=120) for p in procs)
    for p in procs:
        assert p.stdout is not None and p.stderr is not None
        p.stdout.close()
        p.stderr.close()
    assert codes == [0, 3, 3, 3]
    assert len(record_ids(repo, c, "care_team_registration")) == 1
    assert not [f for f in files_under(repo) if ".tmp-" in f]
