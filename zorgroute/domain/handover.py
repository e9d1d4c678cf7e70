"""Handing a dossier over: `zorgroute export` writes a bundle, `zorgroute import dossier`
adds it to the receiving repository.

What goes in is the policy layer's answer, on the export date, asked as a document asks it:
`policy.recipients` says whether the receiver may get the dossier (written consent naming it
for exchanging reports, like a letter to a partner), and the bundle holds what that recipient
may see (`policy.visible`: records up to that date with their corrections applied,
confidential contributions filtered out). The consent the answer rests on is the verdict's
basis (`policy.may_refer`, the question `recipients` asks for a partner). Rendered
documents, meldcode records, reports to Veilig Thuis and earlier provenance never leave the
school, nor does a record that refers to one of them. The manifest lists every file with its
checksum; a checksum over manifest and files shows a bundle changed on the way.

A bundle comes from someone else: it is read through the guard (no link followed, a size
limit), parsed as data only, with the limits of any dossier file for every embedded file;
file names are checked against a strict pattern and the receiving case gets a fresh id, so
nothing in a bundle can choose where a file is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from zorgroute.clock import now
from zorgroute.domain.routes import get_route
from zorgroute.errors import Problem, RuleRefused, UsageError, ValidationFailed, WriteFailed
from zorgroute.model.handover import FORMAT, Bundle, BundleFile, Manifest, ManifestFile
from zorgroute.model.nl import format_date
from zorgroute.model.records import Case, Provenance, RecordBase, Referral
from zorgroute.model.route import Route
from zorgroute.model.vocab import Purpose
from zorgroute.policy import (
    DocumentSpec,
    Recipient,
    facts,
    may_refer,
    recipients,
    visible,
    visible_adults,
)
from zorgroute.store import gitio, safefs
from zorgroute.store.repo import (
    RECORD_ADAPTER,
    RECORDS_DIR,
    TMP_MARK,
    CaseData,
    Entry,
    Repository,
    ensure_new_case_id,
    schema_ref,
    write_atomic,
)
from zorgroute.store.yamlio import dump_model, parse_yaml, validation_problems

MAX_BUNDLE_BYTES = 32 * 1024 * 1024
#: Record kinds that never leave the school.
KEPT_HOME = frozenset({"document", "correction", "provenance", "meldcode", "meldcode_step"})


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def bundle_checksum(manifest: Manifest, files: list[BundleFile]) -> str:
    """Over the manifest and every file, in a canonical form (sorted JSON)."""
    content = {
        "manifest": manifest.model_dump(mode="json"),
        "files": [f.model_dump(mode="json") for f in files],
    }
    return sha256(json.dumps(content, sort_keys=True, ensure_ascii=False))


def _kept_home(entry: Entry) -> bool:
    rec = entry.record
    return entry.kind in KEPT_HOME or (isinstance(rec, Referral) and rec.meldcode)


def _references(record: RecordBase) -> set[str]:
    """Every text value of a record (ids of other records among them)."""
    out: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            out.add(value.split("#")[0])
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v)

    walk(record.model_dump(mode="json"))
    return out


def handover_spec(partner: str) -> DocumentSpec:
    """The bundle as the policy layer sees it: a document for a partner, to exchange reports."""
    return DocumentSpec("institution", partner=partner, purposes=(Purpose.report_exchange,))


def shared_entries(
    data: CaseData, reader: Recipient, day: dt.date, hidden: frozenset[str] = frozenset()
) -> tuple[list[Entry], int]:
    """What the receiver may see on `day`, without what stays home and without a record that
    names an adult of `hidden` (one the pupil keeps out); and how many records were left
    out."""
    seen = visible(data, reader, day)
    dropped = {e.id for e in seen if _kept_home(e)} | set(hidden)
    while True:  # a record that refers to one left out is left out too
        more = {e.id for e in seen if e.id not in dropped and _references(e.record) & dropped}
        if not more:
            break
        dropped |= more
    kept = [e for e in seen if e.id not in dropped]
    return kept, len(data.entries) - len(kept)


def shown_case(data: CaseData, route: Route, day: dt.date) -> tuple[Case, frozenset[str]]:
    """The case as the bundle may show it: without the adults no document may name on `day`
    (`policy.visible_adults`: one the pupil of 16+ keeps out, or one the pupil of 18+ did not
    agree to), and their ids."""
    shown = {a.id for a in visible_adults(facts(data, route, day))}
    adults = data.case.family.adults
    hidden = frozenset(a.id for a in adults if a.id not in shown)
    if not hidden:
        return data.case, hidden
    family = data.case.family.model_copy(
        update={"adults": [a for a in adults if a.id not in hidden]}
    )
    return data.case.model_copy(update={"family": family}), hidden


@dataclass(frozen=True)
class Exported:
    path: Path
    records: int
    left_out: int
    checksum: str


def export_case(
    repo: Repository, case_id: str, partner: str, day: dt.date, target: Path
) -> Exported:
    """Write the bundle for `partner` as the consent on `day` allows."""
    path = target / f"overdracht-{case_id}-{day.isoformat()}.yaml" if target.is_dir() else target
    if safefs.inside(repo.root, path.parent.resolve()) is not None:
        raise UsageError(
            "een overdrachtsbundel hoort niet in de repository (git zou hem meenemen)",
            hint="kies met --out een map buiten de repository, bijvoorbeeld een map van de "
            "beveiligde uitwisseling met de ontvanger",
        )
    data = repo.require_case(case_id)
    route = get_route(repo, data.case.route, data.case.route_version)
    spec = handover_spec(partner)
    found_readers = recipients(data, route, repo.config, spec, day)
    verdict = may_refer(data, route, repo.config, partner, spec.purposes, day)
    if not found_readers or verdict.basis is None:
        reasons = verdict.summary if not verdict.allowed else "er is geen schriftelijke toestemming"
        raise RuleRefused(
            f"dossier {case_id} kan op {format_date(day)} niet worden overgedragen aan "
            f"{partner}: {reasons}; er is niets geschreven",
            hint=verdict.fix
            or f"leg schriftelijke toestemming vast: zorgroute consent {case_id} --basis "
            f"written_consent --forum zat --purpose report_exchange --partner {partner} ...",
        )
    (reader,) = found_readers
    case, hidden = shown_case(data, route, day)
    entries, left_out = shared_entries(data, reader, day, hidden)
    files = [BundleFile(name="case.yaml", text=dump_model(case, None))]
    files += [
        BundleFile(name=f"{RECORDS_DIR}/{e.id}.yaml", text=dump_model(e.record, None))
        for e in entries
    ]
    found = repo.config.partner(partner)
    school = repo.config.school
    manifest = Manifest(
        from_school=school.name,
        from_brin=school.brin,
        to=partner,
        to_name=found.name if found else partner,
        source_case=case_id,
        exported_on=day,
        basis=verdict.basis,
        left_out=left_out,
        files=[ManifestFile(name=f.name, sha256=sha256(f.text)) for f in files],
    )
    checksum = bundle_checksum(manifest, files)
    bundle = Bundle(format=FORMAT, version=1, manifest=manifest, files=files, checksum=checksum)
    try:
        safefs.write_export(path, dump_model(bundle, None).encode("utf-8"))
    except safefs.UnsafeFile as exc:
        raise WriteFailed(exc.message, exc.problems, hint=exc.hint) from None
    except OSError as exc:
        raise WriteFailed(
            f"kan de bundel niet schrijven: {safefs.os_reason(exc)}",
            hint="kies een map waarin u mag schrijven",
        ) from None
    return Exported(path, len(entries), left_out, checksum)


# --- import ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    case_id: str
    records: int  # records added; 0: the bundle was already imported
    existing: bool = False


def _bad(display: str, message: str, problems: list[Problem] | None = None) -> ValidationFailed:
    return ValidationFailed(
        f"{display} is geen geldige overdrachtsbundel: {message}; er is niets vastgelegd",
        problems or [],
        hint="vraag de afzender om de bundel opnieuw te maken met zorgroute export",
    )


def read_bundle(path: Path) -> Bundle:
    """The bundle, checked: shape, checksums, file names, one case file."""
    display = path.name
    try:
        raw = safefs.read_bytes(path, display, MAX_BUNDLE_BYTES, follow_links=False)
    except safefs.UnsafeFile as exc:
        raise UsageError(exc.message, exc.problems, hint=exc.hint) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _bad(display, "het is geen UTF-8-tekst") from None
    loaded, problems = parse_yaml(text, path, display)
    if loaded is None:
        raise _bad(display, "het is geen leesbare YAML", problems)
    if not isinstance(loaded.data, dict) or loaded.data.get("format") != FORMAT:
        raise _bad(display, "het formaat klopt niet")
    try:
        bundle = Bundle.model_validate(loaded.data)
    except ValidationError as exc:
        raise _bad(display, "de opbouw klopt niet", validation_problems(exc, loaded)) from None
    if bundle_checksum(bundle.manifest, bundle.files) != bundle.checksum:
        raise _bad(display, "het controlegetal klopt niet: de bundel is onderweg veranderd")
    listed = [(f.name, f.sha256) for f in bundle.manifest.files]
    if listed != [(f.name, sha256(f.text)) for f in bundle.files]:
        raise _bad(display, "de bestanden kloppen niet met het overzicht")
    names = [f.name for f in bundle.files]
    if len(set(names)) != len(names) or names.count("case.yaml") != 1:
        raise _bad(display, "elk bestand mag er één keer in staan, het dossier precies één keer")
    return bundle


def _validate(display: str, bundle: Bundle) -> tuple[Case, list[tuple[str, RecordBase]]]:
    """Every embedded file parsed with the limits of a dossier file and validated; every
    problem is collected, located in the file inside the bundle."""
    problems: list[Problem] = []
    case: Case | None = None
    records: list[tuple[str, RecordBase]] = []
    for file in bundle.files:
        where = f"{display} ({file.name})"
        loaded, found = parse_yaml(file.text, Path(file.name), where)
        problems.extend(found)
        if loaded is None:
            continue
        if not isinstance(loaded.data, dict):
            problems.append(Problem(where, 1, 1, "", "dit bestand bevat geen velden", "overdracht"))
            continue
        try:
            if file.name == "case.yaml":
                case = Case.model_validate(loaded.data)
                continue
            record = RECORD_ADAPTER.validate_python(loaded.data)
        except ValidationError as exc:
            problems.extend(validation_problems(exc, loaded))
            continue
        rid = file.name.removeprefix(f"{RECORDS_DIR}/").removesuffix(".yaml")
        if rid.split("-")[3] != getattr(record, "kind", ""):
            message = "het soort record past niet bij de naam van het bestand"
            problems.append(Problem(where, 1, 1, "kind", message, "overdracht"))
            continue
        if getattr(record, "kind", "") in KEPT_HOME:
            problems.append(
                Problem(
                    where, 1, 1, "", "dit soort record hoort niet in een overdracht", "overdracht"
                )
            )
            continue
        records.append((rid, record))
    if problems or case is None:
        raise _bad(display, "een bestand erin is niet geldig", problems)
    return case, records


def _already(repo: Repository, manifest: Manifest) -> tuple[str, set[str], set[str]] | None:
    """The case an earlier bundle of the same source case became, its record ids and the
    checksums of the bundles it came from."""
    for case_id in repo.case_ids():
        try:
            data, _ = repo.load_case(case_id)
        except (ValidationFailed, UsageError):
            continue
        if data is None:
            continue
        sums = {
            e.record.bundle_sha256
            for e in data.entries
            if isinstance(e.record, Provenance)
            and e.record.source_case == manifest.source_case
            and e.record.source_brin == manifest.from_brin
        }
        if sums:
            return case_id, {e.id for e in data.entries}, sums
    return None


def import_bundle(repo: Repository, path: Path, day: dt.date, by: str) -> Imported:
    """Add the bundle as a new case (or, for a later bundle of the same case, the records
    that case does not have yet), with a provenance record; one git commit."""
    bundle = read_bundle(path)
    case, records = _validate(path.name, bundle)
    manifest = bundle.manifest
    with repo.locked():
        before = _already(repo, manifest)
        if before is not None and (
            bundle.checksum in before[2] or all(rid in before[1] for rid, _ in records)
        ):
            return Imported(before[0], 0, existing=True)
        new_id = before[0] if before is not None else ensure_new_case_id(repo)
        fresh = [(rid, r) for rid, r in records if before is None or rid not in before[1]]
        route = get_route(repo, repo.config.route)
        provenance = Provenance(
            date=day,
            recorded_by=by,
            recorded_at=now(day),
            source_school=manifest.from_school,
            source_brin=manifest.from_brin,
            source_case=manifest.source_case,
            exported_on=manifest.exported_on,
            bundle_sha256=bundle.checksum,
            records=[rid for rid, _ in fresh],
            basis=manifest.basis,
        )
        files: list[tuple[str, str]] = [
            (f"{RECORDS_DIR}/{rid}.yaml", repo.record_text(r)) for rid, r in fresh
        ]
        prov_id, prov_path = repo.record_path(new_id, provenance) if before else ("", Path())
        if before is not None:
            written = repo.write_new(
                [(repo.case_dir(new_id) / name, text) for name, text in files]
                + [(prov_path, repo.record_text(provenance))]
            )
        else:
            received = case.model_copy(
                update={
                    "id": new_id,
                    "created": day,
                    "route": route.id,
                    "route_version": route.version,
                    "school": None,
                }
            )
            written = _write_new_case(repo, new_id, received, files, provenance)
        if repo.config.settings.git_commit:
            gitio.commit(repo.root, written, f"zorgroute: dossier {new_id} overgenomen")
    return Imported(new_id, len(fresh))


def _write_new_case(
    repo: Repository,
    case_id: str,
    case: Case,
    files: list[tuple[str, str]],
    provenance: Provenance,
) -> list[Path]:
    """Build the case under a temporary name, then rename it into place (as create_case)."""
    staging = repo.cases_dir / f"{TMP_MARK}{case_id}"
    target = repo.cases_dir / case_id
    prov_name = f"{RECORDS_DIR}/{provenance.date.isoformat()}-provenance-{case_id[:4]}.yaml"
    everything = [("case.yaml", dump_model(case, schema_ref(2, "case"))), *files]
    everything.append((prov_name, repo.record_text(provenance)))
    try:
        for name, text in everything:
            write_atomic(staging / name, text, repo.root)
        safefs.rename_dir(repo.root, staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise WriteFailed(
            f"kon het dossier niet aanmaken: {safefs.os_reason(exc)}",
            hint="controleer schijfruimte en schrijfrechten",
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [target / name for name, _ in everything]
