"""Checks on the dated family records before they are written: the adults they name
exist, a signed plan is a plan or OPP of the dossier, a request to answer is open, and the
pupil is old enough for what the pupil decides (16 to refuse, 18 to agree)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from zorgroute.errors import Problem, UsageError, ValidationFailed
from zorgroute.model.nl import format_date
from zorgroute.model.vocab import VoiceDecision
from zorgroute.policy.family import ADULT_AGE, REFUSE_FROM_AGE, known_adults
from zorgroute.store.dossier import CaseData

PUPIL = "pupil"
SIGNED_KINDS = frozenset({"plan", "opp"})
FAMILY_KINDS = frozenset(
    {
        "authority_change",
        "contact_restriction",
        "pupil_voice",
        "info_request",
        "info_answer",
        "signature",
        "registry",
    }
)


def prepare_family(
    data: CaseData, kind: str, fields: dict[str, Any], day: dt.date
) -> dict[str, Any]:
    """The fields with record references resolved to full ids; a Dutch error otherwise."""
    from zorgroute.domain.corrections import resolve_record

    adults = known_adults(data)
    new = {str(a.get("id")) for a in fields.get("new_adults") or [] if isinstance(a, dict)}
    named: list[str] = []
    if kind == "authority_change":
        guardian = fields.get("family_guardian")
        named = [*(fields.get("holders") or []), *([guardian] if guardian else [])]
        adults |= new
    elif kind in ("contact_restriction", "info_request"):
        named = [str(fields.get("adult") or "")]
    elif kind == "pupil_voice":
        named = list(fields.get("adults") or [])
        age = data.case.pupil.age_on(day)
        decision = str(fields.get("decision") or "")
        need = ADULT_AGE if decision == VoiceDecision.agrees_contact else REFUSE_FROM_AGE
        if age < need:
            what = (
                "instemmen met contact met de ouders"
                if need == ADULT_AGE
                else "weigeren dat informatie naar een ouder gaat"
            )
            raise UsageError(
                f"de leerling is op {format_date(day)} {age} jaar; {what} kan vanaf {need} "
                "jaar; er is niets vastgelegd",
                hint="controleer de datum (--date) en de geboortedatum in het dossier",
            )
    elif kind == "signature":
        named = [s for s in fields.get("signed_by") or [] if s != PUPIL]
        if fields.get("refers_to"):
            plan_id = resolve_record(data, str(fields["refers_to"]))
            entry = data.by_id.get(plan_id)
            if entry is None or entry.kind not in SIGNED_KINDS:
                raise UsageError(
                    f"record {plan_id} is geen (geldig) plan of OPP; er is niets vastgelegd",
                    hint=f"'zorgroute timeline {data.id}' toont de plannen met hun record-id",
                )
            fields = {**fields, "refers_to": plan_id}
    elif kind == "info_answer":
        request_id = resolve_record(data, str(fields.get("request") or ""))
        entry = data.by_id.get(request_id)
        if entry is None or entry.kind != "info_request":
            raise UsageError(
                f"record {request_id} is geen verzoek om informatie of inzage; "
                "er is niets vastgelegd",
                hint=f"'zorgroute agenda' of 'zorgroute status {data.id}' toont open verzoeken",
            )
        fields = {**fields, "request": request_id}
    unknown = [a for a in named if a and a not in adults]
    if unknown:
        raise ValidationFailed(
            "dit record noemt iemand die niet bij het gezin staat; er is niets vastgelegd",
            [
                Problem(
                    data.path,
                    1,
                    1,
                    "family.adults",
                    f"'{a}' staat niet bij de volwassenen in het dossier",
                    "gezin",
                    "gebruik de korte naam (id) van een volwassene uit case.yaml, of voeg een "
                    "nieuwe volwassene toe met 'zorgroute family authority --new-adult'",
                )
                for a in unknown
            ],
        )
    return fields
