"""Safe, predictable YAML: loading with located errors, and writing readable records.

Loading uses libyaml's C parser when it is there. Dates stay strings so that pydantic
validates them with a location; anchors, aliases, duplicate keys, object tags, deep
nesting and oversized files are refused. Locations for validation errors come from the
composed node tree, built only when a file has an error.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import yaml
from pydantic import BaseModel, ValidationError

from zorgroute.errors import Problem
from zorgroute.store.safefs import UnsafeFile, read_bytes

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 40
# Structural limits, checked while the file is built (never after): a record has a few
# dozen fields, so these leave room for any real file and refuse a 60,000-key one at once.
MAX_KEYS = 500  # fields in one mapping
MAX_NODES = 20_000  # values in one file
MAX_STRING = 100_000  # characters in one text
MAX_PROBLEMS = 50  # problems reported for one file; the rest are counted

try:
    _Parser: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Parser = yaml.SafeLoader


class YamlRefused(yaml.YAMLError):
    """A construct zorgroute does not accept in a dossier file."""

    def __init__(self, message: str, mark: yaml.Mark | None, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.hint = hint


class _Loader(_Parser):  # type: ignore[misc]
    """Safe loader without implicit timestamps, aliases or duplicate keys."""

    yaml_implicit_resolvers = {
        key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in _Parser.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            raise YamlRefused(
                "verwijzingen (ankers en aliassen, & en *) zijn niet toegestaan",
                node.start_mark,
                "schrijf de waarde voluit op elke plek waar die nodig is",
            )
        self._depth += 1
        self._nodes += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YamlRefused("het bestand is te diep genest", node.start_mark, DEPTH_HINT)
            if self._nodes > MAX_NODES:
                raise YamlRefused(
                    f"het bestand bevat te veel waarden (meer dan {MAX_NODES})",
                    node.start_mark,
                    SPLIT_HINT,
                )
            if isinstance(node, yaml.ScalarNode) and len(node.value) > MAX_STRING:
                raise YamlRefused(
                    f"deze tekst is te lang (meer dan {MAX_STRING} tekens)",
                    node.start_mark,
                    SPLIT_HINT,
                )
            return super().construct_object(node, deep=True)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if len(node.value) > MAX_KEYS:
            raise YamlRefused(
                f"hier staan te veel velden bij elkaar (meer dan {MAX_KEYS})",
                node.start_mark,
                SPLIT_HINT,
            )
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlRefused(
                    "een veldnaam moet gewone tekst zijn, geen lijst of groep velden",
                    key_node.start_mark,
                    "schrijf de veldnaam als tekst, gevolgd door een dubbele punt",
                )
            key = key_node.value
            if key in seen:
                raise YamlRefused(  # the key itself is not named: it may be a name
                    "dit veld staat er twee keer in",
                    key_node.start_mark,
                    "houd één van de twee over",
                )
            seen.add(key)
        return super().construct_mapping(node, deep=True)  # type: ignore[no-any-return]

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            return super().construct_yaml_int(node)  # type: ignore[no-any-return]
        except ValueError:  # Python refuses to convert numbers of thousands of digits
            raise YamlRefused(
                "dit getal is te lang",
                node.start_mark,
                "zet lange cijferreeksen tussen aanhalingstekens",
            ) from None


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


DEPTH_HINT = f"een dossierbestand heeft hooguit {MAX_DEPTH} niveaus van inspringing"
SPLIT_HINT = "een dossierbestand is klein: splits de inhoud over meer records"
TAG_MESSAGE = "dit soort waarde (een tag met !) is niet toegestaan"
TAG_HINT = (
    "verwijder de tag (het woord dat met ! of !! begint); een dossierbestand bevat "
    "alleen tekst, getallen, datums, lijsten en velden"
)

_YAML_PROBLEMS = [
    ("expected ',' or ']'", "een lijst tussen [ en ] wordt niet goed afgesloten"),
    ("expected ',' or '}'", "een groep tussen { en } wordt niet goed afgesloten"),
    ("mapping values are not allowed", "een dubbele punt staat op een plek waar dat niet kan"),
    ("could not find expected ':'", "na een veldnaam ontbreekt de dubbele punt"),
    ("found character '\\t'", "tabs zijn niet toegestaan; gebruik spaties om in te springen"),
    ("found a tab character", "tabs zijn niet toegestaan; gebruik spaties om in te springen"),
    ("did not find expected key", "de inspringing klopt niet, of een regel hoort bij een lijst"),
    ("did not find expected '-'", "de inspringing van deze lijst klopt niet"),
    ("found unexpected end of stream", "het bestand houdt midden in een waarde op"),
    ("found unexpected end", "het bestand houdt midden in een waarde op"),
    ("exceeded maximum nesting depth", "het bestand is te diep genest"),
    ("found undefined tag", TAG_MESSAGE),
    ("could not determine a constructor", TAG_MESSAGE),
    ("found undefined alias", "verwijzingen (ankers en aliassen, & en *) zijn niet toegestaan"),
    ("found unknown escape character", "een onbekend teken na een backslash in een tekst"),
    ("unacceptable character", "het bestand bevat een teken dat niet in tekst thuishoort"),
    ("special characters are not allowed", "het bestand bevat een teken dat niet in tekst hoort"),
    ("while scanning a quoted scalar", "een aanhalingsteken wordt niet afgesloten"),
    ("found unexpected ':'", "een dubbele punt staat op een plek waar dat niet kan"),
    ("expected <block end>", "de inspringing klopt niet"),
    ("found character that cannot start any token", "een teken dat hier niet kan beginnen"),
]

SYNTAX_HINT = (
    "controleer de inspringing (spaties, geen tabs) en zet tekst met een dubbele punt "
    "tussen aanhalingstekens"
)


def _dutch_yaml_problem(err: yaml.YAMLError) -> tuple[str, str]:
    if isinstance(err, YamlRefused):
        return err.message, err.hint
    text = " ".join(
        str(getattr(err, attr, None) or "") for attr in ("problem", "context")
    ).strip() or str(err)
    for needle, dutch in _YAML_PROBLEMS:
        if needle in text:
            hints = {TAG_MESSAGE: TAG_HINT, "het bestand is te diep genest": DEPTH_HINT}
            return dutch, hints.get(dutch, SYNTAX_HINT)
    return "dit is geen geldige YAML", SYNTAX_HINT


def _mark_of(err: yaml.YAMLError) -> tuple[int, int]:
    # an unclosed [ or { is best shown where it was opened
    flow = "flow" in str(getattr(err, "context", "") or "")
    mark = (
        (getattr(err, "context_mark", None) if flow else None)
        or getattr(err, "problem_mark", None)
        or getattr(err, "mark", None)
    )
    if mark is None:
        mark = getattr(err, "context_mark", None)
    if mark is None:
        return 1, 1
    return mark.line + 1, mark.column + 1


class Loaded:
    """The data of one YAML file, with its text kept for locating errors later."""

    __slots__ = ("path", "display", "text", "data")

    def __init__(self, path: Path, display: str, text: str, data: Any) -> None:
        self.path = path
        self.display = display
        self.text = text
        self.data = data


def read_yaml(
    path: Path, display: str, root: Path | None = None
) -> tuple[Loaded | None, list[Problem]]:
    """Read one YAML file safely. Returns the data or the problems, never raises.

    With `root` (the repository), the file must be a regular file inside it: see
    `safefs.read_bytes`."""
    try:
        raw = read_bytes(path, display, MAX_FILE_BYTES, root)
    except UnsafeFile as exc:
        return None, exc.problems
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                display,
                line,
                1,
                "",
                "het bestand is geen UTF-8-tekst",
                "yaml-codering",
                "sla het bestand op als UTF-8",
            )
        ]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [
            Problem(
                display,
                line,
                1,
                "",
                "het bestand bevat binaire gegevens",
                "yaml-codering",
                "sla het bestand op als gewone tekst (UTF-8)",
            )
        ]
    return parse_yaml(text, path, display)


def _mark(event: yaml.Event) -> yaml.Mark:
    return cast("yaml.Mark", event.start_mark)


def _structure(text: str) -> YamlRefused | None:
    """The structural limits, checked on the event stream before anything is built.

    libyaml's composer recurses in C and crashes on extreme nesting, and composing a
    60,000-key file costs half a second before the constructor could count its keys. So a
    file that could be deep or wide (a cheap count of the characters that open values) is
    first walked as an event stream, which does not recurse and stops at the first limit
    that is passed. A normal record is far below the counts and skips the walk."""
    openers = sum(text.count(c) for c in ("[", "{", "- ", "? "))
    if openers < MAX_DEPTH and text.count(":") + text.count(",") < 4 * MAX_KEYS:
        return None
    # per open collection: [is a mapping, children so far]
    stack: list[list[int]] = []
    nodes = 0
    for event in yaml.parse(text, Loader=_Parser):
        if isinstance(event, yaml.NodeEvent) and not isinstance(event, yaml.AliasEvent):
            nodes += 1
            if nodes > MAX_NODES:
                return YamlRefused(
                    f"het bestand bevat te veel waarden (meer dan {MAX_NODES})",
                    _mark(event),
                    SPLIT_HINT,
                )
            if stack:
                stack[-1][1] += 1
                if stack[-1][0] and stack[-1][1] > 2 * MAX_KEYS:
                    return YamlRefused(
                        f"hier staan te veel velden bij elkaar (meer dan {MAX_KEYS})",
                        _mark(event),
                        SPLIT_HINT,
                    )
            if isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_STRING:
                return YamlRefused(
                    f"deze tekst is te lang (meer dan {MAX_STRING} tekens)",
                    _mark(event),
                    SPLIT_HINT,
                )
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append([int(isinstance(event, yaml.MappingStartEvent)), 0])
            if len(stack) > MAX_DEPTH:
                return YamlRefused("het bestand is te diep genest", _mark(event), DEPTH_HINT)
        elif isinstance(event, yaml.CollectionEndEvent) and stack:
            stack.pop()
    return None


def parse_yaml(text: str, path: Path, display: str) -> tuple[Loaded | None, list[Problem]]:
    try:
        refused = _structure(text)
        if refused is not None:
            raise refused
        loader = _Loader(text)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        line, col = _mark_of(exc)
        if isinstance(exc, yaml.reader.ReaderError):  # has a position, not a mark
            before = text[: exc.position]
            line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
        message, hint = _dutch_yaml_problem(exc)
        lines = text.split("\n")
        if line <= len(lines) and lines[line - 1][col - 1 : col] == "\t":
            message = "tabs zijn niet toegestaan; gebruik spaties om in te springen"
        return None, [Problem(display, line, col, "", message, "yaml", hint)]
    except RecursionError:
        return None, [
            Problem(display, 1, 1, "", "het bestand is te diep genest", "yaml", DEPTH_HINT)
        ]
    except (ValueError, TypeError, OverflowError):  # a value the constructors cannot make
        return None, [Problem(display, 1, 1, "", "dit is geen geldige YAML", "yaml", SYNTAX_HINT)]
    return Loaded(path, display, text, data), []


# --- locating validation errors -------------------------------------------------------


def _node_for(root: yaml.Node | None, loc: Sequence[int | str]) -> tuple[yaml.Node | None, bool]:
    """Walk the node tree along a pydantic loc. Returns the deepest node and whether the
    key itself was found (False: the field is missing, point at its parent)."""
    node = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    node = value_node
                    break
            else:
                return node, False
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                node = node.value[part]
            else:
                return node, False
        else:
            # pydantic adds union/tag names to loc; skip what is not in the file
            continue
    return node, True


def _key_node(root: yaml.Node | None, loc: Sequence[int | str]) -> yaml.Node | None:
    """The key node of the last mapping step, for 'unknown field' errors."""
    if not loc:
        return None
    parent, found = _node_for(root, loc[:-1])
    if found and isinstance(parent, yaml.MappingNode):
        for key_node, _ in parent.value:
            if key_node.value == loc[-1]:
                return cast(yaml.Node, key_node)
    return None


def position(root: yaml.Node | None, loc: Sequence[int | str]) -> tuple[int, int]:
    """Line and column (from 1) of the key at `loc` in a composed file, or of the nearest
    part of it that exists; (1, 1) when nothing matches."""
    node = _key_node(root, loc) if loc else None
    if node is None:
        node = _node_for(root, loc)[0]
    if node is None:
        return 1, 1
    return node.start_mark.line + 1, node.start_mark.column + 1


def compose(text: str) -> yaml.Node | None:
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=_Parser)
        return node
    except yaml.YAMLError:
        return None


def _clean_loc(loc: Sequence[int | str], data: Any) -> list[int | str]:
    """Drop the parts pydantic adds for unions and tagged unions (not keys in the file)."""
    out: list[int | str] = []
    cur = data
    if loc and isinstance(data, dict) and loc[0] == data.get("kind") and loc[0] not in data:
        loc = loc[1:]  # the tag of a tagged union, not a key
    for part in loc:
        in_list = isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur)
        if isinstance(cur, dict) and part in cur or in_list:
            out.append(part)
            cur = cur[part]
        elif isinstance(cur, dict) and isinstance(part, str) and not _looks_like_tag(part):
            out.append(part)  # a missing or unknown key
            cur = None
        elif cur is None:
            continue
    return out


def _looks_like_tag(part: str) -> bool:
    return part.startswith(("function-", "tagged-union")) or "[" in part or part.endswith("]")


def field_path(loc: Sequence[int | str]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + part
    return text


# Dutch texts for pydantic's error types. Input values are echoed only for closed
# vocabularies: free text and dates may hold personal data.
_MESSAGES: dict[str, str] = {
    "missing": "dit verplichte veld ontbreekt",
    "extra_forbidden": "onbekend veld",
    "date_from_datetime_parsing": "geen geldige datum; schrijf die als JJJJ-MM-DD",
    "date_parsing": "geen geldige datum; schrijf die als JJJJ-MM-DD",
    "date_type": "geen geldige datum; schrijf die als JJJJ-MM-DD",
    "date_from_datetime_inexact": "een datum zonder tijd verwacht (JJJJ-MM-DD)",
    "datetime_parsing": "geen geldig tijdstip; schrijf het als JJJJ-MM-DDTUU:MM:SS",
    "datetime_from_date_parsing": "geen geldig tijdstip; schrijf het als JJJJ-MM-DDTUU:MM:SS",
    "datetime_type": "geen geldig tijdstip; schrijf het als JJJJ-MM-DDTUU:MM:SS",
    "string_type": "hier hoort een tekst",
    "string_too_short": "deze tekst is leeg of te kort",
    "string_too_long": "deze tekst is te lang",
    "string_pattern_mismatch": "deze waarde heeft niet de juiste vorm",
    "bool_type": "hier hoort ja of nee (true/false)",
    "bool_parsing": "hier hoort ja of nee (true/false)",
    "int_type": "hier hoort een geheel getal",
    "int_parsing": "hier hoort een geheel getal",
    "int_from_float": "hier hoort een geheel getal",
    "float_type": "hier hoort een getal",
    "float_parsing": "hier hoort een getal",
    "greater_than_equal": "dit getal is te klein",
    "less_than_equal": "dit getal is te groot",
    "greater_than": "dit getal is te klein",
    "less_than": "dit getal is te groot",
    "list_type": "hier hoort een lijst (regels die beginnen met '- ')",
    "too_short": "deze lijst is leeg of heeft te weinig onderdelen",
    "too_long": "deze lijst heeft te veel onderdelen",
    "dict_type": "hier horen velden (naam: waarde)",
    "model_type": "hier horen velden (naam: waarde)",
    "model_attributes_type": "hier horen velden (naam: waarde)",
    "union_tag_not_found": "het veld 'kind' ontbreekt",
    "union_tag_invalid": "onbekende soort record",
    "literal_error": "ongeldige waarde",
    "enum": "ongeldige waarde",
    "none_required": "dit veld moet leeg blijven",
    "value_error": "ongeldige waarde",
    "assertion_error": "ongeldige waarde",
    "date_future": "deze datum ligt in de toekomst",
    "date_past": "deze datum ligt in het verleden",
    "url_parsing": "geen geldig webadres",
    "url_scheme": "geen geldig webadres",
    "frozen_field": "dit veld kan niet worden gewijzigd",
}


# A value is echoed in a message only when it looks like a vocabulary code (lower case,
# no spaces): a name typed in the wrong field must not end up in an error message.
_VOCAB_WORD = re.compile(r"^[a-z0-9_-]{1,40}$")


def dutch_message(err: dict[str, Any]) -> tuple[str, str]:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):
        # our own validators write Dutch messages; pydantic prefixes them
        text = str(ctx.get("error", err.get("msg", "")))
        text = re.sub(r"^(Value error|Assertion failed), ?", "", text)
        return text or _MESSAGES[kind], ""
    message = _MESSAGES.get(kind, "ongeldige waarde")
    hint = ""
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", ""))
        value = err.get("input")
        if isinstance(value, str) and _VOCAB_WORD.match(value):
            message = f"ongeldige waarde '{value}'"
        hint = f"kies uit: {expected.replace(' or ', ', ')}" if expected else ""
    elif kind == "union_tag_invalid":
        value = err.get("input") if isinstance(err.get("input"), str) else None
        if value is None:
            value = ctx.get("tag")
        if not isinstance(value, str) or not _VOCAB_WORD.match(value):
            value = None  # echo a code word only: anything else may be personal data
        expected = str(ctx.get("expected_tags", ""))
        message = f"onbekende soort record '{value}'" if value else message
        hint = f"kies uit: {expected}" if expected else ""
    elif kind == "extra_forbidden":
        hint = "verwijder het veld of controleer de spelling; zie het schema in schemas/"
    elif kind == "missing":
        hint = "vul het veld in"
    elif kind in ("string_too_short", "too_short") and ctx.get("min_length"):
        message += f" (minstens {ctx['min_length']})"
    return message, hint


def validation_problems(
    exc: ValidationError, loaded: Loaded, model_name: str = ""
) -> list[Problem]:
    """Turn a pydantic error into located Dutch problems, one per error."""
    root = compose(loaded.text)
    problems: list[Problem] = []
    errors = exc.errors(include_url=False)
    for err in errors[:MAX_PROBLEMS]:
        loc = _clean_loc(err["loc"], loaded.data)
        message, hint = dutch_message(dict(err))
        node: yaml.Node | None
        if err["type"] == "extra_forbidden":
            node = _key_node(root, loc) or _node_for(root, loc)[0]
        else:
            node, found = _node_for(root, loc)
            if not found and node is not None and err["type"] == "missing":
                pass  # point at the mapping that lacks the field
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        if err["type"] == "extra_forbidden":
            loc = loc[:-1]  # an unknown key is shown by its place only: it may be a name
        problems.append(
            Problem(
                loaded.display,
                line,
                col,
                field_path(loc),
                message,
                f"schema{'-' + model_name if model_name else ''}",
                hint,
            )
        )
    if len(errors) > MAX_PROBLEMS:
        problems.append(
            Problem(
                loaded.display,
                1,
                1,
                "",
                f"en nog {len(errors) - MAX_PROBLEMS} andere fouten in dit bestand",
                "schema",
                "los eerst de fouten hierboven op",
            )
        )
    return problems


# --- writing --------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Readable output: dates bare (2026-09-10, our loader keeps them as text), no anchors."""

    yaml_implicit_resolvers = {
        key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
    }

    def ignore_aliases(self, data: Any) -> bool:
        return True  # the loader refuses anchors: never write one for a repeated value


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)
_Dumper.add_multi_representer(
    enum.Enum, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v.value))
)
_Dumper.add_representer(
    dt.date, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v.isoformat())
)
_Dumper.add_representer(
    dt.datetime,
    lambda d, v: d.represent_scalar(
        "tag:yaml.org,2002:str",
        v.isoformat(timespec="milliseconds" if v.microsecond else "seconds"),
    ),
)


def dump_model(model: BaseModel, schema_ref: str | None) -> str:
    """YAML text for a model: stable key order (the model's), no empty values."""
    data = model.model_dump(mode="python", exclude_none=True, exclude_defaults=False)
    data = _prune(data)
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=88,
        default_flow_style=False,
    )
    head = f"# yaml-language-server: $schema={schema_ref}\n" if schema_ref else ""
    return head + body


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in (None, [], {}, "")}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value
