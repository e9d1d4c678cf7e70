"""Templates to text: a sandboxed Jinja environment, Markdown to HTML.

Documents are written as Markdown with Jinja (`templates/<name>.md`); the HTML is made from
that Markdown and wrapped in `templates/_layout.html` (print stylesheet, letterhead). One
source for both formats keeps them from drifting apart. A school may put its own
`templates/<name>.md` (or `<name>.html`) in its repository; it replaces the built-in one.

Data reach a Markdown template already escaped for Markdown (`md_escape`), so a remark that
happens to start with "1." or contains "*" cannot change the layout; the HTML is built by a
Markdown parser with raw HTML switched off, and HTML templates are autoescaped. A missing
value is an error naming the template file and line, never an empty gap in a letter.
PDF, Word and ODT are made from the same Markdown by `zorgroute.documents.formats`.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from zorgroute.errors import NotFound, Problem, UsageError, ValidationFailed
from zorgroute.model.nl import WEEKDAYS, format_date
from zorgroute.model.vocab import Vocab
from zorgroute.store import safefs

if TYPE_CHECKING:
    from zorgroute.documents.formats import Meta
    from zorgroute.model.records import Config

BUILTIN = "zorgroute"
SCHOOL = "school"
_PREFIX = "zorgroute-template:"  # marks template frames in a traceback
MAX_TEMPLATE_BYTES = 1024 * 1024
MAX_LOGO_BYTES = 5 * 1024 * 1024
_BOUNDED = "zorgroute_bounded"  # the filter put around every loop of a template


# --- limits on rendering ------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """How much one template may do. Steps are counted, not timed, so the limit is the same
    on every machine: every loop turn, call, filter and output piece is a step. The time
    is a backstop for a single step that is slow."""

    steps: int = 1_000_000
    output_chars: int = 5_000_000
    seconds: float = 5.0


class TemplateLimit(Exception):  # noqa: N818 - a limit, raised inside template code
    """A template that does too much: raised from inside its own frames, so the message
    can point at the template line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Budget:
    """What one rendering has used; reset for every template rendered."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.steps = 0
        self.deadline = 0.0
        self.written = 0  # characters of output so far, kept by the renderer

    def start(self) -> None:
        import time

        self.steps = 0
        self.written = 0
        self.deadline = time.monotonic() + self.limits.seconds

    def tick(self) -> None:
        self.steps += 1
        if self.written > self.limits.output_chars:  # raised here: inside template code
            self.size(self.written)
        if self.steps > self.limits.steps:
            raise TemplateLimit(
                f"het sjabloon doet te veel werk (meer dan "
                f"{self.limits.steps:,} stappen; een lus die niet ophoudt?)".replace(",", ".")
            )
        if not self.steps % 1024:
            import time

            if time.monotonic() > self.deadline:
                raise TemplateLimit(
                    f"het sjabloon duurt te lang (meer dan {self.limits.seconds:g} seconden)"
                )

    def size(self, amount: int) -> None:
        """A value of `amount` characters or items is about to be made."""
        if amount > self.limits.output_chars:
            raise TemplateLimit(
                "het sjabloon maakt een te grote tekst of lijst (meer dan "
                f"{self.limits.output_chars // 1_000_000} miljoen tekens)"
            )

    def bounded(self, value: Any) -> Any:
        for item in value:
            self.tick()
            yield item

    def guard(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """A filter that counts as a step and refuses a huge width or count argument."""
        import functools

        @functools.wraps(func)  # keeps Jinja's pass_context marks
        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.tick()
            for arg in (*args, *kwargs.values()):
                if isinstance(arg, int) and not isinstance(arg, bool):
                    self.size(abs(arg))
            return func(*args, **kwargs)

        return guarded


_WIDTH = re.compile(r"%[-+ #0]*(\d+)")
_FORMAT_WIDTH = re.compile(r"\{[^{}]*:[^{}]*?(\d+)[^{}]*\}")


def _numbers(value: Any) -> list[int]:
    """The whole numbers in an argument (or a tuple or list of them)."""
    items = value if isinstance(value, tuple | list) else (value,)
    return [v for v in items if isinstance(v, int) and not isinstance(v, bool)]


# --- Dutch formatting -------------------------------------------------------------------


def dutch_date(day: dt.date | dt.datetime | None, weekday: bool = False) -> str:
    """'23 november 2026', without depending on the machine's locale."""
    if day is None:
        raise ValueError("geen datum")
    if isinstance(day, dt.datetime):
        day = day.date()
    text = format_date(day)
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def dutch_list(items: Iterable[Any], last: str = "en") -> str:
    """'a, b en c'."""
    values = [str(i) for i in items if i not in (None, "")]
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + f" {last} " + values[-1]


def first_upper(text: Any) -> str:
    """Capital first letter, the rest untouched ('zorgteam van de school' -> 'Zorgteam ...',
    'ZAT' stays 'ZAT'); Jinja's own capitalize lowercases the rest."""
    value = str(text)
    return value[:1].upper() + value[1:]


def label(value: Any) -> str:
    return str(value.label) if isinstance(value, Vocab) else str(value)


# --- Markdown escaping ------------------------------------------------------------------

_LINE_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[-+=](?=\s|$)|\d{1,9}(?=[.)]))")
_ENTITY = re.compile(r"&(?=#|[A-Za-z]+;)")
_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def md_escape(text: str) -> str:
    """Escape data for Markdown so it reads as plain text, in git and when rendered."""
    out = []
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").split("\n")]
    lines = [ln for ln in lines if ln] or [""]
    for line in lines:
        line = line.replace("\\", "\\\\")
        for ch in "*`|<[]":
            line = line.replace(ch, "\\" + ch)
        line = _ENTITY.sub("\\&", line)
        line = _UNDERSCORE.sub(r"\\_", line)
        m = _LINE_START.match(line)
        if m:
            token = m.group(1)
            line = (token + "\\" + line[len(token) :]) if token[0].isdigit() else "\\" + line
        out.append(line)
    # a line break inside a value is a Markdown hard break, never a new block
    return "\\\n".join(out)


def md_safe(value: Any) -> Any:
    """Escape every text in a view (dicts, lists) for a Markdown template."""
    if isinstance(value, Vocab):
        return value.label
    if isinstance(value, str):
        return md_escape(value)
    if isinstance(value, Mapping):
        return {k: md_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [md_safe(v) for v in value]
    return value


def oneline(text: Any) -> str:
    """A value on one line (for a table cell)."""
    return " / ".join(p.strip() for p in str(text).split("\\\n") if p.strip())


# --- Markdown to HTML -------------------------------------------------------------------

_FENCE = re.compile(r"^:::\s*([a-z][a-z0-9-]*)?\s*$")


def md_to_html(text: str) -> str:
    """CommonMark with tables, raw HTML off; `::: name` ... `:::` becomes a div."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt(
        "commonmark", {"html": False, "breaks": False, "typographer": False}
    ).enable("table")
    out: list[str] = []
    chunk: list[str] = []
    depth = 0

    def flush() -> None:
        if chunk:
            out.append(parser.render("\n".join(chunk)))
            chunk.clear()

    for line in text.split("\n"):
        m = _FENCE.match(line)
        if m and m.group(1):
            flush()
            out.append(f'<div class="{m.group(1)}">\n')
            depth += 1
        elif m and depth:
            flush()
            out.append("</div>\n")
            depth -= 1
        else:
            chunk.append(line)
    flush()
    out.extend("</div>\n" for _ in range(depth))
    return "".join(out)


def drop_fence(text: str, name: str) -> str:
    """The Markdown without the `::: name` ... `:::` lines around a part (their content
    stays): the address block is a layout hint for PDF and Word, noise in the .md file."""
    out: list[str] = []
    stack: list[bool] = []
    for line in text.split("\n"):
        m = _FENCE.match(line)
        if m and m.group(1):
            stack.append(m.group(1) == name)
            if stack[-1]:
                continue
        elif m and stack and stack.pop():
            continue
        out.append(line)
    return "\n".join(out)


# --- where templates come from ----------------------------------------------------------


def builtin_dir() -> Path:
    """Installed: zorgroute/_data/templates; in a source checkout: the top-level templates/."""
    installed = Path(str(resources.files("zorgroute") / "_data" / "templates"))
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent.parent / "templates"


@dataclass(frozen=True)
class TemplateInfo:
    name: str  # file name, e.g. zat-registration.md
    origin: str  # "zorgroute" or "school"
    path: Path
    display: str  # for messages: templates/x.md or <zorgroute>/templates/x.md
    replaces_builtin: bool = False
    root: Path | None = None  # the repository, for a school's template

    def read_bytes(self) -> bytes:
        """The template file, through the guard (inside the repository, regular file)."""
        return safefs.read_bytes(self.path, self.display, MAX_TEMPLATE_BYTES, self.root)

    def read_text(self) -> str:
        try:
            return self.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            raise safefs.UnsafeFile(
                self.display, "het sjabloon is geen UTF-8-tekst", "sla het op als UTF-8"
            ) from None

    @property
    def version(self) -> str:
        try:
            digest = hashlib.sha256(self.read_bytes()).hexdigest()[:10]
        except safefs.UnsafeFile:
            digest = "onleesbaar"
        if self.origin == BUILTIN:
            from zorgroute import __version__

            return f"zorgroute {__version__} ({digest})"
        return f"school ({digest})"


class Templates:
    """The template folders of one repository: the school's first, then the built-in ones."""

    def __init__(self, school_dir: Path | None) -> None:
        self.school_dir = school_dir
        self.builtin = builtin_dir()

    def find(self, name: str) -> TemplateInfo | None:
        if "/" in name or "\\" in name or name.startswith("."):
            return None
        # anything at the school's path counts, so a link out or a FIFO is refused by the
        # guard with its own message instead of silently falling back to the built-in one
        if self.school_dir is not None and os.path.lexists(self.school_dir / name):
            return TemplateInfo(
                name,
                SCHOOL,
                self.school_dir / name,
                f"templates/{name}",
                (self.builtin / name).is_file(),
                self.school_dir.parent,
            )
        if (self.builtin / name).is_file():
            return TemplateInfo(name, BUILTIN, self.builtin / name, f"<zorgroute>/templates/{name}")
        return None

    def all(self) -> list[TemplateInfo]:
        names: set[str] = set()
        for folder in (self.builtin, self.school_dir):
            if folder is not None and folder.is_dir():
                names |= {p.name for p in folder.iterdir() if p.suffix in (".md", ".html", ".css")}
        found = [self.find(n) for n in sorted(names)]
        return [t for t in found if t is not None]

    def by_display(self, display: str) -> TemplateInfo | None:
        for folder_display, folder in (
            ("templates/", self.school_dir),
            ("<zorgroute>/templates/", self.builtin),
        ):
            if folder is not None and display.startswith(folder_display):
                name = display[len(folder_display) :]
                if os.path.lexists(folder / name):
                    return self.find(name)
        return None


# --- the sandboxed environment ----------------------------------------------------------


def _finalize(value: Any) -> Any:
    if value is None:
        from jinja2.exceptions import UndefinedError

        raise UndefinedError("een waarde is leeg (None); gebruik {% if ... %} eromheen")
    return value


def make_environment(templates: Templates, limits: Limits | None = None) -> Any:
    """A sandboxed Jinja environment: strict undefined, HTML autoescape for .html files,
    and a budget (`Limits`) for every template rendered with it."""
    limits = limits or Limits()
    from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound, select_autoescape
    from jinja2.sandbox import SandboxedEnvironment

    class Loader(BaseLoader):
        def get_source(
            self, environment: Any, template: str
        ) -> tuple[str, str, Callable[[], bool]]:
            info = templates.find(template)
            if info is None:
                raise TemplateNotFound(template)
            source = info.read_text()
            return source, _PREFIX + info.display, lambda: True  # one command, one read

    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator

    budget = Budget(limits)

    class BoundedCode(CodeGenerator):
        """Every loop goes through the budget: `for x in xs` runs `for x in xs|bounded`."""

        def visit_Template(self, node: Any, frame: Any = None) -> None:
            for loop in node.find_all(nodes.For):
                loop.iter = nodes.Filter(
                    loop.iter, _BOUNDED, [], [], None, None, lineno=loop.lineno
                )
            super().visit_Template(node, frame)

    class Bounded(SandboxedEnvironment):
        code_generator_class = BoundedCode
        zorgroute_budget: Budget
        intercepted_binops = frozenset({"*", "**", "%"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            budget.tick()
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    if isinstance(seq, str | list | tuple) and isinstance(times, int):
                        budget.size(len(seq) * times)
            elif (
                operator == "**"
                and isinstance(left, int)
                and isinstance(right, int)
                and abs(left) > 1
            ):
                budget.size(abs(right) * max(1, abs(left).bit_length()) // 3)
            elif operator == "%" and isinstance(left, str):
                budget.size(len(left))
                for width in _WIDTH.findall(left):
                    budget.size(len(width) > 9 and 10**9 or int(width))
                for number in _numbers(right):  # '%*s' % (width, text)
                    budget.size(abs(number))
            return super().call_binop(context, operator, left, right)

        def wrap_str_format(self, value: Any) -> Any:
            """A width in a format string is checked before formatting:
            '{:>400000000}'.format(x) would make the text first."""
            text = getattr(value, "__self__", None)
            if isinstance(text, str) and getattr(value, "__name__", "") in (
                "format",
                "format_map",
            ):
                for width in _FORMAT_WIDTH.findall(text):
                    budget.size(len(width) > 9 and 10**9 or int(width))
            return super().wrap_str_format(value)

        def call(
            __self,
            __context: Any,
            __obj: Any,
            *args: Any,  # noqa: N805
            **kwargs: Any,
        ) -> Any:
            budget.tick()
            for arg in (*args, *kwargs.values()):
                for number in _numbers(arg):
                    budget.size(abs(number))
            return super().call(__context, __obj, *args, **kwargs)

    env = Bounded(
        loader=Loader(),
        undefined=StrictUndefined,
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml"), default_for_string=False, default=False
        ),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters.update(
        datum=dutch_date,
        lijst=dutch_list,
        label=label,
        oneline=oneline,
        capitalize=first_upper,
        dag=lambda d: dutch_date(d, weekday=True),
    )
    env.filters = {name: budget.guard(f) for name, f in env.filters.items()}
    env.filters[_BOUNDED] = budget.bounded
    env.zorgroute_budget = budget
    return env


def _template_frame(tb: TracebackType | None) -> tuple[str, int] | None:
    """The innermost template frame of a traceback: (display name, line)."""
    found = None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.startswith(_PREFIX):
            found = (name[len(_PREFIX) :], tb.tb_lineno)
        tb = tb.tb_next
    return found


def _dutch_template_message(exc: Exception) -> str:
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    text = str(getattr(exc, "message", None) or exc)
    if isinstance(exc, TemplateNotFound):
        return f"sjabloon '{exc.name}' bestaat niet"
    if isinstance(exc, UndefinedError):
        m = re.match(r"'(.+)' is undefined", text)
        if m:
            return f"onbekende waarde '{m.group(1)}'"
        m = re.match(r"'(.+?)' (?:object )?has no attribute '(.+)'", text)
        if m:
            return f"'{m.group(2)}' bestaat niet (in {m.group(1)})"
        return f"waarde ontbreekt: {text}"
    if isinstance(exc, SecurityError):
        return f"niet toegestaan in een sjabloon: {text}"
    if isinstance(exc, TemplateSyntaxError):
        return f"fout in de opbouw van het sjabloon: {text}"
    # Python's own text may repeat a value from the dossier: name the kind of fault only
    faults = (
        (ArithmeticError, "een berekening kan niet (bijvoorbeeld delen door nul)"),
        (KeyError, "een sleutel bestaat niet in deze waarde"),
        (IndexError, "die plaats bestaat niet in de lijst"),
        (TypeError, "deze bewerking past niet bij het soort waarde"),
        (ValueError, "een ongeldige waarde voor deze bewerking"),
        (AttributeError, "deze waarde heeft dat onderdeel niet"),
    )
    for kind, message in faults:
        if isinstance(exc, kind):
            return f"fout in het sjabloon: {message}"
    return "fout in het sjabloon"


def render_template(env: Any, name: str, context: Mapping[str, Any]) -> str:
    """Render one template; every template problem becomes a located ValidationFailed."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    budget: Budget | None = getattr(env, "zorgroute_budget", None)
    try:
        template = env.get_template(name)
        if budget is None:
            return str(template.render(**context))
        budget.start()
        out: list[str] = []
        total = 0
        for chunk in template.generate(**context):
            total += len(chunk)
            budget.written = total  # the template's next step stops when this is too much
            out.append(chunk)
            if total > 2 * budget.limits.output_chars:  # text alone, no steps between
                display = str(template.filename or name).removeprefix(_PREFIX)
                raise _template_error(
                    display, 1, TemplateLimit("het sjabloon maakt een te grote tekst"), LIMIT_HINT
                )
        return "".join(out)
    except TemplateLimit as exc:
        frame = _template_frame(exc.__traceback__)
        display, line = frame if frame else (name, 0)
        raise _template_error(display, line, exc, LIMIT_HINT) from None
    except RecursionError as exc:
        frame = _template_frame(exc.__traceback__)
        display, line = frame if frame else (name, 0)
        raise _template_error(
            display, line, TemplateLimit("het sjabloon roept zichzelf te vaak aan"), LIMIT_HINT
        ) from None
    except safefs.UnsafeFile as exc:
        raise ValidationFailed(
            "het document kan niet worden gemaakt: een sjabloon kan niet worden gelezen",
            exc.problems,
        ) from None
    except TemplateNotFound as exc:
        raise NotFound(
            f"sjabloon '{exc.name}' bestaat niet", hint="'zorgroute templates' toont de sjablonen"
        ) from None
    except TemplateSyntaxError as exc:
        display = (exc.filename or name).removeprefix(_PREFIX)
        raise _template_error(display, exc.lineno or 0, exc) from None
    except (
        TemplateError,
        TypeError,
        ValueError,
        AttributeError,
        KeyError,
        IndexError,
        ArithmeticError,
    ) as exc:
        frame = _template_frame(exc.__traceback__)
        display, line = frame if frame else (name, 0)
        raise _template_error(display, line, exc) from None


LIMIT_HINT = (
    "vereenvoudig de lussen en berekeningen in het sjabloon, of verwijder het "
    "eigen sjabloon in templates/ om het ingebouwde te gebruiken"
)


def _template_error(display: str, line: int, exc: Exception, hint: str = "") -> ValidationFailed:
    message = exc.message if isinstance(exc, TemplateLimit) else _dutch_template_message(exc)
    problem = Problem(
        display,
        line,
        1,
        "",
        message,
        "sjabloon",
        hint
        or "pas het sjabloon aan, of verwijder het eigen sjabloon in "
        "templates/ om het ingebouwde te gebruiken",
    )
    return ValidationFailed(
        "het document kan niet worden gemaakt: het sjabloon klopt niet", [problem]
    )


# --- HTML, PDF, Word, ODT ---------------------------------------------------------------

IMAGE_KINDS = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
}


def config_line(repo_root: Path, setting: str) -> int:
    """The line of `key:` of a setting ("letterhead.logo") in zorgroute.yaml, or 0."""
    key = setting.rsplit(".", 1)[-1]
    try:
        text = (repo_root / "zorgroute.yaml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 0
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return 0


def repo_file(
    repo_root: Path,
    value: str | None,
    setting: str,
    suffixes: tuple[str, ...],
    what: str,
    kind: str,
    example: str,
) -> Path | None:
    """A file named in zorgroute.yaml that must lie inside the repository, or None."""
    if not value:
        return None
    path = (repo_root / value).resolve()
    if (
        repo_root.resolve() not in path.parents
        or not path.is_file()
        or path.suffix.lower() not in suffixes
    ):
        raise ValidationFailed(
            f"{what} in zorgroute.yaml kan niet worden gebruikt",
            [
                Problem(
                    "zorgroute.yaml",
                    config_line(repo_root, setting),
                    1 if config_line(repo_root, setting) else 0,
                    setting,
                    f"het bestand bestaat niet, ligt buiten de repository of is geen {kind}",
                    "briefhoofd",
                    f"zet het bestand in de repository en geef het pad op, bijvoorbeeld {example}",
                )
            ],
        )
    return path


IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


def _logo_refused(repo_root: Path, message: str, hint: str) -> ValidationFailed:
    return ValidationFailed(
        "het logo in zorgroute.yaml kan niet worden gebruikt",
        [
            Problem(
                "zorgroute.yaml",
                config_line(repo_root, "letterhead.logo"),
                1,
                "letterhead.logo",
                message,
                "briefhoofd",
                hint,
            )
        ],
    )


def read_logo(repo_root: Path, logo: str | None) -> tuple[str, bytes] | None:
    """The logo's file kind and bytes, read once through the guard and checked: inside the
    repository, and really a PNG, JPEG or GIF image."""
    path = repo_file(
        repo_root,
        logo,
        "letterhead.logo",
        tuple(IMAGE_KINDS),
        "het logo",
        "PNG-, JPEG- of GIF-afbeelding",
        "logo.png",
    )
    if path is None:
        return None
    try:  # through the guard: the resolved path is checked again, without following links
        raw = safefs.read_bytes(path, "zorgroute.yaml", MAX_LOGO_BYTES, repo_root)
    except safefs.UnsafeFile as exc:
        raise _logo_refused(
            repo_root,
            f"het logo: {exc.problems[0].message}",
            f"{exc.hint}; een logo is een PNG-, JPEG- of GIF-bestand van hooguit "
            f"{MAX_LOGO_BYTES // 1024 // 1024} MB",
        ) from None
    if not raw.startswith(IMAGE_MAGIC):
        raise _logo_refused(
            repo_root,
            "het bestand heet een afbeelding, maar is geen PNG-, JPEG- of GIF-afbeelding",
            "sla het logo opnieuw op als PNG of JPEG en zet het op dezelfde plek",
        )
    return path.suffix.lower(), raw


def logo_data_uri(repo_root: Path, logo: str | None) -> str | None:
    """The letterhead logo as a data URI, so the HTML file stands on its own."""
    found = read_logo(repo_root, logo)
    if found is None:
        return None
    suffix, raw = found
    data = base64.b64encode(raw).decode("ascii")
    return f"data:{IMAGE_KINDS[suffix]};base64,{data}"


def pdf_available() -> bool:
    from importlib.util import find_spec

    return find_spec("typst") is not None


PDF_MISSING = UsageError(
    "PDF maken kan hier niet: het onderdeel voor PDF (typst) is niet geïnstalleerd",
    hint="installeer zorgroute opnieuw met: pip install zorgroute; Markdown, HTML, Word en "
    "ODT werken wel (--format md, html, docx, odt)",
)


def _has_member(path: Path, member: str) -> bool:
    """Is `path` a zip package (docx, odt) with `member` in it?"""
    import zipfile

    try:
        with zipfile.ZipFile(path) as package:
            return member in package.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def document_meta(root: Path, config: Config, title: str, day: dt.date) -> Meta:
    """The frame of a PDF, Word or ODT file: letterhead, footer, the school's reference
    documents (checked: inside the repository, the right kind of file)."""
    from zorgroute.documents import formats

    head = config.letterhead
    found_logo = read_logo(root, head.logo)
    logo = formats.Logo(found_logo[1], found_logo[0]) if found_logo else None
    docx = repo_file(
        root,
        head.reference_docx,
        "letterhead.reference_docx",
        (".docx",),
        "het Word-sjabloon",
        "Word-document (.docx)",
        "sjablonen/briefpapier.docx",
    )
    odt = repo_file(
        root,
        head.reference_odt,
        "letterhead.reference_odt",
        (".odt",),
        "het ODT-sjabloon",
        "OpenDocument-tekstbestand (.odt)",
        "sjablonen/briefpapier.odt",
    )
    for path, setting, member, what in (
        (docx, "letterhead.reference_docx", "word/document.xml", "Word-document (.docx)"),
        (odt, "letterhead.reference_odt", "content.xml", "OpenDocument-tekstbestand (.odt)"),
    ):
        if path is not None and not _has_member(path, member):
            line = config_line(root, setting)
            raise ValidationFailed(
                "het sjabloon van de school in zorgroute.yaml kan niet worden gebruikt",
                [
                    Problem(
                        "zorgroute.yaml",
                        line,
                        1 if line else 0,
                        setting,
                        f"het bestand is geen geldig {what}",
                        "briefhoofd",
                        "sla het sjabloon opnieuw op vanuit de tekstverwerker, of laat de "
                        "instelling weg",
                    )
                ],
            )
    return formats.Meta(
        title=title,
        school=config.school.name,
        day=dutch_date(day),
        lines=tuple(head.lines),
        footer=head.footer,
        logo=logo,
        reference_docx=docx,
        reference_odt=odt,
    )


def binary_formats(markdown: str, meta: Meta, wanted: Iterable[str]) -> dict[str, bytes]:
    """PDF, Word and ODT of one document body (the Markdown without the letterhead)."""
    from zorgroute.documents import formats

    wanted = tuple(wanted)
    out: dict[str, bytes] = {}
    if "pdf" in wanted:
        out["pdf"] = formats.to_pdf(markdown, meta)
    if "docx" in wanted:
        out["docx"] = formats.to_docx(markdown, meta)
    if "odt" in wanted:
        out["odt"] = formats.to_odt(markdown, meta)
    return out
