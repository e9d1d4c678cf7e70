"""One list of what is due (`domain.due`): every item closes only by a record that fulfils
it, and `status`, `agenda`, the calendar file, their JSON and `report` show the same items."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import icalendar
import jsonschema
import pytest
import yaml
from conftest import ROOT, TODAY, Run
from test_agenda import ATTENDEES, record

from zorgroute.domain import due, engine
from zorgroute.store.repo import open_repository

Rec = tuple[str, dict[str, Any]]
ON = dt.date(2026, 11, 23)

REGISTRATION: Rec = (
    "2026-09-01-care_team_registration-ct01",
    {"triggers": ["too_little_profit"], "help_question": "Wat heeft zij nodig bij rekenen?"},
)
MEETING: Rec = (
    "2026-09-10-meeting-zt01",
    {"forum": "zorgteam", "attendees": ATTENDEES, "decisions": ["action_plan"]},
)
REFERRAL: Rec = (
    "2026-09-15-referral-rf01",
    {
        "destination": "youth_care",
        "institution": "lt-delft",
        "reason": "Hulp thuis bij de opvoeding.",
        "expected_feedback": "2026-10-15",
    },
)
PLAN: Rec = (
    "2026-09-02-plan-hp01",
    {
        "plan_type": "action_plan",
        "area": "rekenen",
        "goals": ["tafels tot 10"],
        "approach": "dagelijks tien minuten oefenen",
        "responsible": "juf Anna",
        "start": "2026-09-02",
        "end": "2026-10-14",
        "evaluation_date": "2026-10-14",
    },
)
OPP: Rec = (
    "2026-09-20-opp-op01",
    {
        "exit_perspective": "vmbo basis",
        "supporting": ["Sanne werkt hard."],
        "hindering": ["Lezen gaat traag."],
        "support": "Elke dag een uur in een klein groepje.",
        "evaluation_date": "2026-11-01",
    },
)
ACTION: Rec = (
    "2026-09-03-action-ac01",
    {"owner": "juf Anna", "description": "belt de logopedist", "due": "2026-09-20"},
)
CLOSURE: Rec = (
    "2026-10-01-closure-cl01",
    {
        "reason": "care_taken_over",
        "parents_told": "Het lokale team neemt het over.",
        "aftercare_date": "2026-11-01",
    },
)
NOTICE: Rec = (
    "2026-11-20-consent-nt01",
    {"basis": "no_objection_notice", "forum": "zat", "objection_deadline": "2026-12-04"},
)


REQUEST: Rec = ("2026-10-10-info_request-rq01", {"adult": "moeder", "request": "inspection"})

MDO: Rec = (
    "2026-09-10-meeting-md01",
    {"forum": "mdo", "attendees": ATTENDEES, "decisions": ["youth_care"]},
)
SUBMITTED: Rec = (
    "2026-11-02-doorbraak-db01",
    {
        "reason": "no_mandate",
        "table": "perspectieftafel",
        "question": "Wie besluit over de jeugdhulp?",
        "follow_up": "2026-12-01",
    },
)


def meldcode(rid: str, step: str, **fields: Any) -> Rec:
    return (rid, {"step": step, "description": "wat er is gedaan", **fields})


MELDCODE: list[Rec] = [
    meldcode("2026-11-02-meldcode-mc01", "signals"),
    meldcode("2026-11-04-meldcode-mc02", "consult", consulted=["aandachtsfunctionaris"]),
    meldcode("2026-11-05-meldcode-mc03", "talk", participants=["parents", "pupil"]),
    meldcode("2026-11-06-meldcode-mc04", "weigh", suspicion=True, unsafe=False),
    meldcode("2026-11-09-meldcode-mc05", "decide", decisions=["organise_help"]),
]


def mandate(rid: str, team: str) -> Rec:
    return (
        rid,
        {"meeting": MDO[0], "team": team, "person": "Mila Jansen", "decision": "beschikking"},
    )


def outcome(rid: str, refers_to: str) -> Rec:
    return (rid, {**SUBMITTED[1], "outcome": "de gemeente besluit", "refers_to": refers_to})


def answer(rid: str, request: str) -> Rec:
    return (rid, {"request": request, "outcome": "given"})


def talk(rid: str, contact: str, participants: list[str], adults: tuple[str, ...] = ()) -> Rec:
    return (
        rid,
        {
            "contact": contact,
            "participants": participants,
            "adults": list(adults),
            "discussed": "De uitkomst van het zorgteam.",
        },
    )


def feedback(rid: str, **fields: Any) -> Rec:
    return (rid, {"referral": "2026-09-15-referral-rf01", **fields})


def signature(rid: str, document: str, refers_to: str, *who: str) -> Rec:
    return (rid, {"document": document, "refers_to": refers_to, "signed_by": list(who)})


def correction(rid: str, target: str, field: str, value: str) -> Rec:
    return (
        rid,
        {"supersedes": target, "field": field, "value": value, "reason": "Verkeerd overgenomen."},
    )


def opp_evaluation(rid: str, *with_parents: str) -> Rec:
    return (
        rid,
        {
            "opp": "2026-09-20-opp-op01",
            "with_parents": list(with_parents),
            "outcome": "Het gaat beter met lezen.",
        },
    )


def update(rid: str, status: str, **fields: Any) -> Rec:
    return (rid, {"action": "2026-09-03-action-ac01", "status": status, **fields})


PLAN_ID, OPP_ID = PLAN[0], OPP[0]

# (name, records, kind, the date of that item on ON, or None when it is closed)
CASES: list[tuple[str, list[Rec], str, str | None]] = [
    # a conversation with the parents after the zorgteam
    ("talk due", [REGISTRATION, MEETING], "conversation", "2026-09-24"),
    (
        "near miss: a talk with only the teacher",
        [
            REGISTRATION,
            MEETING,
            talk("2026-09-12-conversation-cv01", "after_care_team", ["teacher"]),
        ],
        "conversation",
        "2026-09-24",
    ),
    (
        "near miss: a talk with the pupil and someone not of the family",
        [
            REGISTRATION,
            MEETING,
            talk("2026-09-12-conversation-cv01", "after_care_team", ["pupil"], ("buurvrouw",)),
        ],
        "conversation",
        "2026-09-24",
    ),
    (
        "near miss: a talk of another kind",
        [REGISTRATION, MEETING, talk("2026-09-12-conversation-cv01", "signal", ["parents"])],
        "conversation",
        "2026-09-24",
    ),
    (
        "near miss: a talk before the meeting",
        [
            REGISTRATION,
            talk("2026-09-05-conversation-cv01", "after_care_team", ["parents"]),
            MEETING,
        ],
        "conversation",
        "2026-09-24",
    ),
    (
        "a talk with the mother present",
        [
            REGISTRATION,
            MEETING,
            talk("2026-09-12-conversation-cv01", "after_care_team", ["ib"], ("moeder",)),
        ],
        "conversation",
        None,
    ),
    (
        "a talk with the parents",
        [
            REGISTRATION,
            MEETING,
            talk("2026-09-12-conversation-cv01", "after_care_team", ["parents"]),
        ],
        "conversation",
        None,
    ),
    (
        "a talk corrected: the parents were there after all",
        [
            REGISTRATION,
            MEETING,
            talk("2026-09-12-conversation-cv01", "after_care_team", ["teacher"]),
            correction(
                "2026-09-13-correction-co01",
                "2026-09-12-conversation-cv01",
                "participants",
                "teacher, parents",
            ),
        ],
        "conversation",
        None,
    ),
    # feedback on a referral
    ("feedback expected", [REFERRAL], "feedback", "2026-10-15"),
    (
        "near miss: feedback from another partner",
        [REFERRAL, feedback("2026-10-01-feedback-fb01", feedback="other", source="ggz-jeugd")],
        "feedback",
        "2026-10-15",
    ),
    (
        "feedback from the partner referred to",
        [REFERRAL, feedback("2026-10-01-feedback-fb01", feedback="screening", source="lt-delft")],
        "feedback",
        None,
    ),
    (
        "feedback without a named source is from the partner",
        [REFERRAL, feedback("2026-10-01-feedback-fb01", feedback="registration_confirmed")],
        "feedback",
        None,
    ),
    (
        "feedback that asks for more moves the date",
        [
            REFERRAL,
            feedback("2026-10-01-feedback-fb01", feedback="screening", next_expected="2026-12-01"),
        ],
        "feedback",
        "2026-12-01",
    ),
    # a parent's request for information: answered within a month
    ("info request due", [REQUEST], "info_request", "2026-11-10"),
    (
        "info request with its own answer date",
        [(REQUEST[0], {**REQUEST[1], "answer_due": "2026-11-30"})],
        "info_request",
        "2026-11-30",
    ),
    (
        "near miss: an answer to another request",
        [REQUEST, answer("2026-10-20-info_answer-an01", "2026-10-01-info_request-rq99")],
        "info_request",
        "2026-11-10",
    ),
    (
        "info request answered",
        [REQUEST, answer("2026-10-20-info_answer-an01", REQUEST[0])],
        "info_request",
        None,
    ),
    # the meldcode: the next step a week after the last one, until the decision
    ("meldcode: the next step", MELDCODE[:1], "meldcode", "2026-11-09"),
    ("meldcode: a step moves the next one on", MELDCODE[:2], "meldcode", "2026-11-11"),
    (
        "near miss: a conversation with the parents is no meldcode step",
        [*MELDCODE[:2], talk("2026-11-05-conversation-cv01", "other", ["parents"])],
        "meldcode",
        "2026-11-11",
    ),
    ("meldcode decided", MELDCODE, "meldcode", None),
    # a decision on youth care without mandate: the mandated person's decision closes it
    ("decision on youth care without mandate", [MDO], "mandate", "2026-09-24"),
    (
        "near miss: the decision of another municipality's team",
        [MDO, mandate("2026-09-20-mandate-ma01", "lt-rijswijk")],
        "mandate",
        "2026-09-24",
    ),
    (
        "the mandated decision",
        [MDO, mandate("2026-09-20-mandate-ma01", "lt-delft")],
        "mandate",
        None,
    ),
    (
        "the mandated consultant at the table",
        [
            (
                MDO[0],
                {
                    **MDO[1],
                    "attendees": [
                        *ATTENDEES,
                        {"name": "Mila Jansen", "function": "consulent", "mandate_for": "lt-delft"},
                    ],
                },
            )
        ],
        "mandate",
        None,
    ),
    # a doorbraak: its outcome on the follow-up date
    ("doorbraak submitted", [SUBMITTED], "doorbraak", "2026-12-01"),
    (
        "near miss: the outcome of another submission",
        [SUBMITTED, outcome("2026-11-20-doorbraak-db02", "2026-10-01-doorbraak-db99")],
        "doorbraak",
        "2026-12-01",
    ),
    (
        "doorbraak outcome recorded",
        [SUBMITTED, outcome("2026-11-20-doorbraak-db02", SUBMITTED[0])],
        "doorbraak",
        None,
    ),
    # aftercare of a closed case
    ("aftercare due", [REFERRAL, CLOSURE], "aftercare", "2026-11-01"),
    (
        "near miss: aftercare, still on the waiting list",
        [
            REFERRAL,
            CLOSURE,
            feedback("2026-10-20-feedback-fb01", feedback="waiting_list", status="waiting_list"),
        ],
        "aftercare",
        "2026-11-01",
    ),
    (
        "near miss: aftercare, care started before closing",
        [
            REFERRAL,
            feedback("2026-09-25-feedback-fb01", feedback="care_started", status="started"),
            CLOSURE,
        ],
        "aftercare",
        "2026-11-01",
    ),
    (
        "near miss: aftercare, another partner says care started",
        [
            REFERRAL,
            CLOSURE,
            feedback(
                "2026-10-20-feedback-fb01",
                feedback="care_started",
                status="started",
                source="ggz-jeugd",
            ),
        ],
        "aftercare",
        "2026-11-01",
    ),
    (
        "aftercare: care started after closing",
        [
            REFERRAL,
            CLOSURE,
            feedback("2026-10-20-feedback-fb01", feedback="care_started", status="started"),
        ],
        "aftercare",
        None,
    ),
    (
        "aftercare: external care with a start",
        [
            REFERRAL,
            CLOSURE,
            (
                "2026-10-21-external_care-ex01",
                {"institution": "Lokaal team Delft", "care": "opvoedhulp", "start": "2026-10-19"},
            ),
        ],
        "aftercare",
        None,
    ),
    # the waiting norm (120 days in the route)
    ("waiting norm passed", [REFERRAL], "waiting", "2027-01-13"),
    (
        "near miss: a waiting list is no start",
        [
            REFERRAL,
            feedback("2026-10-01-feedback-fb01", feedback="waiting_list", status="waiting_list"),
        ],
        "waiting",
        "2027-01-13",
    ),
    (
        "waiting: care started",
        [REFERRAL, feedback("2026-10-01-feedback-fb01", feedback="care_started")],
        "waiting",
        None,
    ),
    # plan evaluation
    ("evaluation due", [PLAN], "evaluation", "2026-10-14"),
    (
        "evaluation of the plan",
        [
            PLAN,
            (
                "2026-10-14-evaluation-ev01",
                {"plan": PLAN_ID, "outcome": "met", "what_worked": "oefenen"},
            ),
        ],
        "evaluation",
        None,
    ),
    # the parents' signature under the handelingsplan (both parents have authority)
    ("signature due", [PLAN], "signature", "2026-09-16"),
    (
        "near miss: signed by someone who need not sign",
        [PLAN, signature("2026-09-05-signature-sg01", "action_plan", PLAN_ID, "oma")],
        "signature",
        "2026-09-16",
    ),
    (
        "near miss: signed by one parent of two with authority",
        [PLAN, signature("2026-09-05-signature-sg01", "action_plan", PLAN_ID, "moeder")],
        "signature",
        "2026-09-16",
    ),
    (
        "near miss: both signed another plan",
        [
            PLAN,
            signature(
                "2026-09-05-signature-sg01",
                "action_plan",
                "2026-01-01-plan-xx01",
                "moeder",
                "vader",
            ),
        ],
        "signature",
        "2026-09-16",
    ),
    (
        "signed by both parents",
        [PLAN, signature("2026-09-05-signature-sg01", "action_plan", PLAN_ID, "moeder", "vader")],
        "signature",
        None,
    ),
    (
        "signature date recorded in a correction",
        [PLAN, correction("2026-09-10-correction-co01", PLAN_ID, "parents_agreed", "2026-09-09")],
        "signature",
        None,
    ),
    # the OPP: the parents' agreement with the action part
    ("OPP agreement due", [OPP], "opp_agreement", "2026-11-01"),
    (
        "near miss: OPP signed by one parent",
        [OPP, signature("2026-09-22-signature-sg01", "opp", OPP_ID, "vader")],
        "opp_agreement",
        "2026-11-01",
    ),
    (
        "near miss: the handelingsplan signed instead of the OPP",
        [OPP, signature("2026-09-22-signature-sg01", "action_plan", OPP_ID, "moeder", "vader")],
        "opp_agreement",
        "2026-11-01",
    ),
    (
        "OPP signed by both parents",
        [OPP, signature("2026-09-22-signature-sg01", "opp", OPP_ID, "moeder", "vader")],
        "opp_agreement",
        None,
    ),
    (
        "OPP agreed by one parent, signed by the other",
        [
            (OPP[0], {**OPP[1], "parents_agreed": "2026-09-20", "agreed_by": ["moeder"]}),
            signature("2026-09-22-signature-sg01", "opp", OPP_ID, "vader"),
        ],
        "opp_agreement",
        None,
    ),
    # the OPP: evaluated with the parents, at least once a year
    ("OPP evaluation due", [OPP], "opp_evaluation", "2026-11-01"),
    (
        "near miss: OPP evaluated without a parent",
        [OPP, opp_evaluation("2026-10-30-opp_evaluation-oe01")],
        "opp_evaluation",
        "2026-11-01",
    ),
    (
        "near miss: OPP evaluated with someone not of the family",
        [OPP, opp_evaluation("2026-10-30-opp_evaluation-oe01", "buurvrouw")],
        "opp_evaluation",
        "2026-11-01",
    ),
    (
        "OPP evaluated with a parent: the next is due a year later",
        [OPP, opp_evaluation("2026-10-30-opp_evaluation-oe01", "moeder")],
        "opp_evaluation",
        "2027-10-30",
    ),
    # actions
    ("action due", [ACTION], "action", "2026-09-20"),
    ("action done", [ACTION, update("2026-09-19-action_update-au01", "done")], "action", None),
    ("action lapsed", [ACTION, update("2026-09-19-action_update-au01", "lapsed")], "action", None),
    (
        "action carried over stays open at its new date",
        [ACTION, update("2026-09-19-action_update-au01", "carried_over", new_due="2026-12-01")],
        "action",
        "2026-12-01",
    ),
    # the end of a notice period
    ("notice period running", [NOTICE], "objection_deadline", "2026-12-04"),
    (
        "an objection ends the notice period",
        [
            NOTICE,
            (
                "2026-11-22-consent-ob01",
                {
                    "basis": "objection",
                    "forum": "zat",
                    "given_by": ["moeder"],
                    "refers_to": "2026-11-20-consent-nt01",
                },
            ),
        ],
        "objection_deadline",
        None,
    ),
]


ABSENT_1: Rec = (
    "2026-10-09-absence-ab01",
    {"start": "2026-10-05", "end": "2026-10-09", "unauthorised_hours": 10},
)
ABSENT_2: Rec = (
    "2026-10-16-absence-ab02",
    {"start": "2026-10-12", "end": "2026-10-16", "unauthorised_hours": 8},
)


def leerplicht_report(rid: str) -> Rec:
    return (rid, {"officer": "leerplicht Delft", "hours": 18})


CASES += [
    # absence: 16 hours unauthorised within 4 school weeks is reported to leerplicht
    ("absence under the threshold", [ABSENT_1], "leerplicht", None),
    ("absence over the threshold", [ABSENT_1, ABSENT_2], "leerplicht", "2026-10-16"),
    (
        "reported to the leerplicht officer",
        [ABSENT_1, ABSENT_2, leerplicht_report("2026-10-19-leerplicht_report-lp01")],
        "leerplicht",
        None,
    ),
    (
        "near miss: a report from before the threshold was reached",
        [ABSENT_1, leerplicht_report("2026-10-12-leerplicht_report-lp01"), ABSENT_2],
        "leerplicht",
        "2026-10-16",
    ),
]


def put(repo: Path, case: str, rec: Rec) -> None:
    record(repo, case, rec[0], **rec[1])


def items_of(repo: Path, case: str, on: dt.date = ON) -> list[due.DueItem]:
    loaded = engine.load(open_repository(repo), case)
    return due.due_items(loaded.data, loaded.route, loaded.repo.config, on)


@pytest.mark.parametrize(
    ("records", "kind", "date"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_item_closed_only_by_a_fulfilling_record(
    repo: Path, new_case: Callable[..., str], records: list[Rec], kind: str, date: str | None
) -> None:
    case = new_case()
    for rid, fields in records:
        record(repo, case, rid, **fields)
    items = items_of(repo, case)
    found = [i for i in items if i.kind == kind]
    assert [i.date.isoformat() for i in found] == ([date] if date else []), items
    for item in items:
        # every item says in Dutch what it is, what closes it, and which records can
        assert item.kind_label and item.closed_by_label and item.what and item.title
        assert set(item.closed_by) <= {
            "action_update",
            "evaluation",
            "signature",
            "correction",
            "opp_evaluation",
            "conversation",
            "feedback",
            "consent",
            "external_care",
            "leerplicht_report",
            "info_answer",
            "meldcode",
            "mandate",
            "doorbraak",
        }
        assert item.overdue == (item.date < ON) or item.kind in ("objection_deadline", "stalled")


def test_every_kind_is_exercised_by_the_table() -> None:
    tested = {c[2] for c in CASES}
    assert set(due.BY_KIND) - tested == {"dormant_review", "stalled"}  # see test_agenda_actions


def test_a_signature_names_who_still_has_to_sign(repo: Path, new_case: Callable[..., str]) -> None:
    case = new_case()
    for rid, fields in (
        PLAN,
        signature("2026-09-05-signature-sg01", "action_plan", PLAN_ID, "vader"),
    ):
        record(repo, case, rid, **fields)
    (item,) = [i for i in items_of(repo, case) if i.kind == "signature"]
    assert item.what == "het handelingsplan rekenen is nog niet ondertekend door moeder"
    assert "Testmoeder" not in item.what and "Testmoeder" not in item.title


def test_a_pupil_of_12_signs_too(repo: Path, new_case: Callable[..., str]) -> None:
    """Who must sign comes from the policy layer: from 12 the pupil consents as well."""
    case = new_case(birth_date="2013-05-01")
    for rid, fields in (
        PLAN,
        signature("2026-09-05-signature-sg01", "action_plan", PLAN_ID, "moeder", "vader"),
    ):
        record(repo, case, rid, **fields)
    (item,) = [i for i in items_of(repo, case) if i.kind == "signature"]
    assert item.what.endswith("door de leerling")
    put(repo, case, signature("2026-09-06-signature-sg02", "action_plan", PLAN_ID, "pupil"))
    assert not [i for i in items_of(repo, case) if i.kind == "signature"]


def test_the_schools_waiting_norm_goes_before_the_route(
    repo: Path, new_case: Callable[..., str]
) -> None:
    case = new_case()
    put(repo, case, REFERRAL)
    (before,) = [i for i in items_of(repo, case) if i.kind == "waiting"]
    assert before.date == dt.date(2027, 1, 13)  # the route's 120 days
    config = repo / "zorgroute.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data.setdefault("settings", {})["waiting_norm_days"] = 30
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (after,) = [i for i in items_of(repo, case) if i.kind == "waiting"]
    assert after.date == dt.date(2026, 10, 15) and after.overdue
    assert "norm 30 dagen" in after.what


def test_a_case_is_read_as_it_stood_on_the_date(repo: Path, new_case: Callable[..., str]) -> None:
    case = new_case()
    for rid, fields in (ACTION, update("2026-09-19-action_update-au01", "done")):
        record(repo, case, rid, **fields)
    assert [i.kind for i in items_of(repo, case, dt.date(2026, 9, 18))] == ["action"]
    assert [i.kind for i in items_of(repo, case, dt.date(2026, 9, 19))] == []


# --- the same items everywhere ------------------------------------------------------------


def _json(run: Run, *args: str | Path) -> Any:
    res = run(*args)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def _schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (ROOT / "schemas" / "output" / f"{name}.schema.json").read_text(encoding="utf-8")
    )
    return loaded


def _busy_case(repo: Path, new_case: Callable[..., str]) -> str:
    case = new_case()
    for rid, fields in [REGISTRATION, MEETING, REFERRAL, PLAN, OPP, ACTION, NOTICE]:
        record(repo, case, rid, **fields)
    return case


def test_status_agenda_ics_json_and_report_show_the_same_items(
    repo: Path, new_case: Callable[..., str], run: Run, tmp_path: Path
) -> None:
    config = repo / "zorgroute.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data.setdefault("settings", {})["small_count"] = 1  # show every count
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    case = _busy_case(repo, new_case)
    expected = {(i.kind, i.date.isoformat(), i.overdue) for i in items_of(repo, case)}
    assert {k for k, _, _ in expected} >= {
        "conversation",
        "feedback",
        "waiting",
        "evaluation",
        "signature",
        "opp_agreement",
        "opp_evaluation",
        "action",
        "objection_deadline",
    }
    status = _json(run, "--repo", repo, "status", case, "--format", "json")
    jsonschema.validate(status, _schema("status"))
    assert {(d["kind"], d["date"], d["overdue"]) for d in status["due"]} == expected
    assert len(status["deadlines"]) == len(expected)
    assert status["stalled"] is True
    until = ["--from", "2026-01-01", "--to", "2027-12-31"]
    agenda = _json(run, "--repo", repo, "agenda", "--format", "json", *until)
    jsonschema.validate(agenda, _schema("agenda"))
    assert {(i["kind"], i["date"], i["overdue"]) for i in agenda["items"]} == expected
    assert agenda["stalled"] == [case]
    overview = _json(run, "--repo", repo, "status", "--format", "json")
    jsonschema.validate(overview, _schema("status-overview"))
    overdue = [k for k, _, late in expected if late]
    assert len(overview["cases"][0]["overdue"]) == len(overdue)
    ics = tmp_path / "zorg.ics"
    assert run("--repo", repo, "agenda", "--ics", ics, *until).exit_code == 0
    events = list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert sorted(e.decoded("DTSTART").isoformat() for e in events) == sorted(
        d for _, d, _ in expected
    )
    report = _json(
        run, "--repo", repo, "report", "--from", "2026-08-01", "--to", TODAY, "--format", "json"
    )
    tables = {t["key"]: t for t in report["sections"][-1]["tables"]}
    counted = {row[0]: row[1] for row in tables["over_tijd"]["rows"]}
    labels = due.KIND_LABELS
    assert counted == {labels[k]: overdue.count(k) for k in set(overdue)}
    stand = {row[0]: row[1] for row in tables["stand"]["rows"]}
    assert stand["stilgevallen"] == 1


def test_the_calendar_uid_stays_when_an_action_is_carried_over(
    repo: Path, new_case: Callable[..., str], run: Run, tmp_path: Path
) -> None:
    case = new_case()
    put(repo, case, ACTION)
    until = ["--from", "2026-01-01", "--to", "2027-12-31"]

    def events() -> dict[str, Any]:
        target = tmp_path / "zorg.ics"
        assert run("--repo", repo, "agenda", "--ics", target, *until).exit_code == 0
        cal = icalendar.Calendar.from_ical(target.read_bytes())
        found = cal.walk("VEVENT")
        return {str(e["UID"]): e for e in found if "logopedist" in str(e["SUMMARY"])}

    (before,) = events().items()
    assert str(before[1]["SUMMARY"]) == "juf Anna: belt de logopedist (over tijd)"
    assert case not in before[0] and "action" not in before[0]  # opaque, no ids
    put(repo, case, update("2026-09-19-action_update-au01", "carried_over", new_due="2026-12-01"))
    (after,) = events().items()
    assert after[0] == before[0]
    assert after[1].decoded("DTSTART") == dt.date(2026, 12, 1)
    assert str(after[1]["SUMMARY"]) == "juf Anna: belt de logopedist"


def test_a_direct_escalation_shows_its_reason(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    config = repo / "zorgroute.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data.setdefault("settings", {})["small_count"] = 1
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    case = new_case()
    record(
        repo,
        case,
        "2026-09-01-care_team_registration-ct01",
        triggers=["too_little_profit"],
        help_question="Wat is er thuis aan de hand?",
        direct_reason="Sanne vertelt over ernstige zorgen thuis.",
    )
    status = _json(run, "--repo", repo, "status", case, "--format", "json")
    jsonschema.validate(status, _schema("status"))
    assert [(d["label"], d["reason"]) for d in status["direct"]] == [
        ("aanmelding zorgteam", "Sanne vertelt over ernstige zorgen thuis.")
    ]
    text = run("--repo", repo, "status", case).stdout
    assert "Stappen overgeslagen" in text
    assert "Sanne vertelt over ernstige zorgen thuis." in text
    report = _json(
        run, "--repo", repo, "report", "--from", "2026-08-01", "--to", TODAY, "--format", "json"
    )
    tables = {t["key"]: t for t in report["sections"][-1]["tables"]}
    assert tables["redenen_rechtstreeks"]["rows"] == [
        ["[naam] vertelt over ernstige zorgen thuis.", 1]
    ]
    assert "Sanne" not in json.dumps(report)
