"""The Dutch frame around every command: help text, choices, dates, yes/no, usage errors.

typer vendors click, whose frame is English (`Usage:`, `Options:`, `[default: …]`,
`Error: invalid input`, `Aborted!`, `[y/N]`). zorgroute forces click's plain help path on
every command (rich help is switched off where each Typer is made) and translates that
text here; prompts and confirmations never use click's own loops, so nothing English
reaches a user.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import typer

from zorgroute import clock
from zorgroute.model.nl import DATE_HINT, DateError, parse_date
from zorgroute.model.vocab import Vocab

_PHRASES = (
    ("Usage: ", "Gebruik: "),
    ("Show this message and exit.", "Toon deze hulp."),
    ("[OPTIONS]", "[OPTIES]"),
    ("COMMAND [ARGS]...", "OPDRACHT [ARGUMENTEN]..."),
    ("[ARGS]...", "[ARGUMENTEN]..."),
    ("default: ", "standaard: "),
    ("[default:", "[standaard:"),
    ("env var: ", "omgevingsvariabele: "),
    ("[required]", "[verplicht]"),
    ("; required]", "; verplicht]"),
)
_HEADINGS = {"Options:": "Opties:", "Commands:": "Opdrachten:", "Arguments:": "Argumenten:"}
_METAVARS = {
    "TEXT": "TEKST",
    "INTEGER": "GETAL",
    "PATH": "PAD",
    "DIRECTORY": "MAP",
    "FILE": "BESTAND",
    "FILENAME": "BESTAND",
    "BOOLEAN": "JA/NEE",
    "FLOAT": "GETAL",
    "DATE": "DATUM",
}
_METAVAR_RE = re.compile(r"\b(" + "|".join(_METAVARS) + r")\b")
_TYPES = {
    "str": "TEKST",
    "int": "GETAL",
    "float": "GETAL",
    "path": "PAD",
    "bool": "JA/NEE",
    "Path": "PAD",
}
_NAMED_TYPE_RE = re.compile(r"\b([A-Z][A-Z/=-]+) <[\w\[\]]+>")
_TYPE_RE = re.compile(r"<(?:list\[)?(\w+)\]?>")
_BRACED_RE = re.compile(r"\{([A-Z][A-Z/-]+)\}")


def _aligned(pattern: re.Pattern[str], line: str, replace: Callable[[re.Match[str]], str]) -> str:
    """Replace a metavar; keep the help column aligned when the line has one."""

    def one(m: re.Match[str]) -> str:
        new = replace(m)
        if line[m.end() : m.end() + 2] == "  ":
            new = new.ljust(len(m.group(0)))
        return new

    return pattern.sub(one, line)


def translate_help(text: str) -> str:
    """click's plain help text with the frame in Dutch; the command's own texts untouched
    (they are Dutch already)."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped in _HEADINGS:
            line = line.replace(stripped, _HEADINGS[stripped])
        for english, dutch in _PHRASES:
            line = line.replace(english, dutch)
        if line.lstrip().startswith(("-", "Gebruik:")) or line.startswith("  "):
            line = _aligned(_METAVAR_RE, line, lambda m: _METAVARS[m.group(1)])
            line = _aligned(_NAMED_TYPE_RE, line, lambda m: m.group(1))
            line = _aligned(_TYPE_RE, line, lambda m: _TYPES.get(m.group(1), "WAARDE"))
            line = _aligned(_BRACED_RE, line, lambda m: m.group(1))
        line = line.replace("[default: True]", "[standaard: ja]")
        lines.append(line)
    return "\n".join(lines) + ("\n" if text.endswith("\n") else "")


def first_sentence(text: str | None) -> str:
    """A command's line in a list of commands: its first sentence, never cut off."""
    words = " ".join((text or "").split())
    end = words.find(". ")
    return words[: end + 1] if end >= 0 else words


class DutchCommand(typer.core.TyperCommand):
    """A command whose help frame is Dutch."""

    def get_help(self, ctx: Any) -> str:
        return translate_help(super().get_help(ctx))

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.short_help or first_sentence(self.help)


class DutchGroup(typer.core.TyperGroup):
    """A group of commands whose help frame is Dutch (used for sub-groups such as
    `action` and `partner`; the top level adds the one error handler)."""

    def get_help(self, ctx: Any) -> str:
        return translate_help(super().get_help(ctx))

    def get_short_help_str(self, limit: int = 45) -> str:
        return self.short_help or first_sentence(self.help)


class DutchTyper(typer.Typer):
    """A Typer whose commands get the Dutch frame and click's plain help path."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", DutchGroup)
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("pretty_exceptions_enable", False)
        kwargs.setdefault("context_settings", {"help_option_names": ["-h", "--help"]})
        super().__init__(**kwargs)

    def command(self, name: str | None = None, **kwargs: Any) -> Callable[[Fn], Fn]:
        kwargs.setdefault("cls", DutchCommand)
        return super().command(name, **kwargs)


# --- typed values: Dutch choices and dates ---------------------------------------------

V = TypeVar("V", bound=Vocab)
Fn = TypeVar("Fn", bound=Callable[..., Any])


def choices_text(enum: type[Vocab]) -> str:
    return ", ".join(m.short for m in enum)


def choice(enum: type[V]) -> Callable[[Any], V]:
    """A parser for an option: the English key, the Dutch label or a Dutch word."""

    def parse(text: Any) -> V:
        if isinstance(text, enum):
            return text
        found = enum.lookup(str(text))
        if found is None:
            raise typer.BadParameter(
                f"'{str(text)[:30]}' is geen keuze; kies uit: {choices_text(enum)}"
            )
        return found  # type: ignore[return-value]

    return parse


def date_value(text: Any) -> str:
    """A parser for a date option: Dutch or ISO in, ISO out (as the records keep it)."""
    if isinstance(text, dt.date):
        return text.isoformat()
    try:
        return parse_date(str(text), clock.today()).isoformat()
    except DateError as exc:
        raise typer.BadParameter(str(exc)) from None


def vocab_option(enum: type[Vocab], help: str, metavar: str, *decls: str) -> Any:
    """A typer option that takes a choice in Dutch; its help lists the Dutch words."""
    return typer.Option(
        *decls, parser=choice(enum), metavar=metavar, help=f"{help} Kies uit: {choices_text(enum)}."
    )


def date_option(help: str, *decls: str) -> Any:
    return typer.Option(
        *decls,
        parser=date_value,
        metavar="DATUM",
        help=f"{help} Bijvoorbeeld 14-5-2026, 14 mei 2026 of vandaag.",
    )


# --- asking in a terminal ----------------------------------------------------------------

YES = frozenset({"j", "ja", "y", "yes", "jawel", "ok"})
NO = frozenset({"n", "nee", "no", "neen"})


def _read(question: str, default: str | None) -> str:
    """One line from the user; click's prompt with a plain string never reports an error
    itself. Ctrl-C and end of input become an abort, which the one handler reports."""
    try:
        if default is None:
            value = typer.prompt(question, default="", show_default=False)
        else:
            value = typer.prompt(question, default=default, show_default=bool(default))
    except (EOFError, KeyboardInterrupt):
        raise typer.Abort() from None
    return str(value).strip()


def confirm(question: str, default: bool = False) -> bool:
    """A yes/no question: `j`, `ja`, `n` and `nee` (and y/n)."""
    suffix = "[J/n]" if default else "[j/N]"
    while True:
        answer = _read(f"{question} {suffix}", "").lower()
        if not answer:
            return default
        if answer in YES:
            return True
        if answer in NO:
            return False
        typer.echo("  antwoord met j (ja) of n (nee)")


def ask_text(question: str, default: str | None = None, required: bool = True) -> str:
    while True:
        answer = _read(question, default)
        if answer or not required:
            return answer
        typer.echo("  dit is nodig; typ een antwoord")


def ask_date(question: str, default: str | None = None, required: bool = True) -> str:
    while True:
        answer = _read(question + " (bijvoorbeeld 14-5-2026 of vandaag)", default)
        if not answer and not required:
            return ""
        try:
            return parse_date(answer, clock.today()).isoformat()
        except DateError as exc:
            typer.echo(f"  {exc}" if answer else f"  dit is nodig; {DATE_HINT}")


def ask_choice(
    question: str,
    enum: type[V],
    *,
    many: bool = False,
    default: V | None = None,
    allowed: Sequence[V] | None = None,
) -> list[V]:
    """Pick from a numbered list, by number or by typing the Dutch word."""
    members = list(allowed) if allowed is not None else list(enum)
    typer.echo(question + (" (één of meer, met komma's ertussen)" if many else "") + ":")
    for n, member in enumerate(members, start=1):
        typer.echo(f"  {n}. {member.label}")
    while True:
        answer = _read("Keuze", str(members.index(default) + 1) if default in members else None)
        picked: list[V] = []
        wrong: list[str] = []
        for part in [p.strip() for p in answer.split(",") if p.strip()] if many else [answer]:
            if part.isdigit() and 1 <= int(part) <= len(members):
                picked.append(members[int(part) - 1])
                continue
            found = enum.lookup(part)
            if found is not None and found in members:
                picked.append(found)
            else:
                wrong.append(part[:30])
        if picked and not wrong:
            return list(dict.fromkeys(picked))
        typer.echo(
            f"  kies een nummer van 1 tot {len(members)}"
            + (f"; '{wrong[0]}' staat niet in de lijst" if wrong and wrong[0] else "")
        )


# --- usage errors from the option parser -------------------------------------------------


def _suggest(word: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=3)
    return f"; bedoelt u: {', '.join(close)}?" if close else ""


def usage_in_dutch(exc: Exception, commands: Sequence[str] = ()) -> str | None:
    """A Dutch text for a usage error of the option parser, or None."""
    name = type(exc).__name__
    message = str(getattr(exc, "message", "") or exc)
    param = getattr(exc, "param", None)
    is_argument = getattr(param, "param_type_name", "") == "argument"
    pname = str(getattr(param, "name", "") or "")
    metavar = str(getattr(param, "metavar", "") or "")
    option = getattr(exc, "option_name", None) or (
        (ARGUMENTS.get(pname) or metavar or pname.upper())
        if is_argument
        else "/".join(getattr(param, "opts", []) or []) or pname
    )
    if name == "NoSuchOption":
        possibilities = list(getattr(exc, "possibilities", None) or [])
        return f"onbekende optie {option}" + (
            f"; bedoelt u: {', '.join(possibilities[:3])}?" if possibilities else ""
        )
    if name == "MissingParameter":
        return f"{option or 'een verplicht argument'} ontbreekt"
    if name == "BadParameter":
        detail = message if _is_dutch(message) else ""
        return f"ongeldige waarde voor {option}" + (f": {detail}" if detail else "")
    if name == "BadOptionUsage" and "requires an argument" in message:
        return f"bij {option} hoort een waarde"
    found = re.match(r"No such command '([^']*)'", message)
    if found:
        word = found.group(1)[:30]
        return f"onbekende opdracht '{word}'{_suggest(word, commands)}"
    if "extra argument" in message:
        return "te veel argumenten"
    if name in ("BadOptionUsage", "BadArgumentUsage", "UsageError", "NoArgsIsHelpError"):
        return None if name == "NoArgsIsHelpError" else "de opdracht klopt niet"
    return None


ARGUMENTS = {
    "case": "het dossier (DOSSIER)",
    "ref": "de afspraak (AFSPRAAK)",
    "record": "het record-id (RECORD)",
    "forum": "het overleg (OVERLEG)",
}
_ENGLISH = re.compile(r"\b(is not|invalid|not a valid|Invalid|does not|must be)\b")


def _is_dutch(message: str) -> bool:
    return not _ENGLISH.search(message)
