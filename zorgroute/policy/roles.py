"""Decisions reserved for one person: the directeur's (the consent exception, signing a
referral to special education), accepted only from the person who holds that role in
`zorgroute.yaml` on the date of the decision; and the decision on youth care, which only the
mandated person of the local team of the pupil's home municipality takes (Jeugdwet)."""

from __future__ import annotations

import datetime as dt
import re

from zorgroute.model.records import Config, Person
from zorgroute.model.vocab import PartnerKind, Role, Vocab
from zorgroute.policy.verdict import Verdict


class Reserved(Vocab):
    """A decision only the directeur takes."""

    consent_exception = "consent_exception", "bespreken zonder toestemming"
    special_education = (
        "special_education",
        ("ondertekenen van een verwijzing naar het speciaal onderwijs of een TLV-aanvraag"),
    )
    youth_care = "youth_care", "het besluit over jeugdhulp"


def holder_on(config: Config, role: Role, day: dt.date) -> Person | None:
    """Who held `role` on `day` (the first listed, when several did)."""
    return next((p for p in config.people if p.role == role and p.holds_on(day)), None)


def same_person(given: str, name: str) -> bool:
    """A name as typed ('Dirk de Wit', 'dirk de wit (directeur)') against the config."""

    def norm(text: str) -> str:
        text = re.sub(r"\s*\([^)]*\)\s*$", "", text)
        return " ".join(text.split()).casefold()

    return bool(given.strip()) and norm(given) == norm(name)


def may_decide(
    config: Config,
    person: str,
    decision: Reserved,
    on: dt.date,
    *,
    team: str | None = None,
    home_municipality: str | None = None,
) -> Verdict:
    """Does `person` take `decision` on `on`? Only the directeur of that date does; for
    youth care only someone of the local team (`team`, a partner id) of the pupil's
    `home_municipality`, and when the partner list names who is mandated, only they."""
    if decision == Reserved.youth_care:
        return _youth_care(config, person, team, home_municipality or "")
    directeur = holder_on(config, Role.directeur, on)
    fix = (
        "laat de directeur besluiten en geef diens naam op zoals in zorgroute.yaml; staat "
        "de directeur er niet (of niet voor die datum) in, vul dan people aan met role: "
        "directeur en zo nodig since/until"
    )
    if directeur is None:
        return Verdict.no(
            f"{decision.label} is een besluit van de directeur, en zorgroute.yaml noemt geen "
            f"directeur op {on.isoformat()}",
            fix=fix,
        )
    if not same_person(person, directeur.name):
        return Verdict.no(
            f"{decision.label} is een besluit van de directeur; wie hier besloot of tekende is "
            f"volgens zorgroute.yaml op {on.isoformat()} niet de directeur",
            fix=fix,
        )
    return Verdict.yes()


def local_teams_of(config: Config, municipality: str) -> list[str]:
    """The local teams (partner ids) that work for a municipality."""
    home = " ".join(municipality.split()).casefold()
    return [
        p.id
        for p in config.partners
        if p.kind == PartnerKind.local_team
        and " ".join((p.municipality or "").split()).casefold() == home
    ]


def _youth_care(config: Config, person: str, team: str | None, home: str) -> Verdict:
    teams = local_teams_of(config, home)
    listed = (
        "voeg het lokale team van de woongemeente toe aan partners in zorgroute.yaml "
        "(kind: local_team, municipality: de woongemeente)"
    )
    if not teams:
        return Verdict.no(
            "er staat geen lokaal team van de woongemeente van de leerling in de partnerlijst; "
            "alleen de gemandateerde van dat team beslist over jeugdhulp",
            fix=listed,
        )
    if team is None or team not in teams:
        return Verdict.no(
            "over jeugdhulp beslist alleen de gemandateerde van het lokale team van de "
            "woongemeente van de leerling; dit team is dat niet",
            fix="kies het lokale team van de woongemeente: " + ", ".join(teams),
        )
    partner = config.partner(team)
    mandated = partner.mandated if partner is not None else []
    if mandated and not any(same_person(person, name) for name in mandated):
        return Verdict.no(
            "wie hier besliste staat volgens zorgroute.yaml niet als gemandateerde bij het "
            "lokale team",
            fix=f"laat een gemandateerde besluiten, of vul mandated aan bij partner {team}",
        )
    return Verdict.yes()
