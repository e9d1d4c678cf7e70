"""Family and voice records: dated, appended, and read by the policy layer as of each act's
date. Each changes what may happen from its date on, and not before."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Run

from zorgroute.domain import due, engine
from zorgroute.model.vocab import Forum
from zorgroute.policy import DocumentSpec, may_discuss, recipients
from zorgroute.policy.family import family_on
from zorgroute.store.repo import open_repository

D = dt.date(2026, 10, 1)
BEFORE = D - dt.timedelta(days=1)
FAMILY = DocumentSpec("family")


def load(repo: Path, case: str) -> engine.Loaded:
    return engine.load(open_repository(repo), case)


def ok(res: object) -> None:
    assert getattr(res, "exit_code") == 0, getattr(res, "output")  # noqa: B009


def letters_to(repo: Path, case: str, day: dt.date) -> list[str]:
    """Who gets a letter to the family on `day`, as the policy layer says."""
    loaded = load(repo, case)
    found = recipients(loaded.data, loaded.route, loaded.repo.config, FAMILY, day)
    return sorted("leerling" if r.kind == "pupil" else r.id for r in found)


def test_an_authority_change_counts_from_its_date(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    ok(
        run(
            "--repo", repo, "family", "authority", case, "--custody", "guardianship",
            "--holders", "voogd", "--new-adult",
            "id=voogd;name=Jeugdbescherming West;relation=guardian;authority=ja",
            "--date", D.isoformat(),
        )
    )  # fmt: skip
    loaded = load(repo, case)
    assert family_on(loaded.data, BEFORE).holders == ("moeder", "vader")
    assert family_on(loaded.data, D).holders == ("voogd",)
    assert letters_to(repo, case, BEFORE) == ["moeder", "vader"]
    assert letters_to(repo, case, D) == ["voogd"]
    # the guardian's consent is the basis from that date on, and not before
    ok(
        run(
            "--repo", repo, "consent", case, "--basis", "written_consent", "--forum",
            "zorgteam", "--given-by", "voogd", "--date", D.isoformat(),
        )
    )  # fmt: skip
    loaded = load(repo, case)
    assert may_discuss(loaded.data, loaded.route, loaded.repo.config, Forum.zorgteam, D).allowed
    parents = loaded.data.as_of(BEFORE)
    assert not may_discuss(
        parents, loaded.route, loaded.repo.config, Forum.zorgteam, BEFORE
    ).allowed
    # case.yaml stays the starting situation
    assert [a.id for a in loaded.case.family.adults] == ["moeder", "vader"]


def test_a_supervision_order_keeps_the_family_guardian_informed(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    res = run(
        "--repo", repo, "family", "authority", case, "--custody", "supervision_order",
        "--holders", "moeder,vader", "--date", D.isoformat(),
    )  # fmt: skip
    assert res.exit_code == 1 and "gezinsvoogd" in res.stderr
    ok(
        run(
            "--repo", repo, "family", "authority", case, "--custody", "supervision_order",
            "--holders", "moeder,vader", "--family-guardian", "gv", "--new-adult",
            "id=gv;name=Gezinsvoogd Test;relation=family_guardian;authority=nee",
            "--date", D.isoformat(),
        )
    )  # fmt: skip
    assert "gv" not in letters_to(repo, case, BEFORE)
    assert "gv" in letters_to(repo, case, D)
    assert family_on(load(repo, case).data, D).family_guardian == "gv"


def test_a_contact_restriction_counts_from_its_date(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    ok(
        run(
            "--repo", repo, "family", "contact", case, "vader", "--mag-niet",
            "--date", D.isoformat(),
        )
    )  # fmt: skip
    assert letters_to(repo, case, BEFORE) == ["moeder", "vader"]
    assert letters_to(repo, case, D) == ["moeder"]
    ok(
        run(
            "--repo", repo, "family", "contact", case, "vader", "--mag",
            "--date", "2026-11-01",
        )
    )  # fmt: skip
    assert letters_to(repo, case, dt.date(2026, 11, 1)) == ["moeder", "vader"]


def test_the_pupils_refusal_needs_16_and_counts_from_its_date(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    young = new_case(birth_date="2012-03-04")  # 14
    res = run("--repo", repo, "family", "pupil", young, "weigert", "--date", D.isoformat())
    assert res.exit_code == 2 and "vanaf 16 jaar" in res.stderr
    case = new_case(birth_date="2009-06-01")  # 17
    ok(
        run(
            "--repo", repo, "family", "pupil", case, "weigert", "--adult", "vader",
            "--date", D.isoformat(),
        )
    )  # fmt: skip
    assert "vader" in letters_to(repo, case, BEFORE)
    assert "vader" not in letters_to(repo, case, D)
    assert "moeder" in letters_to(repo, case, D)


def test_the_pupils_agreement_needs_18_and_opens_contact_from_its_date(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    minor = new_case(birth_date="2009-06-01")  # 17
    res = run("--repo", repo, "family", "pupil", minor, "stemt-in", "--date", D.isoformat())
    assert res.exit_code == 2 and "vanaf 18 jaar" in res.stderr
    case = new_case(birth_date="2007-06-01")  # 19
    assert letters_to(repo, case, BEFORE) == ["leerling"]
    ok(
        run(
            "--repo", repo, "family", "pupil", case, "stemt-in", "--adult", "moeder",
            "--date", D.isoformat(),
        )
    )  # fmt: skip
    assert letters_to(repo, case, BEFORE) == ["leerling"]
    assert letters_to(repo, case, D) == ["leerling", "moeder"]


def test_an_information_request_is_on_the_agenda_with_its_avg_due_date(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case(
        adults=(
            "id=moeder;name=Ria Testmoeder;relation=mother;authority=ja",
            "id=vader;name=Tom Testvader;relation=father;authority=nee",
        )
    )
    assert "vader" not in letters_to(repo, case, D)
    res = run(
        "--repo", repo, "family", "request", case, "vader", "--kind", "information",
        "--date", "2026-10-31",
    )  # fmt: skip
    ok(res)
    rid = Path(res.stdout.split("vastgelegd: ")[1].split()[0]).stem
    # a parent without authority who asked gets the important facts, from that date on
    assert "vader" not in letters_to(repo, case, dt.date(2026, 10, 30))
    assert "vader" in letters_to(repo, case, dt.date(2026, 10, 31))
    agenda = json.loads(run("--repo", repo, "agenda", "--format", "json").stdout)
    items = [i for i in json.dumps(agenda).split("},") if "verzoek om" in i]
    assert items and "2026-11-30" in items[0]  # one month later (31 October → 30 November)
    ok(run("--repo", repo, "family", "answer", case, rid[-4:], "--date", "2026-11-10"))
    agenda = json.loads(run("--repo", repo, "agenda", "--format", "json").stdout)
    assert "verzoek om" not in json.dumps(agenda)


def test_a_refused_answer_needs_a_motivation(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    res = run("--repo", repo, "family", "request", case, "vader", "--date", "2026-10-01")
    ok(res)
    rid = Path(res.stdout.split("vastgelegd: ")[1].split()[0]).stem
    res = run("--repo", repo, "family", "answer", case, rid, "--outcome", "refused")
    assert res.exit_code == 1 and "motivering" in res.stderr


def unsigned(repo: Path, case: str) -> list[str | None]:
    """The plans of a case whose signature is still due (`domain.due`)."""
    loaded = load(repo, case)
    items = due.due_items(loaded.data, loaded.route, loaded.repo.config, dt.date(2027, 1, 1))
    return [i.ref for i in items if i.kind == "signature"]


def test_an_unsigned_action_plan_is_open_until_the_parents_sign(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    res = run(
        "--repo", repo, "plan", case, "--type", "action_plan", "--area", "lezen",
        "--goal", "vlot lezen", "--approach", "oefenen", "--responsible", "juf Anna",
        "--start", "2026-09-10", "--end", "2026-12-20", "--evaluation-date", "2026-12-20",
        "--date", "2026-09-10",
    )  # fmt: skip
    ok(res)
    rid = Path(res.stdout.split("vastgelegd: ")[1].split()[0]).stem
    assert unsigned(repo, case) == [rid]
    status = json.loads(run("--repo", repo, "status", case, "--format", "json").stdout)
    assert any("ondertekend" in d["what"] for d in status["deadlines"])
    res = run(
        "--repo", repo, "sign", case, "--document", "action_plan", "--record", rid[-4:],
        "--signed-by", "moeder", "--signed-by", "vader",
    )  # fmt: skip
    ok(res)
    assert unsigned(repo, case) == []
    status = json.loads(run("--repo", repo, "status", case, "--format", "json").stdout)
    assert not any("ondertekend" in d["what"] for d in status["deadlines"])
    res = run(
        "--repo", repo, "sign", case, "--document", "action_plan", "--record", rid[-4:],
        "--signed-by", "oom",
    )  # fmt: skip
    assert res.exit_code == 1 and "'oom' staat niet bij de volwassenen" in res.stderr


def test_a_verwijsindex_registration_and_its_withdrawal_hold_no_content(
    repo: Path, new_case: Callable[..., str], run: Run
) -> None:
    case = new_case()
    ok(run("--repo", repo, "verwijsindex", case, "gemeld", "--date", D.isoformat()))
    ok(run("--repo", repo, "verwijsindex", case, "ingetrokken", "--date", "2026-11-01"))
    loaded = load(repo, case)
    assert not family_on(loaded.data, BEFORE).in_registry
    assert family_on(loaded.data, D).in_registry
    assert family_on(loaded.data, D).registry_since == D
    assert not family_on(loaded.data, dt.date(2026, 11, 1)).in_registry
    files = sorted((repo / "cases" / case / "records").glob("*-registry-*.yaml"))
    keys = {line.split(":")[0] for f in files for line in f.read_text().splitlines()}
    assert keys <= {
        "# yaml-language-server",
        "kind",
        "date",
        "recorded_by",
        "recorded_at",
        "action",
    }
    assert run("--repo", repo, "check").exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ("family", "contact", "{case}", "oom", "--mag-niet"),
        ("family", "request", "{case}", "oom"),
        ("family", "authority", "{case}", "--custody", "sole", "--holders", "oom"),
    ],
)
def test_an_unknown_adult_is_refused_and_nothing_written(
    repo: Path, new_case: Callable[..., str], run: Run, args: tuple[str, ...]
) -> None:
    case = new_case()
    res = run("--repo", repo, *(a.format(case=case) for a in args))
    assert res.exit_code == 1
    assert "'oom' staat niet bij de volwassenen in het dossier" in res.stderr
    assert not (repo / "cases" / case / "records").exists() or not list(
        (repo / "cases" / case / "records").iterdir()
    )
