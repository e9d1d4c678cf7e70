"""Decisions the guide reserves for the directeur, accepted only from the person who holds
that role in `zorgroute.yaml` on the date of the decision."""

from __future__ import annotations

import datetime as dt
import re

from zorgroute.model.records import Config, Person
from zorgroute.model.vocab import Role, Vocab
from zorgroute.policy.verdict import Verdict


class Reserved(Vocab):
    """A decision only the directeur takes."""

    consent_exception = "consent_exception", "bespreken zonder toestemming"
    special_education = (
        "special_education",
        ("ondertekenen van een verwijzing naar het speciaal onderwijs of een TLV-aanvraag"),
    )


def holder_on(config: Config, role: Role, day: dt.date) -> Person | None:
    """Who held `role` on `day` (the first listed, when several did)."""
    return next((p for p in config.people if p.role == role and p.holds_on(day)), None)


def same_person(given: str, name: str) -> bool:
    """A name as typed ('Dirk de Wit', 'dirk de wit (directeur)') against the config."""

    def norm(text: str) -> str:
        text = re.sub(r"\s*\([^)]*\)\s*$", "", text)
        return " ".join(text.split()).casefold()

    return bool(given.strip()) and norm(given) == norm(name)


def may_decide(config: Config, person: str, decision: Reserved, on: dt.date) -> Verdict:
    """Does `person` take `decision` on `on`? Only the directeur of that date does."""
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
