"""The documents of the route: what each needs, whom it goes to, built from the dossier.

`documents_for_act` is the hook the step commands call after the rules pass: it judges the
documents the route lists for the act (`documents:` in the route file) by the rules each
document declares (`Spec.requires`, evaluated by `domain.rules.evaluate`, the same engine as
the steps), renders them and returns the files plus one `DocumentRecord` per document.
`render_spec` is the same pipeline for `zorgroute render`.

Documents ask, they do not decide: whom a document goes to (`policy.recipients`), which
records and fields each recipient may see (`policy.visible`, `policy.visible_adults`),
whether the pupil may be discussed in a forum (`policy.may_discuss`) and who must sign
(`policy.facts`) come from the policy layer. Everything is evaluated as of the date of the
record a document is about: the pupil's age, who signs, which records existed by then. A
template gets a view filtered for its recipient, never raw records, and a sentence that
states a fact (parents informed, present, agreed, signed) is only printed when a record in
that view proves it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from zorgroute.clock import now
from zorgroute.documents import render as rd
from zorgroute.domain.engine import Loaded, Produced, Verdict, refuse
from zorgroute.domain.rules import Blocker, Context, evaluate
from zorgroute.domain.state import derive
from zorgroute.domain.tracks import missing_roles, stuck_points
from zorgroute.errors import Problem, RuleRefused, UsageError
from zorgroute.model.records import (
    FACTOR_FIELDS,
    Absence,
    ActionItem,
    Adult,
    Attendee,
    CareTeamRegistration,
    Case,
    Concerns,
    ConfidentialNote,
    Config,
    Consent,
    Conversation,
    Correction,
    DocumentRecord,
    Doorbraak,
    Evaluation,
    ExpertAdvice,
    ExternalCare,
    Factors,
    LeerplichtReport,
    Meeting,
    Opp,
    OppEvaluation,
    Override,
    Plan,
    ProducedFile,
    RecordBase,
    Referral,
    Sdq,
    Signal,
    Signature,
    Signoff,
    Transfer,
    Void,
    ZatRegistration,
)
from zorgroute.model.route import Act, RuleRef
from zorgroute.model.vocab import (
    SPECIAL_EDUCATION,
    Basis,
    ContactKind,
    Decision,
    Destination,
    Expertise,
    Forum,
    Participant,
    PlanType,
    Role,
    SignedDocument,
    Vocab,
    rule_label,
)
from zorgroute.policy import (
    LEERPLICHT,
    PUPIL,
    AdultOn,
    DocumentSpec,
    Facts,
    Recipient,
    basis_record,
    facts,
    is_meldcode,
    may_discuss,
    notice_deadline,
    objection_period_days,
    recipients,
    visible,
    visible_adults,
)
from zorgroute.policy.family import case_on
from zorgroute.policy.mandate import mandate_checks
from zorgroute.store.repo import DOCUMENTS_DIR, CaseData, Entry, new_id

LetterMode = Literal["auto", "each", "together"]

Format = Literal["md", "html", "pdf", "docx", "odt"]
FORMATS: tuple[Format, ...] = ("md", "html", "pdf", "docx", "odt")
DEFAULT_FORMATS: tuple[Format, ...] = ("md", "html", "pdf")
NEW = "nieuw"
# records a test or tracking engineer may add; rendered by their summary when present
TRACKING_KINDS = ("test_result", "absence", "sdq")


# --- Dutch phrases that fit the data ------------------------------------------------------

FORUM_THE = {
    Forum.groepsbespreking: "de groepsbespreking",
    Forum.leerlingbespreking: "de leerlingbespreking",
    Forum.zorgteam: "het zorgteam van de school",
    Forum.zat: "het zorg- en adviesteam (ZAT)",
    Forum.mdo: "het multidisciplinair overleg (MDO)",
}
FORUM_SHORT = {
    Forum.groepsbespreking: "de groepsbespreking",
    Forum.leerlingbespreking: "de leerlingbespreking",
    Forum.zorgteam: "het zorgteam",
    Forum.zat: "het ZAT",
    Forum.mdo: "het MDO",
}
DESTINATION_PHRASE = {
    Destination.sbo: "speciaal basisonderwijs (SBO)",
    Destination.so: "speciaal onderwijs (SO)",
    Destination.vso: "voortgezet speciaal onderwijs (VSO)",
    Destination.extra_support: "een arrangement van het samenwerkingsverband",
    Destination.youth_care: "jeugdhulp",
    Destination.ggz: "hulp van de geestelijke gezondheidszorg (GGZ)",
    Destination.veilig_thuis: "advies of een melding bij Veilig Thuis",
    Destination.leerplicht: "de leerplicht",
    Destination.jgz: "de jeugdgezondheidszorg",
    Destination.other: "hulp",
}
CONTACT_PURPOSE = {
    ContactKind.signal: "over wat wij op school zien",
    ContactKind.before_care_team: "ter voorbereiding op het zorgteam van de school",
    ContactKind.after_care_team: "over de uitkomst van het zorgteam van de school",
    ContactKind.before_zat: "over de aanmelding bij het zorg- en adviesteam (ZAT)",
    ContactKind.zat_intake: "voor de kennismaking met het zorg- en adviesteam (ZAT)",
    ContactKind.zat_outcome: "over het advies van het zorg- en adviesteam (ZAT)",
    ContactKind.before_mdo: "ter voorbereiding op het multidisciplinair overleg (MDO)",
    ContactKind.plan: "over het handelingsplan",
    ContactKind.evaluation: "om het plan samen te bekijken",
    ContactKind.referral: "over een verwijzing",
    ContactKind.other: "",
}
REFUSALS = (Basis.refusal, Basis.objection, Basis.withdrawal)


def forum_phrase(forum: Forum, short: bool = False) -> str:
    return (FORUM_SHORT if short else FORUM_THE)[forum]


def unbracket(text: str) -> str:
    """'jeugdgezondheidszorg (GGD)' -> 'jeugdgezondheidszorg, GGD': no brackets in brackets."""
    return re.sub(r"\s*\(([^()]*)\)", r", \1", text)


# --- views of the dossier -------------------------------------------------------------


def _value(value: Any) -> Any:
    if isinstance(value, Vocab):
        return value.label
    if isinstance(value, BaseModel):
        return view(value)
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    return value


def view(model: BaseModel) -> dict[str, Any]:
    """A model as plain data for a template; vocabulary values become their Dutch label."""
    return {name: _value(getattr(model, name)) for name in type(model).model_fields}


def _before(entry: Entry, record: Entry | None, day: dt.date) -> bool:
    """Did `entry` exist by the time of `record` (or by `day` for a whole-dossier view)?"""
    rec = entry.record
    if rec.date != day or record is None:
        return rec.date <= day
    return entry is record or rec.recorded_at <= record.record.recorded_at


@dataclass(frozen=True)
class Addressee:
    """Whom one rendered copy is addressed to: one or more recipients the policy layer
    named (two parents at one address get one letter). `ids` go into the DocumentRecord;
    `file_id` into the file name (an id, never a person's name); `reader` is the recipient
    whose view of the dossier the copy shows."""

    kind: str  # parent, parents, pupil, teacher, forum, institution, signers, school, table
    ids: tuple[str, ...]
    names: tuple[str, ...]
    salutation: str
    reader: Recipient
    address: str | None = None
    facts_only: bool = False
    file_id: str = ""
    two: bool = False  # a letter to two parents together

    def view(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "ids": list(self.ids),
            "names": list(self.names),
            "name": rd.dutch_list(self.names),
            "salutation": self.salutation,
            "address": self.address,
            "facts_only": self.facts_only,
            "to_parents": self.kind in ("parent", "parents"),
            "to_pupil": self.kind == "pupil",
            "two": self.two,
        }


@dataclass
class Dossier:
    """What one copy of a document may draw on: the case as it stood on the date of its
    record (`history`, for the policy's questions), and the records its reader may see
    (`entries`, corrections applied, confidential contributions filtered)."""

    loaded: Loaded
    day: dt.date
    history: CaseData
    entries: list[Entry]
    record: Entry | None
    facts: Facts
    reader: Recipient | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def case(self) -> Case:
        """The case with its family as it stood on the document's day."""
        return case_on(self.loaded.data, self.day)

    @property
    def config(self) -> Config:
        return self.loaded.repo.config

    @property
    def shown(self) -> tuple[AdultOn, ...]:
        """The adults this document may name (`policy.visible_adults`)."""
        return visible_adults(self.facts)

    def of(self, kind: type[RecordBase]) -> list[Entry]:
        return [e for e in self.entries if isinstance(e.record, kind)]

    def kinds(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]

    def data(self) -> CaseData:
        return CaseData(
            self.case, self.loaded.data.path, tuple(self.entries), {e.id: e for e in self.entries}
        )

    def corrected(self, entry: Entry) -> dict[str, Any]:
        """A record's view as it holds now, with what later corrections changed."""
        out = view(entry.record)
        out["corrections"] = []
        original = self.loaded.data.original(entry.id)
        for corr in self.loaded.state.corrections.get(entry.id, []):
            rec = corr.record
            assert isinstance(rec, Correction)
            top = rec.field.split(".")[0]
            if top in out and original is not None and _before(corr, self.record, self.day):
                out["corrections"].append(
                    {
                        "field": type(entry.record).model_fields[top].title or top,
                        "old": _value(getattr(original.record, top)),
                        "new": out[top],
                        "date": rec.date,
                        "reason": rec.reason,
                    }
                )
        return out

    def adult_names(self, ids: list[str]) -> list[str]:
        """Names with their role, of the adults this document may name."""
        shown = {a.id for a in self.shown}
        out = []
        for adult_id in ids:
            if adult_id == PUPIL:
                out.append(f"{self.case.pupil.first_name} (leerling)")
                continue
            adult = self.case.family.adult(adult_id)
            if adult is not None and adult_id in shown:
                out.append(f"{adult.name} ({adult.relation.label})")
        return out


def _person(config: Config, *roles: Role) -> dict[str, Any] | None:
    for role in roles:
        person = config.person(role)
        if person is not None:
            return {**view(person), "role": role.label}
    return None


def _adult_view(adult: Adult, on: AdultOn) -> dict[str, Any]:
    """An adult as a document may show them: authority and contact as the policy layer
    sees them on the day; no contact details for one who may not be contacted."""
    out = view(adult)
    out["relation"] = on.relation.label
    out["authority"] = on.authority
    out["may_contact"] = on.may_contact
    if not on.may_contact:
        out["phone"] = out["email"] = out["address"] = None
    return out


def _base_context(d: Dossier) -> dict[str, Any]:
    case, config = d.case, d.config
    pupil = view(case.pupil)
    pupil.update(full_name=case.pupil.full_name, age=d.facts.age)
    coordinator = _person(config, Role.ib, Role.zorgcoordinator, Role.zorgspecialist)
    letterhead = view(config.letterhead)
    signature_name = config.letterhead.signature_name or (coordinator or {}).get("name")
    signature_role = config.letterhead.signature_role or (coordinator or {}).get("role")
    school = view(config.school)
    shown = d.shown
    adults = [
        _adult_view(adult, on) for on in shown if (adult := case.family.adult(on.id)) is not None
    ]
    return {
        "day": d.day,
        "school": school,
        "letterhead": {
            **letterhead,
            "signature_name": signature_name,
            "signature_role": signature_role,
        },
        "ib": coordinator,
        "directeur": _person(config, Role.directeur),
        "pupil": pupil,
        "family": {
            "custody": d.facts.family.custody.label,
            "custody_notes": case.family.custody_notes,
            "adults": adults,
            "kept_out": 0 if d.facts.adult else len(d.facts.family.adults) - len(shown),
            "adult_pupil": d.facts.adult,
        },
        "facts": {
            "age": d.facts.age,
            "pupil_consents": d.facts.consenters.pupil,
            "under_exception": d.facts.safety.active,
            "pupil_alone": d.facts.pupil_alone,
        },
        "extra": dict(d.extra),
        "record": d.corrected(d.record) if d.record is not None else None,
    }


def _evaluations_of(d: Dossier, plan_id: str) -> list[dict[str, Any]]:
    return [
        d.corrected(e)
        for e in d.of(Evaluation)
        if isinstance(e.record, Evaluation) and e.record.plan.split("#")[0] == plan_id
    ]


def _plan_view(d: Dossier, entry: Entry) -> dict[str, Any]:
    plan = d.corrected(entry)
    rec = entry.record
    assert isinstance(rec, Plan)
    plan["evaluations"] = _evaluations_of(d, entry.id)
    plan["goals_text"] = _join(list(rec.goals))
    plan["type_key"] = rec.plan_type.value
    plan["signature"] = _signature_status(d, entry, SignedDocument.action_plan, rec.parents_agreed)
    return plan


def _plans(d: Dossier) -> list[dict[str, Any]]:
    return [_plan_view(d, e) for e in d.of(Plan)]


def signature_lines(case: Case, known: Facts) -> list[dict[str, Any]]:
    """Signature lines: exactly the people who must consent on that date, by age
    (`Facts.consenters`), whether or not a letter may reach them."""
    lines = []
    for adult_id in known.consenters.adults:
        adult = case.family.adult(adult_id)
        if adult is not None:
            lines.append(
                {
                    "id": adult.id,
                    "name": adult.name,
                    "role": adult.relation.label + " (met gezag)",
                    "signed_on": None,
                }
            )
    if known.consenters.pupil:
        lines.append(
            {"id": PUPIL, "name": case.pupil.full_name, "role": "leerling", "signed_on": None}
        )
    return lines


def partner_name(config: Config, partner_id: str) -> str:
    partner = config.partner(partner_id)
    return partner.name if partner else partner_id


def _signature_status(
    d: Dossier, entry: Entry, document: SignedDocument, agreed: dt.date | None
) -> dict[str, Any]:
    """Who must sign (by age on the record's date), who has signed and when: the signature
    block prints exactly this, so a signed date never stands above an empty line."""
    needed = signature_lines(d.case, facts(d.history, d.loaded.route, entry.record.date))
    signed: dict[str, dt.date] = {}
    for e in d.of(Signature):
        rec = e.record
        assert isinstance(rec, Signature)
        if rec.document == document and rec.refers_to in (None, entry.id):
            for who in rec.signed_by:
                signed.setdefault(who, rec.date)
    lines = [{**s, "signed_on": signed.get(s["id"])} for s in needed]
    return {
        "lines": lines,
        "complete": bool(lines) and all(line["signed_on"] for line in lines),
        "agreed_on": agreed,
        "missing": [line["name"] for line in lines if not line["signed_on"]],
    }


def _conversations(d: Dossier) -> list[dict[str, Any]]:
    out = []
    for e in d.of(Conversation):
        talk = d.corrected(e)
        rec = e.record
        assert isinstance(rec, Conversation)
        talk["with_parents"] = Participant.parents in rec.participants
        talk["present"] = d.adult_names(list(rec.adults))
        out.append(talk)
    return out


def _signals(d: Dossier) -> list[dict[str, Any]]:
    return [d.corrected(e) for e in d.of(Signal)]


def _categories(d: Dossier) -> list[str]:
    seen: list[str] = []
    for entry in d.of(Signal):
        assert isinstance(entry.record, Signal)
        for cat in entry.record.categories:
            if cat.label not in seen:
                seen.append(cat.label)
    return seen


def _factors(d: Dossier) -> dict[str, Any] | None:
    """The latest groeidocument factors: per domain what helps and what hinders."""
    found = d.of(Factors)
    if not found:
        return None
    latest = d.corrected(found[-1])
    domains = []
    for key, title in (
        ("child", "Het kind"),
        ("education", "Onderwijs"),
        ("upbringing", "Opvoeding"),
    ):
        domains.append(
            {
                "title": title,
                "supporting": latest[f"{key}_supporting"],
                "hindering": latest[f"{key}_hindering"],
            }
        )
    assert set(FACTOR_FIELDS) <= set(latest)
    return {"date": latest["date"], "domains": domains, "pupil_view": latest["pupil_view"]}


def _tracking(d: Dossier) -> list[dict[str, Any]]:
    """Test results, absence and questionnaires, when the dossier has such records: the
    SDQ with its scores per scale and band, absence with its hours (and a total)."""
    from zorgroute.domain.instruments import sdq_text
    from zorgroute.store.instruments import sdq_config

    out = []
    for kind in TRACKING_KINDS:
        for e in d.kinds(kind):
            rec = e.record
            text = sdq_text(rec, sdq_config(d.loaded.repo)) if isinstance(rec, Sdq) else None
            out.append(
                {"kind": kind, "label": rec.label, "date": rec.date, "text": text or rec.summary()}
            )
    absences = [e.record for e in d.kinds("absence") if isinstance(e.record, Absence)]
    if len(absences) > 1:
        out.append(
            {
                "kind": "absence",
                "label": "verzuim samen",
                "date": max(a.date for a in absences),
                "text": f"{sum(a.unauthorised_hours for a in absences):g} uur ongeoorloofd en "
                f"{sum(a.authorised_hours for a in absences):g} uur geoorloofd verzuim in "
                f"{len(absences)} perioden",
            }
        )
    return sorted(out, key=lambda t: (t["kind"], t["date"]))


def _leerplicht_context(d: Dossier) -> dict[str, Any]:
    """The report to the leerplicht officer: the periods of absence behind it."""
    assert d.record is not None
    rec = d.record.record
    assert isinstance(rec, LeerplichtReport)
    periods = [
        view(e.record)
        for e in d.kinds("absence")
        if isinstance(e.record, Absence)
        and (rec.period_start is None or e.record.end >= rec.period_start)
        and (rec.period_end is None or e.record.start <= rec.period_end)
    ]
    return {
        "report": d.corrected(d.record),
        "periods": periods,
        "threshold_hours": d.config.settings.leerplicht_hours,
        "threshold_weeks": d.config.settings.leerplicht_weeks,
        "conversations": _conversations(d),
    }


def _meeting(d: Dossier, entry: Entry) -> dict[str, Any]:
    """A meeting as the reader may see it: the policy layer left only the confidential
    contributions meant for the reader's forum."""
    rec = entry.record
    assert isinstance(rec, Meeting)
    out = d.corrected(entry)
    out["forum_key"] = rec.forum.value
    out["forum_the"] = forum_phrase(rec.forum)
    out["forum_short"] = forum_phrase(rec.forum, short=True)
    names = {a.name.strip().lower() for a in rec.attendees}
    out["present_adults"] = [a.id for a in d.case.family.adults if a.name.strip().lower() in names]
    return out


def _basis(d: Dossier, forum: Forum) -> dict[str, Any]:
    """The basis to discuss the pupil in `forum` on the day, as the policy layer sees it."""
    verdict = may_discuss(d.history, d.loaded.route, d.config, forum, d.day)
    rec = basis_record(d.history, verdict, d.day)
    out: dict[str, Any] = {
        "valid": verdict.allowed,
        "forum": forum.label,
        "record": None,
        "deadline": None,
    }
    if verdict.allowed and rec is not None:
        out["record"] = view(rec)
        out["date"] = rec.date
        out["basis_key"] = rec.basis.value
        out["given_by"] = d.adult_names(list(rec.given_by))
        out["partners"] = [partner_name(d.config, p) for p in rec.partners]
        if rec.basis == Basis.no_objection_notice:
            period = objection_period_days(d.loaded.route, d.config)
            out["deadline"] = notice_deadline(rec, period)
    return out


def _refusals(d: Dossier) -> list[dict[str, Any]]:
    """Refusals, objections and withdrawals recorded by the document's date."""
    out = []
    for e in d.of(Consent):
        rec = e.record
        assert isinstance(rec, Consent)
        if rec.basis in REFUSALS:
            out.append(
                {
                    "date": rec.date,
                    "basis": rec.basis.label,
                    "forum": forum_phrase(rec.forum),
                    "purposes": [p.label for p in rec.purposes],
                }
            )
    return out


def _partner(config: Config, partner_id: str | None) -> dict[str, Any] | None:
    partner = config.partner(partner_id) if partner_id else None
    if partner is None:
        return None
    out = view(partner)
    out["kind"] = unbracket(partner.kind.label)
    return out


def _help_question(d: Dossier) -> str | None:
    questions = [
        e.record.help_question
        for e in d.of(ZatRegistration) + d.of(CareTeamRegistration)
        if isinstance(e.record, ZatRegistration | CareTeamRegistration)
    ]
    return questions[-1] if questions else None


# --- the context of each document ---------------------------------------------------------


def _zat_context(d: Dossier) -> dict[str, Any]:
    assert d.record is not None
    rec = d.record.record
    assert isinstance(rec, ZatRegistration)
    registrations = [d.corrected(e) for e in d.of(CareTeamRegistration)]
    return {
        "signals": _signals(d),
        "categories": _categories(d),
        "plans": _plans(d),
        "conversations": _conversations(d),
        "external_care": [d.corrected(e) for e in d.of(ExternalCare)],
        "basis": _basis(d, Forum.zat),
        "care_team": registrations[-1] if registrations else None,
        "meetings": [
            _meeting(d, e)
            for e in d.of(Meeting)
            if isinstance(e.record, Meeting) and not e.record.anonymous
        ],
        "factors": _factors(d),
        "tracking": _tracking(d),
        "attachments": list(rec.attachments),
        "skipped": [{"what": rule_label(o.rule), "reason": o.reason} for o in rec.overrides],
    }


def _consent_context(d: Dossier) -> dict[str, Any]:
    assert d.record is not None
    rec = d.record.record
    assert isinstance(rec, Consent)
    partners = []
    for pid in rec.partners:
        partner = d.config.partner(pid)
        partners.append(
            {
                "name": partner.name if partner else pid,
                "kind": unbracket(partner.kind.label) if partner else "",
            }
        )
    consent = d.corrected(d.record)
    period = objection_period_days(d.loaded.route, d.config)
    if rec.basis == Basis.no_objection_notice:
        # the last day to object as the policy counts it, not a date typed before the notice
        consent["objection_deadline"] = notice_deadline(rec, period)
    consent["purposes"] = [p.label for p in rec.purposes]
    consent["forum_key"] = rec.forum.value
    consent["forum_the"] = forum_phrase(rec.forum)
    consent["forum_short"] = forum_phrase(rec.forum, short=True)
    return {
        "consent": consent,
        "partners": partners,
        "signers": signature_lines(d.case, d.facts),
        "objection_days": period,
    }


def _meeting_context(d: Dossier) -> dict[str, Any]:
    assert d.record is not None
    meeting = _meeting(d, d.record)
    act = next(
        (
            a
            for a in d.loaded.route.acts
            if a.record == "meeting"
            and a.forum is not None
            and a.forum.value == meeting["forum_key"]
        ),
        None,
    )
    rec = d.record.record
    assert isinstance(rec, Meeting)
    missing = missing_roles(d.loaded.route, rec)
    youth_care = Decision.youth_care in rec.decisions
    mandated = youth_care and any(
        c.meeting.id == d.record.id and c.valid for c in mandate_checks(d.data(), d.config)
    )
    # the route's conversation with the parents after the meeting; not while the case is
    # handled under the consent exception (nothing goes to the parents then)
    after = act.after[0] if act and act.after and not d.facts.safety.active else None
    return {
        "meeting": meeting,
        "composition": {
            "complete": not missing,
            "missing": [r.label for r in missing],
            "overridden": next((o.reason for o in rec.overrides if o.rule == "composition"), None),
        },
        "mandate": {"youth_care": youth_care, "valid": mandated},
        "after": {
            "contact": after.contact.label,
            "due": d.record.record.date + dt.timedelta(days=after.within_days),
        }
        if after
        else None,
    }


def _doorbraak_context(d: Dossier) -> dict[str, Any]:
    assert d.record is not None
    rec = d.record.record
    assert isinstance(rec, Doorbraak)
    state = derive(d.data(), d.loaded.route, d.config.settings.feedback_days)
    stuck = [s for s in stuck_points(d.data(), d.config, state) if s.reason == rec.reason]
    since = min((s.since for s in stuck), default=None)
    meetings = [
        {"date": e.record.date, "forum": e.record.forum.label}
        for e in d.of(Meeting)
        if isinstance(e.record, Meeting) and not e.record.anonymous
    ]
    return {
        "doorbraak": d.corrected(d.record),
        "stuck": {
            "since": since,
            "days": (rec.date - since).days if since else None,
            "norm": d.loaded.route.norms.stuck_days,
        },
        "meetings": meetings[-3:],
        "help_question": _help_question(d),
        "contact": _person(d.config, Role.ib, Role.zorgcoordinator, Role.zorgspecialist),
    }


def _plan_context(d: Dossier) -> dict[str, Any]:
    assert d.record is not None
    return {"plan": _plan_view(d, d.record)}


def _referral_context(d: Dossier) -> dict[str, Any]:
    assert d.record is not None
    rec = d.record.record
    assert isinstance(rec, Referral)
    referral = d.corrected(d.record)
    referral["destination_key"] = rec.destination.value
    referral["destination_phrase"] = DESTINATION_PHRASE[rec.destination]
    talks = _conversations(d)
    about = [t for t in talks if t["with_parents"] and t["contact"] == ContactKind.referral.label]
    special = rec.destination in SPECIAL_EDUCATION
    return {
        "referral": referral,
        "partner": _partner(d.config, rec.institution),
        "plans": _plans(d),
        "signals": _signals(d),
        "categories": _categories(d),
        "conversations": talks,
        "talked_about_referral": about[-1] if about else None,
        "refusals": _refusals(d),
        "meldcode": is_meldcode(d.config, rec.institution, rec.destination),
        "help_question": _help_question(d),
        "basis": _basis(d, Forum.zat) if special else None,
        "external_care": [d.corrected(e) for e in d.of(ExternalCare)],
        "opp": _opp_view(d, d.of(Opp)[-1]) if d.of(Opp) else None,
        "advice": [_advice_view(e) for e in d.of(ExpertAdvice)],
        "factors": _factors(d),
        "tracking": _tracking(d),
        "request_signature": _request_signature(d) if special else None,
        "zat_advice": _zat_advice(d),
    }


def _zat_advice(d: Dossier) -> list[dict[str, Any]]:
    """What the ZAT decided and advised, when it feeds a referral."""
    out = []
    for e in d.of(Meeting):
        rec = e.record
        assert isinstance(rec, Meeting)
        if rec.forum in (Forum.zat, Forum.mdo) and not rec.anonymous:
            out.append(
                {
                    "date": rec.date,
                    "forum_the": forum_phrase(rec.forum),
                    "decisions": [x.label for x in rec.decisions],
                    "notes": rec.decision_notes,
                }
            )
    return out


def _advice_view(entry: Entry) -> dict[str, Any]:
    rec = entry.record
    assert isinstance(rec, ExpertAdvice)
    out = view(rec)
    out["behavioural"] = rec.expertise in (Expertise.orthopedagoog, Expertise.psycholoog)
    return out


def _request_signature(d: Dossier) -> dict[str, Any]:
    assert d.record is not None
    return _signature_status(d, d.record, SignedDocument.tlv_request, None)


def _opp_view(d: Dossier, entry: Entry) -> dict[str, Any]:
    rec = entry.record
    assert isinstance(rec, Opp)
    out = d.corrected(entry)
    out["agreed_by_names"] = d.adult_names(list(rec.agreed_by))
    out["supporting_text"] = _join(list(rec.supporting))
    out["hindering_text"] = _join(list(rec.hindering))
    out["signature"] = _signature_status(d, entry, SignedDocument.opp, rec.parents_agreed)
    evaluations = []
    for e in d.of(OppEvaluation):
        ev = e.record
        assert isinstance(ev, OppEvaluation)
        if ev.opp == entry.id:
            item = d.corrected(e)
            item["with_parents_names"] = d.adult_names(list(ev.with_parents))
            evaluations.append(item)
    out["evaluations"] = evaluations
    return out


def _opp_context(d: Dossier) -> dict[str, Any]:
    assert d.record is not None
    from zorgroute.domain.due import due_items

    items = due_items(d.data(), d.loaded.route, d.config, d.day)
    return {
        "opp": _opp_view(d, d.record),
        "open_items": [
            i.what
            for i in items
            if i.kind in ("opp_agreement", "opp_evaluation") and i.ref == d.record.id
        ],
        "factors": _factors(d),
    }


def _school_report_context(d: Dossier) -> dict[str, Any]:
    assert d.record is not None
    rec = d.record.record
    assert isinstance(rec, Transfer)
    opps = d.of(Opp)
    return {
        "transfer": d.corrected(d.record),
        "plans": _plans(d),
        "signals": _signals(d),
        "categories": _categories(d),
        "factors": _factors(d),
        "tracking": _tracking(d),
        "opp": _opp_view(d, opps[-1]) if opps else None,
        "external_care": [d.corrected(e) for e in d.of(ExternalCare)],
        "advice": [_advice_view(e) for e in d.of(ExpertAdvice)],
    }


def _conversation_context(d: Dossier) -> dict[str, Any]:
    assert d.record is not None
    rec = d.record.record
    assert isinstance(rec, Conversation)
    talk = d.corrected(d.record)
    talk["contact_key"] = rec.contact.value
    talk["present"] = d.adult_names(list(rec.adults))
    others = [
        p.label for p in rec.participants if p not in (Participant.parents, Participant.pupil)
    ]
    talk["others"] = others
    talk["with_pupil"] = Participant.pupil in rec.participants
    talk["with_parents"] = Participant.parents in rec.participants
    attendees = list(talk["present"])
    if talk["with_parents"] and not rec.adults:
        attendees.insert(0, "de ouders (niet vastgelegd wie)")
    if talk["with_pupil"]:
        attendees.append(d.case.pupil.first_name)
    talk["attendees"] = attendees + others
    return {"conversation": talk}


def _invitation_context(d: Dossier) -> dict[str, Any]:
    contact: ContactKind | None = None
    due = None
    if d.record is not None and isinstance(d.record.record, Meeting):
        ctx = _meeting_context(d)
        act = next(
            (
                a
                for a in d.loaded.route.acts
                if a.record == "meeting" and a.forum == d.record.record.forum and a.after
            ),
            None,
        )
        if act is not None:
            contact = act.after[0].contact
            due = ctx["after"]["due"] if ctx["after"] else None
    elif d.extra.get("contact"):
        try:
            contact = ContactKind(d.extra["contact"])
        except ValueError:
            raise UsageError(
                f"--contact {d.extra['contact']}: onbekend soort gesprek",
                hint="kies uit: " + ", ".join(c.value for c in ContactKind),
            ) from None
    return {
        "purpose": CONTACT_PURPOSE[contact] if contact else "",
        "due": due,
        "when": d.extra.get("when"),
        "place": d.extra.get("place"),
    }


# --- the overview for parents: everything recorded, readable ------------------------------

SKIP_FIELDS = {"kind", "date", "recorded_at", "overrides", "template_version", "files"}
# short, plain labels for the overview to parents (the models' titles are written for the IB)
PLAIN_TITLES = {
    "recorded_by": "Door",
    "observed_by": "Gezien door",
    "initiative": "Wie zag het eerst",
    "settings": "Waar",
    "since": "Hoe lang al",
    "categories": "Soort zorg",
    "description": "Wat is gezien",
    "last_three_months": "In de laatste drie maanden",
    "plan_type": "Soort plan",
    "area": "Waarover",
    "needs": "Wat nodig is",
    "goals": "Doelen",
    "approach": "Aanpak",
    "provisions": "Hulpmiddelen",
    "responsible": "Wie doet het",
    "start": "Begin",
    "end": "Einde",
    "evaluation_date": "Terugkijken op",
    "parents_agreed": "Ouders akkoord op",
    "plan": "Over",
    "outcome": "Uitkomst",
    "what_worked": "Wat hielp",
    "what_did_not": "Wat niet hielp",
    "next_step": "Hoe verder",
    "contact": "Soort gesprek",
    "participants": "Wie waren er",
    "adults": "Welke ouders",
    "discussed": "Waarover",
    "parents_view": "Wat de ouders vinden",
    "pupil_view": "Wat het kind zegt",
    "parents_questions": "Vragen van de ouders",
    "leaflet_given": "Folder gekregen",
    "question_together": "Vraag samen gemaakt",
    "home_situation": "Thuis",
    "basis": "Soort",
    "forum": "Overleg",
    "purposes": "Waarvoor",
    "partners": "Met wie",
    "given_by": "Gegeven door",
    "objection_deadline": "Bezwaar kan tot",
    "shared_documents": "Stukken die mee mogen",
    "triggers": "Waarom",
    "help_question": "De vraag",
    "direct_reason": "Waarom meteen",
    "attendees": "Wie waren er",
    "parents_present": "Ouders erbij",
    "pupil_present": "Kind erbij",
    "question": "De vraag",
    "decisions": "Besluit",
    "decision_notes": "Uitleg",
    "actions": "Afspraken",
    "document": "Document",
    "recipients": "Voor",
    "note": "Uitleg",
}
REFERENCE_FIELDS = {"plan", "refers_to", "supersedes", "referral", "action", "opp"}


def _reference(d: Dossier, record_id: str) -> str:
    """Another record named by what it is and its date, never by its id."""
    entry = d.loaded.data.by_id.get(record_id.split("#")[0])
    if entry is None:
        return "een ander record"
    rec = entry.record
    what = rec.plan_type.label if isinstance(rec, Plan) else rec.label
    return f"{what} van {rd.dutch_date(rec.date)}"


def _field_text(d: Dossier, rec: RecordBase, name: str, value: Any) -> str:
    if name in REFERENCE_FIELDS and isinstance(value, str):
        return _reference(d, value)
    if name in ("given_by", "adults", "agreed_by", "signed_by", "with_parents") and isinstance(
        value, list
    ):
        return rd.dutch_list(d.adult_names(value))
    if name == "partners" and isinstance(value, list):
        return rd.dutch_list(partner_name(d.config, p) for p in value)
    if name == "institution" and isinstance(rec, Referral):
        return partner_name(d.config, str(value))
    if name == "recipients" and isinstance(rec, DocumentRecord):
        return rd.dutch_list(_recipient_words(d, list(value)))
    if name == "document" and isinstance(rec, DocumentRecord):
        spec = DOCUMENTS.get(str(value))
        return spec.title if spec else "een document"
    return _plain(value)


def _recipient_words(d: Dossier, ids: list[str]) -> list[str]:
    out = []
    for rid in ids:
        adult = d.case.family.adult(rid)
        if adult is not None:
            out.append(adult.name)
        elif rid == "leerling":
            out.append(d.case.pupil.first_name)
        elif rid == "leerkracht":
            out.append("de leerkracht")
        elif rid in {f.value for f in Forum}:
            out.append(forum_phrase(Forum(rid)))
        else:
            partner = d.config.partner(rid)
            out.append(partner.name if partner else "de deelnemers")
    return out


def _overview_context(d: Dossier) -> dict[str, Any]:
    """Every record as written, with what a correction changed and what was withdrawn."""
    from zorgroute.model.records import RECORD_LABELS

    data = d.loaded.data
    items = []
    writers = [e.record.recorded_by for e in data.written]
    usual = max(set(writers), key=writers.count) if writers else ""
    seen = {e.id: e for e in d.entries}
    for original in data.written:
        rec = original.record
        if isinstance(rec, Correction | Void) or rec.date > d.day:
            continue
        # what this reader may see of it on the document's day (corrected, confidential
        # contributions filtered); a voided record is shown as written, marked withdrawn
        now = seen.get(original.id)
        current = now.record if now is not None else rec
        corrections = [
            c
            for c in d.loaded.state.corrections.get(original.id, [])
            if _before(c, d.record, d.day) and isinstance(c.record, Correction)
        ]
        fixed: dict[str, Correction] = {}
        for c in corrections:
            assert isinstance(c.record, Correction)
            fixed[c.record.field.split(".")[0]] = c.record
        fields_out = []
        withheld = 0
        for name, info in type(rec).model_fields.items():
            if name in SKIP_FIELDS:
                continue
            value = getattr(rec, name)
            if name == "confidential":
                # the policy layer left out what this reader may not see; say that it did
                withheld = len(value) - len(getattr(current, name))
                continue
            if value is False and name not in fixed:
                continue  # "nee" for every option not chosen is noise
            if name == "recorded_by" and value == usual:
                continue  # said once, above the list
            text = _field_text(d, rec, name, value)
            new_text = _field_text(d, current, name, getattr(current, name, None))
            if not text and not (name in fixed and new_text):
                continue
            title = PLAIN_TITLES.get(name, info.title or name)
            item: dict[str, Any] = {
                "title": title,
                "value": text or "(niet ingevuld)",
                "superseded": False,
            }
            if name in fixed and new_text != text:
                corr = fixed[name]
                item.update(
                    superseded=True,
                    new=new_text or "(leeg)",
                    corrected_on=corr.date,
                    reason=corr.reason,
                    value_stop=full_stop(text or "(niet ingevuld)"),
                    new_stop=full_stop(new_text or "(leeg)"),
                )
            fields_out.append(item)
        skipped = [o.reason for o in rec.overrides]
        kind = (
            rec.plan_type.label
            if isinstance(rec, Plan)
            else RECORD_LABELS.get(rec.kind, "gegevens")
        )
        void = data.voided.get(original.id)
        void_rec = void.record if void is not None else None
        items.append(
            {
                "date": rec.date,
                "kind": kind,
                "fields": fields_out,
                "withheld": withheld,
                "corrected": bool(fixed),
                "skipped": skipped,
                "voided": void_rec.date if isinstance(void_rec, Void) else None,
                "void_reason": void_rec.reason if isinstance(void_rec, Void) else None,
            }
        )
    return {"items": items, "usual_writer": usual}


def full_stop(text: str) -> str:
    """A text as a sentence: a full stop at the end unless it has one."""
    text = text.rstrip()
    return text if text[-1:] in ".!?:" else text + "."


def _join(texts: list[str]) -> str:
    """List items on one line: sentences side by side, short items with semicolons."""
    texts = [t for t in texts if t]
    if texts and all(t.rstrip()[-1:] in ".!?" for t in texts):
        return " ".join(texts)
    return "; ".join(texts)


def _plain(value: Any) -> str:
    """A value as one readable Dutch text, for the overview."""
    if value is None or value == [] or value == "":
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, Vocab):
        return value.label
    if isinstance(value, dt.datetime | dt.date):
        return rd.dutch_date(value)
    if isinstance(value, Attendee):
        return f"{value.name} ({value.function})"
    if isinstance(value, ActionItem):
        return f"{value.owner} {value.description} (uiterlijk {rd.dutch_date(value.due)})"
    if isinstance(value, Signoff):
        return f"{value.name}, op {rd.dutch_date(value.date)}"
    if isinstance(value, Concerns):
        titles = [
            str(info.title).lower()
            for name, info in Concerns.model_fields.items()
            if getattr(value, name)
        ]
        return rd.dutch_list(titles)
    if isinstance(value, ConfidentialNote | ProducedFile | Override):
        return ""
    if isinstance(value, BaseModel):
        parts = []
        for name, info in type(value).model_fields.items():
            text = _plain(getattr(value, name))
            if text and text != "nee":
                parts.append(f"{str(info.title or name).lower()} {text}")
        return "; ".join(parts)
    if isinstance(value, list | tuple):
        return _join([_plain(v) for v in value])
    return str(value)


# --- the catalogue ----------------------------------------------------------------------------


Audience = Literal[
    "letters",
    "letters+pupil",
    "letters+teacher",
    "forum",
    "institution",
    "signers",
    "school",
    "table",
    "leerplicht",
]


def R(
    name: str, when: dict[str, list[str]] | None = None, fixed: bool = False, **params: Any
) -> RuleRef:
    """A rule reference, as a route file writes it; `fixed`: cannot be skipped."""
    return RuleRef(rule=name, params=params, when=when or {}, overridable=not fixed)


SPECIAL = {"destination": [d.value for d in SPECIAL_EDUCATION]}


@dataclass(frozen=True)
class Spec:
    """One document: its template, what record it is about, what it requires (rule
    references, judged like a step's) and who receives it."""

    name: str
    title: str
    record: str | None  # kind of record it is about; None = the whole dossier
    audience: Audience
    context: Callable[[Dossier], dict[str, Any]]
    applies: Callable[[RecordBase], bool] = lambda r: True
    facts: bool = False  # does a parent without authority who asked get it (facts only)?
    optional: bool = False  # can be made without a record (an invitation)
    requires: tuple[RuleRef, ...] = ()

    @property
    def template(self) -> str:
        return f"{self.name}.md"

    @property
    def to_parents(self) -> bool:
        return self.audience.startswith("letters")


def _is_basis(basis: Basis) -> Callable[[RecordBase], bool]:
    return lambda r: isinstance(r, Consent) and r.basis == basis


def _forum_of(d: Dossier) -> Forum | None:
    if d.record is not None and isinstance(d.record.record, Meeting):
        return d.record.record.forum
    return None


# Why a document went to no one (the policy layer named no recipient on its day).
NOBODY = (
    "op die dag mag niemand dit document krijgen, bijvoorbeeld omdat geen ouder met gezag "
    "benaderd mag worden of omdat het dossier onder de uitzondering voor de veiligheid van "
    "het kind valt"
)

DOCUMENTS: dict[str, Spec] = {
    s.name: s
    for s in [
        Spec(
            "zat-registration",
            "Aanmeldformulier ZAT",
            "zat_registration",
            "forum",
            _zat_context,
            requires=(
                R("contact_person"),
                R("basis_for_discussion", forum="zat"),
                R("attachments_shared", forum="zat"),
                R("tried_with_results"),
                R("conversation_before", contact="before_zat", parents_view=True),
            ),
        ),
        Spec(
            "consent-form",
            "Toestemmingsverklaring",
            "consent",
            "signers",
            _consent_context,
            _is_basis(Basis.written_consent),
        ),
        Spec(
            "objection-notice",
            "Kennisgeving met bezwaartermijn",
            "consent",
            "letters+pupil",
            _consent_context,
            _is_basis(Basis.no_objection_notice),
        ),
        Spec(
            "invitation",
            "Uitnodiging voor een gesprek",
            "meeting",
            "letters",
            _invitation_context,
            lambda r: isinstance(r, Meeting) and not r.anonymous and not r.parents_present,
            optional=True,
        ),
        Spec(
            "conversation-report",
            "Verslag van een gesprek",
            "conversation",
            "letters",
            _conversation_context,
        ),
        Spec(
            "meeting-report",
            "Verslag van het overleg",
            "meeting",
            "forum",
            _meeting_context,
        ),
        Spec(
            "feedback-letter",
            "Terugkoppeling na het overleg",
            "meeting",
            "letters+teacher",
            _meeting_context,
            lambda r: isinstance(r, Meeting) and not r.anonymous,
            facts=True,
        ),
        Spec(
            "action-plan",
            "Handelingsplan",
            "plan",
            "signers",
            _plan_context,
            lambda r: isinstance(r, Plan) and r.plan_type != PlanType.group_plan,
        ),
        Spec(
            "referral-letter",
            "Verwijsbrief",
            "referral",
            "institution",
            _referral_context,
            lambda r: isinstance(r, Referral) and r.destination not in SPECIAL_EDUCATION,
            requires=(
                R("contact_person"),
                R("known_partner"),
                R("local_team_of_home_municipality", when={"destination": ["youth_care"]}),
            ),
        ),
        Spec(
            "referral-dossier",
            "Aanvraag toelaatbaarheidsverklaring (TLV)",
            "referral",
            "institution",
            _referral_context,
            lambda r: isinstance(r, Referral) and r.destination in SPECIAL_EDUCATION,
            requires=(
                R("contact_person"),
                R("known_partner"),
                R("handelingsverlegenheid", when=SPECIAL),
                R("directeur_signoff", when=SPECIAL),
                R("tlv_parts", when=SPECIAL, fixed=True),  # an incomplete request is never sent
            ),
        ),
        Spec(
            "opp",
            "Ontwikkelingsperspectiefplan (OPP)",
            "opp",
            "signers",
            _opp_context,
        ),
        Spec(
            "school-report",
            "Onderwijskundig rapport",
            "transfer",
            "school",
            _school_report_context,
            requires=(R("contact_person"),),
        ),
        Spec(
            "doorbraak",
            "Voorlegging aan de doorbraaktafel",
            "doorbraak",
            "table",
            _doorbraak_context,
            lambda r: isinstance(r, Doorbraak) and not r.outcome,
            requires=(R("contact_person"), R("basis_for_table", fixed=True)),
        ),
        Spec(
            "leerplicht-report",
            "Melding van verzuim aan de leerplichtambtenaar",
            "leerplicht_report",
            "leerplicht",
            _leerplicht_context,
            requires=(R("contact_person"),),
        ),
        Spec(
            "parents-overview",
            "Overzicht van wat is vastgelegd",
            None,
            "letters",
            _overview_context,
        ),
    ]
}


def policy_spec(spec: Spec, d: Dossier) -> DocumentSpec:
    """What the policy layer must know of this document to say who receives it."""
    rec = d.record.record if d.record is not None else None
    if spec.audience.startswith("letters"):
        return DocumentSpec(
            "family",
            facts_for_others=spec.facts,
            pupil_who_consents=spec.audience == "letters+pupil",
            teacher=spec.audience == "letters+teacher",
        )
    if spec.audience == "forum":
        meeting = rec if isinstance(rec, Meeting) else None
        return DocumentSpec(
            "forum",
            forum=meeting.forum if meeting else Forum.zat,
            anonymous=bool(meeting and meeting.anonymous),
        )
    if spec.audience == "institution" and isinstance(rec, Referral):
        return DocumentSpec(
            "institution",
            partner=rec.institution,
            purposes=tuple(rec.purposes),
            destination=rec.destination,
        )
    if spec.audience in ("signers", "school", "table"):
        return DocumentSpec(spec.audience)
    if spec.audience == "leerplicht":
        officer = rec.officer if isinstance(rec, LeerplichtReport) else None
        return DocumentSpec("leerplicht", partner=officer or LEERPLICHT)
    return DocumentSpec("institution")  # no partner: nobody


def _address_of(adult: Adult, case: Case) -> str | None:
    return adult.address or case.pupil.address


def _family_addressees(d: Dossier, found: list[Recipient], mode: LetterMode) -> list[Addressee]:
    """Letters to the recipients the policy named: parents at one address together (or each,
    or together on request), a letter of their own for the pupil, the important facts for a
    parent without authority who asked, a copy for the teacher."""
    case = d.case
    full = [
        (r, a)
        for r in found
        if r.kind == "adult" and not r.facts_only
        if (a := case.family.adult(r.id)) is not None
    ]
    together = len(full) > 1 and (
        mode == "together" or mode == "auto" and len({_address_of(a, case) for _, a in full}) == 1
    )
    out: list[Addressee] = []
    if together:
        names = tuple(a.name for _, a in full)
        out.append(
            Addressee(
                "parents",
                tuple(a.id for _, a in full),
                names,
                f"Beste {rd.dutch_list(names)},",
                full[0][0],
                _address_of(full[0][1], case),
                file_id="ouders",
                two=True,
            )
        )
    else:
        out += [
            Addressee(
                "parent",
                (a.id,),
                (a.name,),
                f"Beste {a.name},",
                r,
                _address_of(a, case),
                file_id=a.id,
            )
            for r, a in full
        ]
    pupil = case.pupil
    for r in found:
        if r.kind == "pupil":
            out.append(
                Addressee(
                    "pupil",
                    ("leerling",),
                    (pupil.full_name,),
                    f"Beste {pupil.first_name},",
                    r,
                    pupil.address,
                    file_id="leerling",
                )
            )
    for r in found:
        adult = case.family.adult(r.id) if r.kind == "adult" and r.facts_only else None
        if adult is not None:
            out.append(
                Addressee(
                    "parent",
                    (adult.id,),
                    (adult.name,),
                    f"Beste {adult.name},",
                    r,
                    _address_of(adult, case),
                    facts_only=True,
                    file_id=adult.id,
                )
            )
    for r in found:
        if r.kind == "teacher":
            out.append(
                Addressee(
                    "teacher",
                    ("leerkracht",),
                    (f"leerkracht van groep {pupil.group}",),
                    "Beste collega,",
                    r,
                    file_id="leerkracht",
                )
            )
    return out


def _addressees(spec: Spec, d: Dossier, mode: LetterMode) -> list[Addressee]:
    """Whom the copies of this document are addressed to: asked of the policy layer
    (`policy.recipients`) for the document's date, then put on envelopes."""
    case = d.case
    found = recipients(d.history, d.loaded.route, d.config, policy_spec(spec, d), d.day)
    if not found:
        return []
    if spec.audience.startswith("letters"):
        return _family_addressees(d, found, mode)
    if spec.audience == "signers":
        # one envelope for all who sign and may receive it, when they live at one address
        names, ids, homes = [], [], set()
        for r in found:
            adult = case.family.adult(r.id) if r.kind == "adult" else None
            if adult is not None:
                names.append(adult.name)
                homes.add(_address_of(adult, case))
            elif r.kind == "pupil":
                names.append(case.pupil.full_name)
                homes.add(case.pupil.address)
            ids.append(r.id)
        address = homes.pop() if len(homes) == 1 else None
        return [Addressee("signers", tuple(ids), tuple(names), "", found[0], address)]
    (reader,) = found
    if reader.kind == "forum" and reader.forum is not None:
        return [Addressee("forum", (reader.id,), (reader.forum.label,), "", reader)]
    rec = d.record.record if d.record else None
    if reader.kind == "table":
        name = rec.table if isinstance(rec, Doorbraak) else "de doorbraaktafel"
        return [Addressee("table", ("tafel",), (name,), "", reader, file_id="tafel")]
    if reader.kind == "leerplicht":  # a legal duty: no consent needed (Leerplichtwet)
        partner = d.config.partner(reader.id)  # the officer may be named by a partner's id
        return [
            Addressee(
                "institution",
                (reader.id,),
                (partner.name if partner else reader.id,),
                "Geachte heer, mevrouw,",
                reader,
                partner.contact.address if partner else None,
            )
        ]
    if reader.kind == "school":
        name = rec.to_school if isinstance(rec, Transfer) else "de nieuwe school"
        return [Addressee("school", ("school",), (name,), "", reader)]
    partner = d.config.partner(reader.id)
    return [
        Addressee(
            "institution",
            (reader.id,),
            (partner.name if partner else reader.id,),
            "Geachte heer, mevrouw,",
            reader,
            partner.contact.address if partner else None,
        )
    ]


# --- judging and rendering -----------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    """One document for one recipient, in the requested formats."""

    spec: Spec
    recipient: Addressee
    files: dict[str, str | bytes]
    template_version: str

    def file_names(self, day: dt.date, suffix: str) -> dict[str, str]:
        stem = "-".join(
            p for p in (day.isoformat(), self.spec.name, self.recipient.file_id, suffix) if p
        )
        return {fmt: f"{stem}.{fmt}" for fmt in self.files}


def document_day(loaded: Loaded, record: Entry | None, today: dt.date) -> dt.date:
    """The date a document speaks for: its record's date; for the whole dossier the date of
    its latest record (documents made from it do not count), never after today."""
    if record is not None:
        return record.record.date
    dates = [e.record.date for e in loaded.data.entries if not isinstance(e.record, DocumentRecord)]
    return min(max(dates), today) if dates else today


def _history(loaded: Loaded, day: dt.date, record: Entry | None) -> CaseData:
    """The case as it stood when `record` was made (on `day`): later records, and records
    of the same day written after it, did not exist yet."""
    entries = list(loaded.data.entries)
    if record is not None and record.id == NEW:
        entries.append(record)
    entries = [e for e in entries if _before(e, record, day)]
    return CaseData(loaded.case, loaded.data.path, tuple(entries), {e.id: e for e in entries})


def _dossier(
    loaded: Loaded, day: dt.date, record: Entry | None, extra: dict[str, str] | None = None
) -> Dossier:
    """The case on the document's day, before a reader is known (to ask whom it goes to)."""
    history = _history(loaded, day, record)
    known = facts(history, loaded.route, day)
    return Dossier(loaded, day, history, list(history.entries), record, known, None, extra or {})


def read_as(d: Dossier, reader: Recipient) -> Dossier:
    """The dossier as `reader` may see it (`policy.visible`): corrections applied,
    confidential contributions only where they may go."""
    entries = visible(d.history, reader, d.day)
    record = d.record
    if record is not None:
        record = next((e for e in entries if e.id == record.id), record)
    return Dossier(d.loaded, d.day, d.history, entries, record, d.facts, reader, dict(d.extra))


def blockers(loaded: Loaded, spec: Spec, day: dt.date, record: Entry | None) -> list[Blocker]:
    """What keeps a document from being made, judged by the rule engine of the steps on the
    dossier as it stood on `day`. Rules the step overrode with a reason stay overridden."""
    if not spec.requires:
        return []
    data = _history(loaded, day, record)
    state = derive(data, loaded.route, loaded.repo.config.settings.feedback_days)
    draft = record.record if record is not None else None
    ctx = Context(data, state, loaded.route, loaded.repo.config, day, draft, None)
    found = evaluate(ctx, list(spec.requires))
    lifted = {o.rule for o in draft.overrides} if draft is not None else set()
    return [b for b in found if not (b.overridable and b.rule in lifted)]


def _refusal(loaded: Loaded, spec: Spec, record: Entry | None, found: list[Blocker]) -> RuleRefused:
    where = loaded.repo.rel(Path(record.path)) if record is not None and record.id != NEW else ""
    path = where or loaded.repo.rel(Path(loaded.data.path))
    problems = [Problem(path, 0, 0, spec.name, b.message, b.rule, b.fix) for b in found]
    return RuleRefused(
        f"'{spec.title}' kan nog niet worden gemaakt; er is niets vastgelegd",
        problems,
        hint="vul het dossier aan met de genoemde opdrachten",
    )


def find_spec(name: str) -> Spec:
    spec = DOCUMENTS.get(name)
    if spec is None:
        raise UsageError(f"onbekend document '{name}'", hint="kies uit: " + ", ".join(DOCUMENTS))
    return spec


def render_spec(
    loaded: Loaded,
    spec: Spec,
    day: dt.date,
    record: Entry | None,
    *,
    formats: tuple[str, ...] = FORMATS,
    letters: LetterMode = "auto",
    only: tuple[str, ...] = (),
    extra: dict[str, str] | None = None,
) -> list[Rendered]:
    """Render one document for each of its recipients, as of the date of its record
    (`day` is today: it only dates a document about the whole dossier or an invitation
    without a record)."""
    if "pdf" in formats and not rd.pdf_available():
        raise rd.PDF_MISSING
    day = document_day(loaded, record, day)
    found = blockers(loaded, spec, day, record)
    if found:
        raise _refusal(loaded, spec, record, found)
    d = _dossier(loaded, day, record, extra)
    if only and letters == "auto":
        letters = "each"  # a letter for one person named with --to is theirs alone
    addressees = _addressees(spec, d, letters)
    if only:
        unknown = [o for o in only if not any(o in r.ids for r in addressees)]
        if unknown:
            allowed = sorted({i for r in addressees for i in r.ids})
            raise UsageError(
                f"--to {', '.join(unknown)}: krijgt dit document niet",
                hint="ontvangers van dit document: " + (", ".join(allowed) or "-"),
            )
        addressees = [r for r in addressees if set(r.ids) & set(only)]
    if not addressees:
        return []
    repo = loaded.repo
    templates = rd.Templates(repo.root / "templates")
    env = rd.make_environment(templates)
    info = templates.find(spec.template)
    if info is None:
        raise UsageError(
            f"sjabloon {spec.template} ontbreekt",
            hint="zet het terug in templates/ of installeer zorgroute opnieuw",
        )
    html_info = templates.find(f"{spec.name}.html")
    logo = rd.logo_data_uri(repo.root, repo.config.letterhead.logo) if "html" in formats else None
    meta = (
        rd.document_meta(repo.root, repo.config, spec.title, day)
        if set(formats) & {"pdf", "docx", "odt"}
        else None
    )
    out = []
    for recipient in addressees:
        seen = read_as(d, recipient.reader)
        context = {
            **_base_context(seen),
            **spec.context(seen),
            "recipient": recipient.view(),
            "doc": {"name": spec.name, "title": spec.title},
        }
        files: dict[str, str | bytes] = {}
        markdown = rd.render_template(env, spec.template, rd.md_safe(context))
        if recipient.kind in ("parent", "parents", "pupil"):
            markdown = explain_words(env, markdown, rd.md_safe(context))
        if "md" in formats:
            head = rd.render_template(env, "_letterhead.md", rd.md_safe(context))
            files["md"] = head + rd.drop_fence(markdown, "address")
        if "html" in formats:
            from markupsafe import Markup

            if html_info is not None:
                body = Markup(rd.render_template(env, html_info.name, context))
            else:
                body = Markup(rd.md_to_html(markdown))
            files["html"] = rd.render_template(
                env, "_layout.html", {**context, "body": body, "logo": logo, "title": spec.title}
            )
        if meta is not None:
            files.update(rd.binary_formats(markdown, meta, formats))
        out.append(Rendered(spec, recipient, files, info.version))
    return out


def explain_words(env: Any, markdown: str, context: dict[str, Any]) -> str:
    """Explain the jargon a letter to parents or a pupil uses: in the running text after
    its first use (`documents.words`), and in a list at the end for a word that appears
    only in a heading, the subject line or a table."""
    from zorgroute.documents.words import explain

    text, rest = explain(markdown)
    if not rest:
        return text
    words = [{"word": w.word, "meaning": w.meaning} for w in rest]
    return (
        text.rstrip("\n")
        + "\n\n"
        + rd.render_template(env, "_words.md", {**context, "words": words})
    )


def produced(loaded: Loaded, rendered: list[Rendered], day: dt.date, by: str) -> list[Produced]:
    """File paths in the case's documents/ folder, and a DocumentRecord for each document."""
    folder = loaded.repo.case_dir(loaded.case.id) / DOCUMENTS_DIR
    out = []
    for item in rendered:
        names = item.file_names(day, new_id(4))
        files: list[tuple[Path, str | bytes]] = []
        listed = []
        for fmt, content in item.files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            files.append((folder / names[fmt], content))
            listed.append(
                ProducedFile(
                    path=f"{DOCUMENTS_DIR}/{names[fmt]}", sha256=hashlib.sha256(data).hexdigest()
                )
            )
        record = DocumentRecord(
            date=day,
            recorded_by=by,
            recorded_at=now(day),
            document=item.spec.name,
            template_version=item.template_version,
            recipients=list(item.recipient.ids),
            files=listed,
        )
        out.append(Produced(files, record))
    return out


def documents_for_act(loaded: Loaded, act: Act, record: RecordBase, day: dt.date) -> list[Produced]:
    """The documents a step produces, judged and rendered before anything is written (the
    hook of `engine.perform`). A document's rules are part of the step's verdict: what one
    of them misses refuses the step, in the same words as the step's own rules."""
    formats: tuple[str, ...] = DEFAULT_FORMATS if rd.pdf_available() else ("md", "html")
    entry = Entry(NEW, "(dit nieuwe record)", record)
    specs = [
        spec
        for name in act.documents
        if (spec := DOCUMENTS.get(name)) is not None and spec.applies(record)
    ]
    found: list[Blocker] = []
    for spec in specs:
        for b in blockers(loaded, spec, day, entry):
            if not any(b == f for f in found):
                found.append(b)
    if found:
        raise refuse(Verdict(act, found), loaded.case.id)
    out: list[Produced] = []
    for spec in specs:
        rendered = render_spec(loaded, spec, day, entry, formats=formats)
        out += produced(loaded, rendered, day, record.recorded_by)
    return out


def pick_record(
    loaded: Loaded, spec: Spec, record_id: str | None, standalone: bool = False
) -> Entry | None:
    """The record a document is about: the one named, or the latest that fits."""
    if spec.record is None or (spec.optional and standalone and not record_id):
        return None
    if record_id:
        entry = loaded.data.by_id.get(record_id)
        if entry is None:
            raise UsageError(
                f"record {record_id} bestaat niet in dit dossier",
                hint="'zorgroute show' toont de records",
            )
        if entry.kind != spec.record or not spec.applies(entry.record):
            raise UsageError(
                f"record {record_id} past niet bij het document '{spec.name}'",
                hint=f"dit document hoort bij een record van soort {spec.record}",
            )
        return entry
    fitting = [e for e in loaded.data.entries if e.kind == spec.record and spec.applies(e.record)]
    if not fitting and spec.optional:
        return None
    if not fitting:
        raise UsageError(
            f"er is nog geen record waar '{spec.title}' over gaat",
            hint=f"leg eerst een record van soort {spec.record} vast",
        )
    return fitting[-1]


def template_list(loaded_root: Path) -> list[rd.TemplateInfo]:
    return rd.Templates(loaded_root / "templates").all()


__all__ = [
    "DOCUMENTS",
    "Addressee",
    "Rendered",
    "blockers",
    "document_day",
    "documents_for_act",
    "find_spec",
    "pick_record",
    "produced",
    "render_spec",
]
