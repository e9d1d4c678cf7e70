"""The basis for discussion (GUIDE §3): who consents by age on the date of the act, notices
and objections, withdrawal, the directeur's exception, enrolment consent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run

from zorgroute.domain.engine import load
from zorgroute.model.route import ConsentPolicy
from zorgroute.model.vocab import Forum
from zorgroute.policy import basis_record, may_discuss
from zorgroute.policy.consent import consenters
from zorgroute.store.repo import open_repository

DAY = dt.date(2026, 11, 23)
BOTH = ("moeder", "vader")


def basis(
    repo: Path, c: str, day: dt.date = DAY, forum: Forum = Forum.zorgteam
) -> tuple[bool, str]:
    loaded = load(open_repository(repo), c)
    verdict = may_discuss(loaded.data, loaded.route, loaded.repo.config, forum, day)
    record = basis_record(loaded.data, verdict, day)
    if verdict.allowed and record is not None:
        return True, f"{record.basis.label} van {record.date.isoformat()}"
    return verdict.allowed, verdict.summary


def consent(run: Run, repo: Path, c: str, *args: str, day: str = "2026-11-02") -> str:
    res = run("--repo", repo, "consent", c, "--forum", "zorgteam", "--date", day, *args)
    assert res.exit_code == 0, res.output
    return res.stdout.split("vastgelegd: ")[1].split()[0].rsplit("/", 1)[1][:-5]


def written(*who: str) -> tuple[str, ...]:
    return ("--basis", "written_consent", *[a for w in who for a in ("--given-by", w)])


@pytest.mark.parametrize(
    ("birth", "age", "given", "valid", "summary"),
    [
        (
            "2017-03-04",
            9,
            ("moeder",),
            False,
            "de toestemming van 2026-11-02 mist vader (nodig: de ouders met gezag, leeftijd 9)",
        ),
        ("2017-03-04", 9, BOTH, True, "schriftelijke toestemming van 2026-11-02"),
        (
            "2013-05-01",
            13,
            BOTH,
            False,
            "de toestemming van 2026-11-02 mist de leerling (nodig: "
            "de ouders met gezag én de leerling, leeftijd 13)",
        ),
        ("2013-05-01", 13, (*BOTH, "pupil"), True, "schriftelijke toestemming van 2026-11-02"),
        (
            "2010-02-01",
            16,
            BOTH,
            False,
            "de toestemming van 2026-11-02 mist de leerling "
            "(nodig: de leerling beslist zelf, leeftijd 16)",
        ),
        ("2010-02-01", 16, ("pupil",), True, "schriftelijke toestemming van 2026-11-02"),
        ("2008-01-15", 18, ("pupil",), True, "schriftelijke toestemming van 2026-11-02"),
    ],
)
def test_written_consent_by_age(
    repo: Path,
    run: Run,
    new_case: Callable[..., str],
    birth: str,
    age: int,
    given: tuple[str, ...],
    valid: bool,
    summary: str,
) -> None:
    c = new_case(birth_date=birth)
    case = open_repository(repo).require_case(c).case
    assert case.pupil.age_on(DAY) == age
    consent(run, repo, c, *written(*given))
    assert basis(repo, c) == (valid, summary)


def test_consenters_at_18_is_the_pupil_alone(repo: Path, new_case: Callable[..., str]) -> None:
    c = new_case(birth_date="2008-01-15")
    who = consenters(open_repository(repo).require_case(c).case, DAY, ConsentPolicy())
    assert (who.adults, who.pupil, who.note) == (
        (),
        True,
        "de leerling is meerderjarig en beslist zelf; ouders alleen met instemming van de leerling",
    )


def test_age_counts_on_the_date_of_the_act(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    # 12 on 2026-11-10: the parents' consent of October covers a meeting before the birthday
    c = new_case(birth_date="2014-11-10")
    consent(run, repo, c, *written(*BOTH), day="2026-10-05")
    assert basis(repo, c, dt.date(2026, 11, 9))[0] is True
    assert basis(repo, c, dt.date(2026, 11, 10)) == (
        False,
        "de toestemming van 2026-10-05 mist de leerling (nodig: de ouders met gezag "
        "én de leerling, leeftijd 12)",
    )


def test_only_adults_with_authority_count(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case(
        adults=(
            "id=moeder;name=M;relation=mother;authority=ja",
            "id=vader;name=V;relation=father;authority=nee",
        )
    )
    consent(run, repo, c, *written("vader"))
    assert basis(repo, c)[0] is False
    consent(run, repo, c, *written("moeder"), day="2026-11-03")
    assert basis(repo, c)[0] is True


def test_no_adult_with_authority_blocks_a_child_under_16(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case(birth_date="2013-05-01", adults=())
    consent(run, repo, c, *written("pupil"))
    assert basis(repo, c) == (
        False,
        "schriftelijke toestemming van 2026-11-02: in het "
        "dossier staat geen volwassene met gezag (nodig: de ouders met "
        "gezag én de leerling, leeftijd 13)",
    )


def test_notice_is_valid_only_after_the_objection_period(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    consent(run, repo, c, "--basis", "no_objection_notice", day="2026-11-16")
    assert basis(repo, c, dt.date(2026, 11, 26)) == (
        False,
        "de bezwaartermijn van de kennisgeving loopt tot en met 2026-11-30",
    )
    assert basis(repo, c, dt.date(2026, 11, 30))[0] is False
    assert basis(repo, c, dt.date(2026, 12, 1)) == (
        True,
        "kennisgeving zonder bezwaar (instemming) van 2026-11-16",
    )


def test_objection_inside_the_notice_period_blocks(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    notice = consent(run, repo, c, "--basis", "no_objection_notice", day="2026-11-09")
    consent(
        run,
        repo,
        c,
        "--basis",
        "objection",
        "--given-by",
        "vader",
        "--refers-to",
        notice,
        day="2026-11-12",
    )
    assert basis(repo, c, dt.date(2026, 11, 11))[0] is False  # period still running
    assert basis(repo, c, dt.date(2026, 12, 1)) == (
        False,
        "kennisgeving zonder bezwaar (instemming) van 2026-11-09: bezwaar gemaakt op 2026-11-12",
    )


def test_withdrawal_ends_consent_from_its_date(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    given = consent(run, repo, c, *written(*BOTH), day="2026-10-01")
    consent(
        run,
        repo,
        c,
        "--basis",
        "withdrawal",
        "--given-by",
        "moeder",
        "--refers-to",
        given,
        day="2026-11-02",
    )
    assert basis(repo, c, dt.date(2026, 11, 1))[0] is True
    assert basis(repo, c, dt.date(2026, 11, 2)) == (
        False,
        "schriftelijke toestemming van 2026-10-01: ingetrokken op 2026-11-02",
    )
    records = list((repo / "cases" / c / "records").glob("*-consent-*.yaml"))
    assert len(records) == 2  # recorded, never deleted


def test_directeur_exception_is_a_basis(repo: Path, run: Run, new_case: Callable[..., str]) -> None:
    c = new_case()
    res = run("--repo", repo, "consent", c, "--forum", "zorgteam", "--basis", "exception")
    assert res.exit_code == 1
    assert (
        "bij een bespreking zonder toestemming (besluit directeur) hoort ook: grond, "
        "motivering, besloten door (directeur)"
    ) in res.stderr
    consent(
        run,
        repo,
        c,
        "--basis",
        "exception",
        "--ground",
        "threatening_upbringing",
        "--motivation",
        "vragen om toestemming brengt het kind in gevaar",
        "--decided-by",
        "Dirk de Wit",
    )
    assert basis(repo, c) == (
        True,
        "bespreking zonder toestemming (besluit directeur) van 2026-11-02",
    )


def test_enrolment_consent_never_counts(repo: Path, run: Run, new_case: Callable[..., str]) -> None:
    c = new_case()
    consent(
        run,
        repo,
        c,
        *written(*BOTH),
        "--at-enrolment",
        "--late-entry",
        "overgenomen uit het inschrijvingsdossier",
        day="2025-08-25",
    )
    assert basis(repo, c) == (
        False,
        "toestemming bij inschrijving telt niet: elke bespreking "
        "vraagt een eigen toestemming of kennisgeving",
    )


def test_consent_is_per_forum(repo: Path, run: Run, new_case: Callable[..., str]) -> None:
    c = new_case()
    consent(run, repo, c, *written(*BOTH))
    assert basis(repo, c, forum=Forum.zat) == (
        False,
        "geen toestemming of kennisgeving voor zorg- en adviesteam (ZAT)",
    )
