"""Who records an act: the person named with --by, the configured user, or the git
identity, each mapped to a person in zorgroute.yaml. Never a silent default."""

from __future__ import annotations

import os

from zorgroute.errors import UsageError, WriteFailed
from zorgroute.model.records import Person
from zorgroute.store import gitio
from zorgroute.store.repo import Repository

USER_ENV = "ZORGROUTE_USER"


def person_for(repo: Repository, identity: str) -> Person | None:
    return next((p for p in repo.config.people if p.known_as(identity)), None)


def signature(person: Person) -> str:
    return f"{person.name} ({person.role.label})"


def recorder(repo: Repository, by: str | None) -> str:
    """The `recorded_by` of a new record.

    `--by` is taken as given (a person in zorgroute.yaml is written in full); the user
    configured in ZORGROUTE_USER and the git identity must belong to a person there."""
    if by and by.strip():
        person = person_for(repo, by)
        return signature(person) if person else by.strip()
    configured = os.environ.get(USER_ENV, "").strip()
    if configured:
        person = person_for(repo, configured)
        if person is None:
            raise UsageError(
                f"{USER_ENV} noemt iemand die niet bij de mensen in zorgroute.yaml staat; "
                "er is niets vastgelegd",
                hint="zet de naam of het e-mailadres bij people in zorgroute.yaml "
                "(identities), of geef --by",
            )
        return signature(person)
    try:
        found = gitio.identity(repo.root)
    except gitio.GitDidNotRun:
        raise WriteFailed(
            "git kon niet worden uitgevoerd, dus zorgroute weet niet wie dit vastlegt; "
            "er is niets vastgelegd",
            hint=f"probeer het opnieuw; lukt het niet, zet dan {USER_ENV} of geef --by",
        ) from None
    if found is not None:
        name, email = found
        person = person_for(repo, email) or person_for(repo, name)
        if person is not None:
            return signature(person)
        raise UsageError(
            "uw git-identiteit hoort bij niemand in zorgroute.yaml, dus zorgroute weet niet "
            "wie dit vastlegt; er is niets vastgelegd",
            hint="voeg uw e-mailadres uit 'git config user.email' toe aan identities bij uw "
            "naam onder people in zorgroute.yaml, of geef --by",
        )
    raise UsageError(
        "zorgroute weet niet wie dit vastlegt; er is niets vastgelegd",
        hint=f"stel uw naam in met 'git config user.email' en zet dat adres bij identities "
        f"in zorgroute.yaml, of zet {USER_ENV}, of geef --by",
    )
