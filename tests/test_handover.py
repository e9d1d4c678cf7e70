"""Handover between two repositories: `zorgroute export` writes only what the consent on
that date covers, with a manifest and a checksum; `zorgroute import dossier` adds it as a new
case with its provenance, the imported case passes `check`, and a second import adds nothing.
A bundle from elsewhere is hostile input: tampering, path tricks, links and tags are refused."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PARTNERS, Run, files_under, load_yaml
from test_documents import SMW_SECRET, to_care_team_meeting

from zorgroute.domain.handover import bundle_checksum
from zorgroute.model.handover import Bundle, ManifestFile

NEW_SCHOOL = "- id: obs-de-wending\n  name: OBS De Wending\n  kind: other\n"
VT = "- id: vt\n  name: Veilig Thuis Haaglanden\n  kind: veilig_thuis\n"
ANSWERS = "2,1,2,1,2,1,2,2,0,2,1,2,2,1,2,2,0,2,2,0,1,2,2,2,1"


def ok(res: object) -> str:
    assert getattr(res, "exit_code", None) == 0, getattr(res, "output", res)
    return str(getattr(res, "stdout", ""))


def add_partners(repo: Path, *blocks: str) -> None:
    config = repo / "zorgroute.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "".join(blocks), encoding="utf-8")


@pytest.fixture
def receiver(tmp_path: Path, run: Run) -> Path:
    root = tmp_path / "ontvanger"
    ok(
        run(
            "init",
            root,
            "--school",
            "OBS De Wending",
            "--brin",
            "98WW",
            "--sector",
            "po",
            "--municipality",
            "Delft",
            "--swv",
            "SWV Test",
            "--ib-name",
            "Wim Wending",
            "--directeur",
            "Dora Wending",
        )
    )
    add_partners(root, PARTNERS)
    return root


def sender_case(run: Run, repo: Path, new_case: Callable[..., str]) -> str:
    """A case with a confidential SMW remark for the zorgteam, an SDQ, absence, a report to
    Veilig Thuis with feedback on it, and written consent for the new school on 2026-11-05."""
    add_partners(repo, NEW_SCHOOL, VT)
    c = new_case()
    z = ("--repo", repo)
    to_care_team_meeting(run, repo, c, ("moeder", "vader"))
    ok(run(*z, "sdq", c, "--version", "leerkracht", "--answers", ANSWERS, "--date", "2026-11-03"))
    ok(run(*z, "absence", c, "--from", "2026-10-05", "--to", "2026-10-16", "--unauthorised", "6"))
    ok(
        run(
            *z,
            "refer",
            c,
            "--destination",
            "veilig_thuis",
            "--institution",
            "vt",
            "--reason",
            "zorgen over de veiligheid thuis",
            "--date",
            "2026-11-04",
        )
    )
    ok(
        run(
            *z,
            "consent",
            c,
            "--basis",
            "written_consent",
            "--forum",
            "zat",
            "--partner",
            "obs-de-wending",
            "--purpose",
            "report_exchange",
            "--given-by",
            "moeder",
            "--given-by",
            "vader",
            "--date",
            "2026-11-05",
        )
    )
    ok(run(*z, "test-result", c, "--instrument", "Cito", "--area", "rekenen", "--score", "41",
           "--date", "2026-11-10"))  # fmt: skip
    return c


def export(run: Run, repo: Path, c: str, out: Path, *extra: str) -> Bundle:
    out.mkdir(exist_ok=True)
    ok(run("--repo", repo, "export", c, "--to", "obs-de-wending", "--out", out, *extra))
    (path,) = out.glob("*.yaml")
    return Bundle.model_validate(load_yaml(path.read_text(encoding="utf-8")))


def test_export_holds_only_what_the_consent_covers_and_import_adds_one_case(
    repo: Path, receiver: Path, run: Run, new_case: Callable[..., str], tmp_path: Path
) -> None:
    c = sender_case(run, repo, new_case)
    bundle = export(run, repo, c, tmp_path / "out", "--date", "2026-11-06")
    (path,) = (tmp_path / "out").glob("*.yaml")
    assert path.name == f"overdracht-{c}-2026-11-06.yaml"  # no name of the pupil
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    text = path.read_text(encoding="utf-8")
    kinds = [f.name.split("-")[3] for f in bundle.files if f.name != "case.yaml"]
    assert "sdq" in kinds and "absence" in kinds and "consent" in kinds
    assert "referral" not in kinds and "feedback" not in kinds  # Veilig Thuis stays home
    assert "document" not in kinds and "test_result" not in kinds  # after the export date
    assert SMW_SECRET not in text  # confidential for the zorgteam only
    # the manifest lists every file with its checksum, and the checksum covers it all
    assert [f.name for f in bundle.manifest.files] == [f.name for f in bundle.files]
    for listed, file in zip(bundle.manifest.files, bundle.files, strict=True):
        assert listed.sha256 == hashlib.sha256(file.text.encode()).hexdigest()
    assert bundle.checksum == bundle_checksum(bundle.manifest, bundle.files)
    assert bundle.manifest.to == "obs-de-wending" and bundle.manifest.from_brin == "99ZZ"
    assert bundle.manifest.left_out >= 3

    res = run("--repo", receiver, "import", "dossier", path)
    ok(res)
    new_ids = [p.name for p in (receiver / "cases").iterdir() if p.is_dir()]
    assert len(new_ids) == 1 and new_ids[0] != c
    new = new_ids[0]
    assert f"overgenomen in dossier {new}" in res.stdout
    records = sorted(p.name for p in (receiver / "cases" / new / "records").glob("*.yaml"))
    assert len(records) == len(bundle.files)  # every record, plus the provenance
    provenance = [r for r in records if "-provenance-" in r]
    assert len(provenance) == 1
    prov = load_yaml((receiver / "cases" / new / "records" / provenance[0]).read_text("utf-8"))
    assert prov["source_case"] == c and prov["bundle_sha256"] == bundle.checksum
    assert prov["source_brin"] == "99ZZ" and prov["basis"] == bundle.manifest.basis
    check = run("--repo", receiver, "check")
    assert check.exit_code == 0, check.output
    shown = json.loads(run("--repo", receiver, "show", new, "--format", "json").stdout)
    assert shown["pupil"]["name"] == "Sanne Testkind"
    assert shown["sdq"][0]["total"]["score"] > 0

    before = {p: (receiver / p).read_bytes() for p in files_under(receiver)}
    again = run("--repo", receiver, "import", "dossier", path)
    ok(again)
    assert "er is niets toegevoegd" in again.stdout
    assert {p: (receiver / p).read_bytes() for p in files_under(receiver)} == before


def test_a_later_bundle_of_the_same_case_adds_only_the_new_records(
    repo: Path, receiver: Path, run: Run, new_case: Callable[..., str], tmp_path: Path
) -> None:
    c = sender_case(run, repo, new_case)
    export(run, repo, c, tmp_path / "a", "--date", "2026-11-06")
    later = export(run, repo, c, tmp_path / "b")  # today: the test result is in
    ok(run("--repo", receiver, "import", "dossier", next((tmp_path / "a").glob("*.yaml"))))
    (new,) = [p for p in (receiver / "cases").iterdir() if p.is_dir()]
    count = len(list((new / "records").iterdir()))
    res = run("--repo", receiver, "import", "dossier", next((tmp_path / "b").glob("*.yaml")))
    ok(res)
    assert "1 record toegevoegd" in res.stdout
    assert len(list((new / "records").iterdir())) == count + 2  # the result + provenance
    assert len([p for p in (receiver / "cases").iterdir() if p.is_dir()]) == 1
    assert any("test_result" in f.name for f in later.files)
    assert run("--repo", receiver, "check").exit_code == 0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--to", "ggz-jeugd"), "kan op 6 november 2026 niet worden overgedragen aan ggz-jeugd"),
        (("--to", "obs-de-wending", "--date", "2026-11-04"), "niet worden overgedragen"),
        (("--to", "vt"), "er is geen schriftelijke toestemming"),  # the meldcode is no handover
    ],
)
def test_export_without_consent_for_that_receiver_and_date_is_refused(
    repo: Path,
    run: Run,
    new_case: Callable[..., str],
    tmp_path: Path,
    extra: tuple[str, ...],
    message: str,
) -> None:
    c = sender_case(run, repo, new_case)
    args = ["--date", "2026-11-06", *extra] if "--date" not in extra else list(extra)
    res = run("--repo", repo, "export", c, "--out", tmp_path, *args)
    assert res.exit_code == 3, res.output
    assert message in res.stderr and "oplossing" in res.stderr
    assert "Testmoeder" not in res.stderr and not list(tmp_path.glob("overdracht-*"))


def test_a_withdrawn_consent_stops_the_export(
    repo: Path, run: Run, new_case: Callable[..., str], tmp_path: Path
) -> None:
    c = sender_case(run, repo, new_case)
    consent = next((repo / "cases" / c / "records").glob("*-consent-*.yaml")).stem
    consents = sorted((repo / "cases" / c / "records").glob("*-consent-*.yaml"))
    consent = next(p.stem for p in consents if "obs-de-wending" in p.read_text("utf-8"))
    ok(
        run(
            "--repo",
            repo,
            "consent",
            c,
            "--basis",
            "withdrawal",
            "--forum",
            "zat",
            "--refers-to",
            consent,
            "--given-by",
            "moeder",
            "--date",
            "2026-11-08",
        )
    )
    res = run("--repo", repo, "export", c, "--to", "obs-de-wending", "--out", tmp_path)
    assert res.exit_code == 3, res.output
    assert export_ok(run, repo, c, tmp_path / "old", "2026-11-06")


def export_ok(run: Run, repo: Path, c: str, out: Path, day: str) -> bool:
    out.mkdir()
    res = run("--repo", repo, "export", c, "--to", "obs-de-wending", "--out", out, "--date", day)
    return res.exit_code == 0


def tamper(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def resign(data: dict[str, object]) -> dict[str, object]:
    """Recompute the checksums, as an attacker who knows the format would (a bundle whose
    shape is wrong is refused before its checksum is looked at)."""
    try:
        bundle = Bundle.model_validate(data)
    except ValueError:
        return data
    files = [
        ManifestFile(name=f.name, sha256=hashlib.sha256(f.text.encode()).hexdigest())
        for f in bundle.files
    ]
    manifest = bundle.manifest.model_copy(update={"files": files})
    out = bundle.model_dump(mode="json")
    out["manifest"] = manifest.model_dump(mode="json")
    out["checksum"] = bundle_checksum(manifest, bundle.files)
    return out


def test_hostile_bundles_are_refused_and_nothing_is_written(
    repo: Path, receiver: Path, run: Run, new_case: Callable[..., str], tmp_path: Path
) -> None:
    import yaml

    c = sender_case(run, repo, new_case)
    export(run, repo, c, tmp_path / "out", "--date", "2026-11-06")
    (path,) = (tmp_path / "out").glob("*.yaml")
    good = path.read_text(encoding="utf-8")
    data = load_yaml(good)

    def variant(name: str, text: str) -> Path:
        target = tmp_path / name
        target.write_text(text, encoding="utf-8")
        return target

    escape = json.loads(json.dumps(data))
    escape["files"][1]["name"] = escape["manifest"]["files"][1]["name"] = "../../../evil.yaml"
    kept = json.loads(json.dumps(data))
    sdq = next(f for f in kept["files"] if "-sdq-" in f["name"])
    sdq["text"] = tamper(sdq["text"], "kind: sdq", "kind: absence")  # a kind that does not fit
    link = tmp_path / "link.yaml"
    link.symlink_to(path)
    cases = [
        (variant("changed.yaml", tamper(good, "Sanne", "Sanna")), "het controlegetal klopt niet"),
        (variant("escape.yaml", yaml.safe_dump(resign(escape))), "de opbouw klopt niet"),
        (variant("kept.yaml", yaml.safe_dump(resign(kept))), "een bestand erin is niet geldig"),
        (variant("tag.yaml", "!!python/object:os.system\nformat: x\n"), "geen leesbare YAML"),
        (variant("alias.yaml", "a: &x [1]\nb: *x\n"), "geen leesbare YAML"),
        (variant("list.yaml", "- 1\n"), "het formaat klopt niet"),
        (link, "koppeling"),
    ]
    before = files_under(receiver)
    for target, message in cases:
        res = run("--repo", receiver, "import", "dossier", target)
        assert res.exit_code != 0, target.name
        assert message in res.stderr, (target.name, res.stderr)
        assert "Traceback" not in res.output and "Sanne" not in res.stderr
        assert files_under(receiver) == before
    assert not (tmp_path / "evil.yaml").exists()


def test_an_adult_the_pupil_keeps_out_is_not_in_the_bundle(
    repo: Path, receiver: Path, run: Run, new_case: Callable[..., str], tmp_path: Path
) -> None:
    """A pupil of 16+ who refused that the father be informed: the bundle names him nowhere,
    not in case.yaml and not in a record, and the imported case still passes `check`."""
    add_partners(repo, NEW_SCHOOL)
    c = new_case(birth_date="2009-06-01")  # 17 in the autumn of 2026
    z = ("--repo", repo)
    ok(run(*z, "family", "pupil", c, "refuses_info", "--adult", "vader", "--date", "2026-10-01"))
    ok(run(*z, "consent", c, "--basis", "written_consent", "--forum", "zat",
           "--partner", "obs-de-wending", "--purpose", "report_exchange",
           "--given-by", "pupil", "--date", "2026-11-05"))  # fmt: skip
    bundle = export(run, repo, c, tmp_path / "out", "--date", "2026-11-06")
    text = (next((tmp_path / "out").glob("*.yaml"))).read_text(encoding="utf-8")
    assert "Tom Testvader" not in text and "vader" not in text
    assert "Ria Testmoeder" in text  # the mother stays
    assert any("-consent-" in f.name for f in bundle.files)
    ok(run("--repo", receiver, "import", "dossier", next((tmp_path / "out").glob("*.yaml"))))
    check = run("--repo", receiver, "check")
    assert check.exit_code == 0, check.output
