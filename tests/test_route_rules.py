"""Each rule of the default route refuses on its own — exact message, exit 3, no file
written — and passes once the missing record exists. Overrides need a reason and are shown."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run, files_under

HELP_Q = "Hoe kunnen wij Sanne helpen om weer met plezier te lezen?"


def ok(run: Run, repo: Path, *args: str) -> None:
    res = run("--repo", repo, *args)
    assert res.exit_code == 0, res.output


def refused(run: Run, repo: Path, *args: str) -> str:
    """Run a step that must be refused; nothing may be written. Returns stderr."""
    before = files_under(repo)
    res = run("--repo", repo, *args)
    assert res.exit_code == 3, res.output
    assert "er is niets vastgelegd" in res.stderr
    assert files_under(repo) == before
    return res.stderr


def plan(run: Run, repo: Path, c: str, day: str, outcome: str | None = "not_met") -> None:
    ok(
        run,
        repo,
        "plan",
        c,
        "--area",
        "lezen",
        "--goal",
        "AVI E4 met 95% goed",
        "--approach",
        "dagelijks duolezen",
        "--responsible",
        "juf Anja",
        "--start",
        day,
        "--end",
        day,
        "--evaluation-date",
        day,
        "--date",
        day,
    )
    if outcome:
        ok(
            run,
            repo,
            "evaluate",
            c,
            "--outcome",
            outcome,
            "--what-worked",
            "duolezen hielp bij het tempo",
            "--date",
            day,
        )


def talk(run: Run, repo: Path, c: str, contact: str, day: str, *extra: str) -> None:
    ok(
        run,
        repo,
        "talk",
        c,
        "--contact",
        contact,
        "--with",
        "parents",
        "--discussed",
        "de zorgen en de volgende stap",
        "--date",
        day,
        *extra,
    )


def consent(run: Run, repo: Path, c: str, forum: str, day: str, *given: str) -> None:
    args = [a for g in (given or ("moeder", "vader")) for a in ("--given-by", g)]
    ok(
        run,
        repo,
        "consent",
        c,
        "--basis",
        "written_consent",
        "--forum",
        forum,
        "--date",
        day,
        *args,
    )


def referral_consent(run: Run, repo: Path, c: str, partner: str, day: str = "2026-11-20") -> None:
    """The parents' written consent to refer the pupil to `partner` (policy: may_refer)."""
    ok(
        run,
        repo,
        "consent",
        c,
        "--basis",
        "written_consent",
        "--forum",
        "zat",
        "--partner",
        partner,
        "--purpose",
        "referral",
        "--given-by",
        "moeder",
        "--given-by",
        "vader",
        "--date",
        day,
    )


def signal(run: Run, repo: Path, c: str) -> None:
    ok(
        run,
        repo,
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
        "Sanne leest veel trager dan de groep.",
        "--date",
        "2026-08-31",
    )


def in_care_team(run: Run, repo: Path, c: str) -> None:
    signal(run, repo, c)
    plan(run, repo, c, "2026-09-01")
    ok(
        run,
        repo,
        "care-team",
        c,
        "--trigger",
        "too_little_profit",
        "--help-question",
        HELP_Q,
        "--date",
        "2026-09-02",
    )


ZT_MEETING = (
    "--forum",
    "zorgteam",
    "--attendee",
    "Ilse Bakker;IB;chair",
    "--decision",
    "pass_to_zat",
    "--date",
    "2026-10-01",
)


def ready_for_zat(
    run: Run,
    repo: Path,
    c: str,
    *,
    after: bool = True,
    before_zat: tuple[str, ...] = (
        "--leaflet-given",
        "--question-together",
        "--parents-view",
        "graag advies",
    ),
    zat_consent: bool = True,
) -> None:
    in_care_team(run, repo, c)
    talk(run, repo, c, "before_care_team", "2026-09-03")
    consent(run, repo, c, "zorgteam", "2026-09-03")
    ok(run, repo, "meeting", c, *ZT_MEETING)
    if after:
        talk(run, repo, c, "after_care_team", "2026-10-02")
    talk(run, repo, c, "before_zat", "2026-10-02", *before_zat)
    if zat_consent:
        consent(run, repo, c, "zat", "2026-10-02")


# --- registering with the zorgteam --------------------------------------------------------


def test_care_team_needs_trigger(repo: Path, run: Run, new_case: Callable[..., str]) -> None:
    c = new_case()
    plan(run, repo, c, "2026-09-01")
    err = refused(run, repo, "care-team", c, "--help-question", HELP_Q)
    assert (
        "- [trigger] geen aanleiding voor aanmelding bij het zorgteam gekozen (te weinig "
        "profijt van het groepsplan, onderwijsbehoeften onduidelijk, of ernstige zorg over "
        "kind of gezin)\n    oplossing: zorgroute care-team " + c + " --trigger "
        "too_little_profit|needs_unclear|serious_concern"
    ) in err
    assert err.count("- [") == 1
    ok(run, repo, "care-team", c, "--help-question", HELP_Q, "--trigger", "needs_unclear")


def test_care_team_needs_a_clear_help_question(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    plan(run, repo, c, "2026-09-01")
    err = refused(
        run, repo, "care-team", c, "--trigger", "needs_unclear", "--help-question", "lezen"
    )
    assert (
        "- [help_question] de hulpvraag is niet duidelijk genoeg (minstens 5 woorden, "
        "als vraag geformuleerd, eindigend op een vraagteken)"
    ) in err
    assert err.count("- [") == 1
    ok(run, repo, "care-team", c, "--trigger", "needs_unclear", "--help-question", HELP_Q)


def test_care_team_needs_an_evaluated_plan_or_a_reason(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    plan(run, repo, c, "2026-09-01", outcome=None)
    err = refused(
        run, repo, "care-team", c, "--trigger", "needs_unclear", "--help-question", HELP_Q
    )
    assert (
        "- [evaluated_plans] er zijn 0 geëvalueerde plannen; nodig: minstens 1\n"
        f"    oplossing: zorgroute plan {c} en daarna zorgroute evaluate {c}"
    ) in err
    assert (
        "oplossing: alleen met een vastgelegde reden mag een regel worden overgeslagen: "
        '--override evaluated_plans="reden"' in err
    )
    ok(run, repo, "evaluate", c, "--outcome", "partly", "--what-worked", "duolezen")
    ok(run, repo, "care-team", c, "--trigger", "needs_unclear", "--help-question", HELP_Q)


def test_direct_reason_skips_plans_and_steps(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    ok(
        run,
        repo,
        "care-team",
        c,
        "--help-question",
        HELP_Q,
        "--direct-reason",
        "ernstige zorg over de veiligheid thuis",
    )
    res = run("--repo", repo, "status", c, "--format", "json")
    assert json.loads(res.stdout)["step"] == "care_team"


# --- the zorgteam meeting --------------------------------------------------------------------


def test_zorgteam_meeting_needs_registration(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    talk(run, repo, c, "before_care_team", "2026-09-03")
    consent(run, repo, c, "zorgteam", "2026-09-03")
    err = refused(run, repo, "meeting", c, *ZT_MEETING)
    assert (
        "- [step_order] 'Bespreking in het zorgteam' kan niet vanuit de stap "
        "'Signalering' (wel vanuit: Zorgteam, ZAT, Verwijzing)" in err
    )
    assert (
        "- [registered] de leerling is nog niet aangemeld voor dit overleg\n"
        f"    oplossing: zorgroute care-team {c}" in err
    )


def test_zorgteam_meeting_needs_conversation_before(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    in_care_team(run, repo, c)
    consent(run, repo, c, "zorgteam", "2026-09-03")
    err = refused(run, repo, "meeting", c, *ZT_MEETING)
    assert (
        "- [conversation_before] het gesprek voor het zorgteam met de ouders is nog niet "
        f"vastgelegd\n    oplossing: zorgroute talk {c} --contact before_care_team"
    ) in err
    assert err.count("- [") == 1
    talk(run, repo, c, "before_care_team", "2026-09-03")
    ok(run, repo, "meeting", c, *ZT_MEETING)


def test_zorgteam_meeting_needs_basis_which_cannot_be_overridden(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    in_care_team(run, repo, c)
    talk(run, repo, c, "before_care_team", "2026-09-03")
    err = refused(run, repo, "meeting", c, *ZT_MEETING)
    assert (
        "- [basis_for_discussion] geen geldige grondslag om de leerling bij naam te "
        "bespreken in zorgteam van de school op 2026-10-01: geen toestemming of "
        "kennisgeving voor zorgteam van de school (kan niet worden overgeslagen)\n"
        f"    oplossing: zorgroute consent {c} --forum zorgteam --basis "
        "written_consent|no_objection_notice|exception (of bespreek anoniem)"
    ) in err
    assert "oplossing: los eerst op wat hierboven ontbreekt" in err
    err = refused(run, repo, "meeting", c, *ZT_MEETING, "--override", "basis_for_discussion=haast")
    assert "(kan niet worden overgeslagen)" in err
    ok(run, repo, "meeting", c, *ZT_MEETING[:-2], "--anonymous", "--date", "2026-10-01")
    consent(run, repo, c, "zorgteam", "2026-10-05")
    ok(run, repo, "meeting", c, *ZT_MEETING[:-2], "--date", "2026-10-06")


def test_vague_actions_are_refused(repo: Path, run: Run, new_case: Callable[..., str]) -> None:
    c = new_case()
    meeting = ("meeting", c, "--forum", "groepsbespreking", "--attendee", "Ilse;IB;chair")
    err = refused(run, repo, *meeting, "--action", "we gaan het bekijken")
    assert (
        "- [concrete_actions] afspraak a1 zegt niet wie wat wanneer doet "
        "(kan niet worden overgeslagen)"
    ) in err
    err = refused(run, repo, *meeting, "--action", "we;we kijken ernaar;2026-12-01")
    assert "- [concrete_actions] afspraak a1 heeft geen eigenaar met naam of functie" in err
    assert "'we'" not in err  # free text from the input is never echoed
    assert "- [concrete_actions] afspraak a1 is te vaag: zeg wat er gedaan wordt" in err
    err = refused(run, repo, *meeting, "--action", "IB;belt de moeder op;2026-11-01")
    assert "- [concrete_actions] afspraak a1 heeft een datum voor het overleg" in err
    ok(run, repo, *meeting, "--action", "IB;belt de moeder over de toets;2026-12-01")


# --- escalate -------------------------------------------------------------------------------


def test_escalate_needs_decision_to_pass_on(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    in_care_team(run, repo, c)
    talk(run, repo, c, "before_care_team", "2026-09-03")
    consent(run, repo, c, "zorgteam", "2026-09-03")
    ok(
        run,
        repo,
        "meeting",
        c,
        "--forum",
        "zorgteam",
        "--attendee",
        "Ilse Bakker;IB;chair",
        "--decision",
        "advice",
        "--date",
        "2026-10-01",
    )
    talk(run, repo, c, "after_care_team", "2026-10-02")
    talk(
        run,
        repo,
        c,
        "before_zat",
        "2026-10-02",
        "--leaflet-given",
        "--question-together",
        "--parents-view",
        "graag advies",
    )
    consent(run, repo, c, "zat", "2026-10-02")
    err = refused(run, repo, "escalate", c)
    assert (
        "- [decision] zorgteam van de school heeft niet besloten tot 'doorgeven aan het "
        f"ZAT'\n    oplossing: zorgroute meeting {c} --forum zorgteam --decision "
        'pass_to_zat, of geef een reden: --direct-reason "..."'
    ) in err
    assert err.count("- [") == 1
    ok(run, repo, "meeting", c, *ZT_MEETING[:-2], "--date", "2026-10-05")
    talk(run, repo, c, "after_care_team", "2026-10-06")
    ok(run, repo, "escalate", c)


def test_escalate_needs_the_talk_after_the_zorgteam(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    ready_for_zat(run, repo, c, after=False)
    err = refused(run, repo, "escalate", c)
    assert (
        "- [pending_conversations] na het overleg van 2026-10-01 is het gesprek na het "
        f"zorgteam met de ouders nog niet vastgelegd\n    oplossing: zorgroute talk {c} "
        "--contact after_care_team"
    ) in err
    assert err.count("- [") == 1
    talk(run, repo, c, "after_care_team", "2026-10-03")
    ok(run, repo, "escalate", c)


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        (
            "--leaflet-given",
            "de ouders hebben de folder nog niet gekregen (volgens de vastgelegde gesprekken)",
        ),
        ("--question-together", "de hulpvraag is nog niet samen met de ouders geformuleerd"),
        (
            "--parents-view",
            "in het gesprek voor de aanmelding bij het ZAT staat de zienswijze van de ouders niet",
        ),
    ],
)
def test_escalate_needs_parents_informed(
    repo: Path, run: Run, new_case: Callable[..., str], missing: str, message: str
) -> None:
    c = new_case()
    flags = ["--leaflet-given", "--question-together", "--parents-view", "graag advies"]
    drop = flags.index(missing)
    kept = flags[:drop] + flags[drop + (2 if missing == "--parents-view" else 1) :]
    ready_for_zat(run, repo, c, before_zat=tuple(kept))
    err = refused(run, repo, "escalate", c)
    assert f"- [conversation_before] {message}" in err
    assert err.count("- [") == 1
    talk(run, repo, c, "before_zat", "2026-10-05", *flags)
    ok(run, repo, "escalate", c)


def test_escalate_needs_basis_for_the_zat(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    ready_for_zat(run, repo, c, zat_consent=False)
    err = refused(run, repo, "escalate", c)
    assert (
        "- [basis_for_discussion] geen geldige grondslag om de leerling bij naam te "
        "bespreken in zorg- en adviesteam (ZAT) op 2026-11-23: geen toestemming of "
        "kennisgeving voor zorg- en adviesteam (ZAT) (kan niet worden overgeslagen)"
    ) in err
    assert err.count("- [") == 1
    consent(run, repo, c, "zat", "2026-11-20")
    ok(run, repo, "escalate", c)


def test_escalate_needs_what_was_tried(repo: Path, run: Run, new_case: Callable[..., str]) -> None:
    c = new_case()
    signal(run, repo, c)
    plan(run, repo, c, "2026-09-01", outcome=None)
    ok(
        run,
        repo,
        "care-team",
        c,
        "--trigger",
        "serious_concern",
        "--help-question",
        HELP_Q,
        "--override",
        "evaluated_plans=ernstige zorgen, niet wachten op de evaluatie",
        "--date",
        "2026-09-02",
    )
    talk(run, repo, c, "before_care_team", "2026-09-03")
    consent(run, repo, c, "zorgteam", "2026-09-03")
    ok(run, repo, "meeting", c, *ZT_MEETING)
    talk(run, repo, c, "after_care_team", "2026-10-02")
    talk(
        run,
        repo,
        c,
        "before_zat",
        "2026-10-02",
        "--leaflet-given",
        "--question-together",
        "--parents-view",
        "graag advies",
    )
    consent(run, repo, c, "zat", "2026-10-02")
    err = refused(run, repo, "escalate", c)
    assert (
        "- [tried_with_results] het dossier laat niet zien wat er al is gedaan en met "
        "welk resultaat (geen geëvalueerd plan)"
    ) in err
    assert err.count("- [") == 1
    ok(run, repo, "evaluate", c, "--outcome", "not_met", "--what-worked", "weinig")
    ok(run, repo, "escalate", c)
    status = json.loads(run("--repo", repo, "status", c, "--format", "json").stdout)
    assert status["overrides"] == [
        {
            "date": "2026-09-02",
            "record": status["overrides"][0]["record"],
            "rule": "evaluated_plans",
            "reason": "ernstige zorgen, niet wachten op de evaluatie",
            "decided_by": "Ilse Bakker (intern begeleider)",
        }
    ]
    text = run("--repo", repo, "status", c).stdout
    assert "Overgeslagen regels" in text
    assert "geëvalueerde plannen: ernstige zorgen, niet wachten op de evaluatie" in text


def test_override_needs_a_reason_and_a_blocking_rule(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    before = files_under(repo)
    res = run(
        "--repo",
        repo,
        "care-team",
        c,
        "--help-question",
        HELP_Q,
        "--trigger",
        "needs_unclear",
        "--override",
        "evaluated_plans",
    )
    assert res.exit_code == 2
    assert "--override evaluated_plans: de reden ontbreekt" in res.stderr
    plan(run, repo, c, "2026-09-01")
    before = files_under(repo)
    res = run(
        "--repo",
        repo,
        "care-team",
        c,
        "--help-question",
        HELP_Q,
        "--trigger",
        "needs_unclear",
        "--override",
        "trigger=zomaar",
    )
    assert res.exit_code == 2
    assert "--override trigger: die regel houdt deze stap niet tegen" in res.stderr
    assert files_under(repo) == before


# --- referrals --------------------------------------------------------------------------------

SBO = (
    "refer",
    "--destination",
    "sbo",
    "--institution",
    "sbo-de-brug",
    "--reason",
    "kleinere groep nodig",
)
HV = ("--handelingsverlegenheid", "de school kan de één-op-één hulp niet bieden")
SIGN = ("--signed-by", "Dirk de Wit", "--signed-on", "2026-11-20")


def sbo(c: str, *extra: str) -> tuple[str, ...]:
    return (SBO[0], c, *SBO[1:], *extra)


def tlv_parts(run: Run, repo: Path, c: str) -> None:
    """What the SWV needs in a TLV request besides the route's own rules (its document)."""
    from test_documents import TLV_PARTS

    for args in TLV_PARTS.values():
        ok(run, repo, args[0], c, *args[1:], "--date", "2026-11-12")


def test_special_education_needs_two_evaluated_plans(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    referral_consent(run, repo, c, "sbo-de-brug")
    plan(run, repo, c, "2026-09-01")
    ok(
        run,
        repo,
        "evaluate",
        c,
        "--outcome",
        "not_met",
        "--what-worked",
        "nog eens",
        "--plan",
        _first(repo, c, "plan"),
    )
    err = refused(run, repo, *sbo(c, *HV, *SIGN))
    assert "- [evaluated_plans] er is 1 geëvalueerd plan; nodig: minstens 2" in err
    assert err.count("- [") == 1
    plan(run, repo, c, "2026-10-01")
    tlv_parts(run, repo, c)
    ok(run, repo, *sbo(c, *HV, *SIGN))


def test_special_education_needs_handelingsverlegenheid_and_signoff(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    referral_consent(run, repo, c, "sbo-de-brug")
    plan(run, repo, c, "2026-09-01")
    plan(run, repo, c, "2026-10-01")
    err = refused(run, repo, *sbo(c, *SIGN))
    assert (
        "- [handelingsverlegenheid] de handelingsverlegenheid van de school is niet "
        "beschreven: waarom kan de school niet bieden wat nodig is?\n    oplossing: "
        f'zorgroute refer {c} ... --handelingsverlegenheid "..."'
    ) in err
    assert err.count("- [") == 1
    err = refused(run, repo, *sbo(c, *HV))
    assert (
        "- [directeur_signoff] de directeur heeft het verwijzingsdossier nog niet ondertekend"
    ) in err
    assert err.count("- [") == 1
    tlv_parts(run, repo, c)
    ok(run, repo, *sbo(c, *HV, *SIGN))


def test_youth_care_goes_through_the_local_team_of_the_home_municipality(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case(home="Rijswijk")
    referral_consent(run, repo, c, "lt-delft")
    referral_consent(run, repo, c, "lt-rijswijk")
    args = ("refer", c, "--destination", "youth_care", "--reason", "gezinshulp")
    err = refused(run, repo, *args, "--institution", "lt-delft")
    assert (
        "- [local_team_of_home_municipality] jeugdhulp loopt via het lokale team van de "
        "woongemeente (Rijswijk); 'lt-delft' is dat niet (kan niet worden overgeslagen)\n"
        "    oplossing: kies het lokale team van de woongemeente: lt-rijswijk"
    ) in err
    err = refused(
        run,
        repo,
        *args,
        "--institution",
        "lt-delft",
        "--override",
        "local_team_of_home_municipality=dichterbij",
    )
    assert "(kan niet worden overgeslagen)" in err
    res = run("--repo", repo, *args, "--institution", "lt-rijswijk")
    assert res.exit_code == 0, res.output
    assert (
        "let op: de leerling woont in Rijswijk, de school staat in Delft: de jeugdhulp "
        "loopt via het lokale team van Rijswijk"
    ) in res.stderr


def test_youth_care_in_the_school_municipality_has_no_warning(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    c = new_case()
    referral_consent(run, repo, c, "lt-delft")
    res = run(
        "--repo",
        repo,
        "refer",
        c,
        "--destination",
        "youth_care",
        "--reason",
        "hulp",
        "--institution",
        "lt-delft",
    )
    assert res.exit_code == 0, res.output
    assert "woont in" not in res.stderr


def test_referral_needs_a_known_partner(repo: Path, run: Run, new_case: Callable[..., str]) -> None:
    c = new_case()
    err = refused(
        run,
        repo,
        "refer",
        c,
        "--destination",
        "ggz",
        "--institution",
        "onbekend",
        "--reason",
        "onderzoek",
    )
    assert (
        "- [known_partner] 'onbekend' staat niet in de partnerlijst (kan niet worden "
        "overgeslagen)\n    oplossing: kies uit: lt-delft, lt-rijswijk, sbo-de-brug, "
        "ggz-jeugd, of voeg de instelling toe in zorgroute.yaml"
    ) in err


def _first(repo: Path, c: str, kind: str) -> str:
    names = sorted(p.stem for p in (repo / "cases" / c / "records").glob(f"*-{kind}-*.yaml"))
    return names[0]
