"""The policy layer, asked directly: ages on and around the birthday, authority,
`may_contact`, the pupil's 16+ refusal and 18+ agreement, scope (forum, partner, purpose),
referrals, the safety path, confidential contributions, and reserved decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from zorgroute.domain.routes import get_route
from zorgroute.model.records import (
    Adult,
    Case,
    Config,
    Consent,
    Correction,
    Family,
    Meeting,
    Pupil,
    RecordBase,
)
from zorgroute.model.vocab import Destination, Forum, Purpose
from zorgroute.policy import (
    DocumentSpec,
    Recipient,
    Reserved,
    basis_record,
    facts,
    may_decide,
    may_discuss,
    may_refer,
    notice_deadline,
    recipients,
    visible,
    visible_adults,
    visible_fields,
)
from zorgroute.store.repo import CaseData, Entry

ROUTE = get_route(None, "po-1-zorgroute")
BORN = dt.date(2014, 6, 15)
D = dt.date
CONFIG = Config.model_validate(
    {
        "school": {
            "name": "De Testschool",
            "brin": "99ZZ",
            "sector": "po",
            "municipality": "Delft",
            "swv": "SWV",
        },
        "people": [
            {"role": "ib", "name": "Ilse Bakker"},
            {"role": "directeur", "name": "Oud Hoofd", "until": "2026-07-31"},
            {"role": "directeur", "name": "Dirk de Wit", "since": "2026-08-01"},
        ],
        "partners": [
            {"id": "ggz-jeugd", "name": "GGZ Jeugd", "kind": "ggz"},
            {"id": "vt", "name": "Veilig Thuis", "kind": "veilig_thuis"},
            {
                "id": "lt-delft",
                "name": "Lokaal team",
                "kind": "local_team",
                "municipality": "Delft",
            },
        ],
    }
)


def adult(adult_id: str, **kw: Any) -> dict[str, Any]:
    base = {"id": adult_id, "name": f"Naam {adult_id}", "relation": "parent", "authority": True}
    return {**base, **kw}


def case(*adults: dict[str, Any], born: dt.date = BORN) -> Case:
    return Case(
        id="abcdefgh",
        created=D(2020, 1, 1),
        route="po-1-zorgroute",
        route_version=1,
        pupil=Pupil(
            first_name="Kind",
            last_name="Test",
            birth_date=born,
            home_municipality="Delft",
            group="7",
        ),
        family=Family(adults=[Adult.model_validate(a) for a in adults]),
    )


TWO_PARENTS = (adult("moeder", relation="mother"), adult("vader", relation="father"))
_counter = iter(range(10_000))


def rec(kind: type[RecordBase], day: dt.date, **fields: Any) -> Entry:
    n = next(_counter)
    record = kind.model_validate(
        {
            "date": day,
            "recorded_by": "IB",
            "recorded_at": dt.datetime.combine(day, dt.time(9, 0, n % 60)),
            **fields,
        }
    )
    rid = f"{day.isoformat()}-{record.kind}-{n:04d}"
    return Entry(rid, f"cases/abcdefgh/records/{rid}.yaml", record)


def consent(day: dt.date, basis: str = "written_consent", **fields: Any) -> Entry:
    fields.setdefault("forum", "zat")
    if basis in ("written_consent", "refusal", "objection", "withdrawal"):
        fields.setdefault("given_by", ["moeder", "vader", "pupil"])
    if basis == "no_objection_notice":
        fields.setdefault("objection_deadline", (day + dt.timedelta(days=14)).isoformat())
    return rec(Consent, day, basis=basis, **fields)


def data(c: Case, *entries: Entry) -> CaseData:
    ordered = tuple(sorted(entries, key=Entry.sort_key))
    return CaseData(c, "cases/abcdefgh/case.yaml", ordered, {e.id: e for e in ordered})


def discuss(d: CaseData, on: dt.date, forum: Forum = Forum.zat, **kw: Any) -> tuple[bool, str]:
    verdict = may_discuss(d, ROUTE, CONFIG, forum, on, **kw)
    return verdict.allowed, verdict.summary


# --- ages on and around the birthday ---------------------------------------------------------

AGES = [
    # day, age, consenters
    (D(2026, 6, 14), 11, ("moeder", "vader")),
    (D(2026, 6, 15), 12, ("moeder", "vader", "pupil")),
    (D(2030, 6, 14), 15, ("moeder", "vader", "pupil")),
    (D(2030, 6, 15), 16, ("pupil",)),
    (D(2031, 6, 15), 17, ("pupil",)),
    (D(2032, 6, 14), 17, ("pupil",)),
    (D(2032, 6, 15), 18, ("pupil",)),
]


@pytest.mark.parametrize(("day", "age", "who"), AGES)
def test_age_and_consenters_on_the_day(day: dt.date, age: int, who: tuple[str, ...]) -> None:
    known = facts(data(case(*TWO_PARENTS)), ROUTE, day)
    assert (known.age, known.consenters.ids) == (age, who)


CONSENT_BY_AGE = [
    # day of the discussion, given_by, allowed
    (D(2026, 6, 14), ["moeder", "vader"], True),  # 11: the parents with authority
    (D(2026, 6, 15), ["moeder", "vader"], False),  # turns 12 that day: the pupil too
    (D(2026, 6, 15), ["moeder", "vader", "pupil"], True),
    (D(2026, 6, 14), ["moeder"], False),  # every holder of authority
    (D(2030, 6, 14), ["pupil"], False),  # 15: not alone yet
    (D(2030, 6, 15), ["pupil"], True),  # 16 on the birthday: the pupil alone
    (D(2031, 6, 15), ["moeder", "vader"], False),  # 17: the parents cannot decide for them
    (D(2032, 6, 15), ["pupil"], True),  # 18
]


@pytest.mark.parametrize(("day", "given_by", "allowed"), CONSENT_BY_AGE)
def test_written_consent_by_age_on_the_day(
    day: dt.date, given_by: list[str], allowed: bool
) -> None:
    d = data(case(*TWO_PARENTS), consent(D(2026, 1, 1), given_by=given_by))
    assert discuss(d, day)[0] is allowed


def test_only_holders_of_authority_consent() -> None:
    c = case(adult("moeder"), adult("vader", authority=False))
    assert facts(data(c), ROUTE, D(2025, 1, 1)).consenters.ids == ("moeder",)
    assert discuss(data(c, consent(D(2025, 1, 1), given_by=["moeder"])), D(2025, 2, 1))[0]


def test_no_holder_of_authority_under_16_blocks() -> None:
    c = case(adult("oma", relation="grandparent", authority=False))
    allowed, why = discuss(data(c, consent(D(2025, 1, 1), given_by=["oma"])), D(2025, 2, 1))
    assert not allowed and "geen volwassene met gezag" in why


# --- letters: authority, may_contact, 16+ refusal, 18+ agreement, safety path ----------------

FAMILY = DocumentSpec("family")


def letter_ids(c: Case, day: dt.date, *entries: Entry, spec: DocumentSpec = FAMILY) -> list[str]:
    found = recipients(data(c, *entries), ROUTE, CONFIG, spec, day)
    return [f"{r.id}{'*' if r.facts_only else ''}" for r in found]


RECIPIENTS = [
    # adults, day, recipients (* = the important facts only)
    (TWO_PARENTS, D(2026, 6, 14), ["moeder", "vader"]),
    ((adult("moeder"), adult("vader", may_contact=False)), D(2026, 6, 14), ["moeder"]),
    (
        (adult("moeder"), adult("vader", authority=False, info_requested=True)),
        D(2026, 6, 14),
        ["moeder", "vader*"],
    ),
    ((adult("moeder"), adult("vader", authority=False)), D(2026, 6, 14), ["moeder"]),
    # the pupil's refusal of a parent counts from 16, on the birthday
    (
        (adult("moeder"), adult("vader", pupil_refuses_info=True)),
        D(2030, 6, 14),
        ["moeder", "vader"],
    ),
    (
        (adult("moeder"), adult("vader", pupil_refuses_info=True)),
        D(2030, 6, 15),
        ["moeder", "pupil"],
    ),
    ((adult("moeder"), adult("vader")), D(2031, 6, 15), ["moeder", "vader", "pupil"]),
    # from 18 the parents only with the pupil's agreement
    (TWO_PARENTS, D(2032, 6, 14), ["moeder", "vader", "pupil"]),
    (TWO_PARENTS, D(2032, 6, 15), ["pupil"]),
    (
        (adult("moeder", pupil_agrees_contact=True), adult("vader")),
        D(2032, 6, 15),
        ["moeder", "pupil"],
    ),
    (
        (adult("moeder", pupil_agrees_contact=True, may_contact=False), adult("vader")),
        D(2032, 6, 15),
        ["pupil"],
    ),
]


@pytest.mark.parametrize(("adults", "day", "expected"), RECIPIENTS)
def test_letter_recipients(
    adults: tuple[dict[str, Any], ...], day: dt.date, expected: list[str]
) -> None:
    assert letter_ids(case(*adults), day) == expected


def test_facts_only_documents_skip_parents_without_authority() -> None:
    c = case(adult("moeder"), adult("vader", authority=False, info_requested=True))
    spec = DocumentSpec("family", facts_for_others=False)
    assert letter_ids(c, D(2026, 1, 1), spec=spec) == ["moeder"]


def exception(day: dt.date, by: str = "Dirk de Wit", **kw: Any) -> Entry:
    return consent(
        day,
        "exception",
        ground="threatening_upbringing",
        motivation="veiligheid van het kind",
        decided_by=by,
        **kw,
    )


def test_safety_path_stops_letters_to_parents_until_it_is_ended() -> None:
    c = case(*TWO_PARENTS)
    exc = exception(D(2026, 9, 1))
    assert letter_ids(c, D(2026, 8, 31), exc) == ["moeder", "vader"]
    assert letter_ids(c, D(2026, 9, 1), exc) == []
    assert facts(data(c, exc), ROUTE, D(2026, 9, 2)).safety.active
    end = consent(D(2026, 10, 1), "exception_end", refers_to=exc.id, decided_by="Dirk de Wit")
    assert letter_ids(c, D(2026, 9, 30), exc, end) == []
    assert letter_ids(c, D(2026, 10, 1), exc, end) == ["moeder", "vader"]


def test_safety_path_still_writes_to_a_pupil_of_16() -> None:
    c = case(*TWO_PARENTS)
    assert letter_ids(c, D(2030, 7, 1), exception(D(2030, 7, 1))) == ["pupil"]


# --- scope: forum, partners, purpose ------------------------------------------------------------

SCOPE = [
    # consents, question, allowed
    ([dict(forum="zat")], dict(forum=Forum.zat), True),
    ([dict(forum="zorgteam")], dict(forum=Forum.zat), False),
    ([dict(forum="zat")], dict(forum=Forum.zat, partners=("ggz-jeugd",)), False),
    (
        [dict(forum="zat", partners=["ggz-jeugd"])],
        dict(forum=Forum.zat, partners=("ggz-jeugd",)),
        True,
    ),
    ([dict(forum="zat")], dict(forum=Forum.zat, purpose=Purpose.assessment), False),
    (
        [dict(forum="zat", purposes=["discussion", "assessment"])],
        dict(forum=Forum.zat, purpose=Purpose.assessment),
        True,
    ),
    # a refusal of a partner or purpose blocks exactly that
    (
        [dict(forum="zat"), dict(basis="refusal", forum="zat", purposes=["assessment"])],
        dict(forum=Forum.zat),
        True,
    ),
    (
        [
            dict(forum="zat", purposes=["discussion", "assessment"]),
            dict(basis="refusal", forum="zat", purposes=["assessment"]),
        ],
        dict(forum=Forum.zat, purpose=Purpose.assessment),
        False,
    ),
    (
        [
            dict(forum="zat", partners=["ggz-jeugd"]),
            dict(basis="refusal", forum="zat", partners=["ggz-jeugd"]),
        ],
        dict(forum=Forum.zat),
        True,
    ),
    (
        [
            dict(forum="zat", partners=["ggz-jeugd"]),
            dict(basis="refusal", forum="zat", partners=["ggz-jeugd"]),
        ],
        dict(forum=Forum.zat, partners=("ggz-jeugd",)),
        False,
    ),
]


@pytest.mark.parametrize(("consents", "question", "allowed"), SCOPE)
def test_consent_scope(
    consents: list[dict[str, Any]], question: dict[str, Any], allowed: bool
) -> None:
    entries = [consent(D(2026, 9, 1 + i), **fields) for i, fields in enumerate(consents)]
    d = data(case(*TWO_PARENTS), *entries)
    forum = question.pop("forum")
    assert discuss(d, D(2026, 10, 1), forum, **question)[0] is allowed


# --- referrals -------------------------------------------------------------------------------


def refer(d: CaseData, partner: str = "ggz-jeugd", *purposes: Purpose, **kw: Any) -> Any:
    return may_refer(d, ROUTE, CONFIG, partner, purposes, D(2026, 10, 1), **kw)


def test_referral_needs_written_consent_naming_the_partner() -> None:
    c = case(*TWO_PARENTS)
    assert not refer(data(c)).allowed
    assert not refer(data(c, consent(D(2026, 9, 1)))).allowed  # ZAT discussion only
    named = consent(D(2026, 9, 1), partners=["ggz-jeugd"], purposes=["assessment"])
    assert refer(data(c, named), "ggz-jeugd", Purpose.assessment).allowed
    assert refer(data(c, named)).allowed  # no purpose stated: the consent names the partner
    assert not refer(data(c, named), "lt-delft").allowed  # another partner
    notice = consent(D(2026, 9, 1), "no_objection_notice", partners=["ggz-jeugd"])
    verdict = refer(data(c, notice))
    assert not verdict.allowed and "schriftelijke toestemming" in verdict.summary


def test_refusal_of_exactly_that_purpose_and_partner_blocks_the_referral() -> None:
    c = case(*TWO_PARENTS)
    yes = consent(D(2026, 9, 1), partners=["ggz-jeugd"], purposes=["discussion", "assessment"])
    no = consent(D(2026, 9, 5), "refusal", partners=["ggz-jeugd"], purposes=["assessment"])
    blocked = refer(data(c, yes, no), "ggz-jeugd", Purpose.assessment)
    assert not blocked.allowed and "geweigerd op 2026-09-05" in blocked.summary
    assert "Naam" not in blocked.summary + blocked.fix  # no names from the dossier
    assert not refer(data(c, yes, no)).allowed  # a referral that names no purpose
    other = consent(D(2026, 9, 6), partners=["ggz-jeugd"], purposes=["report_exchange"])
    assert refer(data(c, yes, no, other), "ggz-jeugd", Purpose.report_exchange).allowed


def test_veilig_thuis_under_the_meldcode_needs_no_consent() -> None:
    verdict = refer(data(case(*TWO_PARENTS)), "vt", destination=Destination.veilig_thuis)
    assert verdict.allowed and "meldcode" in verdict.note


# --- reserved decisions -----------------------------------------------------------------------

DECISIONS = [
    ("Dirk de Wit", D(2026, 9, 1), True),
    ("dirk  de wit (directeur)", D(2026, 9, 1), True),
    ("Piet Willekeurig", D(2026, 9, 1), False),
    ("Ilse Bakker", D(2026, 9, 1), False),  # the IB is not the directeur
    ("Dirk de Wit", D(2026, 7, 31), False),  # not yet directeur
    ("Oud Hoofd", D(2026, 7, 31), True),
    ("Oud Hoofd", D(2026, 8, 1), False),  # no longer directeur
    ("", D(2026, 9, 1), False),
]


@pytest.mark.parametrize(("person", "day", "allowed"), DECISIONS)
@pytest.mark.parametrize("decision", list(Reserved))
def test_reserved_decisions_only_by_the_directeur_of_that_day(
    person: str, day: dt.date, allowed: bool, decision: Reserved
) -> None:
    verdict = may_decide(CONFIG, person, decision, day)
    assert verdict.allowed is allowed
    if not allowed:
        assert "Piet" not in verdict.summary and verdict.fix


def test_exception_by_the_wrong_person_is_no_basis() -> None:
    c = case(*TWO_PARENTS)
    assert discuss(data(c, exception(D(2026, 9, 1))), D(2026, 9, 2))[0]
    allowed, why = discuss(data(c, exception(D(2026, 9, 1), by="Piet Willekeurig")), D(2026, 9, 2))
    assert not allowed and "niet de directeur" in why and "Piet" not in why
    # the safety path holds all the same: a recorded fear for the child's safety is reason
    # enough to send the parents nothing, even while the decision itself does not count
    assert letter_ids(c, D(2026, 9, 2), exception(D(2026, 9, 1), by="Ilse Bakker")) == []


# --- the other audiences: signers, pupil, teacher, forum, school ----------------------------

EXC = exception(D(2026, 9, 1))
AUDIENCES = [
    # spec, adults, day, records, recipients
    (DocumentSpec("signers"), TWO_PARENTS, D(2026, 6, 14), (), ["moeder", "vader"]),
    (DocumentSpec("signers"), TWO_PARENTS, D(2026, 6, 15), (), ["moeder", "vader", "pupil"]),
    (DocumentSpec("signers"), TWO_PARENTS, D(2030, 6, 15), (), ["pupil"]),
    # one who must consent but may not be contacted gets no form; the others still do
    (
        DocumentSpec("signers"),
        (adult("moeder"), adult("vader", may_contact=False)),
        D(2026, 6, 14),
        (),
        ["moeder"],
    ),
    # the safety path: no parent, and a pupil of 12-15 (who lives with them) not either
    (DocumentSpec("signers"), TWO_PARENTS, D(2026, 9, 2), (EXC,), []),
    (DocumentSpec("family", pupil_who_consents=True), TWO_PARENTS, D(2026, 9, 2), (EXC,), []),
    (DocumentSpec("signers"), TWO_PARENTS, D(2030, 9, 2), (EXC,), ["pupil"]),
    # a letter the pupil gets from the age they consent too (the objection notice)
    (
        DocumentSpec("family", pupil_who_consents=True),
        TWO_PARENTS,
        D(2026, 6, 14),
        (),
        ["moeder", "vader"],
    ),
    (
        DocumentSpec("family", pupil_who_consents=True),
        TWO_PARENTS,
        D(2026, 6, 15),
        (),
        ["moeder", "vader", "pupil"],
    ),
    (DocumentSpec("family", teacher=True), TWO_PARENTS, D(2026, 9, 2), (EXC,), ["leerkracht"]),
    (DocumentSpec("school"), TWO_PARENTS, D(2026, 9, 2), (EXC,), ["school"]),
    # a meeting inside the school, or anonymous, needs no consent; the zorgteam does
    (
        DocumentSpec("forum", forum=Forum.groepsbespreking),
        TWO_PARENTS,
        D(2026, 9, 2),
        (),
        ["groepsbespreking"],
    ),
    (DocumentSpec("forum", forum=Forum.zorgteam), TWO_PARENTS, D(2026, 9, 2), (), []),
    (
        DocumentSpec("forum", forum=Forum.zorgteam, anonymous=True),
        TWO_PARENTS,
        D(2026, 9, 2),
        (),
        ["zorgteam"],
    ),
    # the directeur's exception is a basis for the forum it names, and no other
    (DocumentSpec("forum", forum=Forum.zat), TWO_PARENTS, D(2026, 9, 2), (EXC,), ["zat"]),
    (
        DocumentSpec("forum", forum=Forum.zorgteam),
        TWO_PARENTS,
        D(2026, 9, 2),
        (EXC,),
        [],
    ),
    (
        DocumentSpec("institution", partner="vt", destination=Destination.veilig_thuis),
        TWO_PARENTS,
        D(2026, 9, 2),
        (EXC,),
        ["vt"],
    ),
    (DocumentSpec("institution", partner="ggz-jeugd"), TWO_PARENTS, D(2026, 9, 2), (), []),
]


@pytest.mark.parametrize(("spec", "adults", "day", "records", "expected"), AUDIENCES)
def test_who_receives_each_kind_of_document(
    spec: DocumentSpec,
    adults: tuple[dict[str, Any], ...],
    day: dt.date,
    records: tuple[Entry, ...],
    expected: list[str],
) -> None:
    found = recipients(data(case(*adults), *records), ROUTE, CONFIG, spec, day)
    assert [r.id for r in found] == expected


NAMED = [
    # adults, day, the adults a document may name
    (TWO_PARENTS, D(2030, 6, 14), ["moeder", "vader"]),
    (
        (adult("moeder"), adult("vader", pupil_refuses_info=True)),
        D(2030, 6, 14),
        ["moeder", "vader"],
    ),
    ((adult("moeder"), adult("vader", pupil_refuses_info=True)), D(2030, 6, 15), ["moeder"]),
    (
        (adult("moeder", pupil_agrees_contact=True), adult("vader")),
        D(2032, 6, 14),
        ["moeder", "vader"],
    ),
    ((adult("moeder", pupil_agrees_contact=True), adult("vader")), D(2032, 6, 15), ["moeder"]),
    # one who may not be contacted is named (with that fact), without contact details
    ((adult("moeder"), adult("vader", may_contact=False)), D(2026, 1, 1), ["moeder", "vader"]),
]


@pytest.mark.parametrize(("adults", "day", "expected"), NAMED)
def test_which_adults_a_document_may_name(
    adults: tuple[dict[str, Any], ...], day: dt.date, expected: list[str]
) -> None:
    shown = visible_adults(facts(data(case(*adults)), ROUTE, day))
    assert [a.id for a in shown] == expected


def test_the_basis_record_of_a_verdict_has_its_corrections() -> None:
    c = case(*TWO_PARENTS)
    given = consent(D(2026, 9, 1), shared_documents=["verslag"])
    fix = rec(
        Correction,
        D(2026, 9, 3),
        supersedes=given.id,
        field="shared_documents",
        value="verslag; toetsoverzicht",
        reason="vergeten",
    )
    d = data(c, given, fix)
    for on, shared in (
        (D(2026, 9, 2), ["verslag"]),
        (D(2026, 9, 4), ["verslag", "toetsoverzicht"]),
    ):
        verdict = may_discuss(d, ROUTE, CONFIG, Forum.zat, on)
        found = basis_record(d, verdict, on)
        assert found is not None and found.shared_documents == shared
    refused = may_discuss(d, ROUTE, CONFIG, Forum.zorgteam, D(2026, 9, 4))
    assert basis_record(d, refused, D(2026, 9, 4)) is None


NOTICES = [
    # date, recorded deadline, the policy's last day to object (period 14 days)
    (D(2026, 9, 1), "2026-09-20", D(2026, 9, 20)),
    (D(2026, 9, 1), "2026-09-01", D(2026, 9, 15)),  # not after the notice: the period counts
]


@pytest.mark.parametrize(("day", "deadline", "last"), NOTICES)
def test_the_last_day_to_object(day: dt.date, deadline: str, last: dt.date) -> None:
    notice = consent(day, "no_objection_notice", objection_deadline=deadline)
    assert isinstance(notice.record, Consent)
    assert notice_deadline(notice.record, 14) == last


# --- what a recipient may see --------------------------------------------------------------------


def meeting(day: dt.date) -> Entry:
    return rec(
        Meeting,
        day,
        forum="zorgteam",
        attendees=[{"name": "A", "function": "IB"}],
        confidential=[
            {"by": "SMW", "text": "alleen zorgteam", "forums": ["zorgteam"]},
            {"by": "JGZ", "text": "zorgteam en ZAT", "forums": ["zorgteam", "zat"]},
        ],
    )


VISIBILITY = [
    (Recipient("forum", "zorgteam", forum=Forum.zorgteam), ["alleen zorgteam", "zorgteam en ZAT"]),
    (Recipient("forum", "zat", forum=Forum.zat), ["zorgteam en ZAT"]),
    (Recipient("adult", "moeder"), []),
    (Recipient("pupil", "pupil"), []),
    (Recipient("institution", "ggz-jeugd"), []),
]


@pytest.mark.parametrize(("recipient", "notes"), VISIBILITY)
def test_confidential_contributions_reach_only_their_forums(
    recipient: Recipient, notes: list[str]
) -> None:
    m = meeting(D(2026, 9, 1))
    assert [n["text"] for n in visible_fields(m.record, recipient)["confidential"]] == notes
    later = meeting(D(2026, 9, 20))
    seen = visible(data(case(*TWO_PARENTS), m, later), recipient, D(2026, 9, 10))
    assert [e.id for e in seen] == [m.id]  # nothing from after the date of the document
    (only,) = seen
    assert isinstance(only.record, Meeting)
    assert [n.text for n in only.record.confidential] == notes


def test_corrections_are_read_by_the_policy() -> None:
    c = case(*TWO_PARENTS)
    wrong = consent(D(2026, 9, 1), forum="zorgteam")
    fix = rec(
        Correction,
        D(2026, 9, 2),
        supersedes=wrong.id,
        field="forum",
        value="zat",
        reason="verkeerd overleg ingevuld",
    )
    assert not discuss(data(c, wrong), D(2026, 9, 3))[0]
    assert discuss(data(c, wrong, fix), D(2026, 9, 3))[0]
    assert not discuss(data(c, wrong, fix), D(2026, 9, 3), Forum.zorgteam)[0]
    assert not discuss(data(c, wrong, fix), D(2026, 9, 1))[0]  # not before the correction
    given = rec(
        Correction,
        D(2026, 9, 4),
        supersedes=wrong.id,
        field="given_by",
        value="moeder",
        reason="de vader tekende niet",
    )
    allowed, why = discuss(data(c, wrong, fix, given), D(2026, 9, 5))
    assert not allowed and "mist vader, de leerling" in why


# --- consent integrity: what a later record may and may not undo -------------------------------

INTEGRITY = [
    # records (day offset in September, basis, fields), day of the question, allowed
    ([(1, "written_consent", {})], 10, True),
    # a later notice never overrides a refusal or an objection
    ([(1, "refusal", {}), (2, "no_objection_notice", {})], 30, False),
    (
        [
            (1, "no_objection_notice", {}),
            (5, "objection", {"refers_to": 0}),
            (6, "no_objection_notice", {}),
        ],
        30,
        False,
    ),
    # only a later written consent does
    ([(1, "refusal", {}), (2, "written_consent", {})], 10, True),
    # a refusal ends an older consent
    ([(1, "written_consent", {}), (2, "refusal", {})], 10, False),
    # withdrawing the newest consent does not revive the older one it superseded
    (
        [
            (1, "written_consent", {}),
            (3, "written_consent", {}),
            (5, "withdrawal", {"refers_to": 1}),
        ],
        10,
        False,
    ),
    (
        [
            (1, "written_consent", {}),
            (3, "written_consent", {}),
            (5, "withdrawal", {"refers_to": 1}),
        ],
        4,
        True,
    ),
    # a notice counts only after its objection period; a deadline on or before its own date
    # counts as the route's period (14 days)
    ([(1, "no_objection_notice", {})], 15, False),
    ([(1, "no_objection_notice", {})], 16, True),
    ([(1, "no_objection_notice", {"objection_deadline": "2026-09-01"})], 2, False),
    ([(1, "no_objection_notice", {"objection_deadline": "2026-08-20"})], 15, False),
    ([(1, "no_objection_notice", {"objection_deadline": "2026-08-20"})], 16, True),
    # a withdrawal that names another consent ends nothing
    (
        [
            (1, "written_consent", {}),
            (3, "written_consent", {"forum": "zorgteam"}),
            (5, "withdrawal", {"refers_to": 1, "forum": "zorgteam"}),
        ],
        10,
        True,
    ),
]


@pytest.mark.parametrize(("records", "day", "allowed"), INTEGRITY)
def test_consent_integrity(
    records: list[tuple[int, str, dict[str, Any]]], day: int, allowed: bool
) -> None:
    entries: list[Entry] = []
    for offset, basis, fields in records:
        fields = dict(fields)
        if "refers_to" in fields:
            fields["refers_to"] = entries[fields["refers_to"]].id
        entries.append(consent(D(2026, 9, offset), basis, **fields))
    d = data(case(*TWO_PARENTS), *entries)
    assert discuss(d, D(2026, 9, day))[0] is allowed


def test_record_problems_name_what_is_wrong_without_names() -> None:
    from zorgroute.policy import record_problems

    c = case(*TWO_PARENTS)
    zorgteam = consent(D(2026, 9, 1), forum="zorgteam")
    d = data(c, zorgteam)
    cases = [
        (
            consent(D(2026, 9, 2), "no_objection_notice", objection_deadline="2026-09-02"),
            "het einde van de bezwaartermijn ligt niet na de datum van de kennisgeving",
        ),
        (
            consent(D(2026, 9, 2), "withdrawal", refers_to="2026-01-01-consent-zzzz"),
            "een intrekking verwijst naar 2026-01-01-consent-zzzz, maar dat record bestaat niet",
        ),
        (
            consent(D(2026, 9, 2), "objection", refers_to=zorgteam.id, forum="zat"),
            "een bezwaar gaat over zorg- en adviesteam (ZAT), maar",
        ),
        (consent(D(2026, 9, 2), "objection"), "een bezwaar moet zeggen waar het over gaat"),
        (consent(D(2013, 9, 2)), "ligt voor de geboortedatum van de leerling"),
        (exception(D(2026, 9, 2), by="Piet Willekeurig"), "niet de directeur"),
    ]
    for entry, message in cases:
        found = record_problems(d, ROUTE, CONFIG, entry.record, today=D(2026, 11, 23))
        assert [p.message for p in found if message in p.message], (message, found)
        assert not any("Naam" in p.message or "Piet" in p.message for p in found)
    assert record_problems(d, ROUTE, CONFIG, consent(D(2026, 9, 2)).record) == []
