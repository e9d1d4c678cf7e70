"""Templates to text: a sandboxed Jinja environment, Markdown to HTML, HTML to PDF.

Documents are written as Markdown with Jinja (`templates/<name>.md`); the HTML is made from
that Markdown and wrapped in `templates/_layout.html` (print stylesheet, letterhead). One
source for both formats keeps them from drifting apart. A school may put its own
`templates/<name>.md` (or `<name>.html`) in its repository; it replaces the built-in one.

Data reach a Markdown template already escaped for Markdown (`md_escape`), so a remark that
happens to start with "1." or contains "*" cannot change the layout; the HTML is built by a
Markdown parser with raw HTML switched off, and HTML templates are autoescaped. A missing
value is an error naming the template file and line, never an empty gap in a letter.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

from zorgroute.errors import NotFound, Problem, UsageError, ValidationFailed
from zorgroute.model.vocab import Vocab

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
BUILTIN = "zorgroute"
SCHOOL = "school"
_PREFIX = "zorgroute-template:"  # marks template frames in a traceback


# --- Dutch formatting -------------------------------------------------------------------


def dutch_date(day: dt.date | dt.datetime | None, weekday: bool = False) -> str:
    """'23 november 2026', without depending on the machine's locale."""
    if day is None:
        raise ValueError("geen datum")
    if isinstance(day, dt.datetime):
        day = day.date()
    text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
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
            line = (token + "\\" + line[len(token):]) if token[0].isdigit() else "\\" + line
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

    parser = MarkdownIt("commonmark", {"html": False, "breaks": False,
                                       "typographer": False}).enable("table")
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

    @property
    def version(self) -> str:
        digest = hashlib.sha256(self.path.read_bytes()).hexdigest()[:10]
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
        if self.school_dir is not None and (self.school_dir / name).is_file():
            return TemplateInfo(name, SCHOOL, self.school_dir / name, f"templates/{name}",
                                (self.builtin / name).is_file())
        if (self.builtin / name).is_file():
            return TemplateInfo(name, BUILTIN, self.builtin / name,
                                f"<zorgroute>/templates/{name}")
        return None

    def all(self) -> list[TemplateInfo]:
        names: set[str] = set()
        for folder in (self.builtin, self.school_dir):
            if folder is not None and folder.is_dir():
                names |= {p.name for p in folder.iterdir()
                          if p.is_file() and p.suffix in (".md", ".html", ".css")}
        found = [self.find(n) for n in sorted(names)]
        return [t for t in found if t is not None]

    def by_display(self, display: str) -> TemplateInfo | None:
        for folder_display, folder in (("templates/", self.school_dir),
                                       ("<zorgroute>/templates/", self.builtin)):
            if folder is not None and display.startswith(folder_display):
                name = display[len(folder_display):]
                if (folder / name).is_file():
                    return self.find(name)
        return None


# --- the sandboxed environment ----------------------------------------------------------


def _finalize(value: Any) -> Any:
    if value is None:
        from jinja2.exceptions import UndefinedError

        raise UndefinedError("een waarde is leeg (None); gebruik {% if ... %} eromheen")
    return value


def make_environment(templates: Templates) -> Any:
    """A sandboxed Jinja environment: strict undefined, HTML autoescape for .html files."""
    from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound, select_autoescape
    from jinja2.sandbox import SandboxedEnvironment

    class Loader(BaseLoader):
        def get_source(self, environment: Any, template: str
                       ) -> tuple[str, str, Callable[[], bool]]:
            info = templates.find(template)
            if info is None:
                raise TemplateNotFound(template)
            try:
                source = info.path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                raise TemplateNotFound(template) from None
            mtime = info.path.stat().st_mtime
            return source, _PREFIX + info.display, lambda: info.path.stat().st_mtime == mtime

    env = SandboxedEnvironment(
        loader=Loader(),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "xml"),
                                     default_for_string=False, default=False),
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
    return env


def _template_frame(tb: TracebackType | None) -> tuple[str, int] | None:
    """The innermost template frame of a traceback: (display name, line)."""
    found = None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.startswith(_PREFIX):
            found = (name[len(_PREFIX):], tb.tb_lineno)
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
    return f"fout in het sjabloon: {text}"


def render_template(env: Any, name: str, context: Mapping[str, Any]) -> str:
    """Render one template; every template problem becomes a located ValidationFailed."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    try:
        return str(env.get_template(name).render(**context))
    except TemplateNotFound as exc:
        raise NotFound(f"sjabloon '{exc.name}' bestaat niet",
                       hint="'zorgroute templates' toont de sjablonen") from None
    except TemplateSyntaxError as exc:
        display = (exc.filename or name).removeprefix(_PREFIX)
        raise _template_error(display, exc.lineno or 0, exc) from None
    except (TemplateError, TypeError, ValueError, AttributeError, KeyError,
            IndexError) as exc:
        frame = _template_frame(exc.__traceback__)
        display, line = frame if frame else (name, 0)
        raise _template_error(display, line, exc) from None


def _template_error(display: str, line: int, exc: Exception) -> ValidationFailed:
    problem = Problem(display, line, 1, "", _dutch_template_message(exc), "sjabloon",
                      "pas het sjabloon aan, of verwijder het eigen sjabloon in templates/ om "
                      "het ingebouwde te gebruiken")
    return ValidationFailed("het document kan niet worden gemaakt: het sjabloon klopt niet",
                            [problem])


# --- HTML and PDF ---------------------------------------------------------------------------


def logo_data_uri(repo_root: Path, logo: str | None) -> str | None:
    """The letterhead logo as a data URI, so the HTML file stands on its own."""
    if not logo:
        return None
    path = (repo_root / logo).resolve()
    kinds = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
             ".gif": "image/gif"}
    if repo_root.resolve() not in path.parents or not path.is_file() \
            or path.suffix.lower() not in kinds:
        raise ValidationFailed(
            "het logo in zorgroute.yaml kan niet worden gebruikt",
            [Problem("zorgroute.yaml", 0, 0, "letterhead.logo",
                     "het bestand bestaat niet, ligt buiten de repository of is geen "
                     "PNG-, JPEG- of GIF-afbeelding", "briefhoofd",
                     "zet het logo in de repository en geef het pad op, bijvoorbeeld "
                     "logo.png")])
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:{kinds[path.suffix.lower()]};base64,{data}"


def pdf_available() -> bool:
    from importlib.util import find_spec

    return find_spec("xhtml2pdf") is not None


PDF_MISSING = UsageError(
    "PDF maken kan hier niet: het onderdeel voor PDF (xhtml2pdf) is niet geïnstalleerd",
    hint="installeer het met: pip install \"zorgroute[pdf]\"; Markdown en HTML werken wel "
    "(--format md --format html)",
)


def html_to_pdf(html: str) -> bytes:
    """HTML to PDF with xhtml2pdf (pure Python, the optional extra `pdf`)."""
    import io
    import logging

    try:
        from xhtml2pdf import pisa  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise PDF_MISSING from None
    logging.getLogger("xhtml2pdf").setLevel(logging.ERROR)
    out = io.BytesIO()
    status = pisa.CreatePDF(html, dest=out, encoding="utf-8")
    if getattr(status, "err", 0):
        raise ValidationFailed("de PDF kon niet worden gemaakt uit de HTML",
                               hint="controleer een eigen sjabloon _layout.html; maak "
                               "anders alleen Markdown en HTML")
    return out.getvalue()
