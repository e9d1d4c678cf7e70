"""The gallery: every document of every case of a repository, in one folder with an index.

A school or SWV reviews the whole set at once; the tests render the same gallery. Nothing is
recorded in the dossiers: the gallery is written only to the folder asked for. A document a
record cannot (yet) support is listed on the index with what is missing, never half made.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from zorgroute.documents import catalogue as cat
from zorgroute.domain.engine import Loaded, load
from zorgroute.errors import RuleRefused, ValidationFailed
from zorgroute.store.repo import Entry, Repository

GALLERY_FORMATS = ("md", "html")
NOBODY = "niet gemaakt: " + cat.NOBODY


@dataclass(frozen=True)
class Item:
    """One rendered document for one recipient, or one that could not be made."""

    case_id: str
    pupil: str
    document: str  # catalogue name
    title: str
    day: dt.date
    recipient_kind: str
    recipient: str
    files: dict[str, str] = field(default_factory=dict)  # format -> path relative to the folder
    texts: dict[str, str] = field(default_factory=dict)  # format -> content (md, html)
    missing: tuple[str, ...] = ()  # why it could not be made
    record_id: str = ""  # the record the document is about ("" for the whole dossier)
    recipient_ids: tuple[str, ...] = ()
    nobody: bool = False  # made for no one: on that day nobody may receive it

    @property
    def to_parents(self) -> bool:
        return self.recipient_kind in ("parent", "parents", "pupil")


def _records(loaded: Loaded, spec: cat.Spec) -> list[Entry | None]:
    if spec.record is None:
        return [None]
    return [e for e in loaded.data.entries if e.kind == spec.record and spec.applies(e.record)]


def case_items(
    loaded: Loaded, today: dt.date, formats: tuple[str, ...] = GALLERY_FORMATS
) -> list[Item]:
    """Every document of one case, for each of its recipients, as of its record's date."""
    out: list[Item] = []
    pupil = loaded.case.pupil.full_name
    for spec in cat.DOCUMENTS.values():
        for entry in _records(loaded, spec):
            day = cat.document_day(loaded, entry, today)
            # the same case, document, day and record for every item of this record
            item_of = partial(
                Item,
                loaded.case.id,
                pupil,
                spec.name,
                spec.title,
                day,
                record_id=entry.id if entry else "",
            )
            try:
                rendered = cat.render_spec(loaded, spec, today, entry, formats=formats)
            except (RuleRefused, ValidationFailed) as exc:
                reasons = tuple(
                    f"{p.path}:{p.line}: {p.message}"
                    if isinstance(exc, ValidationFailed)
                    else p.message
                    for p in exc.problems
                ) or (str(exc),)
                out.append(item_of("", "", missing=reasons))
                continue
            if not rendered:
                out.append(item_of("", "", nobody=True))
            for item in rendered:
                texts = {k: v for k, v in item.files.items() if isinstance(v, str)}
                out.append(
                    item_of(
                        item.recipient.kind,
                        item.recipient.view()["name"],
                        texts=texts,
                        recipient_ids=item.recipient.ids,
                    )
                )
    return out


def collect(
    repo: Repository, today: dt.date, formats: tuple[str, ...] = GALLERY_FORMATS
) -> list[Item]:
    """Every document of every case in the repository."""
    items: list[Item] = []
    for case_id in repo.case_ids():
        items += case_items(load(repo, case_id), today, formats)
    return items


def write(items: list[Item], folder: Path) -> list[Item]:
    """Write the documents and an index (index.html, index.md) into `folder`; file names
    hold case ids and document names, never a pupil's name."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Item] = []
    counts: dict[str, int] = {}
    for item in items:
        if item.missing or item.nobody:
            written.append(item)
            continue
        stem = f"{item.case_id}/{item.day.isoformat()}-{item.document}-{item.recipient_kind}"
        counts[stem] = counts.get(stem, 0) + 1
        stem += f"-{counts[stem]}"
        files = {}
        for fmt, text in item.texts.items():
            path = folder / f"{stem}.{fmt}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            files[fmt] = f"{stem}.{fmt}"
        written.append(
            Item(
                item.case_id,
                item.pupil,
                item.document,
                item.title,
                item.day,
                item.recipient_kind,
                item.recipient,
                files,
                item.texts,
                record_id=item.record_id,
                recipient_ids=item.recipient_ids,
            )
        )
    (folder / "index.md").write_text(index_markdown(written), encoding="utf-8")
    (folder / "index.html").write_text(index_html(written), encoding="utf-8")
    return written


def _dutch_date(day: dt.date) -> str:
    from zorgroute.documents.render import dutch_date

    return dutch_date(day)


def index_markdown(items: list[Item]) -> str:
    lines = ["# Alle documenten", ""]
    current = None
    for item in items:
        if item.case_id != current:
            current = item.case_id
            lines += ["", f"## {item.pupil}", ""]
        when = _dutch_date(item.day)
        if item.missing:
            lines.append(f"- {item.title} ({when}): kan nog niet: " + "; ".join(item.missing))
        elif item.nobody:
            lines.append(f"- {item.title} ({when}): {NOBODY}")
        else:
            link = item.files.get("html") or next(iter(item.files.values()), "")
            lines.append(f"- [{item.title}, voor {item.recipient}]({link}) ({when})")
    return "\n".join(lines) + "\n"


def index_html(items: list[Item]) -> str:
    rows = []
    current = None
    for item in items:
        if item.case_id != current:
            if current is not None:
                rows.append("</ul>")
            current = item.case_id
            rows.append(f"<h2>{html.escape(item.pupil)}</h2>\n<ul>")
        when = html.escape(_dutch_date(item.day))
        title = html.escape(item.title)
        if item.missing:
            why = html.escape("; ".join(item.missing))
            rows.append(f"<li>{title} ({when}): <em>kan nog niet</em>: {why}</li>")
        elif item.nobody:
            rows.append(f"<li>{title} ({when}): <em>{html.escape(NOBODY)}</em></li>")
        else:
            link = html.escape(item.files.get("html") or next(iter(item.files.values()), ""))
            who = html.escape(item.recipient)
            rows.append(f'<li><a href="{link}">{title}, voor {who}</a> ({when})</li>')
    if current is not None:
        rows.append("</ul>")
    body = "\n".join(rows)
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head><meta charset="utf-8">'
        "<title>Alle documenten</title></head>\n<body>\n<h1>Alle documenten</h1>\n"
        f"{body}\n</body>\n</html>\n"
    )


def gallery(
    repo: Repository, folder: Path, today: dt.date, formats: tuple[str, ...] = GALLERY_FORMATS
) -> list[Item]:
    """Render every document of the repository into `folder` with an index page."""
    return write(collect(repo, today, formats), folder)
