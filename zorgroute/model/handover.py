"""The handover bundle (`zorgroute export`): a manifest, the files of one case as text, and a
checksum over both. Data only; reading and writing it is `domain.handover`'s."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import StringConstraints

from zorgroute.model.records import CASE_ID_RE, Date, F, Model, Short, Slug

FORMAT = "zorgroute-overdracht"
#: The only names a file in a bundle may have: the case, or one record by its id.
FILE_NAME = r"^(case\.yaml|records/\d{4}-\d{2}-\d{2}-[a-z_]+-[0-9a-z]{4,8}\.yaml)$"
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
FileName = Annotated[str, StringConstraints(pattern=FILE_NAME)]


class BundleFile(Model):
    """One file of the case, as its text (parsed with the same limits as any record)."""

    name: FileName = F("Bestand")
    text: Annotated[str, StringConstraints(max_length=512 * 1024)] = F("Inhoud")


class ManifestFile(Model):
    name: FileName = F("Bestand")
    sha256: Sha256 = F("Controlegetal")


class Manifest(Model):
    """Who hands what over to whom, on which basis."""

    from_school: Short = F("Van")
    from_brin: Annotated[str, StringConstraints(pattern=r"^[0-9]{2}[A-Z]{2}([0-9]{2})?$")] = F(
        "BRIN-nummer van de afzender"
    )
    to: Slug = F("Aan", "De korte naam van de ontvanger in de toestemming.")
    to_name: Short = F("Naam van de ontvanger")
    source_case: Annotated[str, StringConstraints(pattern=CASE_ID_RE.pattern)] = F(
        "Dossiernummer bij de afzender"
    )
    exported_on: Date = F("Uitgevoerd op")
    basis: Short = F("Grondslag", "Het record-id van de schriftelijke toestemming.")
    left_out: int = F("Aantal records dat niet meeging", ge=0, default=0)
    files: list[ManifestFile] = F("Bestanden", min_length=1, max_length=5000)


class Bundle(Model):
    format: Literal["zorgroute-overdracht"] = F("Formaat")
    version: Literal[1] = F("Versie")
    manifest: Manifest = F("Overzicht")
    files: list[BundleFile] = F("Bestanden", min_length=1, max_length=5000)
    checksum: Sha256 = F("Controlegetal over overzicht en bestanden")
