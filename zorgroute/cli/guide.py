"""Guided acts: in a terminal, ask what an act needs and keep every answer.

The questions come from the record model (its required fields, their Dutch titles and
types) and from the route: when the route's rules block the act, the draft fields those
rules read are asked (again), and nothing typed before is lost. Without a terminal nothing
is asked: every missing option is named at once.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import typer

from zorgroute.errors import UsageError, ZorgrouteError
from zorgroute.model.vocab import Vocab

from .frame import ask_choice, ask_date, ask_text, confirm

# Fields that are ways around a rule (a recorded reason to skip levels); they are never
# offered as the answer to a blocked rule.
ESCAPES = frozenset({"direct_reason", "anonymous", "overrides"})
BASE = frozenset({"kind", "date", "recorded_by", "recorded_at", "overrides"})


@dataclass(frozen=True)
class Question:
    """One field to ask: its key, the option that gives it in a script, and how to ask."""

    key: str
    option: str
    title: str
    kind: str  # text, date, bool, choice, choices, list
    vocab: type[Vocab] | None = None
    ask: Callable[[], Any] | None = None  # a custom dialogue (attendees, actions)

    def put(self) -> Any:
        if self.ask is not None:
            return self.ask()
        if self.kind == "date":
            return ask_date(self.title)
        if self.kind == "bool":
            return confirm(self.title + "?", default=False)
        if self.kind in ("choice", "choices") and self.vocab is not None:
            picked = ask_choice(self.title, self.vocab, many=self.kind == "choices")
            return [p.value for p in picked] if self.kind == "choices" else picked[0].value
        if self.kind == "list":
            return [p.strip() for p in ask_text(self.title).split(";") if p.strip()]
        return ask_text(self.title)


def _shape(annotation: Any) -> tuple[str, type[Vocab] | None]:
    """The kind of question for a field's type."""
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, types.UnionType) and args:
        return _shape(args[0])
    if origin is typing.Annotated:
        return _shape(args[0])
    if origin is list and args:
        inner, vocab = _shape(args[0])
        return ("choices", vocab) if inner == "choice" else ("list", None)
    if isinstance(annotation, type):
        if issubclass(annotation, Vocab):
            return "choice", annotation
        if issubclass(annotation, bool):
            return "bool", None
        if issubclass(annotation, dt.date):
            return "date", None
        if issubclass(annotation, enum.Enum):
            return "text", None
    return "text", None


def question(
    model: Any, key: str, option: str | None = None, ask: Callable[[], Any] | None = None
) -> Question:
    info = model.model_fields[key]
    kind, vocab = _shape(info.annotation)
    return Question(
        key, option or "--" + key.replace("_", "-"), str(info.title or key), kind, vocab, ask
    )


def required(model: Any) -> list[str]:
    """The fields a record cannot be without, in the model's order."""
    return [k for k, f in model.model_fields.items() if f.is_required() and k not in BASE]


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


class Guide:
    """The answers of one act, asked for once and kept."""

    def __init__(
        self,
        model: Any,
        values: dict[str, Any],
        interactive: bool,
        options: dict[str, str] | None = None,
        custom: dict[str, Callable[[], Any]] | None = None,
    ) -> None:
        self.model = model
        self.values = dict(values)
        self.interactive = interactive
        self.options = options or {}
        self.custom = custom or {}
        self.asked: set[str] = set()
        self.reasked: set[str] = set()

    def q(self, key: str) -> Question:
        return question(self.model, key, self.options.get(key), self.custom.get(key))

    def need(self, keys: Sequence[str]) -> None:
        """Ask every key that has no value yet (or, in a script, name them all)."""
        missing = [k for k in keys if _empty(self.values.get(k))]
        if not missing:
            return
        if not self.interactive:
            raise UsageError(
                "niet alle gegevens zijn opgegeven: "
                + ", ".join(self.q(k).option for k in missing),
                hint="geef ze als opties mee, of voer de opdracht uit in een terminal om "
                "ernaar gevraagd te worden",
            )
        for key in missing:
            self.values[key] = self.q(key).put()
            self.asked.add(key)

    def again(self, keys: Sequence[str], why: Sequence[str]) -> bool:
        """Ask `keys` again after a failed check; False when there is nothing to ask."""
        keys = [
            k
            for k in keys
            if k in self.model.model_fields and k not in ESCAPES and k not in self.reasked
        ]
        if not keys or not self.interactive:
            return False
        for line in why:
            typer.echo(f"  nog nodig: {line}")
        for key in keys:
            self.values[key] = self.q(key).put()
            self.reasked.add(key)
        return True


def problem_fields(exc: ZorgrouteError) -> list[str]:
    """The top-level fields named by a validation error."""
    out = []
    for p in exc.problems:
        top = p.field.split(".")[0].split("[")[0]
        if top:
            out.append(top)
    return list(dict.fromkeys(out))


class _Reading:
    """Stands in for a draft record and notes which of its fields a rule reads."""

    def __init__(self, draft: Any) -> None:
        object.__setattr__(self, "_draft", draft)
        object.__setattr__(self, "read", [])

    def __getattr__(self, name: str) -> Any:
        self.read.append(name)
        return getattr(self._draft, name)


def fields_read(
    loaded: Any, act: Any, draft: Any, day: dt.date, rules_failed: set[str]
) -> list[str]:
    """The draft fields read by the route rules that block `act`."""
    from zorgroute.domain import engine, rules

    out: list[str] = []
    for ref in act.requires:
        if ref.rule not in rules_failed:
            continue
        reading = _Reading(draft)
        ctx = engine.context(loaded, day, typing.cast(Any, reading), act)
        try:
            rules.evaluate(ctx, [ref])
        except Exception:  # noqa: BLE001 - a rule that cannot read a stand-in is skipped
            continue
        out += [f for f in reading.read if f in type(draft).model_fields and f not in BASE]
    return list(dict.fromkeys(out))


def route_needs(route: Any, contact: str, model: Any) -> list[str]:
    """What later acts of the route require of a conversation of this kind: the route's
    `conversation_before` parameters (leaflet, question_together, parents_view) matched to
    the conversation's fields."""
    out: list[str] = []
    for act in route.acts:
        for ref in act.requires:
            if ref.rule != "conversation_before" or ref.params.get("contact") != contact:
                continue
            for param, wanted in ref.params.items():
                if param == "contact" or not wanted:
                    continue
                out += [k for k in model.model_fields if k.startswith(param)]
    return list(dict.fromkeys(out))


def forums_needing_basis(route: Any, contact: str) -> list[str]:
    """The forums whose act needs both a conversation of this kind and a basis."""
    out: list[str] = []
    for act in route.acts:
        rules_ = {r.rule: r.params for r in act.requires}
        before = rules_.get("conversation_before")
        if before is None or before.get("contact") != contact:
            continue
        basis = rules_.get("basis_for_discussion")
        if basis is not None:
            forum = basis.get("forum") or (act.forum.value if act.forum else None)
            if forum:
                out.append(str(forum))
    return list(dict.fromkeys(out))


def possible_after(loaded: Any, draft: Any, day: dt.date) -> list[str]:
    """The acts that would be possible once `draft` is recorded (for `--dry-run`)."""
    from zorgroute.domain import engine
    from zorgroute.domain.state import derive
    from zorgroute.store.repo import CaseData, Entry

    entry = Entry(f"{draft.date.isoformat()}-{draft.kind}-proef", "", draft)
    entries = tuple(sorted((*loaded.data.entries, entry), key=Entry.sort_key))
    data = CaseData(loaded.data.case, loaded.data.path, entries, {e.id: e for e in entries})
    state = derive(data, loaded.route, loaded.repo.config.settings.feedback_days)
    after = engine.Loaded(loaded.repo, data, loaded.route, state)
    return [v.act.title for v in engine.next_acts(after, day) if v.allowed]
