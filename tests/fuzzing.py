"""A generator of hostile repositories and a runner that feeds them to the CLI in-process.

Shared by the quick set in the test suite (`tests/test_fuzz.py`) and the long campaign
(`bench/fuzz.py`). A base repository is built once; each input plants one hostile thing
in a working copy (malformed or extreme YAML, a link out, a FIFO, a planted cache, a
hostile template, a huge or deep structure), runs one command through typer's runner
with a time limit, checks the outcome, and puts the working copy back.

What counts as a failure:
- a traceback, or the CLI's "interne fout" (an exception the code did not expect);
- a hang: the command still running when its time limit is up;
- a write outside the repository: any change in the folder next to it (where the links
  point), in the working directory, or a marker file made by a planted pickle;
- a reading command that changed a file of the repository (the cache excepted, which
  is checked to be private instead);
- a planted name (in a key or an invalid value) in what the command printed;
- a file written with a mode other than 0600 (folders 0700).
"""

from __future__ import annotations

import json
import os
import pickle
import random
import shutil
import signal
import stat
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer.main
from click.testing import CliRunner

from zorgroute.cli import app

CLI = typer.main.get_command(app)
TODAY = "2026-11-23"
SECRET = "Emma de Vries"
CACHE = ".zorgroute-cache"
ENV = {
    "ZORGROUTE_TODAY": TODAY,
    "ZORGROUTE_INTERACTIVE": "0",
    "COLUMNS": "120",
    "ZORGROUTE_USER": "Ilse Bakker",
}


def memoize_shipped_routes() -> None:
    """Read zorgroute's own route files once per process instead of once per command.

    They are package data, the same for every input, and parsing them is most of the time
    of a small command; a repository's own routes/ are still read on every run."""
    from zorgroute.store import routes

    original = routes.load_model
    memo: dict[Path, Any] = {}

    def load_model(
        path: Path, display: str, model: Any, problems: list[Any], root: Path | None = None
    ) -> Any:
        if root is not None:
            return original(path, display, model, problems, root)
        if path not in memo:
            found: list[Any] = []
            memo[path] = (original(path, display, model, found, root), found)
        value, found = memo[path]
        problems.extend(found)
        return value

    routes.load_model = load_model  # type: ignore[assignment]


class Hang(BaseException):
    """Raised by the alarm: not an Exception, so the CLI's own handler lets it through."""


# --- the base repository ------------------------------------------------------------------


def invoke(args: list[str], seconds: float = 0.0) -> tuple[int, str, BaseException | None]:
    """Run the CLI in-process; with `seconds`, raise Hang when it runs longer."""
    runner = CliRunner()
    if seconds:
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        result = runner.invoke(CLI, args, env=ENV, catch_exceptions=True)
    finally:
        if seconds:
            signal.setitimer(signal.ITIMER_REAL, 0)
    output = result.stdout + (result.stderr if result.stderr_bytes is not None else "")
    exc = result.exception
    if isinstance(exc, SystemExit):
        exc = None
    return result.exit_code, output, exc


def _ok(args: list[str]) -> str:
    code, out, exc = invoke(args)
    if code != 0 or exc is not None:
        raise RuntimeError(f"building the base repository failed: {args[2:4]} {out[-500:]}")
    return out


@dataclass
class Base:
    root: Path  # the pristine repository
    cases: list[str]
    records: dict[str, list[str]]  # case id -> record ids


def build_base(folder: Path) -> Base:
    """A small repository with two cases and records of several kinds, no git."""
    root = folder / "base"
    _ok(
        [
            "init",
            str(root),
            "--school",
            "De Fuzzschool",
            "--brin",
            "99ZZ",
            "--sector",
            "po",
            "--municipality",
            "Delft",
            "--swv",
            "SWV",
            "--ib-name",
            "Ilse Bakker",
            "--directeur",
            "Dirk de Wit",
        ]
    )
    shutil.rmtree(root / ".git", ignore_errors=True)
    config = root / "zorgroute.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("git_commit: true", "git_commit: false")
        + "partners:\n- id: lt-delft\n  name: Lokaal team Delft\n"
        "  kind: local_team\n  municipality: Delft\n",
        encoding="utf-8",
    )
    cases = []
    for first in ("Sanne", "Daan"):
        out = _ok(
            [
                "--repo",
                str(root),
                "new-case",
                "--first-name",
                first,
                "--last-name",
                "Fuzzkind",
                "--birth-date",
                "2017-03-04",
                "--group",
                "4b",
                "--home-municipality",
                "Delft",
                "--adult",
                "id=moeder;name=Ria Fuzzmoeder;relation=mother;authority=ja",
            ]
        )
        cases.append(out.strip().splitlines()[-1])
    c = cases[0]
    r = ["--repo", str(root)]
    _ok(
        [
            *r,
            "signal",
            c,
            "--observed-by",
            "juf Anna",
            "--setting",
            "classroom",
            "--since",
            "months",
            "--category",
            "learning",
            "--description",
            "leest traag",
            "--date",
            "2026-09-01",
        ]
    )
    _ok(
        [
            *r,
            "plan",
            c,
            "--area",
            "lezen",
            "--goal",
            "AVI E4",
            "--approach",
            "duolezen",
            "--responsible",
            "juf Anna",
            "--start",
            "2026-09-02",
            "--end",
            "2026-10-01",
            "--evaluation-date",
            "2026-10-01",
            "--date",
            "2026-09-02",
        ]
    )
    _ok(
        [
            *r,
            "talk",
            c,
            "--contact",
            "before_care_team",
            "--with",
            "parents",
            "--adult",
            "moeder",
            "--discussed",
            "de zorgen",
            "--date",
            "2026-10-04",
        ]
    )
    _ok(
        [
            *r,
            "consent",
            c,
            "--basis",
            "written_consent",
            "--forum",
            "zorgteam",
            "--given-by",
            "moeder",
            "--date",
            "2026-10-04",
        ]
    )
    _ok([*r, "render", c, "parents-overview", "--format", "md"])
    _ok(
        [
            *r,
            "signal",
            cases[1],
            "--observed-by",
            "meester Bas",
            "--setting",
            "school",
            "--since",
            "weeks",
            "--category",
            "behaviour",
            "--description",
            "botst vaak",
            "--date",
            "2026-10-10",
        ]
    )
    (root / "templates").mkdir()
    shutil.copy(
        Path(__file__).resolve().parent.parent / "templates" / "invitation.md",
        root / "templates" / "invitation.md",
    )
    # no routes/ of its own: a route file is planted by the mutations (parsing a full
    # route on every run would make each input several times slower)
    shutil.rmtree(root / CACHE, ignore_errors=True)
    records = {
        cid: sorted(p.stem for p in (root / "cases" / cid / "records").glob("*.yaml"))
        for cid in cases
    }
    return Base(root, cases, records)


# --- hostile content ----------------------------------------------------------------------

VALID_SIGNAL = (
    "kind: signal\ndate: '2026-09-05'\nrecorded_by: Ilse Bakker\n"
    "recorded_at: '2026-09-05T10:00:00'\nobserved_by: leerkracht\nsettings:\n- classroom\n"
    "since: months\ncategories:\n- learning\ndescription: Valt op in de klas.\n"
)

YAML_CORPUS: list[bytes] = [
    b"",
    b"\n",
    b"---\n",
    b"~\n",
    b"null\n",
    b"[]\n",
    b"- a\n- b\n",
    b"42\n",
    b"'tekst'\n",
    b"kind: signal\nkind: plan\n",
    b"a: &x [1, 2]\nb: *x\n",
    b"a: &a [*a]\n",
    b"<<: {kind: signal}\n",
    b"kind: !!python/object/apply:os.system ['touch PWNED']\n",
    b"kind: !!python/name:os.system\n",
    b"kind: !signal x\n",
    b"kind: !!binary aGVsbG8=\n",
    b"kind: !!set {a, b}\n",
    b"date: 2026-02-30\nkind: signal\n",
    b"date: 99999-01-01\n",
    b"n: " + b"9" * 5000 + b"\n",
    b"n: 1e99999\n",
    b"n: .nan\n",
    b"n: -.inf\n",
    b"n: 0x_1\n",
    b"kind: signal\n---\nkind: plan\n",
    b"\xff\xfe\x00k\x00i\x00n\x00d\x00",
    b"kind: sig\x00nal\n",
    b"\xef\xbb\xbfkind: signal\r\ndate: '2026-09-01'\r\n",
    b"kind:\tsignal\n",
    b"\tkind: signal\n",
    b"kind: 'unterminated\n",
    b"kind: [unterminated\n",
    b"kind: {a: 1\n",
    b"? [a, b]\n: c\n",
    b"? {a: 1}\n: c\n",
    b"kind: signal\n  bad: indent\n",
    b"%YAML 1.1\n%TAG ! tag:evil,2000:\n---\nkind: !x y\n",
    b'kind: "\\x00\\uD800"\n',
    b'kind: "\\N\\_\\L\\P"\n',
    "kind: signal\ndescription: 𝕳𝖊𝖑𝖑𝖔 ‮ omgekeerd\n".encode(),
    b"kind: " + b"[" * 100_000 + b"\n",
    b"kind: " + b"{a: " * 50_000 + b"\n",
    b"a:\n" + b"".join(b" " * i + b"- \n" for i in range(200)),
    b"".join(b"%x: 1\n" % i for i in range(60_000)),
    b"kind: [" + b",".join(b"1" for _ in range(30_000)) + b"]\n",
    b"description: '" + b"x" * 200_000 + b"'\n",
    b"x" * (600 * 1024),
    f"{SECRET}: geheim\n".encode(),
    (VALID_SIGNAL + f"{SECRET}: geheim\n").encode(),
    (VALID_SIGNAL + f"{SECRET}: a\n{SECRET}: b\n").encode(),
    VALID_SIGNAL.replace("since: months", f"since: {SECRET}").encode(),
    VALID_SIGNAL.replace("- learning", f"- {SECRET}").encode(),
    VALID_SIGNAL.replace("kind: signal", f"kind: {SECRET}").encode(),
    VALID_SIGNAL.replace("date: '2026-09-05'", f"date: {SECRET}").encode(),
    f"{SECRET}: [\n".encode(),
    VALID_SIGNAL.encode(),
    VALID_SIGNAL.replace("2026-09-05", "2031-01-01").encode(),
]
# texts with the planted name where it can only be a key or an invalid value: it must
# never be printed
NAME_PLANTS = {
    i
    for i, text in enumerate(YAML_CORPUS)
    if SECRET.encode() in text and text != VALID_SIGNAL.encode()
}

TEMPLATE_CORPUS: list[str] = [
    "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "{{ ('a' * 400000000)|length }}",
    "{{ 7 ** 100000000 }}",
    "{{ 'a'|center(400000000) }}",
    "{{ 'a'.ljust(400000000) }}",
    "{{ '%400000000s' % 'a' }}",
    "{{ '{:>400000000}'.format('a') }}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "{% for a in range(100000) %}{% for b in range(100) %}xxxxxxxxxx{% endfor %}{% endfor %}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
    "{{ self._TemplateReference__context }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ config.__class__.__init__.__globals__ }}",
    "{% include '/etc/passwd' %}",
    "{% include '../zorgroute.yaml' %}",
    "{% include '../../elders/geheim.txt' %}",
    "{% extends 'parents-overview.md' %}",
    "{% import 'invitation.md' as x %}{{ x }}",
    "{{ undefined_thing }}",
    "{{ 1 / 0 }}",
    "{{ [1, 2][10] }}",
    "{{ {}['x'] }}",
    "{% for",
    "{{ }}",
    "{% raw %}",
    "\x00\xff",
    "{{ range(100000)|join(',')|length }}",
    "{% set x = [] %}{% for i in range(100000) %}{% set _ = x.append(i) %}{% endfor %}",
    "{{ namespace(a=1).__init__ }}",
    "{{ pupil.full_name }}",
]

JSON_CACHE_BODIES: list[Any] = [
    {"~o": ["os:system", {"command": "touch PWNED"}]},
    {"~o": ["builtins:eval", {"source": "1"}]},
    {"~p": ["zorgroute.store.safefs:UnsafeFile", {}]},
    {"~e": ["subprocess:Popen", ["touch", "PWNED"]]},
    {"~o": ["zorgroute.views.agenda:AgendaItem", {"date": {"~d": "no"}}]},
    {"~t": [{"~m": [[{"~t": []}, {"~c": "x"}]]}]},
    {"~case": [{}, "x", [[1, 2, {"~p": ["os:system", {}]}]]]},
    "Emma de Vries",
]


class PickleBomb:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (self.marker, "w"))


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    """Small random damage to a valid file."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(6)
        pos = rng.randrange(len(data) + 1)
        if op == 0 and data:
            data[min(pos, len(data) - 1)] = rng.randrange(256)
        elif op == 1:
            data[pos:pos] = rng.choice(
                [
                    b":",
                    b"-",
                    b"[",
                    b"{",
                    b"&a",
                    b"*a",
                    b"!x",
                    b"\t",
                    b"'",
                    b'"',
                    b"\n  ",
                    b"#",
                    b"|",
                    b">",
                    b"%",
                    b"@",
                    b"\x00",
                    b"\xff",
                    b"? ",
                    b"<<: ",
                ]
            )
        elif op == 2:
            del data[pos : pos + rng.randint(1, 20)]
        elif op == 3:
            data = data[:pos]
        elif op == 4:
            start = rng.randrange(len(data) + 1)
            data[pos:pos] = data[start : start + rng.randint(1, 80)]
        else:
            data[pos:pos] = f"\n{SECRET}: x\n".encode()
    return bytes(data)


def random_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(9 if depth < 4 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice([True, False])
    if kind == 2:
        return rng.choice([0, -1, 2**63, 10**30, rng.randint(-1000, 1000)])
    if kind == 3:
        return rng.choice([0.5, float("inf"), -0.0, 1e308])
    if kind == 4:
        return rng.choice(
            [
                "",
                "signal",
                "2026-09-01",
                "2026-13-45",
                SECRET,
                "x" * 3000,
                "{{ 7*7 }}",
                "<script>",
                "moeder",
                "learning",
                "zorgteam",
            ]
        )
    if kind == 5:
        return rng.choice(["2026-09-01T10:00:00", "classroom", "months", "written_consent"])
    if kind == 6:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    keys = [
        "kind",
        "date",
        "recorded_by",
        "recorded_at",
        "settings",
        "since",
        "categories",
        "description",
        "observed_by",
        "plan",
        "outcome",
        SECRET,
        "id",
        "pupil",
        "family",
    ]
    return {rng.choice(keys): random_value(rng, depth + 1) for _ in range(rng.randint(0, 6))}


def random_record(rng: random.Random) -> bytes:
    import yaml

    value = (
        random_value(rng, 1)
        if rng.random() < 0.3
        else {
            **yaml.safe_load(VALID_SIGNAL),
            **{
                k: random_value(rng, 1)
                for k in rng.sample(
                    ["kind", "date", "since", "settings", "description", "recorded_at", SECRET], 2
                )
            },
        }
    )
    try:
        return yaml.safe_dump(value, allow_unicode=True).encode("utf-8")
    except (yaml.YAMLError, ValueError):
        return b"kind: signal\n"


# --- mutations ----------------------------------------------------------------------------


@dataclass
class Op:
    kind: str  # write, fifo, link, mkdir, remove
    rel: str
    data: bytes = b""
    target: str = ""


@dataclass
class Mutation:
    name: str
    ops: list[Op]
    names_planted: bool = False  # the planted name must not be printed


@dataclass
class Ctx:
    base: Base
    work: Path  # the working repository
    elders: Path  # the folder next to it, where links point
    marker: Path  # made by a planted pickle if it ever runs


def _record_rel(ctx: Ctx, rng: random.Random, new: bool = False) -> str:
    case = rng.choice(ctx.base.cases)
    if new or not ctx.base.records[case]:
        return f"cases/{case}/records/2026-09-05-signal-fz{rng.randrange(99):02d}.yaml"
    return f"cases/{case}/records/{rng.choice(ctx.base.records[case])}.yaml"


def _file_target(ctx: Ctx, rng: random.Random) -> str:
    case = rng.choice(ctx.base.cases)
    return rng.choice(
        [
            _record_rel(ctx, rng),
            _record_rel(ctx, rng, new=True),
            f"cases/{case}/case.yaml",
            "zorgroute.yaml",
            "routes/vo.yaml",
            "routes/po-1-zorgroute.yaml",
            "templates/invitation.md",
            "templates/parents-overview.md",
            "retention-log.yaml",
        ]
    )


GIANT = {i for i, text in enumerate(YAML_CORPUS) if len(text) > 100_000}
SMALL = [i for i in range(len(YAML_CORPUS)) if i not in GIANT]


def m_yaml(ctx: Ctx, rng: random.Random) -> Mutation:
    # the giant ones (deep, wide, long, oversized) cost most to parse: one in twenty
    i = rng.choice(sorted(GIANT)) if rng.random() < 0.05 else rng.choice(SMALL)
    rel = rng.choice(
        [
            _record_rel(ctx, rng),
            _record_rel(ctx, rng, new=True),
            f"cases/{rng.choice(ctx.base.cases)}/case.yaml",
            "zorgroute.yaml",
            "routes/vo.yaml",
            "retention-log.yaml",
        ]
    )
    return Mutation(f"yaml-{i}", [Op("write", rel, YAML_CORPUS[i])], i in NAME_PLANTS)


SHIPPED = Path(__file__).resolve().parent.parent / "zorgroute" / "routes"


def m_damaged(ctx: Ctx, rng: random.Random) -> Mutation:
    rel = rng.choice(
        [
            _record_rel(ctx, rng),
            f"cases/{rng.choice(ctx.base.cases)}/case.yaml",
            "zorgroute.yaml",
            "routes/po-1-zorgroute.yaml",
        ]
    )
    source = ctx.base.root / rel
    original = source.read_bytes() if source.exists() else (SHIPPED / source.name).read_bytes()
    return Mutation("damaged", [Op("write", rel, mutate_bytes(rng, original))])


def m_random_record(ctx: Ctx, rng: random.Random) -> Mutation:
    return Mutation(
        "random-record",
        [Op("write", _record_rel(ctx, rng, rng.random() < 0.5), random_record(rng))],
    )


def m_link(ctx: Ctx, rng: random.Random) -> Mutation:
    case = rng.choice(ctx.base.cases)
    rel = rng.choice(
        [
            _file_target(ctx, rng),
            f"cases/{case}",
            f"cases/{case}/records",
            f"cases/{case}/documents",
            "cases",
            "templates",
            "routes",
            CACHE,
            f"{CACHE}/cases.json",
            f"{CACHE}/agenda.json",
            ".zorgroute.lock",
            "logo.png",
        ]
    )
    target = rng.choice(
        [
            str(ctx.elders / "geheim.txt"),
            str(ctx.elders / "map"),
            str(ctx.elders / "fifo"),
            str(ctx.elders / "bestaat-niet"),
            str(ctx.elders / "record.yaml"),
            "/dev/zero",
            "/etc/passwd",
            str(ctx.elders / "map" / "dossier"),
            rel.rsplit("/", 1)[-1],
            "../zorgroute.yaml",
        ]
    )
    return Mutation("link", [Op("link", rel, target=target)])


def m_special(ctx: Ctx, rng: random.Random) -> Mutation:
    case = rng.choice(ctx.base.cases)
    rel = rng.choice(
        [
            _file_target(ctx, rng),
            f"cases/{case}/records",
            f"cases/{case}/documents",
            f"{CACHE}/cases.json",
            CACHE,
            ".zorgroute.lock",
        ]
    )
    kind = rng.choice(["fifo", "mkdir", "write"])
    return Mutation(f"special-{kind}", [Op(kind, rel, b"kind: signal\n")])


def m_cache(ctx: Ctx, rng: random.Random) -> Mutation:
    name = rng.choice(["cases", "status-rows", "agenda", "report", "report-summary"])
    choice = rng.randrange(5)
    if choice == 0:
        return Mutation(
            "cache-pickle",
            [Op("write", f"{CACHE}/{name}.pickle", pickle.dumps(PickleBomb(str(ctx.marker))))],
        )
    body = rng.choice(JSON_CACHE_BODIES)
    folder = ctx.work / CACHE
    fid = [1, 2]
    if choice == 1 and folder.is_dir() and not folder.is_symlink():
        st = os.lstat(folder)
        fid = [st.st_dev, st.st_ino]  # as if written here: the hardest case
    stored: dict[str, Any] = {
        "version": "x",
        "folder": fid,
        "context": "",
        "key": "",
        "value": body,
        "entries": {c: {"sig": [], "digest": "", "value": body} for c in ctx.base.cases},
    }
    if choice == 1:
        existing = folder / f"{name}.json"
        try:
            real = json.loads(existing.read_bytes())
            real.setdefault("entries", {})
            for entry in (real.get("entries") or {}).values():
                entry["value"] = body
            if "value" in real:
                real["value"] = body
            stored = real
        except (OSError, ValueError):
            pass
    data = json.dumps(stored).encode()
    if choice == 3:
        data = data[: rng.randrange(len(data))]
    if choice == 4:
        data = b"[" * 100_000
    return Mutation("cache-json", [Op("write", f"{CACHE}/{name}.json", data)])


def m_template(ctx: Ctx, rng: random.Random) -> Mutation:
    body = rng.choice(TEMPLATE_CORPUS)
    name = rng.choice(
        [
            "parents-overview.md",
            "invitation.md",
            "_layout.html",
            "_letterhead.md",
            "consent-form.md",
        ]
    )
    return Mutation(
        "template",
        [
            Op(
                "write",
                f"templates/{name}",
                ("# kop\n\n" + body + "\n").encode("utf-8", "surrogatepass"),
            )
        ],
    )


def m_structure(ctx: Ctx, rng: random.Random) -> Mutation:
    case = rng.choice(ctx.base.cases)
    choice = rng.randrange(6)
    if choice == 0:
        return Mutation(
            "records-file", [Op("write", f"cases/{case}/records", VALID_SIGNAL.encode())]
        )
    if choice == 1:
        return Mutation("no-case-yaml", [Op("remove", f"cases/{case}/case.yaml")])
    if choice == 2:
        return Mutation(
            "stray",
            [
                Op("write", f"cases/{case}/notes.txt", b"x"),
                Op("mkdir", f"cases/{case}/records/map.yaml"),
            ],
        )
    if choice == 3:
        return Mutation(
            "temp-left",
            [
                Op("write", f"cases/{case}/records/x.yaml.tmp-abc", b"x"),
                Op("mkdir", "cases/.tmp-abcdefgh"),
            ],
        )
    if choice == 4:
        return Mutation(
            "bad-case-id",
            [Op("mkdir", "cases/NOT-AN-ID"), Op("write", "cases/NOT-AN-ID/case.yaml", b"id: x\n")],
        )
    return Mutation("no-config", [Op("remove", "zorgroute.yaml")])


MUTATORS: list[tuple[Callable[[Ctx, random.Random], Mutation], int]] = [
    (m_yaml, 30),
    (m_damaged, 20),
    (m_random_record, 12),
    (m_link, 12),
    (m_special, 8),
    (m_cache, 8),
    (m_template, 8),
    (m_structure, 5),
]


# --- commands -----------------------------------------------------------------------------

Reading = Callable[[Base, random.Random], list[str]]


def _c(base: Base, rng: random.Random) -> str:
    return rng.choice(base.cases + ["0000aaaa"])


READING: list[tuple[str, Reading]] = [
    ("check", lambda b, r: ["check"]),
    ("check-json", lambda b, r: ["check", "--format", "json"]),
    ("list", lambda b, r: ["list"]),
    ("status", lambda b, r: ["status"]),
    ("status-case", lambda b, r: ["status", _c(b, r)]),
    ("show", lambda b, r: ["show", _c(b, r)]),
    ("timeline", lambda b, r: ["timeline", _c(b, r)]),
    ("agenda", lambda b, r: ["agenda"]),
    ("report", lambda b, r: ["report"]),
    ("routes", lambda b, r: ["routes"]),
    ("templates", lambda b, r: ["templates"]),
    (
        "render-stdout",
        lambda b, r: [
            "render",
            _c(b, r),
            r.choice(["parents-overview", "invitation", "consent-form"]),
            "--stdout",
        ],
    ),
]
STEPS: list[tuple[str, Reading]] = [
    (
        "signal",
        lambda b, r: [
            "signal",
            _c(b, r),
            "--observed-by",
            "juf",
            "--setting",
            "classroom",
            "--since",
            "weeks",
            "--category",
            "learning",
            "--description",
            "nieuw",
        ],
    ),
    (
        "plan",
        lambda b, r: [
            "plan",
            _c(b, r),
            "--area",
            "rekenen",
            "--goal",
            "tafels",
            "--approach",
            "oefenen",
            "--responsible",
            "juf",
            "--start",
            "2026-11-01",
            "--end",
            "2026-12-01",
            "--evaluation-date",
            "2026-12-01",
        ],
    ),
    ("evaluate", lambda b, r: ["evaluate", _c(b, r), "--outcome", "met"]),
    (
        "talk",
        lambda b, r: [
            "talk",
            _c(b, r),
            "--contact",
            "after_care_team",
            "--with",
            "parents",
            "--adult",
            "moeder",
            "--discussed",
            "verloop",
        ],
    ),
    (
        "consent",
        lambda b, r: [
            "consent",
            _c(b, r),
            "--basis",
            "written_consent",
            "--forum",
            "zat",
            "--given-by",
            "moeder",
        ],
    ),
    (
        "care-team",
        lambda b, r: [
            "care-team",
            _c(b, r),
            "--trigger",
            "unclear_needs",
            "--help-question",
            "Hoe kunnen wij deze leerling in de klas goed helpen?",
        ],
    ),
    (
        "meeting",
        lambda b, r: [
            "meeting",
            _c(b, r),
            "--forum",
            "zorgteam",
            "--attendee",
            "Ilse Bakker;IB;chair",
            "--decision",
            "pass_to_zat",
        ],
    ),
    ("escalate", lambda b, r: ["escalate", _c(b, r)]),
    (
        "refer",
        lambda b, r: [
            "refer",
            _c(b, r),
            "--destination",
            "youth_care",
            "--institution",
            "lt-delft",
        ],
    ),
    (
        "feedback",
        lambda b, r: ["feedback", _c(b, r), "--kind", "care_started", "--status", "started"],
    ),
    (
        "close",
        lambda b, r: ["close", _c(b, r), "--reason", "goals_met", "--parents-told", "afgesloten"],
    ),
    ("reopen", lambda b, r: ["reopen", _c(b, r), "--reason", "terug"]),
    (
        "dormant",
        lambda b, r: ["dormant", _c(b, r), "--review-date", "2027-01-11", "--reason", "rust"],
    ),
    (
        "correct",
        lambda b, r: [
            "correct",
            _c(b, r),
            r.choice(sum(b.records.values(), [])),
            "--field",
            "description",
            "--value",
            "anders",
            "--reason",
            "fout",
        ],
    ),
    (
        "render",
        lambda b, r: [
            "render",
            _c(b, r),
            r.choice(["parents-overview", "invitation", "consent-form"]),
            "--format",
            r.choice(["md", "html"]),
        ],
    ),
    (
        "new-case",
        lambda b, r: [
            "new-case",
            "--first-name",
            "Noor",
            "--last-name",
            "Fuzz",
            "--birth-date",
            "2016-01-01",
            "--group",
            "5",
            "--home-municipality",
            "Delft",
            "--adult",
            "id=vader;name=Tom Fuzz;relation=father;authority=ja",
        ],
    ),
]


# --- running ------------------------------------------------------------------------------


Snapshot = dict[str, tuple[int, int, int]]


def snapshot(root: Path, skip: str | None = None) -> Snapshot:
    found: Snapshot = {}
    if not os.path.lexists(root):
        return found
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        if skip and (rel_dir == skip or rel_dir.startswith(skip + os.sep)):
            dirnames[:] = []
            continue
        for name in dirnames + filenames:
            rel = os.path.normpath(os.path.join(rel_dir, name))
            if skip and rel == skip:
                continue
            st = os.lstat(os.path.join(dirpath, name))
            size = st.st_size if not stat.S_ISDIR(st.st_mode) else 0
            found[rel] = (size, st.st_mtime_ns if not stat.S_ISDIR(st.st_mode) else 0, st.st_mode)
    return found


@dataclass
class Tally:
    inputs: int = 0
    library_inputs: int = 0  # of `inputs`: library functions called directly
    repositories: int = 0
    tracebacks: int = 0
    hangs: int = 0
    outside_writes: int = 0
    reading_changed: int = 0
    names_leaked: int = 0
    loose_modes: int = 0
    commands: Counter[str] = field(default_factory=Counter)
    mutations: Counter[str] = field(default_factory=Counter)
    exit_codes: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    slowest: float = 0.0

    @property
    def failed(self) -> int:
        return (
            self.tracebacks
            + self.hangs
            + self.outside_writes
            + self.reading_changed
            + self.names_leaked
            + self.loose_modes
        )

    def fail(self, what: str, detail: str) -> None:
        if len(self.failures) < 50:
            self.failures.append(f"{what}: {detail}")

    def merge(self, other: Tally) -> None:
        for name in (
            "inputs",
            "library_inputs",
            "repositories",
            "tracebacks",
            "hangs",
            "outside_writes",
            "reading_changed",
            "names_leaked",
            "loose_modes",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.commands.update(other.commands)
        self.mutations.update(other.mutations)
        self.exit_codes.update(other.exit_codes)
        self.failures += other.failures[: 50 - len(self.failures)]
        self.slowest = max(self.slowest, other.slowest)


class Campaign:
    """One working folder: base, working copy, the folder next to it, and a cwd."""

    def __init__(self, folder: Path, seconds: float = 10.0, library_share: int = 0) -> None:
        self.folder = folder
        self.seconds = seconds
        self.library_share = library_share  # library inputs per generated repository
        folder.mkdir(parents=True, exist_ok=True)
        self.base = build_base(folder)
        self.elders = folder / "elders"
        self.cwd = folder / "cwd"
        self.cwd.mkdir()
        self.work = folder / "work"
        self.aside = folder / "aside"
        self.aside.mkdir()
        self._fresh_elders()
        self._fresh_work()
        self.ctx = Ctx(self.base, self.work, self.elders, folder / "pickle-ran")
        signal.signal(signal.SIGALRM, self._alarm)
        memoize_shipped_routes()

    @staticmethod
    def _alarm(signum: int, frame: Any) -> None:
        raise Hang

    def _fresh_elders(self) -> None:
        shutil.rmtree(self.elders, ignore_errors=True)
        self.elders.mkdir()
        (self.elders / "geheim.txt").write_text("GEHEIM-BUITEN\n", encoding="utf-8")
        (self.elders / "record.yaml").write_text(
            VALID_SIGNAL.replace("Valt op", "GEHEIM-BUITEN"), encoding="utf-8"
        )
        (self.elders / "map").mkdir()
        shutil.copytree(
            self.base.root / "cases" / self.base.cases[0], self.elders / "map" / "dossier"
        )
        os.mkfifo(self.elders / "fifo")
        self.elders_snapshot = snapshot(self.elders)

    def _fresh_work(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)
        shutil.copytree(self.base.root, self.work, symlinks=True)
        self.work_snapshot = snapshot(self.work, CACHE)

    @contextmanager
    def planted(self, mutation: Mutation) -> Iterator[None]:
        moved: list[tuple[Path, Path]] = []
        try:
            for i, op in enumerate(mutation.ops):
                path = self.work / op.rel
                if os.path.lexists(path):
                    keep = self.aside / f"{i}"
                    os.rename(path, keep)
                    moved.append((path, keep))
                if op.kind == "remove":
                    continue
                path.parent.mkdir(parents=True, exist_ok=True)
                if op.kind == "write":
                    path.write_bytes(op.data)
                elif op.kind == "fifo":
                    os.mkfifo(path)
                elif op.kind == "mkdir":
                    path.mkdir()
                elif op.kind == "link":
                    os.symlink(op.target, path)
            yield
        finally:
            for op in reversed(mutation.ops):
                _remove(self.work / op.rel)
            for path, keep in reversed(moved):
                _remove(path)
                path.parent.mkdir(parents=True, exist_ok=True)
                os.rename(keep, path)

    def cache_files(self) -> dict[str, tuple[int, int, int]]:
        cache = self.work / CACHE
        if not os.path.isdir(cache) or os.path.islink(cache):
            return {}
        found = {}
        for item in os.scandir(cache):
            st = item.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode):
                found[item.name] = (st.st_ino, st.st_mtime_ns, stat.S_IMODE(st.st_mode))
        return found

    def restore(self, written: set[str]) -> None:
        """Undo what a step command wrote; start from a fresh copy if anything is off."""
        for rel in sorted(written, key=len, reverse=True):
            _remove(self.work / rel)
        if snapshot(self.work, CACHE) != self.work_snapshot:
            self._fresh_work()

    def one(self, rng: random.Random, tally: Tally) -> None:
        mutator = rng.choices([m for m, _ in MUTATORS], [w for _, w in MUTATORS])[0]
        mutation = mutator(self.ctx, rng)
        tally.repositories += 1
        tally.mutations[mutation.name.split("-")[0]] += 1
        if rng.random() < 0.05:
            shutil.rmtree(self.work / CACHE, ignore_errors=True)
        with self.planted(mutation):
            runs = [rng.choice(READING) for _ in range(rng.randint(3, 7))]
            runs.append(rng.choice(STEPS + READING))
            for name, make in runs:
                self.run_one(name, make(self.base, rng), name in dict(READING), mutation, tally)
        for _ in range(self.library_share):
            self.library_one(rng, tally)
        if self.ctx.marker.exists():
            tally.outside_writes += 1
            tally.fail("pickle ran", mutation.name)
            self.ctx.marker.unlink()

    def library_one(self, rng: random.Random, tally: Tally) -> None:
        """One hostile file straight into the library functions the commands call."""
        import datetime as dt

        from zorgroute.documents import render
        from zorgroute.domain import check, engine
        from zorgroute.errors import ZorgrouteError
        from zorgroute.store.repo import open_repository

        name = rng.choices(
            ["lib-load-file", "lib-load-case", "lib-engine", "lib-check", "lib-render"],
            [12, 3, 2, 1, 2],
        )[0]
        if name == "lib-render":
            mutation = m_template(self.ctx, rng)
        else:
            mutation = rng.choice([m_yaml, m_damaged, m_random_record])(self.ctx, rng)
        tally.mutations["lib-" + mutation.name.split("-")[0]] += 1
        case = rng.choice(self.base.cases)
        messages: list[str] = []
        with self.planted(mutation):
            before = snapshot(self.work, CACHE)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            try:
                if name == "lib-check":
                    result = check.check_repository(self.work, dt.date.fromisoformat(TODAY))
                    messages += [p.format() for p in result.problems + result.warnings]
                else:
                    repo = open_repository(self.work) if name != "lib-load-file" else None
                    if repo is None:
                        messages += load_file(self.work, mutation.ops[0].rel)
                    elif name == "lib-load-case":
                        _, problems = repo.load_case(case)
                        messages += [p.format() for p in problems]
                    elif name == "lib-engine":
                        engine.load(repo, case)
                    else:
                        env = render.make_environment(render.Templates(self.work / "templates"))
                        page = mutation.ops[0].rel.rsplit("/", 1)[-1]
                        messages.append(render.render_template(env, page, {"x": SECRET}))
            except ZorgrouteError as exc:
                messages += [exc.message, exc.hint, *(p.format() for p in exc.problems)]
            except Hang:
                tally.hangs += 1
                tally.fail("hang", f"{name} after {mutation.name}")
            except Exception as exc:  # noqa: BLE001 - the failure being counted
                tally.tracebacks += 1
                tally.fail("traceback", f"{name} after {mutation.name}: {type(exc).__name__}")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            after = snapshot(self.work, CACHE)
        tally.inputs += 1
        tally.library_inputs += 1
        tally.commands[name] += 1
        if after != before:
            tally.reading_changed += 1
            tally.fail("reading changed", f"{name} after {mutation.name}")
        if snapshot(self.elders) != self.elders_snapshot:
            tally.outside_writes += 1
            tally.fail("outside", f"{name} after {mutation.name}")
            self._fresh_elders()
        text = "\n".join(messages)
        leaked = "Emma" in text or "Vries" in text
        if name != "lib-render" and mutation.names_planted and leaked:
            tally.names_leaked += 1
            tally.fail("name", f"{name} after {mutation.name}")

    def run_one(
        self, name: str, args: list[str], reading: bool, mutation: Mutation, tally: Tally
    ) -> None:
        before = snapshot(self.work, CACHE)
        cache_before = self.cache_files()
        old_cwd = os.getcwd()
        os.chdir(self.cwd)
        start = time.monotonic()
        try:
            code, out, exc = invoke(["--repo", str(self.work), *args], self.seconds)
        except Hang:
            code, out, exc = -1, "", None
            tally.hangs += 1
            tally.fail("hang", f"{name} after {mutation.name}")
        finally:
            os.chdir(old_cwd)
        took = time.monotonic() - start
        tally.slowest = max(tally.slowest, took)
        tally.inputs += 1
        tally.commands[name] += 1
        tally.exit_codes[code] += 1
        if exc is not None or "Traceback" in out or "interne fout" in out:
            tally.tracebacks += 1
            tally.fail(
                "traceback",
                f"{name} after {mutation.name}: {type(exc).__name__ if exc else out[-300:]}",
            )
        if snapshot(self.elders) != self.elders_snapshot or os.listdir(self.cwd):
            tally.outside_writes += 1
            tally.fail("outside", f"{name} after {mutation.name}")
            self._fresh_elders()
            for item in os.listdir(self.cwd):
                _remove(self.cwd / item)
        after = snapshot(self.work, CACHE)
        written = set(after) - set(before)
        if reading and after != before:
            changed = sorted(k for k in set(after) | set(before) if after.get(k) != before.get(k))
            tally.reading_changed += 1
            tally.fail("reading changed", f"{name} after {mutation.name}: {changed[:3]}")
        for rel in written:
            mode = stat.S_IMODE(after[rel][2])
            if stat.S_ISLNK(after[rel][2]):
                continue
            want = 0o700 if stat.S_ISDIR(after[rel][2]) else 0o600
            if mode != want:
                tally.loose_modes += 1
                tally.fail("mode", f"{name}: {rel} {oct(mode)}")
        for item, (ino, mtime, mode) in self.cache_files().items():
            if cache_before.get(item, (0, 0, 0))[:2] != (ino, mtime) and mode & 0o077:
                tally.loose_modes += 1  # a cache file this run wrote, open to others
                tally.fail("cache mode", f"{item} {oct(mode)}")
        if mutation.names_planted and ("Emma" in out or "Vries" in out):
            tally.names_leaked += 1
            tally.fail("name", f"{name} after {mutation.name}")
        if not reading and written:
            self.restore(written)
        elif after != self.work_snapshot and not mutation.ops:
            self.restore(set())


def load_file(root: Path, rel: str) -> list[str]:
    """One file through the loader its commands use: record, case, settings or route."""
    from zorgroute.model.records import Case, Config
    from zorgroute.model.route import Route
    from zorgroute.store.repo import load_model, load_record

    problems: list[Any] = []
    path = root / rel
    if "/records/" in rel:
        load_record(path, rel, problems, root)
    else:
        model: Any = (
            Case if rel.endswith("case.yaml") else Route if rel.startswith("routes/") else Config
        )
        load_model(path, rel, model, problems, root)
    return [p.format() for p in problems]


def _remove(path: Path) -> None:
    try:
        if os.path.islink(path) or not os.path.isdir(path):
            os.unlink(path)
        else:
            shutil.rmtree(path)
    except FileNotFoundError:
        pass


def run_campaign(
    folder: Path,
    inputs: int,
    seed: int,
    seconds: float = 10.0,
    progress: Callable[[Tally], None] | None = None,
    library_share: int = 0,
) -> Tally:
    """Feed at least `inputs` inputs: command runs over generated hostile repositories,
    and `library_share` direct library inputs per repository."""
    campaign = Campaign(folder, seconds, library_share)
    rng = random.Random(seed)
    tally = Tally()
    last = time.monotonic()
    while tally.inputs < inputs:
        campaign.one(rng, tally)
        if progress and time.monotonic() - last > 30:
            progress(tally)
            last = time.monotonic()
    return tally
