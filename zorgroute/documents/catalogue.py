"""The documents of the route: who receives what, built from the dossier, rendered to files.

`documents_for_act` is the hook the step commands call after the rules pass: it renders the
documents the route lists for the act (`documents:` in the route file) and returns the files
plus one `DocumentRecord` per produced document. `render_documents` does the same for
`zorgroute render`.

Privacy lives here, not in the templates: letters go to adults with authority; a pupil of
16 or older may stop letters to a parent; a parent without authority who asked for
information gets the important facts only; nobody who may not be contacted gets anything;
confidential contributions reach only documents for the forums they name, never parents.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from zorgroute.clock import now
from zorgroute.documents import render as rd
from zorgroute.domain.engine import Loaded, Produced
from zorgroute.errors import Problem, RuleRefused, UsageError
from zorgroute.model.records import (
    Adult,
    Case,
    Config,
    Consent,
    Conversation,
    Correction,
    DocumentRecord,
    Evaluation,
    ExternalCare,
    Meeting,
    Plan,
    ProducedFile,
    RecordBase,
    Referral,
    Signal,
    ZatRegistration,
)
from zorgroute.model.route import Act
from zorgroute.model.vocab import (
    SPECIAL_EDUCATION,
    Basis,
    ContactKind,
    Destination,
    Forum,
    PartnerKind,
    PlanType,
    Role,
    Vocab,
)
from zorgroute.policy.consent import PUPIL, check_basis, consenters
from zorgroute.store.repo import DOCUMENTS_DIR, CaseData, Entry, new_id

Format = Literal["md", "html", "pdf", "docx", "odt"]
FORMATS: tuple[Format, ...] = ("md", "html", "pdf", "docx", "odt")
DEFAULT_FORMATS: tuple[Format, ...] = ("md", "html", "pdf")
LetterMode = Literal["auto", "each", "together"]
NEW = "nieuw"


# --- recipients ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """Who a rendered document is for. `ids` go into the DocumentRecord; `file_id` into the
    file name (an id, never a person's name)."""

    kind: str  # parent, parents, pupil, teacher, forum, institution, signers
    ids: tuple[str, ...]
    names: tuple[str, ...]
    salutation: str
    address: str | None = None
    facts_only: bool = False
    file_id: str = ""

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
        }


def _adult_address(adult: Adult, case: Case) -> str | None:
    return adult.address or case.pupil.address


def letter_recipients(
    case: Case, day: dt.date, pupil_alone_from: int, mode: LetterMode = "auto", facts: bool = True
) -> list[Recipient]:
    """The adults (and the pupil of 16+) who receive a letter about the pupil.

    - adults who may not be contacted get nothing;
    - from `pupil_alone_from` (16) the pupil decides: a parent the pupil refused gets nothing,
      and the pupil gets a letter of their own;
    - adults with authority get the full letter, each or together (`mode`; auto: together
      when they live at the same address);
    - a parent without authority who asked for information gets the important facts, only
      for documents with `facts`.
    """
    age = case.pupil.age_on(day)
    alone = age >= pupil_alone_from
    full: list[Adult] = []
    out: list[Recipient] = []
    for adult in case.family.adults:
        if not adult.may_contact or (alone and adult.pupil_refuses_info):
            continue
        if adult.authority:
            full.append(adult)
        elif adult.info_requested and facts:
            out.append(
                Recipient(
                    "parent",
                    (adult.id,),
                    (adult.name,),
                    f"Beste {adult.name},",
                    _adult_address(adult, case),
                    True,
                    adult.id,
                )
            )
    together = len(full) > 1 and (
        mode == "together" or mode == "auto" and len({_adult_address(a, case) for a in full}) == 1
    )
    if together:
        names = tuple(a.name for a in full)
        letters = [
            Recipient(
                "parents",
                tuple(a.id for a in full),
                names,
                f"Beste {rd.dutch_list(names)},",
                _adult_address(full[0], case),
                False,
                "ouders",
            )
        ]
    else:
        letters = [
            Recipient(
                "parent",
                (a.id,),
                (a.name,),
                f"Beste {a.name},",
                _adult_address(a, case),
                False,
                a.id,
            )
            for a in full
        ]
    if alone:
        pupil = case.pupil
        letters.append(
            Recipient(
                "pupil",
                ("leerling",),
                (pupil.full_name,),
                f"Beste {pupil.first_name},",
                pupil.address,
                False,
                "leerling",
            )
        )
    return letters + out


def signers(case: Case, day: dt.date, loaded: Loaded) -> list[dict[str, str]]:
    """Signature lines: exactly the people who must consent on `day`, by the pupil's age."""
    who = consenters(case, day, loaded.route.consent)
    lines = []
    for adult_id in who.adults:
        adult = case.family.adult(adult_id)
        if adult is not None:
            lines.append(
                {"id": adult.id, "name": adult.name, "role": adult.relation.label + " (met gezag)"}
            )
    if who.pupil:
        lines.append({"id": PUPIL, "name": case.pupil.full_name, "role": "leerling"})
    return lines


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


@dataclass
class Dossier:
    """Everything a template may draw on, for one case on one day."""

    loaded: Loaded
    day: dt.date
    entries: list[Entry]
    record: Entry | None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def case(self) -> Case:
        return self.loaded.case

    @property
    def config(self) -> Config:
        return self.loaded.repo.config

    def of(self, kind: type[RecordBase]) -> list[Entry]:
        return [e for e in self.entries if isinstance(e.record, kind) and e.record.date <= self.day]

    def data(self) -> CaseData:
        return CaseData(
            self.case, self.loaded.data.path, tuple(self.entries), {e.id: e for e in self.entries}
        )

    def corrected(self, entry: Entry) -> dict[str, Any]:
        """A record's view with later corrections applied (top-level fields)."""
        out = view(entry.record)
        out["id"] = entry.id
        out["corrections"] = []
        for corr in self.loaded.state.corrections.get(entry.id, []):
            rec = corr.record
            assert isinstance(rec, Correction)
            if rec.field in out:
                out["corrections"].append(
                    {
                        "field": rec.field,
                        "old": out[rec.field],
                        "new": rec.value,
                        "date": rec.date,
                        "reason": rec.reason,
                    }
                )
                out[rec.field] = rec.value
        return out


def _person(config: Config, *roles: Role) -> dict[str, Any] | None:
    for role in roles:
        person = config.person(role)
        if person is not None:
            return {**view(person), "role": role.label}
    return None


def _base_context(d: Dossier) -> dict[str, Any]:
    case, config = d.case, d.config
    pupil = view(case.pupil)
    pupil.update(full_name=case.pupil.full_name, age=case.pupil.age_on(d.day))
    coordinator = _person(config, Role.ib, Role.zorgcoordinator, Role.zorgspecialist)
    letterhead = view(config.letterhead)
    signature_name = config.letterhead.signature_name or (coordinator or {}).get("name")
    signature_role = config.letterhead.signature_role or (coordinator or {}).get("role")
    return {
        "case_id": case.id,
        "day": d.day,
        "school": view(config.school),
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
            "adults": [view(a) for a in case.family.adults],
        },
        "extra": dict(d.extra),
        "record": d.corrected(d.record) if d.record is not None else None,
    }


def _plans(d: Dossier) -> list[dict[str, Any]]:
    evaluations = d.of(Evaluation)
    out = []
    for entry in d.of(Plan):
        plan = d.corrected(entry)
        plan["evaluations"] = [
            d.corrected(e)
            for e in evaluations
            if isinstance(e.record, Evaluation) and e.record.plan.split("#")[0] == entry.id
        ]
        out.append(plan)
    return out


def _conversations(d: Dossier) -> list[dict[str, Any]]:
    return [d.corrected(e) for e in d.of(Conversation)]


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


def _meeting(d: Dossier, entry: Entry, forum: Forum | None) -> dict[str, Any]:
    """A meeting as one audience may see it: confidential notes only for their forums."""
    rec = entry.record
    assert isinstance(rec, Meeting)
    out = d.corrected(entry)
    out["confidential"] = (
        [view(n) for n in rec.confidential if forum in n.forums] if forum is not None else []
    )
    out["confidential_withheld"] = len(rec.confidential) - len(out["confidential"])
    out["forum_key"] = rec.forum.value
    return out


def _basis(d: Dossier, forum: Forum) -> dict[str, Any]:
    result = check_basis(d.data(), forum, d.day, d.loaded.route.consent)
    out: dict[str, Any] = {
        "valid": result.valid,
        "summary": result.summary,
        "forum": forum.label,
        "record": None,
        "date": None,
    }
    if result.basis is not None:
        out["record"] = d.corrected(result.basis)
        out["date"] = result.basis.record.date
        assert isinstance(result.basis.record, Consent)
        out["basis_key"] = result.basis.record.basis.value
        out["given_by"] = [_who(d.case, i) for i in result.basis.record.given_by]
        out["partners"] = [_partner_name(d.config, p) for p in result.basis.record.partners]
    return out


def _who(case: Case, person_id: str) -> str:
    if person_id == PUPIL:
        return f"{case.pupil.first_name} (leerling)"
    adult = case.family.adult(person_id)
    return f"{adult.name} ({adult.relation.label})" if adult else person_id


def _partner_name(config: Config, partner_id: str) -> str:
    partner = config.partner(partner_id)
    return partner.name if partner else partner_id


def _partner(config: Config, partner_id: str | None) -> dict[str, Any] | None:
    partner = config.partner(partner_id) if partner_id else None
    return view(partner) if partner is not None else None


# --- what each document needs -------------------------------------------------------------


def _problem(path: str, field_name: str, message: str, hint: str) -> Problem:
    return Problem(
        path,
        1 if path.endswith(".yaml") else 0,
        1 if path.endswith(".yaml") else 0,
        field_name,
        message,
        "document",
        hint,
    )


def _zat_context(d: Dossier) -> dict[str, Any]:
    assert d.record is not None
    rec = d.record.record
    assert isinstance(rec, ZatRegistration)
    cid = d.case.id
    problems: list[Problem] = []
    ctx: dict[str, Any] = {
        "signals": _signals(d),
        "categories": _categories(d),
        "plans": _plans(d),
        "conversations": _conversations(d),
        "external_care": [d.corrected(e) for e in d.of(ExternalCare)],
        "basis": _basis(d, Forum.zat),
    }
    from zorgroute.model.records import CareTeamRegistration

    registrations = [d.corrected(e) for e in d.of(CareTeamRegistration)]
    ctx["care_team"] = registrations[-1] if registrations else None
    ctx["meetings"] = [
        _meeting(d, e, Forum.zat)
        for e in d.of(Meeting)
        if isinstance(e.record, Meeting) and not e.record.anonymous
    ]
    if (
        d.config.person(Role.ib) is None
        and d.config.person(Role.zorgcoordinator) is None
        and d.config.person(Role.zorgspecialist) is None
    ):
        problems.append(
            _problem(
                "zorgroute.yaml",
                "people",
                "er staat geen intern begeleider "
                "of zorgcoördinator in: het ZAT weet niet wie het "
                "aanspreekpunt is",
                "voeg onder people een persoon toe met role: ib, name en telefoon of e-mail",
            )
        )
    if not ctx["signals"] and not rec.direct_reason:
        problems.append(
            _problem(
                d.loaded.data.path,
                "signal",
                "de reden van aanmelding en de soort problemen ontbreken (geen signalering)",
                f'zorgroute signal {cid} --category ... --description "..."',
            )
        )
    evaluated = [p for p in ctx["plans"] if p["evaluations"]]
    if not evaluated and not rec.direct_reason:
        problems.append(
            _problem(
                d.loaded.data.path,
                "plan",
                "het formulier kan niet laten zien "
                "wat er al is gedaan en met welk resultaat (geen "
                "geëvalueerd plan)",
                f'zorgroute evaluate {cid} --plan PLAN --outcome ... --what-worked "..."',
            )
        )
    views_given = [
        c
        for c in d.of(Conversation)
        if isinstance(c.record, Conversation) and c.record.parents_view
    ]
    if not views_given:
        talks = [
            c
            for c in d.of(Conversation)
            if isinstance(c.record, Conversation) and c.record.contact == ContactKind.before_zat
        ]
        if talks:
            problems.append(
                _problem(
                    talks[-1].path,
                    "parents_view",
                    "de zienswijze van de ouders staat niet in het gesprek voor de aanmelding",
                    f"zorgroute correct {cid} {talks[-1].id} --field "
                    'parents_view --value "..." --reason "aanvulling"',
                )
            )
        else:
            problems.append(
                _problem(
                    d.loaded.data.path,
                    "parents_view",
                    "de zienswijze van de ouders is nergens vastgelegd",
                    f"zorgroute talk {cid} "
                    "--contact before_zat --with parents --parents-view "
                    '"..."',
                )
            )
    basis = ctx["basis"]
    if not basis["valid"]:
        problems.append(
            _problem(
                d.loaded.data.path,
                "consent",
                "geen geldige grondslag om de "
                f"leerling bij naam in het ZAT te bespreken: {basis['summary']}",
                f"zorgroute consent {cid} --forum zat --basis written_consent --given-by ...",
            )
        )
    shared: set[str] = set()
    if basis["record"] is not None:
        shared = {s.strip().lower() for s in basis["record"]["shared_documents"]}
    ctx["attachments"] = list(rec.attachments)
    for attachment in rec.attachments:
        if attachment.strip().lower() not in shared:
            problems.append(
                _problem(
                    d.record.path,
                    "attachments",
                    f"voor de bijlage "
                    f"'{attachment}' hebben de ouders geen toestemming "
                    "gegeven (niet genoemd in de toestemming voor het ZAT)",
                    f"laat de bijlage weg, of leg vast: zorgroute consent "
                    f"{cid} --forum zat --basis written_consent "
                    f'--shared-document "{attachment}" ...',
                )
            )
    if problems:
        raise RuleRefused(
            "het aanmeldformulier voor het ZAT kan nog niet worden gemaakt; er is niets vastgelegd",
            problems,
            hint="vul het dossier aan met de genoemde opdrachten",
        )
    return ctx


def _consent_context(d: Dossier) -> dict[str, Any]:
    assert d.record is not None
    rec = d.record.record
    assert isinstance(rec, Consent)
    partners = []
    for pid in rec.partners:
        partner = d.config.partner(pid)
        partners.append(
            {
                "id": pid,
                "name": partner.name if partner else pid,
                "kind": partner.kind.label if partner else "",
            }
        )
    consent = d.corrected(d.record)
    consent["purposes"] = [p.label for p in rec.purposes]
    consent["forum_key"] = rec.forum.value
    return {
        "consent": consent,
        "partners": partners,
        "signers": signers(d.case, d.day, d.loaded),
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
    plan = d.corrected(d.record)
    plan["evaluations"] = [
        d.corrected(e)
        for e in d.of(Evaluation)
        if isinstance(e.record, Evaluation) and e.record.plan.split("#")[0] == d.record.id
    ]
    return {"plan": plan, "signers": signers(d.case, d.day, d.loaded)}


def _referral_context(d: Dossier) -> dict[str, Any]:
    assert d.record is not None
    rec = d.record.record
    assert isinstance(rec, Referral)
    cid = d.case.id
    partner = d.config.partner(rec.institution)
    problems = []
    if partner is None:
        problems.append(
            _problem(
                "zorgroute.yaml",
                "partners",
                f"de instelling '{rec.institution}' staat niet in de partnerlijst",
                "voeg de instelling toe onder partners in zorgroute.yaml",
            )
        )
    elif rec.destination == Destination.youth_care:
        home = d.case.pupil.home_municipality
        if (
            partner.kind != PartnerKind.local_team
            or (partner.municipality or "").lower() != home.lower()
        ):
            problems.append(
                _problem(
                    "zorgroute.yaml",
                    "partners",
                    f"jeugdhulp loopt via het "
                    f"lokale team van de woongemeente ({home}); "
                    f"'{partner.id}' is dat niet",
                    f"verwijs naar het lokale team van {home}; voeg het zo "
                    "nodig toe aan partners in zorgroute.yaml",
                )
            )
    special = rec.destination in SPECIAL_EDUCATION
    if special and not rec.handelingsverlegenheid:
        problems.append(
            _problem(
                d.record.path,
                "handelingsverlegenheid",
                "de verklaring van handelingsverlegenheid ontbreekt",
                f'zorgroute refer {cid} --handelingsverlegenheid "..."',
            )
        )
    if problems:
        raise RuleRefused(
            "de verwijzing kan nog niet op papier; er is niets vastgelegd",
            problems,
            hint="vul de genoemde gegevens aan",
        )
    referral = d.corrected(d.record)
    referral["destination_key"] = rec.destination.value
    from zorgroute.model.records import CareTeamRegistration

    questions = [
        e.record.help_question
        for e in d.of(ZatRegistration) + d.of(CareTeamRegistration)
        if isinstance(e.record, ZatRegistration | CareTeamRegistration)
    ]
    return {
        "referral": referral,
        "partner": _partner(d.config, rec.institution),
        "plans": _plans(d),
        "signals": _signals(d),
        "categories": _categories(d),
        "conversations": _conversations(d),
        "help_question": questions[-1] if questions else None,
        "basis": _basis(d, Forum.zat) if special else None,
        "external_care": [d.corrected(e) for e in d.of(ExternalCare)],
    }


def _conversation_context(d: Dossier) -> dict[str, Any]:
    assert d.record is not None
    rec = d.record.record
    assert isinstance(rec, Conversation)
    talk = d.corrected(d.record)
    talk["contact_key"] = rec.contact.value
    talk["present"] = [a.name for a in d.case.family.adults if a.id in rec.adults]
    return {"conversation": talk}


def _invitation_context(d: Dossier) -> dict[str, Any]:
    contact = d.extra.get("contact")
    due = None
    if d.record is not None and isinstance(d.record.record, Meeting):
        ctx = _meeting_context(d, None)
        if ctx["after"]:
            contact, due = ctx["after"]["contact"], ctx["after"]["due"]
    elif contact:
        try:
            contact = ContactKind(contact).label
        except ValueError:
            raise UsageError(
                f"--contact {contact}: onbekend soort gesprek",
                hint="kies uit: " + ", ".join(c.value for c in ContactKind),
            ) from None
    return {
        "contact": contact or ContactKind.other.label,
        "due": due,
        "when": d.extra.get("when"),
        "place": d.extra.get("place"),
    }


def _overview_context(d: Dossier) -> dict[str, Any]:
    items = []
    for entry in d.entries:
        rec = entry.record
        if isinstance(rec, Correction):
            continue
        fields_out = []
        corrections = d.loaded.state.corrections.get(entry.id, [])
        fixed = {c.record.field: c.record for c in corrections if isinstance(c.record, Correction)}
        withheld = 0
        for name, info in type(rec).model_fields.items():
            if name in ("kind", "date", "recorded_at", "overrides"):
                continue
            value = getattr(rec, name)
            if name == "confidential":
                withheld = len(value)
                continue
            if isinstance(rec, DocumentRecord) and name == "files":
                continue
            text = _plain(value)
            if not text:
                continue
            item: dict[str, Any] = {
                "title": info.title or name,
                "value": text,
                "superseded": False,
                "new": None,
            }
            if name in fixed:
                corr = fixed[name]
                item.update(
                    superseded=True, new=corr.value, corrected_on=corr.date, reason=corr.reason
                )
            fields_out.append(item)
        if isinstance(rec, DocumentRecord):
            spec = DOCUMENTS.get(rec.document)
            fields_out.insert(
                0,
                {
                    "title": "Document",
                    "value": spec.title if spec else rec.document,
                    "superseded": False,
                    "new": None,
                },
            )
        from zorgroute.model.records import RECORD_LABELS

        items.append(
            {
                "id": entry.id,
                "date": rec.date,
                "kind": RECORD_LABELS.get(str(getattr(rec, "kind")), "record"),  # noqa: B009
                "fields": fields_out,
                "withheld": withheld,
                "corrected": bool(fixed),
            }
        )
    return {"items": items}


def _plain(value: Any) -> str:
    """A value as one readable Dutch text, for the overview."""
    if value is None or value == [] or value == "":
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, Vocab):
        return value.label
    if isinstance(value, dt.datetime):
        return rd.dutch_date(value)
    if isinstance(value, dt.date):
        return rd.dutch_date(value)
    if isinstance(value, BaseModel):
        parts = []
        for name, info in type(value).model_fields.items():
            text = _plain(getattr(value, name))
            if text and text != "nee":
                parts.append(f"{(info.title or name).lower()}: {text}")
        return ", ".join(parts)
    if isinstance(value, list | tuple):
        texts = [_plain(v) for v in value]
        return "; ".join(t for t in texts if t)
    return str(value)


# --- the catalogue ----------------------------------------------------------------------------


Audience = Literal["letters", "letters+teacher", "forum", "institution", "signers"]


@dataclass(frozen=True)
class Spec:
    """One document: its template, what record it is about, and who receives it."""

    name: str
    title: str
    record: str | None  # kind of record it is about; None = the whole dossier
    audience: Audience
    context: Callable[[Dossier], dict[str, Any]]
    applies: Callable[[RecordBase], bool] = lambda r: True
    facts: bool = False  # does a parent without authority who asked get it (facts only)?
    optional: bool = False  # can be made without a record (an invitation)

    @property
    def template(self) -> str:
        return f"{self.name}.md"


def _is_basis(basis: Basis) -> Callable[[RecordBase], bool]:
    return lambda r: isinstance(r, Consent) and r.basis == basis


DOCUMENTS: dict[str, Spec] = {
    s.name: s
    for s in [
        Spec("zat-registration", "Aanmeldformulier ZAT", "zat_registration", "forum", _zat_context),
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
            "letters",
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
        ),
        Spec(
            "referral-dossier",
            "Verwijsdossier speciaal onderwijs",
            "referral",
            "institution",
            _referral_context,
            lambda r: isinstance(r, Referral) and r.destination in SPECIAL_EDUCATION,
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


def _forum_of(d: Dossier) -> Forum | None:
    if d.record is not None and isinstance(d.record.record, Meeting):
        return d.record.record.forum
    return None


def _recipients(spec: Spec, d: Dossier, mode: LetterMode) -> list[Recipient]:
    case = d.case
    alone_from = d.loaded.route.consent.pupil_alone_from_age
    if spec.audience in ("letters", "letters+teacher"):
        out = letter_recipients(case, d.day, alone_from, mode, spec.facts)
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
        lines = signers(case, d.day, d.loaded)
        names = tuple(s["name"] for s in lines)
        # one envelope for all who sign, when they live at one address
        homes = set()
        for s in lines:
            adult = case.family.adult(s["id"])
            homes.add(_adult_address(adult, case) if adult else case.pupil.address)
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


# --- rendering ---------------------------------------------------------------------------------


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


def _dossier(
    loaded: Loaded, day: dt.date, record: Entry | None, extra: dict[str, str] | None = None
) -> Dossier:
    entries = list(loaded.data.entries)
    if record is not None and record.id == NEW:
        entries.append(record)
    return Dossier(loaded, day, entries, record, dict(extra or {}))


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
    """Render one document for each of its recipients."""
    if "pdf" in formats and not rd.pdf_available():
        raise rd.PDF_MISSING
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
    """The documents a step produces, rendered before anything is written (the hook of
    `engine.perform`). Missing content refuses the step."""
    formats: tuple[str, ...] = DEFAULT_FORMATS if rd.pdf_available() else ("md", "html")
    entry = Entry(NEW, "(dit nieuwe record)", record)
    out: list[Produced] = []
    for name in act.documents:
        spec = DOCUMENTS.get(name)
        if spec is None or not spec.applies(record):
            continue
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
    "documents_for_act",
    "find_spec",
    "letter_recipients",
    "pick_record",
    "produced",
    "render_spec",
]
