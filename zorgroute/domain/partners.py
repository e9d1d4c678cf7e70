"""Partners as data: the institutions a school works with, kept in `zorgroute.yaml`.

Changes rewrite only the `partners:` section of the file (comments elsewhere stay), are
validated against the whole configuration first, written atomically under the lock and
committed to git.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from zorgroute.errors import NotFound, UsageError, WriteFailed
from zorgroute.model.records import Config, Partner
from zorgroute.store import gitio
from zorgroute.store.repo import CONFIG_FILE, Repository

_SECTION = re.compile(r"^partners:.*$", re.MULTILINE)


def commented_section(municipality: str) -> str:
    """The partners section `init` writes: an example to fill in, commented out."""
    slug = re.sub(r"[^a-z0-9]+", "-", municipality.lower()).strip("-") or "gemeente"
    return f"""
# Partners in de regio: de instellingen waarmee de school samenwerkt. Toestemmingen en
# verwijzingen noemen een partner bij zijn korte naam (id). Voeg partners toe met
#   zorgroute partner add --id lt-{slug} --name "Lokaal team {municipality}" \\
#     --kind "lokaal team" --municipality "{municipality}"
# of schrijf ze hieronder en haal de hekjes weg. Soorten: {_kinds()}.
# partners:
# - id: lt-{slug}
#   name: Lokaal team {municipality}
#   kind: local_team
#   municipality: {municipality}
# - id: smw-{slug}
#   name: Schoolmaatschappelijk werk {municipality}
#   kind: smw
"""


def _kinds() -> str:
    from zorgroute.model.vocab import PartnerKind

    return ", ".join(k.value for k in PartnerKind)


def known(config: Config) -> str:
    return ", ".join(p.id for p in config.partners) or "nog geen"


def require_known(config: Config, ids: Iterable[str], what: str = "partner") -> None:
    """Refuse a partner id that is not in the partner list, naming the known ones."""
    ids_known = {p.id for p in config.partners}
    unknown = [i for i in ids if i not in ids_known]
    if unknown:
        raise UsageError(
            f"{what} '{unknown[0][:30]}' staat niet in de partnerlijst; er is niets "
            f"vastgelegd (bekend: {known(config)})",
            hint="voeg de partner toe met 'zorgroute partner add', of kies een bekende",
        )


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        kept = {k: _plain(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _section_text(partners: list[Partner]) -> str:
    if not partners:
        return "partners: []\n"
    data = [_plain(p.model_dump(mode="json")) for p in partners]
    return yaml.safe_dump(
        {"partners": data}, sort_keys=False, allow_unicode=True, default_flow_style=False, width=88
    )


def replace_section(text: str, partners: list[Partner]) -> str:
    """The config text with its `partners:` section replaced (or added at the end)."""
    section = _section_text(partners)
    match = _SECTION.search(text)
    if match is None:
        return text.rstrip("\n") + "\n" + section
    lines = text[match.start() :].split("\n")
    end = 1
    while end < len(lines) and (not lines[end] or lines[end][0] in " -\t"):
        end += 1
    rest = "\n".join(lines[end:])
    return text[: match.start()] + section + rest


def _validated(repo: Repository, partners: list[Partner]) -> Config:
    data = repo.config.model_dump(mode="python")
    data["partners"] = [p.model_dump(mode="python") for p in partners]
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        from zorgroute.domain.cases import model_errors

        raise model_errors(exc, "de partnergegevens") from None


def make_partner(fields: dict[str, Any]) -> Partner:
    clean = {k: v for k, v in fields.items() if v not in (None, "", [], ())}
    try:
        return Partner.model_validate(clean)
    except ValidationError as exc:
        from zorgroute.domain.cases import model_errors

        raise model_errors(exc, "de partnergegevens") from None


def save(repo: Repository, partners: list[Partner], message: str) -> str | None:
    """Write the new partner list; returns a warning when git could not commit."""
    _validated(repo, partners)
    path = repo.root / CONFIG_FILE
    with repo.locked():
        text = path.read_text(encoding="utf-8")
        _replace_atomic(path, replace_section(text, partners))
        if repo.config.settings.git_commit:
            return gitio.commit(repo.root, [path], message)
    return None


def _replace_atomic(path: Path, text: str) -> None:
    """Replace the configuration file in one step: a full temporary copy, then a rename."""
    tmp = path.with_name(f".{path.name}.partners.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        if tmp.exists():
            tmp.unlink()
        raise WriteFailed(
            f"kan {path.name} niet bijwerken: {exc.strerror or 'onbekende fout'}",
            hint="controleer de rechten op de map en of de schijf vol is",
        ) from None


def add(repo: Repository, fields: dict[str, Any]) -> tuple[Partner, str | None]:
    partner = make_partner(fields)
    if any(p.id == partner.id for p in repo.config.partners):
        raise UsageError(
            f"partner '{partner.id}' bestaat al; er is niets veranderd",
            hint=f"wijzig hem met 'zorgroute partner edit {partner.id}'",
        )
    warning = save(
        repo, [*repo.config.partners, partner], f"zorgroute: partner {partner.id} toegevoegd"
    )
    return partner, warning


def find(repo: Repository, partner_id: str) -> Partner:
    for p in repo.config.partners:
        if p.id == partner_id:
            return p
    raise NotFound(
        f"partner '{partner_id[:30]}' staat niet in de partnerlijst (bekend: {known(repo.config)})",
        hint="'zorgroute partner list' toont de partners",
    )


def edit(repo: Repository, partner_id: str, changes: dict[str, Any]) -> tuple[Partner, str | None]:
    old = find(repo, partner_id)
    data = old.model_dump(mode="python")
    data.update({k: v for k, v in changes.items() if v not in (None, "")})
    new = make_partner(data)
    partners = [new if p.id == partner_id else p for p in repo.config.partners]
    return new, save(repo, partners, f"zorgroute: partner {partner_id} gewijzigd")


def remove(repo: Repository, partner_id: str) -> str | None:
    find(repo, partner_id)
    partners = [p for p in repo.config.partners if p.id != partner_id]
    return save(repo, partners, f"zorgroute: partner {partner_id} verwijderd")
