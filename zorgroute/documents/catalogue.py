"""The documents of the route: what each needs, whom it goes to, built from the dossier.

`documents_for_act` is the hook the step commands call after the rules pass: it judges the
documents the route lists for the act (`documents:` in the route file) by the rules each
document declares (`Spec.requires`, evaluated by `domain.rules.evaluate`, the same engine as
the steps), renders them and returns the files plus one `DocumentRecord` per document.
`render_spec` is the same pipeline for `zorgroute render`.

Documents ask, they do not decide: whom a document goes to and what it may show comes from
`documents.asks` (the policy layer). Everything is evaluated as of the date of the record a
document is about: the pupil's age, who signs, which records existed by then. A template
gets a filtered view, never raw records, and a sentence that states a fact (parents
informed, present, agreed, signed) is only printed when a record in that view proves it.
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
from zorgroute.documents.asks import (
    Facts,
    LetterMode,
    Recipient,
    address_of,
    facts,
    letter_recipients,
    may_discuss,
    partner_name,
    signers,
    visible_adults,
)
from zorgroute.domain.engine import Loaded, Produced, Verdict, refuse
from zorgroute.domain.rules import Blocker, Context, evaluate
from zorgroute.domain.state import derive
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
    ZatRegistration,
)
from zorgroute.model.route import Act, RuleRef
from zorgroute.model.vocab import (
    SPECIAL_EDUCATION,
    Basis,
    ContactKind,
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
from zorgroute.store.repo import DOCUMENTS_DIR, CaseData, Entry, new_id

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
# words a parent may not know, explained under every letter to parents or pupil that uses them
GLOSSARY = (
    ("ZAT", "zorg- en adviesteam: mensen van buiten de school die met ons meedenken"),
    ("MDO", "multidisciplinair overleg: een overleg met mensen met verschillende kennis"),
    ("SMW", "schoolmaatschappelijk werk: hulp voor kind en ouders bij zorgen thuis of op school"),
    ("JGZ", "jeugdgezondheidszorg: de jeugdarts en de jeugdverpleegkundige"),
    ("GGD", "de gemeentelijke gezondheidsdienst"),
    ("GGZ", "geestelijke gezondheidszorg: hulp bij psychische problemen"),
    ("SWV", "samenwerkingsverband: de scholen in de regio die samen zorgen voor passend onderwijs"),
    ("TLV", "toelaatbaarheidsverklaring: nodig om naar het speciaal onderwijs te gaan"),
    ("SBO", "speciaal basisonderwijs: een basisschool met kleinere groepen en meer hulp"),
    ("SO", "speciaal onderwijs: een school voor kinderen die veel extra hulp nodig hebben"),
    ("VSO", "voortgezet speciaal onderwijs"),
    ("OPP", "ontwikkelingsperspectiefplan: een plan met het verwachte eindniveau en de hulp"),
    ("IB", "intern begeleider: de collega die de extra hulp op school regelt"),
    ("AVI", "een manier om het leesniveau te meten"),
    ("RALFI", "een manier van samen hardop lezen om vlotter te leren lezen"),
    ("inbrenger", "degene die de vraag in het overleg inbrengt"),
    ("lichte ambulante hulp", "korte hulp van een hulpverlener, op school of thuis"),
    ("handelingsplan", "een plan voor een paar weken met doelen en de aanpak"),
)


def forum_phrase(forum: Forum, short: bool = False) -> str:
    return (FORUM_SHORT if short else FORUM_THE)[forum]


def unbracket(text: str) -> str:
    """'jeugdgezondheidszorg (GGD)' -> 'jeugdgezondheidszorg, GGD': no brackets in brackets."""
    return re.sub(r"\s*\(([^()]*)\)", r", \1", text)


def glossary(text: str) -> list[dict[str, str]]:
    """The words of GLOSSARY that a text uses, in the order of first use."""
    found = []
    for word, meaning in GLOSSARY:
        m = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)
        if m:
            found.append((m.start(), word, meaning))
    return [{"word": w, "meaning": mng} for _, w, mng in sorted(found)]


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


@dataclass
class Dossier:
    """What a document may draw on: one case as it stood on the date of its record."""

    loaded: Loaded
    day: dt.date
    entries: list[Entry]
    record: Entry | None
    facts: Facts
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def case(self) -> Case:
        return self.loaded.case

    @property
    def config(self) -> Config:
        return self.loaded.repo.config

    def of(self, kind: type[RecordBase]) -> list[Entry]:
        return [e for e in self.entries if isinstance(e.record, kind)]

    def kinds(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]

    def data(self) -> CaseData:
        return CaseData(
            self.case, self.loaded.data.path, tuple(self.entries), {e.id: e for e in self.entries}
        )

    def corrected(self, entry: Entry) -> dict[str, Any]:
        """A record's view with the corrections made by the document's date applied."""
        out = view(entry.record)
        out["corrections"] = []
        for corr in self.loaded.state.corrections.get(entry.id, []):
            rec = corr.record
            assert isinstance(rec, Correction)
            if rec.field in out and _before(corr, self.record, self.day):
                out["corrections"].append(
                    {"field": rec.field, "old": out[rec.field], "new": rec.value, "date": rec.date}
                )
                out[rec.field] = rec.value
        return out

    def adult_names(self, ids: list[str]) -> list[str]:
        out = []
        for adult_id in ids:
            if adult_id == "pupil":
                out.append(f"{self.case.pupil.first_name} (leerling)")
                continue
            adult = self.case.family.adult(adult_id)
            if adult is not None:
                out.append(f"{adult.name} ({adult.relation.label})")
        return out


def _person(config: Config, *roles: Role) -> dict[str, Any] | None:
    for role in roles:
        person = config.person(role)
        if person is not None:
            return {**view(person), "role": role.label}
    return None


def _adult_view(adult: Adult) -> dict[str, Any]:
    out = view(adult)
    out["relation"] = adult.relation.label
    if not adult.may_contact:
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
            "custody": case.family.custody.label,
            "custody_notes": case.family.custody_notes,
            "adults": [_adult_view(a) for a in visible_adults(case, d.facts)],
            "kept_out": len(d.facts.refused_adults),
            "adult_pupil": d.facts.adult,
        },
        "facts": {
            "age": d.facts.age,
            "under_exception": d.facts.under_exception,
            "pupil_alone": d.facts.alone,
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


def _signature_status(
    d: Dossier, entry: Entry, document: SignedDocument, agreed: dt.date | None
) -> dict[str, Any]:
    """Who must sign (by age on the record's date), who has signed and when: the signature
    block prints exactly this, so a signed date never stands above an empty line."""
    f = facts(d.data(), d.loaded.route, entry.record.date)
    needed = signers(d.case, f)
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


def _meeting(d: Dossier, entry: Entry, forum: Forum | None) -> dict[str, Any]:
    """A meeting as one audience may see it: confidential notes only for their forums."""
    rec = entry.record
    assert isinstance(rec, Meeting)
    out = d.corrected(entry)
    out["confidential"] = (
        [view(n) for n in rec.confidential if forum in n.forums] if forum is not None else []
    )
    out["forum_key"] = rec.forum.value
    out["forum_the"] = forum_phrase(rec.forum)
    out["forum_short"] = forum_phrase(rec.forum, short=True)
    names = {a.name.strip().lower() for a in rec.attendees}
    out["present_adults"] = [a.id for a in d.case.family.adults if a.name.strip().lower() in names]
    return out


def _basis(d: Dossier, forum: Forum) -> dict[str, Any]:
    result = may_discuss(d.data(), d.loaded.route, forum, d.day)
    out: dict[str, Any] = {"valid": result.valid, "forum": forum.label, "record": None}
    if result.basis is not None:
        rec = result.basis.record
        assert isinstance(rec, Consent)
        out["record"] = d.corrected(result.basis)
        out["date"] = rec.date
        out["basis_key"] = rec.basis.value
        out["given_by"] = d.adult_names(list(rec.given_by))
        out["partners"] = [partner_name(d.config, p) for p in rec.partners]
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
            _meeting(d, e, Forum.zat)
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
    consent["purposes"] = [p.label for p in rec.purposes]
    consent["forum_key"] = rec.forum.value
    consent["forum_the"] = forum_phrase(rec.forum)
    consent["forum_short"] = forum_phrase(rec.forum, short=True)
    return {
        "consent": consent,
        "partners": partners,
        "signers": signers(d.case, d.facts),
        "objection_days": d.config.settings.objection_period_days,
    }


def _meeting_context(d: Dossier, forum: Forum | None) -> dict[str, Any]:
    assert d.record is not None
    meeting = _meeting(d, d.record, forum)
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
    after = act.after[0] if act and act.after else None
    return {
        "meeting": meeting,
        "after": {
            "contact": after.contact.label,
            "due": d.record.record.date + dt.timedelta(days=after.within_days),
        }
        if after
        else None,
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
        "meldcode": rec.destination == Destination.veilig_thuis,
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
    from zorgroute.domain.forms import opp_open_items

    items = opp_open_items(d.data(), d.day)
    return {
        "opp": _opp_view(d, d.record),
        "open_items": [i.message for i in items if i.record_id == d.record.id],
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
        ctx = _meeting_context(d, None)
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
    from zorgroute.model.records import RECORD_LABELS

    items = []
    writers = [e.record.recorded_by for e in d.entries]
    usual = max(set(writers), key=writers.count) if writers else ""
    for entry in d.entries:
        rec = entry.record
        if isinstance(rec, Correction):
            continue
        fields_out = []
        corrections = [
            c
            for c in d.loaded.state.corrections.get(entry.id, [])
            if _before(c, d.record, d.day) and isinstance(c.record, Correction)
        ]
        fixed = {c.record.field: c.record for c in corrections if isinstance(c.record, Correction)}
        withheld = 0
        for name, info in type(rec).model_fields.items():
            if name in SKIP_FIELDS:
                continue
            value = getattr(rec, name)
            if name == "confidential":
                withheld = len(value)
                continue
            if value is False:
                continue  # "nee" for every option not chosen is noise
            if name == "recorded_by" and value == usual:
                continue  # said once, above the list
            text = _field_text(d, rec, name, value)
            if not text:
                continue
            title = PLAIN_TITLES.get(name, info.title or name)
            item: dict[str, Any] = {"title": title, "value": text, "superseded": False}
            if name in fixed:
                corr = fixed[name]
                item.update(
                    superseded=True,
                    new=corr.value,
                    corrected_on=corr.date,
                    reason=corr.reason,
                    value_stop=full_stop(text),
                    new_stop=full_stop(corr.value),
                )
            fields_out.append(item)
        skipped = [o.reason for o in rec.overrides]
        kind = (
            rec.plan_type.label
            if isinstance(rec, Plan)
            else RECORD_LABELS.get(rec.kind, "gegevens")
        )
        items.append(
            {
                "date": rec.date,
                "kind": kind,
                "fields": fields_out,
                "withheld": withheld,
                "corrected": bool(fixed),
                "skipped": skipped,
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
            lambda d: _meeting_context(d, _forum_of(d)),
        ),
        Spec(
            "feedback-letter",
            "Terugkoppeling na het overleg",
            "meeting",
            "letters+teacher",
            lambda d: _meeting_context(d, None),
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


def _recipients(spec: Spec, d: Dossier, mode: LetterMode) -> list[Recipient]:
    case = d.case
    data = d.data()
    if spec.audience in ("letters", "letters+teacher", "letters+pupil"):
        out = letter_recipients(data, d.facts, mode, spec.facts)
        pupil_reads = spec.audience == "letters+pupil" and d.facts.consenters.pupil
        if pupil_reads and not any(r.kind == "pupil" for r in out):
            out.append(
                Recipient(
                    "pupil",
                    ("leerling",),
                    (case.pupil.full_name,),
                    f"Beste {case.pupil.first_name},",
                    case.pupil.address,
                    False,
                    "leerling",
                )
            )
        if spec.audience == "letters+teacher":
            out.append(
                Recipient(
                    "teacher",
                    ("leerkracht",),
                    (f"leerkracht van groep {case.pupil.group}",),
                    "Beste collega,",
                    None,
                    False,
                    "leerkracht",
                )
            )
        return out
    if spec.audience == "signers":
        lines = signers(case, d.facts)
        names = tuple(s["name"] for s in lines)
        # one envelope for all who sign, when they live at one address
        homes = set()
        for s in lines:
            adult = case.family.adult(s["id"])
            homes.add(address_of(adult, case) if adult else case.pupil.address)
        address = homes.pop() if len(homes) == 1 else None
        return [
            Recipient(
                "signers",
                tuple(s["id"] for s in lines) or ("dossier",),
                names,
                "",
                address,
                False,
                "",
            )
        ]
    if spec.audience == "forum":
        forum = _forum_of(d) or Forum.zat
        return [Recipient("forum", (forum.value,), (forum.label,), "", None, False, "")]
    if spec.audience == "leerplicht":  # a legal duty: no consent needed (Leerplichtwet)
        rec = d.record.record if d.record else None
        officer = rec.officer if isinstance(rec, LeerplichtReport) else "leerplichtambtenaar"
        partner = d.config.partner(officer)  # the officer may be named by a partner's id
        return [
            Recipient(
                "institution",
                (partner.id if partner else "leerplicht",),
                (partner.name if partner else officer,),
                "Geachte heer, mevrouw,",
                partner.contact.address if partner else None,
                False,
                "",
            )
        ]
    if spec.audience == "school":
        rec = d.record.record if d.record else None
        name = rec.to_school if isinstance(rec, Transfer) else "de nieuwe school"
        return [Recipient("school", ("school",), (name,), "", None, False, "")]
    rec = d.record.record if d.record else None
    pid = getattr(rec, "institution", "") or "instelling"
    partner = d.config.partner(pid)
    name = partner.name if partner else pid
    return [
        Recipient(
            "institution",
            (pid,),
            (name,),
            "Geachte heer, mevrouw,",
            partner.contact.address if partner else None,
            False,
            "",
        )
    ]


# --- judging and rendering -----------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    """One document for one recipient, in the requested formats."""

    spec: Spec
    recipient: Recipient
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


def _dossier(
    loaded: Loaded, day: dt.date, record: Entry | None, extra: dict[str, str] | None = None
) -> Dossier:
    entries = list(loaded.data.entries)
    if record is not None and record.id == NEW:
        entries.append(record)
    entries = [e for e in entries if _before(e, record, day)]
    data = CaseData(loaded.case, loaded.data.path, tuple(entries), {e.id: e for e in entries})
    return Dossier(loaded, day, entries, record, facts(data, loaded.route, day), dict(extra or {}))


def blockers(loaded: Loaded, spec: Spec, day: dt.date, record: Entry | None) -> list[Blocker]:
    """What keeps a document from being made, judged by the rule engine of the steps on the
    dossier as it stood on `day`. Rules the step overrode with a reason stay overridden."""
    if not spec.requires:
        return []
    d = _dossier(loaded, day, record)
    data = d.data()
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
    specific = spec.context(d)
    if only and letters == "auto":
        letters = "each"  # a letter for one person named with --to is theirs alone
    recipients = _recipients(spec, d, letters)
    if only:
        unknown = [o for o in only if not any(o in r.ids for r in recipients)]
        if unknown:
            allowed = sorted({i for r in recipients for i in r.ids})
            raise UsageError(
                f"--to {', '.join(unknown)}: krijgt dit document niet",
                hint="ontvangers van dit document: " + (", ".join(allowed) or "-"),
            )
        recipients = [r for r in recipients if set(r.ids) & set(only)]
    if not recipients:
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
    base = {**_base_context(d), **specific}
    logo = rd.logo_data_uri(repo.root, repo.config.letterhead.logo) if "html" in formats else None
    meta = (
        rd.document_meta(repo.root, repo.config, spec.title, day)
        if set(formats) & {"pdf", "docx", "odt"}
        else None
    )
    out = []
    for recipient in recipients:
        context = {
            **base,
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
    """Append the explanation of the jargon a letter to parents or a pupil uses."""
    words = glossary(markdown)
    if not words:
        return markdown
    return (
        markdown.rstrip("\n")
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
    "Recipient",
    "Rendered",
    "blockers",
    "document_day",
    "documents_for_act",
    "find_spec",
    "letter_recipients",
    "pick_record",
    "produced",
    "render_spec",
]
