"""Bad input everywhere: malformed, truncated, oversized, wrongly typed, wrongly encoded and
hostile YAML in every kind of file, through `check` and through every command that reads.

The promise under test: a located Dutch message or a clean refusal with a non-zero exit
code; never a traceback (nor exit 70, "interne fout"), never a hang, never a write.

Inputs that could crash the interpreter itself (libyaml's C composer recurses on nesting)
run in a subprocess, so a crash fails one test instead of killing pytest.

The number of generated examples per property is set with ZORGROUTE_HYPOTHESIS_EXAMPLES
(default 40); examples are derandomized so CI sees the same inputs on every run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer.main
from click.testing import CliRunner
from conftest import PARTNERS, TODAY
from hypothesis import HealthCheck, settings

from zorgroute.cli import app
from zorgroute.yamlio import MAX_FILE_BYTES

EXAMPLES = int(os.environ.get("ZORGROUTE_HYPOTHESIS_EXAMPLES", "40"))
HOSTILE = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example],
)
ENV = {"ZORGROUTE_TODAY": TODAY, "ZORGROUTE_INTERACTIVE": "0", "COLUMNS": "200",
       "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
       "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}
NEW_RECORD = "2026-10-10-signal-zzzz.yaml"
ENGLISH = ("Traceback", "Input should", "Field required", "validation error", "Error:",
           "Exception", "unhashable")


# --- the repository under attack --------------------------------------------------------


# Building the click command from the typer app costs more than running a command, so it
# is built once here; it is the same command (and error handler) the console script runs.
CLI = typer.main.get_command(app)


def invoke(*args: str | Path) -> tuple[int, str, str, BaseException | None]:
    result = CliRunner().invoke(CLI, [str(a) for a in args], env=ENV, catch_exceptions=True)
    exc = result.exception
    if isinstance(exc, SystemExit):
        exc = None
    return result.exit_code, result.stdout, result.stderr, exc


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder (git's too) with its size and modification time."""
    out: dict[str, tuple[int, int]] = {}
    for path in root.rglob("*"):
        st_ = path.lstat()
        out[path.relative_to(root).as_posix()] = (st_.st_size, st_.st_mtime_ns)
    return out


@dataclass
class Scene:
    root: Path
    case: str
    records: dict[str, str]  # kind -> record id

    @property
    def case_dir(self) -> Path:
        return self.root / "cases" / self.case

    def seeds(self) -> list[str]:
        texts = [(self.case_dir / "records" / f"{rid}.yaml").read_text(encoding="utf-8")
                 for rid in self.records.values()]
        texts.append((self.case_dir / "case.yaml").read_text(encoding="utf-8"))
        texts.append((self.root / "zorgroute.yaml").read_text(encoding="utf-8"))
        return texts


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory) -> Scene:
    """A repository with one case and valid records of several kinds, built once."""
    root = tmp_path_factory.mktemp("hostile") / "dossiers"

    def ok(*args: str | Path) -> str:
        code, out, err, exc = invoke(*args)
        assert code == 0 and exc is None, (args, out, err, exc)
        return out

    ok("init", root, "--school", "De Testschool", "--brin", "99ZZ", "--sector", "po",
       "--municipality", "Delft", "--swv", "SWV Test", "--ib-name", "Ilse Bakker")
    config = root / "zorgroute.yaml"
    config.write_text(config.read_text(encoding="utf-8") + PARTNERS, encoding="utf-8")
    case = ok("--repo", root, "new-case", "--first-name", "Sanne", "--last-name", "Testkind",
              "--birth-date", "2017-03-04", "--group", "4b", "--home-municipality", "Delft",
              "--adult", "id=moeder;name=Ria Testmoeder;relation=mother;authority=ja"
              ).strip().splitlines()[-1]
    records = build_records(root, case)
    code, _, err, _ = invoke("--repo", root, "check")
    assert code == 0, err
    return Scene(root, case, records)


def build_records(root: Path, case: str) -> dict[str, str]:
    """Valid records of several kinds, written through the engine (no documents)."""
    import datetime as dt

    from zorgroute import engine
    from zorgroute.repo import open_repository

    repo = open_repository(root)
    by = "Ilse Bakker (intern begeleider)"
    out: dict[str, str] = {}

    def act(command: str, kind: str, day: str, **fields: Any) -> None:
        done = engine.perform(repo, case, command, kind, fields,
                              day=dt.date.fromisoformat(day), by=by)
        out[kind] = done.path.stem

    act("signal", "signal", "2026-09-01", observed_by="juf Anna", settings=["classroom"],
        since="months", categories=["learning"], description="leest traag")
    act("plan", "plan", "2026-09-02", plan_type="group_plan", area="lezen",
        needs="meer tijd", goals=["AVI E4"], approach="dagelijks lezen", responsible="juf",
        start="2026-09-02", end="2026-11-01", evaluation_date="2026-11-01")
    act("evaluate", "evaluation", "2026-11-02", plan=out["plan"], outcome="not_met",
        what_worked="weinig", what_did_not="tempo")
    act("talk", "conversation", "2026-11-03", contact="before_care_team",
        participants=["parents"], adults=["moeder"], discussed="zorgen")
    act("consent", "consent", "2026-11-03", basis="written_consent", forum="zorgteam",
        purposes=["discussion"], given_by=["moeder"])
    act("correct", "correction", "2026-11-04", supersedes=out["signal"],
        field="description", value="leest langzaam", reason="verzoek van de ouders")
    return out


# --- where hostile text goes, and which commands read it ---------------------------------


@dataclass(frozen=True)
class Target:
    name: str
    rel: Callable[[Scene], str]

    def path(self, s: Scene) -> Path:
        return s.root / self.rel(s)


TARGETS = {
    "new-record": Target("new-record", lambda s: f"cases/{s.case}/records/{NEW_RECORD}"),
    "record": Target("record", lambda s: f"cases/{s.case}/records/{s.records['plan']}.yaml"),
    "case": Target("case", lambda s: f"cases/{s.case}/case.yaml"),
    "config": Target("config", lambda s: "zorgroute.yaml"),
    "route": Target("route", lambda s: "routes/po-1-zorgroute.yaml"),
}


def step_signal(s: Scene) -> list[str]:
    return ["signal", s.case, "--observed-by", "juf", "--setting", "classroom", "--since",
            "weeks", "--category", "learning", "--description", "iets nieuws"]


def step_close(s: Scene) -> list[str]:
    return ["close", s.case, "--reason", "goals_met", "--parents-told", "afgesloten"]


def step_correct(s: Scene) -> list[str]:
    return ["correct", s.case, s.records["signal"], "--field", "description", "--value",
            "x", "--reason", "y"]


COMMANDS: dict[str, Callable[[Scene], list[str]]] = {
    "check": lambda s: ["check"],
    "list": lambda s: ["list"],
    "status": lambda s: ["status"],
    "status-case": lambda s: ["status", s.case],
    "show": lambda s: ["show", s.case],
    "show-json": lambda s: ["show", s.case, "--format", "json"],
    "signal": step_signal,
    "close": step_close,
    "correct": step_correct,
}
STEPS = {"signal", "close", "correct"}



LOCATED = re.compile(r"^(?P<path>[^\s:]+):(?P<line>\d+):(?P<col>\d+):", re.M)


def loading_fails(s: Scene) -> bool:
    """Would a step command find the repository or the case unreadable?"""
    from zorgroute.errors import ZorgrouteError
    from zorgroute.repo import open_repository

    try:
        repo = open_repository(s.root)
        return bool(repo.load_case(s.case)[1])
    except ZorgrouteError:
        return True


@contextmanager
def planted(s: Scene, target: Target, data: bytes) -> Iterator[Path]:
    """Put hostile bytes in place of (or next to) a file; restore it afterwards."""
    path = target.path(s)
    original = path.read_bytes() if path.exists() else None
    made_dir = not path.parent.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    try:
        yield path
    finally:
        if original is None:
            path.unlink()
            if made_dir:
                path.parent.rmdir()
        else:
            path.write_bytes(original)


def assert_clean(s: Scene, target: Target, command: str, code: int, out: str, err: str,
                 exc: BaseException | None) -> None:
    context = f"{command} on hostile {target.name}: exit {code}\n{err[-2000:]}"
    assert exc is None, f"{context}\nraised {type(exc).__name__}"
    assert code != 70, context
    assert code in (0, 1, 2, 3, 4), context
    for marker in ENGLISH:
        assert marker not in err and marker not in out, f"{context}\n(found {marker!r})"
    if command == "check":
        assert code in (0, 1), context
        if code == 1:
            rel = target.rel(s)
            paths = {m["path"] for m in LOCATED.finditer(err)}
            assert rel in paths or (target.name == "config" and "zorgroute.yaml" in paths), \
                f"{context}\nno located problem for {rel}"
    elif code != 0:
        assert re.search(r"^zorgroute: \S", err, re.M), context


def attack(s: Scene, target: Target, data: bytes, commands: list[str]) -> None:
    """Run each command against the planted bytes; nothing may change on disk."""
    with planted(s, target, data):
        before = snapshot(s.root)
        broken = None
        for command in commands:
            if command in STEPS:
                if target.name == "route":
                    continue  # a broken own route falls back to the shipped one
                if broken is None:
                    broken = loading_fails(s)
                if not broken:
                    continue  # the file is readable: a step may then legitimately write
            code, out, err, exc = invoke("--repo", s.root, *COMMANDS[command](s))
            assert_clean(s, target, command, code, out, err, exc)
            if command in STEPS:
                assert code != 0, f"{command} wrote to an unreadable case\n{out}"
            assert snapshot(s.root) == before, f"{command} changed files on disk"


# --- a fixed corpus of hostile files, each with the exact message it must give ----------

CORPUS: dict[str, tuple[bytes, str]] = {
    "python-object": (b"kind: !!python/object/apply:os.system ['touch /tmp/zr-pwned']\n",
                      "dit soort waarde (een tag met !) is niet toegestaan"),
    "python-name": (b"kind: !!python/name:os.system\n",
                    "dit soort waarde (een tag met !) is niet toegestaan"),
    "local-tag": (b"kind: !signal x\n", "dit soort waarde (een tag met !) is niet toegestaan"),
    "anchor-alias": (b"kind: signal\nsetting: &s [classroom]\ncategory: *s\n",
                     "verwijzingen (ankers en aliassen, & en *) zijn niet toegestaan"),
    "billion-laughs": (
        b"a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        b"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
        "verwijzingen (ankers en aliassen, & en *) zijn niet toegestaan"),
    "merge-key": (b"base: &b {kind: signal}\nrec:\n  <<: *b\n",
                  "verwijzingen (ankers en aliassen, & en *) zijn niet toegestaan"),
    "undefined-alias": (b"kind: *nope\n",
                        "verwijzingen (ankers en aliassen, & en *) zijn niet toegestaan"),
    "deep-flow": (b"kind: " + b"[" * 100 + b"]" * 100 + b"\n", "het bestand is te diep genest"),
    "deep-block": (b"".join(b" " * i + b"k:\n" for i in range(60)),
                   "het bestand is te diep genest"),
    "complex-key": (b"? [kind, date]\n: signal\n",
                    "een veldnaam moet gewone tekst zijn, geen lijst of groep velden"),
    "mapping-key": (b"kind: signal\n? {kind: signal}\n: x\n",
                    "een veldnaam moet gewone tekst zijn, geen lijst of groep velden"),
    "duplicate-key": (b"kind: signal\nkind: plan\n", "het veld 'kind' staat er twee keer in"),
    "tab-indent": (b"kind: signal\nsetting:\n\t- classroom\n",
                   "tabs zijn niet toegestaan; gebruik spaties om in te springen"),
    "nul-byte": (b"kind: signal\ndescription: a\x00b\n", "het bestand bevat binaire gegevens"),
    "binary-junk": (bytes(range(256)) * 4, "het bestand is geen UTF-8-tekst"),
    "invalid-utf8": (b"kind: signal\ndescription: caf\xe9\n", "het bestand is geen UTF-8-tekst"),
    "utf16": ("kind: signal\n".encode("utf-16"), "het bestand is geen UTF-8-tekst"),
    "control-char": (b"kind: signal\ndescription: \x1b[31mrood\x07\n",
                     "het bestand bevat een teken dat niet in tekst thuishoort"),
    "two-documents": (b"kind: signal\n---\nkind: plan\n", "dit is geen geldige YAML"),
    "list-document": (b"- kind: signal\n", "het bestand bevat geen velden (naam: waarde)"),
    "scalar-document": (b"gewoon tekst\n", "het bestand bevat geen velden (naam: waarde)"),
    "empty": (b"", "het bestand bevat geen velden (naam: waarde)"),
    "only-comment": (b"# niets\n", "het bestand bevat geen velden (naam: waarde)"),
    "huge-int": (b"kind: signal\ndate: " + b"9" * 5000 + b"\n", "dit getal is te lang"),
    "unclosed-quote": (b"kind: \"signal\n", "het bestand houdt midden in een waarde op"),
    "bad-escape": (b"kind: \"\\q\"\n", "een onbekend teken na een backslash in een tekst"),
    "oversized": (b"kind: signal\ndescription: " + b"a" * (MAX_FILE_BYTES + 10) + b"\n",
                  "het bestand is te groot"),
    # well-formed YAML with the wrong content: refused by validation, located
    "kind-int": (b"kind: 5\n", ""),
    "kind-list": (b"kind: [signal]\n", ""),
    "kind-unknown": (b"kind: brief\n", ""),
    "bad-date": (b"kind: signal\ndate: 2026-02-30\n", ""),
    "date-year-zero": (b"kind: signal\ndate: 0000-01-01\n", ""),
    "date-far": (b"kind: signal\ndate: 99999-01-01\n", ""),
    "date-int": (b"kind: signal\ndate: 20260101\n", ""),
    "date-nan": (b"kind: signal\ndate: .nan\n", ""),
    "datetime-bad": (b"kind: signal\nrecorded_at: 2026-01-01T25:61:00+99:00\n", ""),
    "int-key": (b"1: 2\nkind: signal\n", ""),
    "null-key": (b"~: x\nkind: signal\n", ""),
    "bool-key": (b"true: x\nkind: signal\n", ""),
    "binary-tag": (b"kind: signal\ndescription: !!binary aGVsbG8=\n", ""),
    "set-tag": (b"kind: !!set {a, b}\n", ""),
    "huge-scalar": (b"kind: signal\ndescription: " + b"a" * (400 * 1024) + b"\n", ""),
    "jinja": (b"kind: signal\ndescription: '{{ 7*7 }}{% for x in range(99999999) %}'\n", ""),
}

COMMANDS_FOR = {
    "new-record": ["check", "status-case", "show", "show-json", "list", "status", "signal",
                   "close", "correct"],
    "case": ["check", "show", "status", "list", "signal"],
    "config": ["check", "list", "status-case", "signal"],
    "route": ["check", "status-case"],
}


@pytest.mark.parametrize("payload", sorted(CORPUS))
@pytest.mark.parametrize("where", sorted(COMMANDS_FOR))
def test_hostile_corpus(scene: Scene, where: str, payload: str) -> None:
    data, message = CORPUS[payload]
    target = TARGETS[where]
    attack(scene, target, data, COMMANDS_FOR[where])
    if message:
        with planted(scene, target, data):
            _, _, err, _ = invoke("--repo", scene.root, "check")
        assert f"{target.rel(scene)}:" in err and message in err, err
    assert not Path("/tmp/zr-pwned").exists()


def test_bom_and_crlf_are_read_like_plain_text(scene: Scene) -> None:
    """A BOM and Windows line ends come from ordinary editors: they are fine."""
    plan = TARGETS["record"]
    text = plan.path(scene).read_bytes()
    for variant in (b"\xef\xbb\xbf" + text, text.replace(b"\n", b"\r\n"),
                    b"\xef\xbb\xbf" + text.replace(b"\n", b"\r\n")):
        with planted(scene, plan, variant):
            code, _, err, _ = invoke("--repo", scene.root, "check")
            assert code == 0, err


def test_stray_names_in_records_are_reported(scene: Scene) -> None:
    records = scene.case_dir / "records"
    (records / "notitie.txt").write_text("kind: signal\n", encoding="utf-8")
    (records / "map.yaml").mkdir()
    try:
        before = snapshot(scene.root)
        code, _, err, _ = invoke("--repo", scene.root, "check")
        assert code == 1
        for name in ("notitie.txt", "map.yaml"):
            assert (f"cases/{scene.case}/records/{name}:1:1: dit bestand hoort niet in de map "
                    "records [indeling]") in err
        assert snapshot(scene.root) == before
    finally:
        (records / "notitie.txt").unlink()
        (records / "map.yaml").rmdir()
