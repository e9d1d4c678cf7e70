"""Documents ask the policy layer (issue 13, item 3): under the consent exception (the child's
safety) no letter or form reaches the parents until a later record lifts it; every document
of every example case renders the same on any later day, through the command line too; the
step commands and `render` make the same document."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE, Run

from zorgroute.documents import catalogue, gallery
from zorgroute.documents import render as rd
from zorgroute.store.repo import open_repository

TODAY = dt.date(2026, 11, 23)
FAMILY = ("parent", "parents")
EXCEPTION = "consent-xcpt"
LIFTED = "consent-lift"


@pytest.fixture(autouse=True)
def _no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rd, "pdf_available", lambda: False)


def _directeur() -> str:
    config = yaml.safe_load((EXAMPLE / "zorgroute.yaml").read_text(encoding="utf-8"))
    return next(p["name"] for p in config["people"] if p["role"] == "directeur")


def _dates(case: Path) -> list[dt.date]:
    """The dates of a case's records (documents made from them do not count)."""
    return sorted(
        dt.date.fromisoformat(p.name[:10])
        for p in (case / "records").glob("*.yaml")
        if "-document-" not in p.name
    )


def _record(case: Path, day: dt.date, name: str, fields: dict[str, str]) -> str:
    """Write a consent record dated `day`, recorded before anything else of that day."""
    stem = f"{day.isoformat()}-{name}"
    body = {
        "kind": "consent",
        "date": day.isoformat(),
        "recorded_by": "Marieke Verhoeven (intern begeleider)",
        "recorded_at": f"{day.isoformat()}T00:00:00.000",
        "forum": "zorgteam",
        "decided_by": _directeur(),
        **fields,
    }
    (case / "records" / f"{stem}.yaml").write_text(
        yaml.safe_dump(body, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return stem


def _under_exception(root: Path, lift: bool) -> dict[str, dt.date]:
    """Every example case handled under the exception from its first record; with `lift`,
    the directeur ends it again on the date of a later record. Returns the day it was
    lifted, per case."""
    lifted: dict[str, dt.date] = {}
    for case in sorted(p for p in (root / "cases").iterdir() if p.is_dir()):
        dates = _dates(case)
        if not dates:
            continue
        exception = _record(
            case,
            dates[0],
            EXCEPTION,
            {
                "basis": "exception",
                "ground": "threatening_upbringing",
                "motivation": "Vragen om toestemming brengt het kind in gevaar.",
            },
        )
        if lift and len(dates) > 2:
            day = dates[len(dates) // 2]
            _record(case, day, LIFTED, {"basis": "exception_end", "refers_to": exception})
            lifted[case.name] = day
    return lifted


Key = tuple[str, str, str]  # case, document, record


def _by_record(items: list[gallery.Item]) -> dict[Key, set[tuple[str, tuple[str, ...]]]]:
    out: dict[Key, set[tuple[str, tuple[str, ...]]]] = {}
    for i in items:
        out.setdefault((i.case_id, i.document, i.record_id), set()).add(
            (i.recipient_kind, i.recipient_ids)
        )
    return out


def _to_parents(item: gallery.Item, adults: set[str]) -> bool:
    """Does this copy reach a parent (a letter, or a form addressed to them to sign)?"""
    return item.recipient_kind in FAMILY or bool(set(item.recipient_ids) & adults)


def _adults(root: Path) -> set[str]:
    found: set[str] = set()
    for path in (root / "cases").glob("*/case.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found |= {a["id"] for a in data["family"]["adults"]}
    return found


@pytest.fixture(scope="module")
def original() -> list[gallery.Item]:
    return gallery.collect(open_repository(EXAMPLE), TODAY)


@pytest.fixture(scope="module")
def exception_items(tmp_path_factory: pytest.TempPathFactory) -> list[gallery.Item]:
    root = tmp_path_factory.mktemp("exception") / "example"
    shutil.copytree(EXAMPLE, root)
    _under_exception(root, lift=False)
    return gallery.collect(open_repository(root), TODAY)


@pytest.fixture(scope="module")
def lifted_items(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[list[gallery.Item], dict[str, dt.date]]:
    root = tmp_path_factory.mktemp("lifted") / "example"
    shutil.copytree(EXAMPLE, root)
    lifted = _under_exception(root, lift=True)
    return gallery.collect(open_repository(root), TODAY), lifted


# --- the safety path, for each letter and form ------------------------------------------------

FOR_THE_FAMILY = sorted(
    n for n, s in catalogue.DOCUMENTS.items() if s.to_parents or s.audience == "signers"
)
FOR_PROFESSIONALS = sorted(set(catalogue.DOCUMENTS) - set(FOR_THE_FAMILY))


@pytest.mark.parametrize("document", FOR_THE_FAMILY)
def test_under_the_exception_this_letter_or_form_never_reaches_the_parents(
    document: str, original: list[gallery.Item], exception_items: list[gallery.Item]
) -> None:
    adults = _adults(EXAMPLE)
    before = [i for i in original if i.document == document and _to_parents(i, adults)]
    assert before, f"the example sends {document} to parents; the test would prove nothing"
    under = [i for i in exception_items if i.document == document]
    assert under, document
    assert not [i for i in under if i.missing], [i.missing for i in under if i.missing]
    reached = [(i.case_id, i.recipient_ids) for i in under if _to_parents(i, adults)]
    assert not reached, reached
    # nothing in any text tells the parents anything: no salutation to them either
    names = {n for i in before for n in i.recipient.split(" en ")}
    for item in under:
        if item.recipient_kind != "pupil":
            assert not [n for n in names if f"Beste {n}" in item.texts.get("md", "")]


@pytest.mark.parametrize("document", FOR_PROFESSIONALS)
def test_under_the_exception_the_professionals_still_get_their_forms(
    document: str, original: list[gallery.Item], exception_items: list[gallery.Item]
) -> None:
    want = {k: v for k, v in _by_record(original).items() if k[1] == document}
    got = {k: v for k, v in _by_record(exception_items).items() if k[1] == document}
    assert want and got == want


def test_a_later_record_lifts_the_exception_and_the_letters_go_out_again(
    original: list[gallery.Item],
    lifted_items: tuple[list[gallery.Item], dict[str, dt.date]],
) -> None:
    items, lifted = lifted_items
    assert lifted
    adults = _adults(EXAMPLE)
    want = _by_record(original)
    got = _by_record(items)
    checked = {"before": 0, "after": 0}
    for item in items:
        day = lifted.get(item.case_id)
        if day is None or item.missing:
            continue
        key = (item.case_id, item.document, item.record_id)
        if item.day < day:
            assert not _to_parents(item, adults), key
            checked["before"] += 1
        elif key in want:
            # from the day it was lifted: the same recipients as without the exception
            assert got[key] == want[key], key
            checked["after"] += 1
    assert checked["before"] and checked["after"], checked
    assert [
        i
        for i in items
        if i.case_id in lifted and i.day >= lifted[i.case_id] and _to_parents(i, adults)
    ]


# --- the same content on any later day --------------------------------------------------------


def _gallery_files(run: Run, repo: Path, out: Path, today: str) -> dict[str, str]:
    res = run("--repo", repo, "galerij", "--out", out, env={"ZORGROUTE_TODAY": today})
    assert res.exit_code == 0, res.output
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_every_document_of_every_example_case_renders_the_same_a_year_later(
    example_copy: Path, run: Run, tmp_path: Path
) -> None:
    now = _gallery_files(run, example_copy, tmp_path / "nu", "2026-11-23")
    later = _gallery_files(run, example_copy, tmp_path / "later", "2027-11-23")
    cases = {name.split("/")[0] for name in now if "/" in name}
    assert len(cases) == len([p for p in (EXAMPLE / "cases").iterdir() if p.is_dir()])
    assert len(now) > 80
    assert now == later


# --- render goes through the same pipeline as the step ----------------------------------------


def test_render_a_year_later_makes_the_letter_the_step_made(
    repo: Path, run: Run, new_case: Callable[..., str]
) -> None:
    case = new_case()
    res = run(
        "--repo", repo, "consent", case, "--basis", "no_objection_notice", "--forum",
        "zorgteam", "--objection-deadline", "2026-11-20", "--date", "2026-11-02",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    written = sorted((repo / "cases" / case / "documents").glob("*objection-notice*.md"))
    assert written
    by_step = sorted(p.read_text(encoding="utf-8") for p in written)
    again = run(
        "--repo", repo, "render", case, "objection-notice", "--stdout",
        env={"ZORGROUTE_TODAY": "2027-11-23"},
    )  # fmt: skip
    assert again.exit_code == 0, again.output
    for text in by_step:
        assert text.strip() in again.stdout
    # the letter speaks for the day of the notice, and the policy's deadline
    assert "2 november 2026" in by_step[0] and "20 november 2026" in by_step[0]
    assert not re.search(r"23 november 2027", again.stdout)


# --- confidential contributions ---------------------------------------------------------------


def _notes(root: Path) -> list[tuple[str, set[str]]]:
    """Every confidential contribution of the example: its text and the forums it is for."""
    out = []
    for path in sorted((root / "cases").glob("*/records/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for note in data.get("confidential") or []:
            out.append((" ".join(str(note["text"]).split()), set(note["forums"])))
    return out


def test_a_confidential_contribution_reaches_only_the_forums_it_names(
    original: list[gallery.Item], exception_items: list[gallery.Item]
) -> None:
    notes = _notes(EXAMPLE)
    assert notes
    shown = 0
    for item in original + exception_items:
        text = " ".join((item.texts.get("md", "") + item.texts.get("html", "")).split())
        for note, forums in notes:
            if note in text:
                shown += 1
                assert item.recipient_kind == "forum", (item.document, item.recipient_kind)
                assert set(item.recipient_ids) <= forums, (item.document, item.recipient_ids)
    assert shown  # the forums they are meant for do get them
