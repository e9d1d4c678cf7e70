"""Routes are data: steps, acts (what a command records), and the rules that guard them.

This module only describes a route; reading route files is `store.routes`, checking
that the rules a route names exist and are well-formed is `domain.routes`.

A route ships with zorgroute (`zorgroute/routes/*.yaml`) or lives in the school's
repository (`routes/*.yaml`), where it may replace a shipped one. A case records the route
id and version it was created under; every version a school used stays in its file's
`history`, so an old case keeps its rules after the route is edited.
"""

from __future__ import annotations

from typing import Any

from pydantic import model_validator

from zorgroute.errors import NotFound
from zorgroute.model.records import F, Model, Short, Slug, Text
from zorgroute.model.vocab import ContactKind, Forum, Role, Sector


class RuleRef(Model):
    """Een regel die moet gelden voordat een handeling mag."""

    rule: Slug = F("Regel", "Naam van een regelfunctie van zorgroute.")
    params: dict[str, Any] = F("Instellingen van de regel", default_factory=dict)
    when: dict[str, list[str]] = F(
        "Alleen als",
        "Geldt alleen als een veld van het nieuwe record een van deze waarden "
        "heeft, bijvoorbeeld destination: [sbo, so].",
        default_factory=dict,
    )
    overridable: bool = F("Mag met reden worden overgeslagen", default=True)


class AfterItem(Model):
    """Een gesprek dat na de handeling moet volgen."""

    contact: ContactKind = F("Soort gesprek", vocab=ContactKind)
    within_days: int = F("Binnen (dagen)", default=14, ge=0, le=365)


class Step(Model):
    """Een stap van de route."""

    id: Slug = F("Naam")
    title: Short = F("Titel")
    description: Text | None = F("Toelichting", default=None)
    actors: list[Role] = F("Wie handelt", vocab=Role, default_factory=list)
    next: list[Slug] = F("Mogelijke volgende stappen", default_factory=list)
    norm_days: int | None = F("Norm: hooguit zoveel dagen in deze stap", default=None, ge=1)


class Act(Model):
    """Een handeling: een opdracht die een record vastlegt."""

    id: Slug = F("Naam", "Zoals de opdracht, bijvoorbeeld care-team.")
    title: Short = F("Titel")
    command: Short = F("Opdracht", "De zorgroute-opdracht die deze handeling vastlegt.")
    record: Slug = F("Soort record")
    forum: Forum | None = F("Overleg", "Alleen voor een overleg.", vocab=Forum, default=None)
    from_steps: list[Slug] = F(
        "Vanuit de stappen", "Leeg: vanuit elke open stap.", default_factory=list
    )
    enters: Slug | None = F("Gaat naar de stap", default=None)
    actors: list[Role] = F("Wie handelt", vocab=Role, default_factory=list)
    requires: list[RuleRef] = F("Voorwaarden", default_factory=list)
    after: list[AfterItem] = F("Daarna nodig", default_factory=list)
    documents: list[Slug] = F("Documenten", default_factory=list)


class Norms(Model):
    """Termijnen van de route."""

    plan_period_days: int = F("Duur van een handelingsplanperiode (dagen)", default=42)
    cycles_per_year: int = F("Groepsplancycli per schooljaar (minstens)", default=3)
    waiting_days: int | None = F("Wachttijdnorm voor hulp (dagen)", default=None)
    stuck_days: int = F(
        "Vastgelopen na (dagen)",
        "Zo lang zonder mandaat, op een wachtlijst of zonder start van de hulp: dan kan het "
        "dossier naar een doorbraaktafel.",
        default=56,
        ge=1,
        le=730,
    )


class Composition(Model):
    """Wie minstens bij een overleg hoort."""

    forum: Forum = F("Overleg", vocab=Forum)
    roles: list[Role] = F("Functies die aanwezig moeten zijn", vocab=Role, min_length=1)


class ConsentPolicy(Model):
    """Wie toestemming geeft, naar leeftijd op de datum van de handeling."""

    pupil_from_age: int = F("Leerling stemt mee vanaf (jaar)", default=12, ge=0, le=18)
    pupil_alone_from_age: int = F("Leerling beslist alleen vanaf (jaar)", default=16, ge=0, le=18)
    all_authority_holders: bool = F("Alle gezagdragers moeten instemmen", default=True)
    objection_period_days: int = F(
        "Bezwaartermijn van een kennisgeving (dagen)",
        "Een eigen instelling van de school in zorgroute.yaml gaat voor.",
        default=14,
        ge=1,
        le=90,
    )


class RouteVersion(Model):
    """Een eerdere versie van de route, voor dossiers die onder die versie liepen."""

    version: int = F("Versie", ge=1)
    steps: list[Step] = F("Stappen", min_length=1)
    acts: list[Act] = F("Handelingen", min_length=1)
    norms: Norms = F("Termijnen", default_factory=Norms)
    consent: ConsentPolicy = F("Toestemming", default_factory=ConsentPolicy)
    composition: list[Composition] = F("Samenstelling van overleggen", default_factory=list)


class Route(Model):
    """Een zorgroute: stappen, handelingen, voorwaarden en termijnen."""

    id: Slug = F("Naam")
    version: int = F("Versie", "Verhoog bij elke wijziging; oude versies gaan naar history.", ge=1)
    title: Short = F("Titel")
    description: Text | None = F("Toelichting", default=None)
    sectors: list[Sector] = F("Sectoren", vocab=Sector, default_factory=list)
    steps: list[Step] = F("Stappen", min_length=1)
    acts: list[Act] = F("Handelingen", min_length=1)
    norms: Norms = F("Termijnen", default_factory=Norms)
    consent: ConsentPolicy = F("Toestemming", default_factory=ConsentPolicy)
    composition: list[Composition] = F(
        "Samenstelling van overleggen",
        "Per overleg de functies die er minstens bij horen. Ontbreekt er een, dan volgt een "
        "waarschuwing; noem de regel 'composition' onder requires om het een blokkade te maken.",
        default_factory=list,
    )
    history: list[RouteVersion] = F("Eerdere versies", default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Route:
        step_ids = {s.id for s in self.steps}
        problems: list[str] = []
        for step in self.steps:
            problems += [
                f"stap '{step.id}' verwijst naar onbekende stap '{n}'"
                for n in step.next
                if n not in step_ids
            ]
        for act in self.acts:
            problems += [
                f"handeling '{act.id}' verwijst naar onbekende stap '{s}'"
                for s in [*act.from_steps, *([act.enters] if act.enters else [])]
                if s not in step_ids
            ]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def at_version(self, version: int) -> Route:
        """This route as it was at `version` (the current one if equal)."""
        if version == self.version:
            return self
        for old in self.history:
            if old.version == version:
                return self.model_copy(
                    update={
                        "version": old.version,
                        "steps": old.steps,
                        "acts": old.acts,
                        "norms": old.norms,
                        "consent": old.consent,
                        "composition": old.composition,
                        "history": [],
                    }
                )
        raise NotFound(
            f"versie {version} van route {self.id} is niet meer bekend",
            hint=f"zet de oude versie terug onder 'history' in routes/{self.id}.yaml",
        )

    def required_roles(self, forum: Forum) -> list[Role]:
        """The roles the route names for a forum (each once, in the route's order)."""
        roles = [r for c in self.composition if c.forum == forum for r in c.roles]
        return list(dict.fromkeys(roles))

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def acts_for(self, command: str) -> list[Act]:
        return [a for a in self.acts if a.command == command]

    def step_index(self, step_id: str) -> int:
        return next((i for i, s in enumerate(self.steps) if s.id == step_id), -1)

    @property
    def enters_by_record(self) -> dict[str, str]:
        return {a.record: a.enters for a in self.acts if a.enters}
