"""Documents: what the step commands render, who receives it, and what they may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run, load_yaml, write_tree
from test_route_rules import referral_consent

from zorgroute.documents import render as rd

ADULTS = (
    "id=moeder;name=Ria Testmoeder;relation=mother;authority=ja",
    "id=vader;name=Tom Testvader;relation=father;authority=ja",
)
SMW_SECRET = "moeder vertelde over spanningen thuis"
HELP_QUESTION = "Hoe kunnen wij Sanne helpen om vlotter te lezen zodat ze weer meedoet?"


WITH_PDF = {"test_escalate_renders_the_zat_form_from_the_dossier"}


@pytest.fixture(autouse=True)
def _fast(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Making a PDF and a git commit per record take a while; these tests are about the
    documents, so only the PDF test makes a PDF, and nothing is committed."""
    if request.node.name not in WITH_PDF:
        monkeypatch.setattr(rd, "pdf_available", lambda: False)
    if "repo" not in request.fixturenames:
        return
    config = request.getfixturevalue("repo") / "zorgroute.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("git_commit: true", "git_commit: false"), encoding="utf-8")


def ok(res: object) -> None:
    assert res.exit_code == 0, res.output  # type: ignore[attr-defined]


def to_care_team_meeting(run: Run, repo: Path, case: str, given_by: tuple[str, ...]) -> None:
    """Signal, evaluated plan, talk, consent, registration and a zorgteam meeting with a
    confidential SMW remark that is meant for the zorgteam only."""
    z = ("--repo", repo)
    gb = [a for g in given_by for a in ("--given-by", g)]
    ok(
        run(
            *z,
            "signal",
            case,
            "--observed-by",
            "juf Anna",
            "--setting",
            "classroom",
            "--since",
            "months",
            "--category",
            "learning",
            "--description",
            "Sanne leest veel langzamer dan de groep.",
            "--date",
            "2026-09-01",
        )
    )
    ok(
        run(
            *z,
            "plan",
            case,
            "--area",
            "technisch lezen",
            "--goal",
            "Sanne leest een AVI-E4 tekst vlot",
            "--approach",
            "Dagelijks duolezen",
            "--responsible",
            "juf Anna",
            "--start",
            "2026-09-07",
            "--end",
            "2026-10-16",
            "--evaluation-date",
            "2026-10-16",
            "--date",
            "2026-09-07",
        )
    )
    ok(
        run(
            *z,
            "evaluate",
            case,
            "--outcome",
            "partly",
            "--what-worked",
            "Duolezen met een vast maatje werkt goed",
            "--what-did-not",
            "Het leestempo bleef achter",
            "--date",
            "2026-10-16",
        )
    )
    ok(
        run(
            *z,
            "talk",
            case,
            "--contact",
            "before_care_team",
            "--with",
            "parents",
            "--with",
            "pupil",
            "--discussed",
            "Zorgen over lezen.",
            "--date",
            "2026-10-19",
        )
    )
    ok(
        run(
            *z,
            "consent",
            case,
            "--basis",
            "written_consent",
            "--forum",
            "zorgteam",
            *gb,
            "--date",
            "2026-10-19",
        )
    )
    ok(
        run(
            *z,
            "care-team",
            case,
            "--trigger",
            "too_little_profit",
            "--help-question",
            HELP_QUESTION,
            "--date",
            "2026-10-20",
        )
    )
    ok(
        run(
            *z,
            "meeting",
            case,
            "--forum",
            "zorgteam",
            "--attendee",
            "Ilse Bakker;intern begeleider;chair",
            "--attendee",
            "Sam Smit;smw",
            "--question",
            "Wat heeft Sanne nodig?",
            "--decision",
            "pass_to_zat",
            "--action",
            "Ilse Bakker;meldt Sanne aan bij het ZAT;2026-11-30",
            "--confidential",
            f"schoolmaatschappelijk werk;zorgteam;{SMW_SECRET}",
            "--date",
            "2026-11-02",
        )
    )


def zat_ready(
    run: Run,
    repo: Path,
    case: str,
    given_by: tuple[str, ...] = ("moeder", "vader"),
    parents_view: bool = True,
) -> None:
    z = ("--repo", repo)
    gb = [a for g in given_by for a in ("--given-by", g)]
    to_care_team_meeting(run, repo, case, given_by)
    ok(
        run(
            *z,
            "talk",
            case,
            "--contact",
            "after_care_team",
            "--with",
            "parents",
            "--discussed",
            "Uitkomst besproken.",
            "--date",
            "2026-11-05",
        )
    )
    view = ["--parents-view", "Wij willen weten of er meer aan de hand is."] if parents_view else []
    ok(
        run(
            *z,
            "talk",
            case,
            "--contact",
            "before_zat",
            "--with",
            "parents",
            "--adult",
            "moeder",
            "--discussed",
            "Aanmelding ZAT besproken.",
            *view,
            "--parents-questions",
            "Moet Sanne getest worden op dyslexie?",
            "--leaflet-given",
            "--question-together",
            "--date",
            "2026-11-09",
        )
    )
    ok(
        run(
            *z,
            "consent",
            case,
            "--basis",
            "written_consent",
            "--forum",
            "zat",
            *gb,
            "--partner",
            "lt-delft",
            "--shared-document",
            "verslag logopedie",
            "--date",
            "2026-11-09",
        )
    )


def documents(repo: Path, case: str, pattern: str = "*") -> list[Path]:
    return sorted((repo / "cases" / case / "documents").glob(pattern))


def document_records(repo: Path, case: str) -> list[dict[str, object]]:
    folder = repo / "cases" / case / "records"
    return [
        load_yaml(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*-document-*.yaml"))
    ]


# --- the aanmeldformulier ------------------------------------------------------------------


def test_escalate_renders_the_zat_form_from_the_dossier(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    pytest.importorskip("typst")
    from pypdf import PdfReader

    case = new_case()
    zat_ready(run, repo, case)
    res = run("--repo", repo, "escalate", case, "--attachment", "verslag logopedie")
    ok(res)
    forms = documents(repo, case, "2026-11-23-zat-registration-*")
    assert sorted(p.suffix for p in forms) == [".html", ".md", ".pdf"]
    md = next(p for p in forms if p.suffix == ".md").read_text(encoding="utf-8")
    for expected in (
        HELP_QUESTION,
        "technisch lezen (7 september 2026 tot en met 16 oktober 2026)",
        "doel deels gehaald. Wat werkte: Duolezen met een vast maatje werkt goed",
        "Het leestempo bleef achter",
        "**schriftelijke toestemming** van 9 november 2026, gegeven door Ria "
        "Testmoeder (moeder) en Tom Testvader (vader)",
        "Genoemde partners: Lokaal team Delft.",
        "- verslag logopedie",
        "Moet Sanne getest worden op dyslexie?",
        "leerproblemen",
        "Ilse Bakker, intern begeleider",
        "4 maart 2017 (9 jaar op de dag van aanmelding)",
    ):
        assert expected in md, expected
    # the SMW remark was for the zorgteam only
    assert SMW_SECRET not in md
    html = next(p for p in forms if p.suffix == ".html").read_text(encoding="utf-8")
    assert "<h1>Aanmeldformulier zorg- en adviesteam (ZAT)</h1>" in html
    assert "@media print" in html and SMW_SECRET not in html
    pdf = next(p for p in forms if p.suffix == ".pdf")
    text = " ".join((page.extract_text() or "") for page in PdfReader(pdf).pages)
    text = " ".join(text.split())
    assert "Hoe kunnen wij Sanne helpen om vlotter te lezen" in text
    assert "doel deels gehaald" in text and "schriftelijke toestemming" in text
    # one DocumentRecord with checksums of the three files; check agrees
    records = [r for r in document_records(repo, case) if r["document"] == "zat-registration"]
    assert len(records) == 1
    assert records[0]["recipients"] == ["zat"]
    assert str(records[0]["template_version"]).startswith("zorgroute ")
    assert len(records[0]["files"]) == 3  # type: ignore[arg-type]
    ok(run("--repo", repo, "check"))


def test_zat_form_refuses_without_the_parents_view(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    zat_ready(run, repo, case, parents_view=False)
    before = set(documents(repo, case))
    res = run("--repo", repo, "escalate", case)
    assert res.exit_code == 3
    assert "in het gesprek voor de aanmelding bij het ZAT staat de zienswijze" in res.stderr
    assert "oplossing: zorgroute talk" in res.stderr
    assert set(documents(repo, case)) == before
    assert not list((repo / "cases" / case / "records").glob("*zat_registration*"))


def test_a_skipped_parents_view_is_one_decision_for_step_and_form(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    """The form is judged by the same rules as the step: an override with a reason lifts
    the rule for both, and the form says what was skipped and why, never an empty claim."""
    case = new_case()
    zat_ready(run, repo, case, parents_view=False)
    res = run(
        "--repo",
        repo,
        "escalate",
        case,
        "--override",
        "conversation_before=ouders waren niet bereikbaar",
    )
    ok(res)
    [md] = documents(repo, case, "*zat-registration*.md")
    text = md.read_text(encoding="utf-8")
    assert "Bij deze aanmelding is bewust overgeslagen: een gesprek met de ouders vooraf." in text
    assert "De reden: ouders waren niet bereikbaar" in text
    assert "Zienswijze van de ouders" not in text


def test_zat_form_refuses_an_attachment_without_consent(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    zat_ready(run, repo, case)
    res = run("--repo", repo, "escalate", case, "--attachment", "verslag psycholoog")
    assert res.exit_code == 3
    assert (
        "[attachments_shared] voor bijlage 1 hebben de ouders geen toestemming gegeven"
        in res.stderr
    )
    assert "verslag psycholoog" not in res.stderr  # no free text from the records
    assert not list((repo / "cases" / case / "records").glob("*zat_registration*"))


# --- consent and recipients -------------------------------------------------------------------


def test_consent_form_of_a_13_year_old_has_lines_for_both_parents_and_the_pupil(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case(birth_date="2013-05-01")
    ok(
        run(
            "--repo",
            repo,
            "consent",
            case,
            "--basis",
            "written_consent",
            "--forum",
            "zorgteam",
            "--given-by",
            "moeder",
            "--given-by",
            "vader",
            "--given-by",
            "pupil",
        )
    )
    [md] = documents(repo, case, "*consent-form*.md")
    text = md.read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.startswith("| ") and ln.endswith("| | |")]
    assert lines == [
        "| Ria Testmoeder | moeder (met gezag) | | |",
        "| Tom Testvader | vader (met gezag) | | |",
        "| Sanne Testkind | leerling | | |",
    ]
    assert (
        "Sanne was op 23 november 2026 13 jaar. Daarom tekenen de ouders met gezag én Sanne "
        "zelf." in text
    )
    [record] = document_records(repo, case)
    assert record["recipients"] == ["moeder", "vader", "pupil"]


def test_consent_form_under_12_has_lines_for_the_parents_only(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    ok(
        run(
            "--repo",
            repo,
            "consent",
            case,
            "--basis",
            "written_consent",
            "--forum",
            "zorgteam",
            "--given-by",
            "moeder",
            "--given-by",
            "vader",
        )
    )
    [md] = documents(repo, case, "*consent-form*.md")
    text = md.read_text(encoding="utf-8")
    assert "| Sanne Testkind | leerling | | |" not in text
    assert "| Tom Testvader | vader (met gezag) | | |" in text


def test_a_17_year_old_who_refused_info_to_a_parent_stops_that_letter(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case(
        birth_date="2009-01-10",
        adults=(
            "id=moeder;name=Ria Testmoeder;relation=mother;authority=ja;address=Laan 1, Delft",
            "id=vader;name=Tom Testvader;relation=father;authority=ja;address=Weg 2, Delft;"
            "pupil_refuses_info=ja",
        ),
    )
    to_care_team_meeting(run, repo, case, ("pupil",))
    letters = documents(repo, case, "2026-11-02-feedback-letter-*.md")
    names = sorted(p.name.split("-")[5] for p in letters)
    assert names == ["leerkracht", "leerling", "moeder"]
    for letter in letters:
        assert "Tom Testvader" not in letter.read_text(encoding="utf-8")
    assert not documents(repo, case, "*vader*")


def test_letters_each_or_together_and_facts_only_for_a_parent_without_authority(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case(
        adults=(
            *ADULTS,
            "id=stiefvader;name=Bob Stief;relation=step_parent;authority=nee",
            "id=oom;name=Oom Geen;relation=other;authority=nee;info_requested=ja",
            "id=opa;name=Opa Niet;relation=grandparent;authority=ja;may_contact=nee",
        )
    )
    to_care_team_meeting(run, repo, case, ("moeder", "vader", "opa"))
    letters = {
        p.name.split("-")[5]: p.read_text(encoding="utf-8")
        for p in documents(repo, case, "2026-11-02-feedback-letter-*.md")
    }
    assert sorted(letters) == ["leerkracht", "oom", "ouders"]
    assert "Beste Ria Testmoeder en Tom Testvader," in letters["ouders"]
    assert "## Wie doet wat" in letters["ouders"]
    facts = letters["oom"]
    assert "U ontvangt deze brief omdat u heeft gevraagd op de hoogte te blijven" in facts
    assert "## Wie doet wat" not in facts and "## De vraag" not in facts
    assert "Doorgeven aan het ZAT" in facts
    res = run(
        "--repo", repo, "render", case, "feedback-letter", "--letters", "each", "--format", "md"
    )
    ok(res)
    made = [ln.rsplit("/", 1)[1] for ln in res.stdout.splitlines()]
    assert sorted(n.split("-")[5] for n in made) == ["leerkracht", "moeder", "oom", "vader"]


def test_a_confidential_smw_remark_stays_out_of_parent_letters(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    to_care_team_meeting(run, repo, case, ("moeder", "vader"))
    for doc in documents(repo, case, "2026-11-02-*"):
        if doc.suffix == ".pdf":
            continue
        text = doc.read_text(encoding="utf-8")
        if "meeting-report" in doc.name:
            assert SMW_SECRET in text  # the zorgteam's own report
        else:
            assert SMW_SECRET not in text, doc.name
    res = run("--repo", repo, "render", case, "parents-overview", "--stdout")
    ok(res)
    assert SMW_SECRET not in res.stdout
    assert "is 1 bijdrage van een hulpverlener met beroepsgeheim niet opgenomen" in res.stdout


def test_youth_care_referral_goes_to_the_local_team_of_the_home_municipality(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case(home="Rijswijk")
    referral_consent(run, repo, case, "lt-rijswijk")
    ok(
        run(
            "--repo",
            repo,
            "refer",
            case,
            "--destination",
            "youth_care",
            "--institution",
            "lt-rijswijk",
            "--reason",
            "Het gezin heeft hulp nodig bij de opvoeding.",
            "--expected-feedback",
            "2026-12-20",
        )
    )
    [letter] = documents(repo, case, "*referral-letter*.md")
    text = letter.read_text(encoding="utf-8")
    assert text.splitlines()[2] == "Wijkteam Rijswijk"
    assert "Wij horen graag uiterlijk op 20 december 2026 van u." in text
    assert not documents(repo, case, "*referral-dossier*")


def test_overview_marks_corrections(repo: Path, run: Run, new_case: Callable[..., str]) -> None:
    case = new_case()
    ok(
        run(
            "--repo",
            repo,
            "signal",
            case,
            "--observed-by",
            "juf Anna",
            "--setting",
            "classroom",
            "--since",
            "weeks",
            "--category",
            "learning",
            "--description",
            "Leest traag.",
            "--date",
            "2026-11-02",
        )
    )
    rid = next((repo / "cases" / case / "records").glob("*signal*")).stem
    ok(
        run(
            "--repo",
            repo,
            "correct",
            case,
            rid,
            "--field",
            "description",
            "--value",
            "Leest traag bij lange teksten.",
            "--reason",
            "verzoek van de ouders",
        )
    )
    res = run("--repo", repo, "render", case, "parents-overview", "--stdout")
    ok(res)
    assert (
        "- **Wat is gezien:** Leest traag. *Dit is op 23 november 2026 verbeterd in:* Leest "
        "traag bij lange teksten. *De reden:* verzoek van de ouders" in res.stdout
    )
    assert "### 2 november 2026 — signalering (gecorrigeerd)" in res.stdout


TLV_PARTS: dict[str, tuple[str, ...]] = {
    "opp": (
        "opp",
        "--perspective",
        "praktijkonderwijs",
        "--supporting",
        "Sanne werkt graag met haar handen.",
        "--hindering",
        "Lezen kost Sanne veel moeite.",
        "--support",
        "Elke dag een uur les in een klein groepje.",
        "--parents-agreed",
        "2026-11-10",
        "--agreed-by",
        "moeder",
        "--agreed-by",
        "vader",
        "--evaluation-date",
        "2027-06-01",
    ),
    "ortho": (
        "advice",
        "--expertise",
        "orthopedagoog",
        "--expert",
        "Karin Smit",
        "--advice",
        "Sanne is het best geholpen in een kleine groep.",
    ),
    "second": (
        "advice",
        "--expertise",
        "jeugdarts",
        "--expert",
        "Peter Jansen",
        "--advice",
        "Vanuit de gezondheid is er geen bezwaar tegen het SBO.",
    ),
    "view": (
        "talk",
        "--contact",
        "referral",
        "--with",
        "parents",
        "--adult",
        "moeder",
        "--discussed",
        "De aanvraag voor het SBO.",
        "--parents-view",
        "De ouders willen dat Sanne naar het SBO gaat.",
    ),
    "signed": (
        "sign",
        "--document",
        "tlv_request",
        "--signed-by",
        "moeder",
        "--signed-by",
        "vader",
    ),
}
TLV_MISSING = {
    "opp": "er is geen ontwikkelingsperspectiefplan (OPP)",
    "ortho": "het advies van een orthopedagoog of psycholoog ontbreekt",
    "second": "het advies van een tweede deskundige ontbreekt",
    "view": "de zienswijze van de ouders op de aanvraag is niet vastgelegd",
    "signed": "de aanvraag is nog niet ondertekend door 2 van de 2 mensen",
}
TLV_FIX = {
    "opp": "oplossing: zorgroute opp",
    "ortho": "oplossing: zorgroute advice",
    "second": "oplossing: zorgroute advice",
    "view": "oplossing: zorgroute talk",
    "signed": "--document tlv_request --signed-by moeder --signed-by vader",
}


def refer_sbo(run: Run, repo: Path, case: str) -> object:
    referral_consent(run, repo, case, "sbo-de-brug")
    return run(
        "--repo",
        repo,
        "refer",
        case,
        "--destination",
        "sbo",
        "--institution",
        "sbo-de-brug",
        "--reason",
        "Sanne heeft een kleinere groep nodig.",
        "--handelingsverlegenheid",
        "Wij kunnen de intensieve begeleiding niet bieden.",
        "--signed-by",
        "Dirk de Wit",
        "--signed-on",
        "2026-11-20",
        "--override",
        "evaluated_plans=spoed, besloten met de ouders",
    )


def test_special_education_referral_dossier_with_statement_and_directeur(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    for args in TLV_PARTS.values():
        ok(run("--repo", repo, args[0], case, *args[1:], "--date", "2026-11-12"))
    res = refer_sbo(run, repo, case)
    ok(res)
    [dossier] = documents(repo, case, "*referral-dossier*.md")
    text = dossier.read_text(encoding="utf-8")
    assert "> Wij kunnen de intensieve begeleiding niet bieden." in text
    assert "| Dirk de Wit | directeur | getekend | 20 november 2026 |" in text
    assert "| Ria Testmoeder | moeder (met gezag) | getekend | 12 november 2026 |" in text
    assert "Aan: **SBO De Brug**" in text
    assert "**Uitstroomperspectief:** praktijkonderwijs" in text
    assert "Karin Smit, orthopedagoog" in text and "Peter Jansen, jeugdarts" in text
    assert "De ouders willen dat Sanne naar het SBO gaat." in text
    assert "niet apart vastgelegd" not in text
    assert not documents(repo, case, "*referral-letter*")


@pytest.mark.parametrize("left_out", sorted(TLV_PARTS))
def test_each_missing_part_of_a_tlv_request_blocks_with_rule_and_fix(
    repo: Path, run: Run, new_case: Callable[..., str], left_out: str
) -> None:
    case = new_case()
    for name, args in TLV_PARTS.items():
        if name != left_out:
            ok(run("--repo", repo, args[0], case, *args[1:], "--date", "2026-11-12"))
    res = refer_sbo(run, repo, case)
    assert res.exit_code == 3, res.output  # type: ignore[attr-defined]
    err = res.stderr  # type: ignore[attr-defined]
    assert f"[tlv_parts] {TLV_MISSING[left_out]}" in err
    assert TLV_FIX[left_out] in err
    assert err.count("[tlv_parts]") == 1 + (left_out == "ortho")  # one advisor is no second
    assert not documents(repo, case, "*referral-dossier*")
    assert not list((repo / "cases" / case / "records").glob("*referral*"))


def test_letterhead_and_signature_come_from_the_config(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    config = repo / "zorgroute.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "letterhead:\n  lines:\n"
        "  - Schoolstraat 1, Delft\n  signature_name: Ilse Bakker\n"
        "  signature_role: intern begeleider groep 1-4\n  footer: Samen sterk\n",
        encoding="utf-8",
    )
    case = new_case()
    res = run(
        "--repo",
        repo,
        "render",
        case,
        "invitation",
        "--format",
        "md",
        "--format",
        "html",
        "--contact",
        "plan",
    )
    ok(res)
    md = documents(repo, case, "*.md")[0].read_text(encoding="utf-8")
    assert md.startswith("**De Testschool**\\\nSchoolstraat 1, Delft\n")
    assert "Ilse Bakker\\\nintern begeleider groep 1-4\\\nDe Testschool" in md
    html = documents(repo, case, "*.html")[0].read_text(encoding="utf-8")
    assert '<div class="line">Schoolstraat 1, Delft</div>' in html
    assert "Samen sterk" in html


# --- templates: the school's own, and errors ----------------------------------------------------


def test_a_school_template_replaces_the_built_in_one(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    write_tree(
        repo,
        {
            "templates": {
                "invitation.md": "# Uitnodiging van onze school\n\n{{ recipient.salutation }}"
                " kom langs voor {{ pupil.first_name }}.\n"
            }
        },
    )
    res = run("--repo", repo, "render", case, "invitation", "--stdout", "--letters", "together")
    ok(res)
    assert "# Uitnodiging van onze school" in res.stdout
    assert "Beste Ria Testmoeder en Tom Testvader, kom langs voor Sanne." in res.stdout
    listed = run("--repo", repo, "templates")
    ok(listed)
    line = next(ln for ln in listed.stdout.splitlines() if ln.startswith("invitation.md"))
    assert "school (vervangt het ingebouwde)" in line and "templates/invitation.md" in line
    line = next(ln for ln in listed.stdout.splitlines() if ln.startswith("consent-form.md"))
    assert "ingebouwd" in line and "<zorgroute>/templates/consent-form.md" in line


def test_an_undefined_variable_names_the_template_file_and_line(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    write_tree(
        repo,
        {
            "templates": {
                "invitation.md": "# Uitnodiging\n\nBeste ouders,\n\n{{ pupil.nickname }}\n"
            }
        },
    )
    res = run("--repo", repo, "render", case, "invitation", "--format", "md")
    assert res.exit_code == 1
    assert "zorgroute: het document kan niet worden gemaakt: het sjabloon klopt niet" in res.stderr
    assert "templates/invitation.md:5:1: 'nickname' bestaat niet" in res.stderr
    assert "Traceback" not in res.output
    assert not documents(repo, case)


def test_a_syntax_error_and_unsafe_access_are_located(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    write_tree(repo, {"templates": {"invitation.md": "a\n{% if %}\n"}})
    res = run("--repo", repo, "render", case, "invitation", "--stdout")
    assert res.exit_code == 1
    assert "templates/invitation.md:2:1: fout in de opbouw van het sjabloon" in res.stderr
    write_tree(repo, {"templates": {"invitation.md": "x\n{{ pupil.__class__.__mro__ }}\n"}})
    res = run("--repo", repo, "render", case, "invitation", "--stdout")
    assert res.exit_code == 1
    assert "templates/invitation.md:2:1:" in res.stderr


def test_an_empty_value_is_an_error_not_a_gap(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    write_tree(repo, {"templates": {"invitation.md": "Adres: {{ pupil.address }}\n"}})
    res = run("--repo", repo, "render", case, "invitation", "--stdout")
    assert res.exit_code == 1
    assert "templates/invitation.md:1:1: waarde ontbreekt: een waarde is leeg" in res.stderr


def test_pdf_without_the_extra_is_a_dutch_message(
    repo: Path, run: Run, new_case: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    case = new_case()
    monkeypatch.setattr(rd, "pdf_available", lambda: False)
    res = run("--repo", repo, "render", case, "invitation", "--format", "pdf")
    assert res.exit_code == 2
    assert (
        "PDF maken kan hier niet: het onderdeel voor PDF (typst) is niet "
        "geïnstalleerd" in res.stderr
    )
    assert "pip install zorgroute" in res.stderr
    # a step command then makes Markdown and HTML only
    ok(
        run(
            "--repo",
            repo,
            "consent",
            case,
            "--basis",
            "written_consent",
            "--forum",
            "zorgteam",
            "--given-by",
            "moeder",
            "--given-by",
            "vader",
        )
    )
    assert sorted(p.suffix for p in documents(repo, case)) == [".html", ".md"]


def test_render_writes_documents_that_check_accepts(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    res = run(
        "--repo",
        repo,
        "render",
        case,
        "invitation",
        "--format",
        "md",
        "--format",
        "html",
        "--to",
        "moeder",
        "--when",
        "dinsdag 1 december, 15.00 uur",
        "--contact",
        "before_care_team",
    )
    ok(res)
    made = sorted(p.name for p in documents(repo, case))
    assert len(made) == 2 and all("-invitation-moeder-" in n for n in made)
    text = documents(repo, case, "*.md")[0].read_text(encoding="utf-8")
    assert "gesprek over Sanne ter voorbereiding op het zorgteam van de school." in text
    assert "Kunt u dan niet, of wilt u iemand meenemen? Dat kan." in text
    assert "**Wanneer:** dinsdag 1 december, 15.00 uur" in text
    ok(run("--repo", repo, "check"))
    bad = run("--repo", repo, "render", case, "invitation", "--to", "buurman")
    assert bad.exit_code == 2 and "--to buurman: krijgt dit document niet" in bad.stderr
    unknown = run("--repo", repo, "render", case, "brief")
    assert unknown.exit_code == 2 and "onbekend document 'brief'" in unknown.stderr


# --- the pieces ---------------------------------------------------------------------------------


def test_dutch_dates_without_locale() -> None:
    assert rd.dutch_date(dt.date(2026, 3, 1)) == "1 maart 2026"
    assert rd.dutch_date(dt.date(2026, 11, 23), weekday=True) == "maandag 23 november 2026"
    assert rd.dutch_list(["a", "b", "c"]) == "a, b en c"


def test_markdown_escaping_keeps_data_plain() -> None:
    text = "1. eerste\n# kop\n- punt *vet* <b>x</b> [link](y) a|b snake_case _x_"
    escaped = rd.md_escape(text)
    html = rd.md_to_html(escaped)
    assert "<ol>" not in html and "<h1>" not in html and "<ul>" not in html
    assert "<em>" not in html and "<b>" not in html and "&lt;b&gt;" in html
    assert "snake_case" in escaped
    assert html.count("<br />") == 2
