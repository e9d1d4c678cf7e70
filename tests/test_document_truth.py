"""Documents state only what records prove, for the people who may get them, as of the
record's own date; the gallery renders every document of the example."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLE, Run
from readability import flesch_douma

from zorgroute.documents import catalogue, gallery
from zorgroute.documents import render as rd
from zorgroute.documents.words import GLOSSARY, explain
from zorgroute.domain.due import DueItem, due_items
from zorgroute.domain.engine import Loaded, load
from zorgroute.model.records import (
    Consent,
    Conversation,
    Meeting,
    Opp,
    Plan,
    Signature,
    ZatRegistration,
)
from zorgroute.model.vocab import Basis, ContactKind, Destination
from zorgroute.policy import age_on
from zorgroute.store.repo import Entry, open_repository

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rd, "pdf_available", lambda: False)


@pytest.fixture(scope="module")
def items() -> list[gallery.Item]:
    return gallery.collect(open_repository(EXAMPLE), TODAY)


# --- the gallery ----------------------------------------------------------------------------


def test_the_gallery_command_renders_every_document_with_an_index(
    example_copy: Path, run: Run, tmp_path: Path
) -> None:
    out = tmp_path / "galerij"
    res = run(
        "--repo", example_copy, "galerij", "--out", out, env={"ZORGROUTE_TODAY": "2026-11-23"}
    )
    assert res.exit_code == 0, res.output
    assert "documenten gemaakt" in res.stdout and "kunnen nog niet" not in res.stdout
    index = (out / "index.html").read_text(encoding="utf-8")
    linked = re.findall(r'href="([^"]+)"', index)
    assert linked and all((out / link).is_file() for link in linked)
    # file names hold case ids and document names, never a pupil's name
    assert not [p for p in out.rglob("*") if re.search(r"Finn|Noor|Sara|Hendriks", p.name)]
    # reading never writes: the repository has no new documents
    assert not list(example_copy.glob("cases/*/documents/*"))


def test_every_document_of_the_example_renders(items: list[gallery.Item]) -> None:
    assert not [(i.case_id, i.document, i.missing) for i in items if i.missing]
    assert not [(i.case_id, i.document) for i in items if i.nobody]
    made = {i.document for i in items}
    assert made == set(catalogue.DOCUMENTS)  # every document of the catalogue, at least once


def test_every_template_is_rendered_for_every_example_case_it_fits(
    items: list[gallery.Item],
) -> None:
    """Every template is a document of the catalogue (or the bespreeklijst, made by its own
    command), and the gallery renders it for every record of every example case it fits."""
    templates = {p.stem for p in rd.builtin_dir().glob("*.md") if not p.name.startswith("_")}
    assert templates - set(catalogue.DOCUMENTS) == {"meeting-list"}
    assert set(catalogue.DOCUMENTS) <= templates
    repo = open_repository(EXAMPLE)
    rendered = {(i.case_id, i.document, i.record_id) for i in items if i.texts}
    expected = set()
    for case_id in repo.case_ids():
        loaded = load(repo, case_id)
        for spec in catalogue.DOCUMENTS.values():
            if spec.record is None:
                expected.add((case_id, spec.name, ""))
                continue
            for e in loaded.data.entries:
                if e.kind == spec.record and spec.applies(e.record):
                    expected.add((case_id, spec.name, e.id))
    assert len({c for c, _, _ in expected}) == len(repo.case_ids())
    assert expected == rendered


def test_each_new_form_renders_from_the_example(items: list[gallery.Item]) -> None:
    def text(document: str) -> str:
        return next(i.texts["md"] for i in items if i.document == document)

    zat = [i.texts["md"] for i in items if i.document == "zat-registration"]
    assert any("| **Het kind** |" in t and "| **Opvoeding** |" in t for t in zat)
    assert any("Wat Noor zelf zegt" in t for t in zat)
    opp = text("opp")
    assert "**praktijkonderwijs of vmbo basis, met een eigen leerlijn**" in opp
    assert "hebben op 8 juni 2026 ingestemd met de ondersteuning" in opp
    assert "minstens één keer per jaar samen met de ouders" in opp
    tlv = text("referral-dossier")
    for part in (
        "Ontwikkelingsperspectief",
        "Advies van deskundigen",
        "Wat de ouders ervan vinden",
    ):
        assert f". {part}" in tlv, part
    assert "orthopedagoog" in tlv and "jeugdarts" in tlv
    assert "niet apart vastgelegd" not in tlv
    okr = text("school-report")
    assert "# Onderwijskundig rapport" in okr and "**havo**" in okr
    plans = [i.texts["md"] for i in items if i.document == "action-plan"]
    assert any("laten weten dat zij met het plan instemmen" in p for p in plans)


def test_every_document_renders_the_same_400_days_later(items: list[gallery.Item]) -> None:
    later = gallery.collect(open_repository(EXAMPLE), TODAY + dt.timedelta(days=400))
    assert len(later) == len(items)
    for now, then in zip(items, later, strict=True):
        assert (now.case_id, now.document, now.record_id) == (
            then.case_id,
            then.document,
            then.record_id,
        )
        assert now.texts == then.texts, (now.case_id, now.document, now.day)


# --- plain Dutch for parents ------------------------------------------------------------------


def test_letters_and_overviews_to_parents_read_at_b1(items: list[gallery.Item]) -> None:
    scores = {
        (i.case_id, i.document, i.day.isoformat(), i.recipient_kind): flesch_douma(i.texts["md"])
        for i in items
        if i.to_parents
    }
    assert len(scores) > 40
    low = {k: round(v, 1) for k, v in scores.items() if v < 60}
    assert not low


WORDS = {w.word: w for w in GLOSSARY}
EXPLAINED = [
    # text, what it becomes, words left for the list at the end
    (
        "Wij melden Finn aan bij het SWV. Daarna bellen wij.",
        "Wij melden Finn aan bij het SWV. " + WORDS["SWV"].sentence + " Daarna bellen wij.",
        [],
    ),
    (
        "Besproken in het zorg- en adviesteam (ZAT).",
        "Besproken in het zorg- en adviesteam (ZAT).",
        [],
    ),
    (
        "## Het ZAT\n\nHet ZAT kijkt mee.",
        "## Het ZAT\n\nHet ZAT kijkt mee. " + WORDS["ZAT"].sentence,
        [],
    ),
    ("**Betreft: wat het ZAT besprak**\n\nBeste ouders,", None, ["ZAT"]),
    (
        "- Lichte ambulante hulp (bijvoorbeeld SMW)",
        "- Lichte ambulante hulp (bijvoorbeeld SMW). "
        + WORDS["lichte ambulante hulp"].sentence
        + " "
        + WORDS["SMW"].sentence,
        [],
    ),
    (
        "Naar het SBO\\\nmet de taxi.",
        "Naar het SBO. " + WORDS["SBO"].sentence + "\\\nmet de taxi.",
        [],
    ),
    ("::: address\nSBO De Brug\n:::\n\nBeste ouders,", None, ["SBO"]),
    (
        "Het SBO helpt. Het SBO is dichtbij.",
        "Het SBO helpt. " + WORDS["SBO"].sentence + " Het SBO is dichtbij.",
        [],
    ),
    ("| SMW | 1 mei |", None, ["SMW"]),
]


@pytest.mark.parametrize(("text", "becomes", "left"), EXPLAINED)
def test_jargon_is_explained_after_its_first_use_in_the_running_text(
    text: str, becomes: str | None, left: list[str]
) -> None:
    out, rest = explain(text)
    assert out == (text if becomes is None else becomes)
    assert [w.word for w in rest] == left


def _running(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith(("#", "|", "**Betreft", ":::"))


def test_letters_and_overviews_to_parents_explain_their_jargon_in_the_text(
    items: list[gallery.Item],
) -> None:
    checked = 0
    for item in items:
        if not item.to_parents:
            continue
        body = item.texts["md"].split("## Wat betekenen deze woorden?")[0]
        lines = [line for line in body.split("\n")[3:] if _running(line)]  # after the letterhead
        for word in GLOSSARY:
            first = next((line for line in lines if word.pattern.search(line)), None)
            if first is None:
                continue
            m = word.pattern.search(first)
            assert m is not None
            bracketed = (
                first[m.start() - 1 : m.start()] == "(" and first[m.end() : m.end() + 1] == ")"
            )
            assert bracketed or word.sentence in first, (item.case_id, item.document, word.word)
            checked += 1
    assert checked > 20


ID_PATTERNS = {
    "record id": re.compile(r"\d{4}-\d{2}-\d{2}-[a-z_]+-[0-9a-z]{4,8}"),
    "hash": re.compile(r"\b[0-9a-f]{10,}\b"),
    "template": re.compile(r"\.md\b|zat-registration|referral-dossier|parents-overview"),
    "version": re.compile(r"zorgroute \d|Sjabloonversie|Soort document"),
    "flattened": re.compile(r"naam: .*functie:|rol in het overleg:"),
}
ENGLISH = (
    "written_consent",
    "no_objection_notice",
    "before_zat",
    "before_care_team",
    "zat_outcome",
    "pupil",
    "parents_view",
    "help_question",
    "smw-delft",
    "jgz-delft",
    "swv-delfland",
    "lt-delft",
    "basis_for_discussion",
    "conversation_before",
    "tlv_parts",
    "recipients",
    "None",
)


def test_no_document_to_parents_holds_an_id_code_or_internal_name(
    items: list[gallery.Item],
) -> None:
    case_ids = {i.case_id for i in items}
    for item in items:
        if not item.to_parents:
            continue
        text = item.texts["md"] + re.sub(r"<[^>]+>", " ", item.texts["html"])
        where = (item.case_id, item.document, item.day)
        for name, pattern in ID_PATTERNS.items():
            assert not pattern.search(text), (name, where, pattern.search(text))
        for word in ENGLISH:
            assert not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), (word, where)
        assert not [c for c in case_ids if c in text], where


# --- no sentence without the record that proves it ---------------------------------------


def _entry(loaded: Loaded, record_id: str) -> Entry | None:
    return loaded.data.by_id.get(record_id) if record_id else None


def _meeting(loaded: Loaded, item: gallery.Item) -> Meeting:
    rec = _entry(loaded, item.record_id)
    assert rec is not None and isinstance(rec.record, Meeting)
    return rec.record


def _talk(loaded: Loaded, item: gallery.Item) -> Conversation:
    rec = _entry(loaded, item.record_id)
    assert rec is not None and isinstance(rec.record, Conversation)
    return rec.record


def _before(loaded: Loaded, item: gallery.Item) -> list[object]:
    return [e.record for e in loaded.data.entries if e.record.date <= item.day]


def _attendee_ids(loaded: Loaded, item: gallery.Item) -> set[str]:
    names = {a.name for a in _meeting(loaded, item).attendees}
    return {a.id for a in loaded.case.family.adults if a.name in names}


def _age(loaded: Loaded, item: gallery.Item) -> int:
    return age_on(loaded.case.pupil.birth_date, item.day)


def _consents(loaded: Loaded, item: gallery.Item) -> list[Consent]:
    return [r for r in _before(loaded, item) if isinstance(r, Consent)]


def _exception_by_directeur(loaded: Loaded, item: gallery.Item) -> bool:
    directeur = next(p.name for p in loaded.repo.config.people if p.role.value == "directeur")
    return any(
        c.basis == Basis.exception and c.decided_by == directeur for c in _consents(loaded, item)
    )


def _safety_path(loaded: Loaded, item: gallery.Item) -> bool:
    return any(c.basis == Basis.exception for c in _consents(loaded, item))


def _notice_is_the_basis(loaded: Loaded, item: gallery.Item) -> bool:
    return any(c.basis == Basis.no_objection_notice for c in _consents(loaded, item))


def _attachments_shared(loaded: Loaded, item: gallery.Item) -> bool:
    entry = _entry(loaded, item.record_id)
    assert entry is not None and isinstance(entry.record, ZatRegistration)
    wanted = {a.strip().lower() for a in entry.record.attachments}
    return any(
        wanted <= {d.strip().lower() for d in c.shared_documents}
        for c in _consents(loaded, item)
        if c.basis == Basis.written_consent
    )


# statement in a rendered document -> the evidence in the records, as of the document's day
EVIDENCE: list[tuple[str, Callable[[Loaded, gallery.Item], bool]]] = [
    (
        "U was daar zelf bij.",
        lambda lo, i: set(i.recipient_ids) <= _attendee_ids(lo, i),
    ),
    ("Er was een ouder bij het overleg.", lambda lo, i: _meeting(lo, i).parents_present),
    ("Je was er zelf bij", lambda lo, i: _meeting(lo, i).pupil_present),
    (
        "De hulpvraag hebben wij in dit gesprek samen opgesteld.",
        lambda lo, i: _talk(lo, i).question_together,
    ),
    (
        "In dit gesprek is de folder over het overleg meegegeven.",
        lambda lo, i: _talk(lo, i).leaflet_given,
    ),
    (
        "ingestemd met de ondersteuning in dit plan",
        lambda lo, i: any(isinstance(r, Opp) and r.parents_agreed for r in _before(lo, i)),
    ),
    (
        "Het plan is ondertekend door",
        lambda lo, i: any(isinstance(r, Signature) for r in _before(lo, i)),
    ),
    (
        "laten weten dat zij met het plan instemmen",
        lambda lo, i: any(isinstance(r, Plan) and r.parents_agreed for r in _before(lo, i)),
    ),
    ("Toestemming om deze bijlagen te delen is gegeven door", _attachments_shared),
    (
        "Er is geen bezwaar vastgelegd.",
        lambda lo, i: (
            not any(isinstance(r, Consent) and r.basis == Basis.objection for r in _before(lo, i))
        ),
    ),
    (
        "Wij hebben de verwijzing op",
        lambda lo, i: any(
            isinstance(r, Conversation) and r.contact == ContactKind.referral
            for r in _before(lo, i)
        ),
    ),
    (
        "daarvoor is geen toestemming van de ouders nodig",
        lambda lo, i: (
            getattr(_entry(lo, i.record_id).record, "destination", None)  # type: ignore[union-attr]
            == Destination.veilig_thuis
        ),
    ),
    (
        "U ontvangt deze brief omdat u heeft gevraagd op de hoogte te blijven.",
        lambda lo, i: all(
            (a := lo.case.family.adult(r)) is not None and a.info_requested and not a.authority
            for r in i.recipient_ids
        ),
    ),
    ("en beslist daarom zelf.", lambda lo, i: _age(lo, i) >= 16),
    ("Daarom tekenen de ouders met gezag én", lambda lo, i: 12 <= _age(lo, i) < 16),
    ("Daarom tekenen de ouders met gezag.", lambda lo, i: _age(lo, i) < 12),
    ("de directeur heeft dat op", _exception_by_directeur),
    ("Ouders aanwezig: ja.", lambda lo, i: _meeting(lo, i).parents_present),
    ("Leerling aanwezig: ja.", lambda lo, i: _meeting(lo, i).pupil_present),
    (
        "wil niet dat gegevens met",
        lambda lo, i: (
            _age(lo, i) >= 16 and any(a.pupil_refuses_info for a in lo.case.family.adults)
        ),
    ),
    ("De leerling is meerderjarig.", lambda lo, i: _age(lo, i) >= 18),
    (" was daarbij.", lambda lo, i: bool(set(i.recipient_ids) & _attendee_ids(lo, i))),
    (
        "Instemming van de ouders met het handelingsdeel",
        lambda lo, i: any(
            isinstance(r, Opp) and r.parents_agreed or isinstance(r, Signature)
            for r in _before(lo, i)
        ),
    ),
    ("De bezwaartermijn liep tot en met", _notice_is_the_basis),
    ("Na dit overleg volgt een", lambda lo, i: not _safety_path(lo, i)),
]
# claims that no record can make true in these words: never printed
NEVER = (
    "De ouders weten van deze aanmelding",
    "Het plan is door de ouders ondertekend op",  # the old claim above an empty table
    "De ouders hebben toestemming gegeven om deze bijlagen",  # at 16 the pupil gives it
)
EVIDENCE += [(statement, lambda lo, i: False) for statement in NEVER]


def assert_proved(root: Path, items: list[gallery.Item]) -> set[str]:
    """Every statement of the table in these documents is proved by the records; returns
    the statements that were found."""
    repo = open_repository(root)
    loaded = {c: load(repo, c) for c in {i.case_id for i in items}}
    found = set()
    for item in items:
        text = item.texts.get("md", "")
        for statement, proves in EVIDENCE:
            if statement in text:
                found.add(statement)
                assert proves(loaded[item.case_id], item), (statement, item.case_id, item.document)
    return found


def test_no_sentence_without_the_record_that_proves_it(items: list[gallery.Item]) -> None:
    # the table is exercised by the example, not vacuously true
    assert len(assert_proved(EXAMPLE, items)) >= 10


def test_the_table_of_statements_follows_the_templates() -> None:
    """Each statement the table checks is still written in a template, and the claims that
    may never be printed are in none: the table cannot silently go out of date."""
    texts = "\n".join(p.read_text(encoding="utf-8") for p in rd.builtin_dir().glob("*.md"))
    for statement, _ in EVIDENCE:
        if statement in NEVER:
            assert statement not in texts, statement
        else:
            assert statement in texts, statement


def test_a_signed_date_never_stands_above_an_empty_signature_line(
    items: list[gallery.Item],
) -> None:
    for item in items:
        for line in item.texts["md"].splitlines():
            cells = [c.strip() for c in line.strip("|").split("|")]
            if len(cells) == 4 and cells[2] in ("", "getekend"):
                assert (cells[2] == "getekend") == bool(re.search(r"\d{4}$", cells[3])), line


# --- as of the record's own date --------------------------------------------------------------


def test_noors_documents_speak_for_the_day_she_was_11(items: list[gallery.Item]) -> None:
    noor = next(i.case_id for i in items if i.pupil == "Noor van Dijk")
    zat = [i for i in items if i.case_id == noor and i.document == "zat-registration"]
    assert zat and not zat[0].missing
    assert "(11 jaar op de dag van aanmelding)" in zat[0].texts["md"]
    # the ZAT form lists no meeting held after the registration
    assert "22 oktober 2026" not in zat[0].texts["md"]
    forms = [i for i in items if i.case_id == noor and i.document == "consent-form"]
    october = next(f for f in forms if f.day == dt.date(2026, 10, 5))
    assert "jonger dan 12 jaar" in october.texts["md"]
    assert "| Noor van Dijk | leerling |" not in october.texts["md"]


# --- who gets a letter: the exception path, 16+ refusal, 18+ -------------------------------


def _signal_and_zorgteam(run: Run, repo: Path, case: str, *consent: str) -> None:
    z = ("--repo", repo)
    for args in (
        (
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
            "Leest traag.",
            "--date",
            "2026-11-02",
        ),
        (
            "care-team",
            case,
            "--trigger",
            "serious_concern",
            "--help-question",
            "Hoe houden wij Sanne veilig en helpen wij haar op school?",
            "--direct-reason",
            "Ernstige zorgen over de veiligheid thuis.",
            "--date",
            "2026-11-03",
        ),
        ("consent", case, *consent, "--forum", "zorgteam", "--date", "2026-11-04"),
        (
            "meeting",
            case,
            "--forum",
            "zorgteam",
            "--attendee",
            "Ilse Bakker;intern begeleider;chair",
            "--decision",
            "action_plan",
            "--action",
            "Ilse Bakker;belt de jeugdarts over de zorgen;2026-11-20",
            "--override",
            "conversation_before=het gesprek vooraf kon niet veilig plaatsvinden",
            "--date",
            "2026-11-05",
        ),
        (
            "talk",
            case,
            "--contact",
            "other",
            "--with",
            "teacher",
            "--discussed",
            "Wat de leerkracht ziet.",
            "--date",
            "2026-11-06",
        ),
    ):
        res = run(*z, *args)
        assert res.exit_code == 0, res.output


def test_under_the_exception_no_letter_or_report_goes_to_the_parents(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    _signal_and_zorgteam(
        run,
        repo,
        case,
        "--basis",
        "exception",
        "--ground",
        "threatening_upbringing",
        "--motivation",
        "Vragen om toestemming brengt het kind in gevaar.",
        "--decided-by",
        "Dirk de Wit",
    )
    items = gallery.case_items(load(open_repository(repo), case), TODAY)
    assert not [i for i in items if i.missing]
    assert "de directeur heeft dat op" not in assert_proved(repo, items)  # no ZAT form here
    assert not [i for i in items if "Na dit overleg volgt een" in i.texts.get("md", "")]
    kinds = {(i.document, i.recipient_kind) for i in items}
    assert not [k for k in kinds if k[1] in ("parent", "parents")], kinds
    # the forms for the professionals and the teacher's letter still go out
    assert ("meeting-report", "forum") in kinds and ("feedback-letter", "teacher") in kinds
    # the same letters do reach the parents when the basis is their written consent
    other = new_case()
    _signal_and_zorgteam(
        run,
        repo,
        other,
        "--basis",
        "written_consent",
        "--given-by",
        "moeder",
        "--given-by",
        "vader",
    )
    normal = gallery.case_items(load(open_repository(repo), other), TODAY)
    parents = {i.document for i in normal if i.recipient_kind in ("parent", "parents")}
    assert {"feedback-letter", "conversation-report", "parents-overview"} <= parents


def test_a_16_year_olds_refusal_keeps_the_father_off_every_document(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case(
        birth_date="2010-01-10",
        adults=(
            "id=moeder;name=Ria Testmoeder;relation=mother;authority=ja;phone=06 111",
            "id=vader;name=Tom Testvader;relation=father;authority=ja;phone=06 999;"
            "pupil_refuses_info=ja",
        ),
    )
    _signal_and_zorgteam(run, repo, case, "--basis", "written_consent", "--given-by", "pupil")
    # a pupil of 16 decides alone on the referral (policy: may_refer)
    consent = run(
        "--repo", repo, "consent", case, "--basis", "written_consent", "--forum", "zat",
        "--partner", "lt-delft", "--purpose", "referral", "--given-by", "pupil",
        "--date", "2026-11-10",
    )  # fmt: skip
    assert consent.exit_code == 0, consent.output
    res = run(
        "--repo",
        repo,
        "refer",
        case,
        "--destination",
        "youth_care",
        "--institution",
        "lt-delft",
        "--reason",
        "Sanne wil hulp bij de zorgen thuis.",
        "--date",
        "2026-11-10",
    )
    assert res.exit_code == 0, res.output
    items = gallery.case_items(load(open_repository(repo), case), TODAY)
    assert {"wil niet dat gegevens met", "en beslist daarom zelf."} <= assert_proved(repo, items)
    letter = next(i for i in items if i.document == "referral-letter").texts["md"]
    assert "Ria Testmoeder" in letter and "06 111" in letter
    for item in items:
        assert "Tom Testvader" not in item.texts.get("md", ""), item.document
        assert "06 999" not in item.texts.get("md", ""), item.document
    assert "wil niet dat gegevens met een ouder worden gedeeld" in letter


def test_an_18_year_old_decides_who_gets_letters(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case(
        birth_date="2008-01-10",
        adults=(
            "id=moeder;name=Ria Testmoeder;relation=mother;authority=ja;pupil_agrees_contact=ja",
            "id=vader;name=Tom Testvader;relation=father;authority=ja",
        ),
    )
    _signal_and_zorgteam(run, repo, case, "--basis", "written_consent", "--given-by", "pupil")
    items = gallery.case_items(load(open_repository(repo), case), TODAY)
    assert "en beslist daarom zelf." in assert_proved(repo, items)
    letters = [i for i in items if i.document == "feedback-letter"]
    who = {n for i in letters for n in i.recipient_ids}
    assert "leerling" in who and "moeder" in who and "vader" not in who


# --- the OPP's open items -----------------------------------------------------------------


def kinds_of(repo: Path, case: str) -> dict[str, DueItem]:
    return {i.kind: i for i in opp_open_items(repo, case)}


def opp_open_items(repo: Path, case: str) -> list[DueItem]:
    """The OPP's open items as status, agenda and the OPP form see them (`domain.due`)."""
    loaded = load(open_repository(repo), case)
    items = due_items(loaded.data, loaded.route, loaded.repo.config, TODAY)
    return [i for i in items if i.kind.startswith("opp_")]


def test_an_opp_without_agreement_or_evaluation_is_open(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    res = run(
        "--repo",
        repo,
        "opp",
        case,
        "--perspective",
        "vmbo basis",
        "--supporting",
        "Sanne werkt hard.",
        "--hindering",
        "Lezen gaat traag.",
        "--support",
        "Elke dag een uur in een klein groepje.",
        "--evaluation-date",
        "2027-06-01",
        "--date",
        "2026-11-02",
    )
    assert res.exit_code == 0, res.output
    data = open_repository(repo).require_case(case)
    opp_id = next(e.id for e in data.entries if isinstance(e.record, Opp))
    kinds = {i.kind: i for i in opp_open_items(repo, case)}
    assert set(kinds) == {"opp_agreement", "opp_evaluation"}
    assert kinds["opp_evaluation"].date == dt.date(2027, 6, 1)
    assert kinds["opp_agreement"].closed_by == ("signature", "correction")
    # the signature of everyone who must consent closes the agreement (one parent of two
    # with authority is not enough); an evaluation without a parent does not count
    sign = ("sign", case, "--document", "opp", "--record", opp_id, "--signed-by")
    assert run("--repo", repo, *sign, "moeder").exit_code == 0
    assert "de instemming van vader" in kinds_of(repo, case)["opp_agreement"].what
    for args in (
        (*sign, "vader"),
        ("opp-evaluate", case, "--outcome", "Het gaat beter.", "--date", "2026-11-20"),
    ):
        assert run("--repo", repo, *args).exit_code == 0
    assert [i.kind for i in opp_open_items(repo, case)] == ["opp_evaluation"]
    assert (
        run(
            "--repo",
            repo,
            "opp-evaluate",
            case,
            "--with-parent",
            "moeder",
            "--outcome",
            "Samen bekeken.",
            "--date",
            "2026-11-21",
        ).exit_code
        == 0
    )
    [left] = opp_open_items(repo, case)
    assert left.kind == "opp_evaluation" and left.date == dt.date(2027, 11, 21)
    assert not left.overdue


def test_zat_registration_record_kinds_stay_known() -> None:
    # the gallery relies on these kinds being registered once, in RECORD_TYPES
    from zorgroute.model.records import RECORD_TYPES

    for kind in ("factors", "opp", "opp_evaluation", "expert_advice", "signature", "transfer"):
        assert kind in RECORD_TYPES
    assert RECORD_TYPES["zat_registration"] is ZatRegistration
