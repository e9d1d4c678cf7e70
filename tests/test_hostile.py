"""Bad input everywhere: malformed, truncated, oversized, wrongly typed, wrongly encoded and
hostile YAML in every kind of file, through `check` and through every command that reads.

The promise under test: a located Dutch message or a clean refusal with a non-zero exit
code; never a traceback (nor exit 70, "interne fout"), never a hang, never a write.

Inputs that could crash the interpreter itself (libyaml's C composer recurses on nesting)
run in a subprocess, so a crash fails one test instead of killing pytest.

The number of generated examples per property is set with ZORGROUTE_HYPOTHESIS_EXAMPLES
(default 30); examples are derandomized so CI sees the same inputs on every run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml
from click.testing import CliRunner
from conftest import PARTNERS, TODAY, load_yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zorgroute.cli import app
from zorgroute.model.records import RECORD_TYPES
from zorgroute.store.yamlio import MAX_FILE_BYTES

EXAMPLES = int(os.environ.get("ZORGROUTE_HYPOTHESIS_EXAMPLES", "30"))
HOSTILE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
ENV = {
    "ZORGROUTE_TODAY": TODAY,
    "ZORGROUTE_INTERACTIVE": "0",
    "COLUMNS": "200",
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
}
NEW_RECORD = "2026-10-10-signal-zzzz.yaml"
ENGLISH = (
    "Traceback",
    "Input should",
    "Field required",
    "validation error",
    "Error:",
    "Exception",
    "unhashable",
)


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
    """Every file and folder (git's too) with its size and modification time; the cache
    (.zorgroute-cache/, outside git, disposable) is the one thing reading may write."""
    out: dict[str, tuple[int, int]] = {}
    for path in root.rglob("*"):
        if ".zorgroute-cache" in path.parts:
            continue
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
        texts = [
            (self.case_dir / "records" / f"{rid}.yaml").read_text(encoding="utf-8")
            for rid in self.records.values()
        ]
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

    ok(
        "init",
        root,
        "--school",
        "De Testschool",
        "--brin",
        "99ZZ",
        "--sector",
        "po",
        "--municipality",
        "Delft",
        "--swv",
        "SWV Test",
        "--ib-name",
        "Ilse Bakker",
    )
    config = root / "zorgroute.yaml"
    config.write_text(config.read_text(encoding="utf-8") + PARTNERS, encoding="utf-8")
    case = (
        ok(
            "--repo",
            root,
            "new-case",
            "--first-name",
            "Sanne",
            "--last-name",
            "Testkind",
            "--birth-date",
            "2017-03-04",
            "--group",
            "4b",
            "--home-municipality",
            "Delft",
            "--adult",
            "id=moeder;name=Ria Testmoeder;relation=mother;authority=ja",
        )
        .strip()
        .splitlines()[-1]
    )
    records = build_records(root, case)
    # The corpus is about reading hostile files; comparing with git history is tested in
    # test_tamper.py. Outside git, check compares nothing, so each planted file gives
    # exactly its own message.
    shutil.rmtree(root / ".git")
    code, _, err, _ = invoke("--repo", root, "check")
    assert code == 0, err
    return Scene(root, case, records)


def build_records(root: Path, case: str) -> dict[str, str]:
    """Valid records of several kinds, written through the engine (no documents)."""
    import datetime as dt

    from zorgroute.domain import engine
    from zorgroute.store.repo import open_repository

    repo = open_repository(root)
    by = "Ilse Bakker (intern begeleider)"
    out: dict[str, str] = {}

    def act(command: str, kind: str, day: str, **fields: Any) -> None:
        done = engine.perform(
            repo, case, command, kind, fields, day=dt.date.fromisoformat(day), by=by
        )
        out[kind] = done.path.stem

    act(
        "signal",
        "signal",
        "2026-09-01",
        observed_by="juf Anna",
        settings=["classroom"],
        since="months",
        categories=["learning"],
        description="leest traag",
    )
    act(
        "plan",
        "plan",
        "2026-09-02",
        plan_type="group_plan",
        area="lezen",
        needs="meer tijd",
        goals=["AVI E4"],
        approach="dagelijks lezen",
        responsible="juf",
        start="2026-09-02",
        end="2026-11-01",
        evaluation_date="2026-11-01",
    )
    act(
        "evaluate",
        "evaluation",
        "2026-11-02",
        plan=out["plan"],
        outcome="not_met",
        what_worked="weinig",
        what_did_not="tempo",
    )
    act(
        "talk",
        "conversation",
        "2026-11-03",
        contact="before_care_team",
        participants=["parents"],
        adults=["moeder"],
        discussed="zorgen",
    )
    act(
        "consent",
        "consent",
        "2026-11-03",
        basis="written_consent",
        forum="zorgteam",
        purposes=["discussion"],
        given_by=["moeder"],
    )
    act(
        "correct",
        "correction",
        "2026-11-04",
        supersedes=out["signal"],
        field="description",
        value="leest langzaam",
        reason="verzoek van de ouders",
    )
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
    return [
        "signal",
        s.case,
        "--observed-by",
        "juf",
        "--setting",
        "classroom",
        "--since",
        "weeks",
        "--category",
        "learning",
        "--description",
        "iets nieuws",
    ]


def step_close(s: Scene) -> list[str]:
    return ["close", s.case, "--reason", "goals_met", "--parents-told", "afgesloten"]


def step_correct(s: Scene) -> list[str]:
    return [
        "correct",
        s.case,
        s.records["signal"],
        "--field",
        "description",
        "--value",
        "x",
        "--reason",
        "y",
    ]


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
    from zorgroute.store.repo import open_repository

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


def assert_clean(
    s: Scene, target: Target, command: str, code: int, out: str, err: str, exc: BaseException | None
) -> None:
    context = f"{command} on hostile {target.name}: exit {code}\n{err[-2000:]}"
    assert exc is None, f"{context}\nraised {type(exc).__name__}"
    assert code != 70, context
    assert code in (0, 1, 2, 3, 4), context
    for marker in ENGLISH:
        assert marker not in err and marker not in out, f"{context}\n(found {marker!r})"
    if command == "check":
        assert code in (0, 1), context
        if code == 1:
            # every problem is located (a valid file in the wrong place may break another)
            paths = {m["path"] for m in LOCATED.finditer(err)}
            assert paths, f"{context}\nno located problem"
            assert all((s.root / p).exists() for p in paths), context
    elif code != 0 and command.endswith("-json"):
        # JSON was asked, so the error comes as JSON on stderr
        assert json.loads(err)["error"]["message"], context
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
    "python-object": (
        b"kind: !!python/object/apply:os.system ['touch /tmp/zr-pwned']\n",
        "dit soort waarde (een tag met !) is niet toegestaan",
    ),
    "python-name": (
        b"kind: !!python/name:os.system\n",
        "dit soort waarde (een tag met !) is niet toegestaan",
    ),
    "local-tag": (b"kind: !signal x\n", "dit soort waarde (een tag met !) is niet toegestaan"),
    "anchor-alias": (
        b"kind: signal\nsetting: &s [classroom]\ncategory: *s\n",
        "verwijzingen (ankers en aliassen, & en *) zijn niet toegestaan",
    ),
    "billion-laughs": (
        b"a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
        b"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
        "verwijzingen (ankers en aliassen, & en *) zijn niet toegestaan",
    ),
    "merge-key": (
        b"base: &b {kind: signal}\nrec:\n  <<: *b\n",
        "verwijzingen (ankers en aliassen, & en *) zijn niet toegestaan",
    ),
    "undefined-alias": (
        b"kind: *nope\n",
        "verwijzingen (ankers en aliassen, & en *) zijn niet toegestaan",
    ),
    "deep-flow": (b"kind: " + b"[" * 100 + b"]" * 100 + b"\n", "het bestand is te diep genest"),
    "deep-block": (
        b"".join(b" " * i + b"k:\n" for i in range(60)),
        "het bestand is te diep genest",
    ),
    "complex-key": (
        b"? [kind, date]\n: signal\n",
        "een veldnaam moet gewone tekst zijn, geen lijst of groep velden",
    ),
    "mapping-key": (
        b"kind: signal\n? {kind: signal}\n: x\n",
        "een veldnaam moet gewone tekst zijn, geen lijst of groep velden",
    ),
    "duplicate-key": (b"kind: signal\nkind: plan\n", "dit veld staat er twee keer in"),
    "tab-indent": (
        b"kind: signal\nsetting:\n\t- classroom\n",
        "tabs zijn niet toegestaan; gebruik spaties om in te springen",
    ),
    "nul-byte": (b"kind: signal\ndescription: a\x00b\n", "het bestand bevat binaire gegevens"),
    "binary-junk": (bytes(range(256)) * 4, "het bestand is geen UTF-8-tekst"),
    "invalid-utf8": (b"kind: signal\ndescription: caf\xe9\n", "het bestand is geen UTF-8-tekst"),
    "utf16": ("kind: signal\n".encode("utf-16"), "het bestand is geen UTF-8-tekst"),
    "control-char": (
        b"kind: signal\ndescription: \x1b[31mrood\x07\n",
        "het bestand bevat een teken dat niet in tekst thuishoort",
    ),
    "two-documents": (b"kind: signal\n---\nkind: plan\n", "dit is geen geldige YAML"),
    "list-document": (b"- kind: signal\n", "het bestand bevat geen velden (naam: waarde)"),
    "scalar-document": (b"gewoon tekst\n", "het bestand bevat geen velden (naam: waarde)"),
    "empty": (b"", "het bestand bevat geen velden (naam: waarde)"),
    "only-comment": (b"# niets\n", "het bestand bevat geen velden (naam: waarde)"),
    "huge-int": (b"kind: signal\ndate: " + b"9" * 5000 + b"\n", "dit getal is te lang"),
    "unclosed-quote": (b'kind: "signal\n', "het bestand houdt midden in een waarde op"),
    "bad-escape": (b'kind: "\\q"\n', "een onbekend teken na een backslash in een tekst"),
    "oversized": (
        b"kind: signal\ndescription: " + b"a" * (MAX_FILE_BYTES + 10) + b"\n",
        "het bestand is te groot",
    ),
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
    "new-record": [
        "check",
        "status-case",
        "show",
        "show-json",
        "list",
        "status",
        "signal",
        "close",
        "correct",
    ],
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
    for variant in (
        b"\xef\xbb\xbf" + text,
        text.replace(b"\n", b"\r\n"),
        b"\xef\xbb\xbf" + text.replace(b"\n", b"\r\n"),
    ):
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
        assert (
            f"cases/{scene.case}/records/notitie.txt:1:1: dit bestand hoort niet in de "
            "map records [indeling]"
        ) in err
        assert (
            f"cases/{scene.case}/records/map.yaml:1:1: dit is een map, geen gewoon "
            "bestand [bestand]"
        ) in err
        assert snapshot(scene.root) == before
    finally:
        (records / "notitie.txt").unlink()
        (records / "map.yaml").rmdir()


# --- generated input (hypothesis) -------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(
        [
            "2026-09-01",
            "2026-02-30",
            "0001-01-01",
            "9999-12-31",
            "2026-09-01T10:00:00",
            "signal",
            "ja",
            "nee",
            "~",
            "{{ 7*7 }}",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "moeder",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(min_size=1, max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
SNIPPETS = [
    b"&a ",
    b"*a",
    b"!!python/object:os.system ",
    b"!!binary ",
    b"!foo ",
    b"<<: ",
    b"? ",
    b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    b"{{{{",
    b"\t",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\r\n",
    b"---\n",
    b"...\n",
    b"%YAML 1.1\n",
    b"'",
    b'"',
    b"|",
    b">",
    b": ",
    b"- ",
    b"#",
    b"\\u0000",
    b"\x1b",
    b"\xe2\x80\xae",
    b"9" * 4400,
]


@st.composite
def record_mapping(draw: st.DrawFn) -> dict[str, Any]:
    """A mapping with a record kind and some of its real fields, each with any value."""
    kind = draw(st.sampled_from(sorted(RECORD_TYPES)))
    fields = sorted(RECORD_TYPES[kind].model_fields)
    chosen = draw(st.lists(st.sampled_from(fields), unique=True, max_size=len(fields)))
    out: dict[str, Any] = {"kind": draw(st.just(kind) | SCALARS)}
    for name in chosen:
        out[name] = draw(VALUES)
    if draw(st.booleans()):
        out[draw(st.text(min_size=1, max_size=10))] = draw(VALUES)
    return out


@st.composite
def mutated(draw: st.DrawFn, text: bytes) -> bytes:
    """Truncate, splice in hostile bytes, re-encode: what a crash, a bad editor or an
    attacker could leave behind."""
    steps = draw(
        st.lists(
            st.sampled_from(
                ["truncate", "snippet", "flip", "crlf", "bom", "utf16", "latin1", "tabs", "none"]
            ),
            max_size=3,
        )
    )
    for step in steps:
        if step == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
        elif step == "snippet":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.sampled_from(SNIPPETS)) + text[at:]
        elif step == "flip" and text:
            at = draw(st.integers(0, len(text) - 1))
            text = text[:at] + bytes([draw(st.integers(0, 255))]) + text[at + 1 :]
        elif step == "crlf":
            text = text.replace(b"\n", b"\r\n")
        elif step == "bom":
            text = b"\xef\xbb\xbf" + text
        elif step == "utf16":
            text = text.decode("utf-8", "replace").encode("utf-16")
        elif step == "latin1":
            text = text.decode("utf-8", "replace").encode("latin-1", "replace") + b"\xe9"
        elif step == "tabs":
            text = text.replace(b"  ", b"\t")
    return text


def dump(mapping: Any) -> bytes:
    return yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False).encode("utf-8")


READERS = ["status-case", "show", "show-json", "list", "status"]


@HOSTILE
@given(data=st.data())
def test_generated_records(scene: Scene, data: st.DataObject) -> None:
    seed = data.draw(
        st.one_of(
            record_mapping().map(dump),
            st.sampled_from(scene.seeds()[:-2]).map(lambda t: t.encode("utf-8")),
        )
    )
    raw = data.draw(mutated(seed))
    target = TARGETS[data.draw(st.sampled_from(["new-record", "record"]))]
    extra = data.draw(st.sampled_from(READERS + sorted(STEPS)))
    attack(scene, target, raw, ["check", extra])


@HOSTILE
@given(data=st.data())
def test_generated_case_config_and_route(scene: Scene, data: st.DataObject) -> None:
    where = data.draw(st.sampled_from(["case", "config", "route"]))
    seeds = {
        "case": scene.seeds()[-2],
        "config": scene.seeds()[-1],
        "route": "id: po-1-zorgroute\nversion: 1\ntitle: x\nsteps: []\n",
    }
    seed = data.draw(
        st.one_of(
            st.just(seeds[where].encode("utf-8")),
            st.dictionaries(st.text(min_size=1, max_size=12), VALUES, max_size=6).map(dump),
        )
    )
    raw = data.draw(mutated(seed))
    extra = data.draw(st.sampled_from(["status-case", "show", "list", "signal"]))
    attack(scene, TARGETS[where], raw, ["check", extra])


@HOSTILE
@given(raw=st.binary(max_size=3000), where=st.sampled_from(sorted(COMMANDS_FOR)))
def test_arbitrary_bytes(scene: Scene, raw: bytes, where: str) -> None:
    attack(scene, TARGETS[where], raw, ["check", "status-case"])


# --- extreme input, in a subprocess: a crash or hang fails the test, not pytest ---------

NEAR_LIMIT = MAX_FILE_BYTES - 64
EXTREME: dict[str, bytes] = {
    "flow-nesting": b"[" * (NEAR_LIMIT // 2) + b"]" * (NEAR_LIMIT // 2),
    "unclosed-flow": b"{a: " * (NEAR_LIMIT // 4),
    "dash-nesting": b"- " * (NEAR_LIMIT // 2) + b"x\n",
    "key-nesting": b"? " * (NEAR_LIMIT // 2) + b"x\n",
    "block-nesting": b"".join(b" " * i + b"k:\n" for i in range(1000)),
    "laughs": b"".join(
        b"l%d: &l%d [" % (i, i) + b",".join([b"*l%d" % (i - 1)] * 9) + b"]\n" for i in range(1, 12)
    ).replace(b"*l0", b"x"),
    "one-scalar": b"kind: signal\ndescription: '" + b"a" * NEAR_LIMIT + b"'\n",
    "many-keys": b"".join(b"k%d: %d\n" % (i, i) for i in range(30_000)),
    "long-list": b"kind: [" + b"a," * (NEAR_LIMIT // 8) + b"a]\n",
}


@pytest.mark.parametrize("payload", sorted(EXTREME))
def test_extreme_input_in_a_subprocess(scene: Scene, payload: str) -> None:
    data = EXTREME[payload]
    assert len(data) <= MAX_FILE_BYTES, "must pass the size limit to reach the parser"
    target = TARGETS["new-record"]
    env = {**os.environ, **ENV}
    with planted(scene, target, data):
        before = snapshot(scene.root)
        commands = [["check"]]
        if "nesting" in payload:
            commands.append(["status", scene.case])
        for command in commands:
            proc = subprocess.run(
                [sys.executable, "-m", "zorgroute", "--repo", str(scene.root), *command],
                capture_output=True,
                text=True,
                timeout=60,
                env=env,
                check=False,
            )
            assert proc.returncode == 1, (payload, command, proc.returncode, proc.stderr[-500:])
            assert "Traceback" not in proc.stderr
            assert f"{target.rel(scene)}:" in proc.stderr
            assert snapshot(scene.root) == before


# --- hostile command-line input ----------------------------------------------------------

BAD_IDS = [
    "..",
    "../..",
    "../cases",
    "/etc/passwd",
    "a/b",
    "abcd/efg",
    "ABCDEFGH",
    "",
    "abcdefg\n",
    "\x1b[31mabcdefgh",
    "abc\x00defg",
    "abcdefghi",
    "{{ 7*7 }}",
    "<script>",
    "ilouilou",
    "-" * 300,
]


@pytest.mark.parametrize("case_id", BAD_IDS)
def test_bad_case_ids_are_refused_without_writing(scene: Scene, case_id: str) -> None:
    before = snapshot(scene.root)
    for args in (
        ["status", case_id],
        ["show", case_id],
        [
            "correct",
            case_id,
            scene.records["signal"],
            "--field",
            "x",
            "--value",
            "y",
            "--reason",
            "z",
        ],
        [
            "signal",
            case_id,
            "--observed-by",
            "juf",
            "--setting",
            "classroom",
            "--since",
            "weeks",
            "--category",
            "learning",
            "--description",
            "x",
        ],
    ):
        code, out, err, exc = invoke("--repo", scene.root, *args)
        assert exc is None and code in (2, 4), (args, code, err)
        if code == 4:
            assert "zorgroute: geen dossier gevonden met dat nummer of die naam" in err, err
        for bad in ("\x1b", "\x00", "{{", "<script>"):
            assert bad not in err, "the id is not echoed back"
    assert snapshot(scene.root) == before


@pytest.mark.parametrize(
    "value", ["2026-02-30", "0000-01-01", "99999-01-01", "-1", "1e10", "2026-1-1x", "\x00", "  "]
)
def test_bad_dates_are_refused_without_writing(scene: Scene, value: str) -> None:
    before = snapshot(scene.root)
    for args in (
        [
            "signal",
            scene.case,
            "--observed-by",
            "juf",
            "--setting",
            "classroom",
            "--since",
            "weeks",
            "--category",
            "learning",
            "--description",
            "x",
            "--date",
            value,
        ],
        ["dormant", scene.case, "--review-date", value, "--reason", "x"],
        [
            "new-case",
            "--first-name",
            "A",
            "--last-name",
            "B",
            "--birth-date",
            value,
            "--group",
            "1",
            "--home-municipality",
            "Delft",
        ],
    ):
        code, out, err, exc = invoke("--repo", scene.root, *args)
        assert exc is None and code in (1, 2, 3), (args, code, err)
        assert re.search(r"^zorgroute: \S", err, re.M), err
        for marker in ENGLISH:
            assert marker not in err
    assert snapshot(scene.root) == before


def test_bad_today_is_refused(scene: Scene) -> None:
    result = CliRunner().invoke(
        CLI,
        ["--repo", str(scene.root), "status", scene.case],
        env={**ENV, "ZORGROUTE_TODAY": "gisteren"},
    )
    assert result.exit_code == 2
    assert "zorgroute: ZORGROUTE_TODAY is geen geldige datum" in result.stderr


def test_markup_is_stored_literally_and_shown_inert(scene: Scene) -> None:
    """Text meant for a template is data: stored as typed, never evaluated."""
    markup = "{{ 6*7*1001 }} {% if true %}ja{% endif %} <script>alert('x')</script> [bold]vet[/]"
    code, out, err, exc = invoke(
        "--repo",
        scene.root,
        "signal",
        scene.case,
        "--observed-by",
        "juf",
        "--setting",
        "classroom",
        "--since",
        "weeks",
        "--category",
        "behaviour",
        "--description",
        markup,
        "--date",
        "2026-11-20",
    )
    assert code == 0 and exc is None, err
    written = out.split("vastgelegd: ")[1].split()[0]
    path = scene.root / written
    try:
        loaded = load_yaml(path.read_text(encoding="utf-8"))
        assert loaded["description"] == markup
        code, out, err, _ = invoke("--repo", scene.root, "show", scene.case, "--format", "json")
        assert code == 0 and "42042" not in out  # 6*7*1001, had it been evaluated
        code, out, err, _ = invoke("--repo", scene.root, "check")
        assert code == 0, err
    finally:
        path.unlink()


def test_dates_outside_what_can_have_happened(scene: Scene) -> None:
    before = snapshot(scene.root)
    code, _, err, _ = invoke(
        "--repo",
        scene.root,
        "signal",
        scene.case,
        "--observed-by",
        "juf",
        "--setting",
        "classroom",
        "--since",
        "weeks",
        "--category",
        "learning",
        "--description",
        "x",
        "--date",
        "9999-12-31",
    )
    assert code == 2 and "zorgroute: de datum ligt na vandaag" in err
    for born in ("9999-12-31", "2026-11-24", "1800-01-01"):
        code, _, err, _ = invoke(
            "--repo",
            scene.root,
            "new-case",
            "--first-name",
            "A",
            "--last-name",
            "B",
            "--birth-date",
            born,
            "--group",
            "1",
            "--home-municipality",
            "Delft",
        )
        assert code == 1, err
        assert "birth_date: de geboortedatum ligt na vandaag of meer dan 30 jaar terug" in err
    assert snapshot(scene.root) == before


def test_markup_in_documents_is_inert(repo: Path, new_case: Callable[..., str]) -> None:
    case = new_case()
    markup = "{{ 6*7*1001 }} <script>alert('x')</script>"
    code, _, err, _ = invoke(
        "--repo",
        repo,
        "signal",
        case,
        "--observed-by",
        "juf",
        "--setting",
        "classroom",
        "--since",
        "weeks",
        "--category",
        "behaviour",
        "--description",
        markup,
        "--date",
        "2026-11-20",
    )
    assert code == 0, err
    code, _, err, _ = invoke(
        "--repo", repo, "render", case, "parents-overview", "--format", "md", "--format", "html"
    )
    assert code == 0, err
    docs = repo / "cases" / case / "documents"
    html = next(docs.glob("*.html")).read_text(encoding="utf-8")
    md = next(docs.glob("*.md")).read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "Wat is gezien:** {{ 6\\*7\\*1001 }} \\<script>" in md  # escaped for Markdown
    assert "{{ 6*7*1001 }}" in html and "42042" not in md and "42042" not in html
