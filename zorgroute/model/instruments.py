"""Configuration of questionnaires (the SDQ scoring) and the register of pupils: data only."""

from __future__ import annotations

from pydantic import model_validator

from zorgroute.model.records import Date, F, Model, PupilImport, Short, Slug
from zorgroute.model.vocab import SdqVersion, Sex

SDQ_ITEMS = 25


class SdqScale(Model):
    """Een schaal van de SDQ: welke itemnummers erbij horen."""

    id: Slug = F("Naam")
    title: Short = F("Titel")
    items: list[int] = F("Itemnummers", min_length=1)
    strength: bool = F("Sterkte", "Hoe hoger, hoe beter (prosociaal gedrag).", default=False)


class SdqTotal(Model):
    title: Short = F("Titel")
    scales: list[Slug] = F("Schalen die samen de totaalscore vormen", min_length=1)


class Band(Model):
    """Ondergrenzen van 'verhoogd' en 'hoog'; bij een sterkte de bovengrenzen."""

    borderline: int = F("Verhoogd vanaf", ge=0, le=50)
    abnormal: int = F("Hoog vanaf", ge=0, le=50)


class SdqConfig(Model):
    """Scoring van de SDQ: schalen, omgekeerd gescoorde items en grenzen per versie."""

    version: int = F("Versie", default=1)
    reversed: list[int] = F("Omgekeerd gescoorde items", default_factory=list)
    scales: list[SdqScale] = F("Schalen", min_length=1)
    total: SdqTotal = F("Totaalscore")
    bands: dict[SdqVersion, dict[Slug, Band]] = F("Grenzen per versie")

    @model_validator(mode="after")
    def _consistent(self) -> SdqConfig:
        items = sorted(n for s in self.scales for n in s.items)
        if items != list(range(1, SDQ_ITEMS + 1)):
            raise ValueError(
                "de schalen moeten samen de items 1 tot en met 25 elk één keer bevatten"
            )
        if any(not 1 <= n <= SDQ_ITEMS for n in self.reversed):
            raise ValueError("een omgekeerd gescoord item ligt buiten 1 tot en met 25")
        ids = {s.id for s in self.scales}
        if any(s not in ids for s in self.total.scales):
            raise ValueError("de totaalscore noemt een schaal die er niet is")
        for per in self.bands.values():
            if any(k not in ids and k != "total" for k in per):
                raise ValueError("de grenzen noemen een schaal die er niet is")
        return self

    def title(self, scale: str) -> str:
        if scale == "total":
            return self.total.title
        return next((s.title for s in self.scales if s.id == scale), scale)


class RegisteredPupil(Model):
    """Een leerling zoals het leerlingvolgsysteem die kent."""

    number: Short = F("Leerlingnummer")
    first_name: Short = F("Roepnaam")
    last_name: Short = F("Achternaam", "Met tussenvoegsel.")
    birth_date: Date = F("Geboortedatum")
    group: Short = F("Groep of klas")
    sex: Sex = F("Geslacht", vocab=Sex, default=Sex.other)
    home_municipality: Short | None = F("Woongemeente", default=None)


class Group(Model):
    """Een groep of klas."""

    name: Short = F("Naam")
    teacher: Short | None = F("Leerkracht of mentor", default=None)


class Groups(Model):
    """Alle groepen en klassen van de school."""

    groups: list[Group] = F("Groepen", default_factory=list)


class ImportMapping(Model):
    """An example mapping file as shipped: the `pupil_import` block of zorgroute.yaml."""

    pupil_import: PupilImport = F("Leerlingen inlezen")
