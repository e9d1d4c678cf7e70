"""Route rules: named functions that say what is missing before an act.

A rule takes the context of the act (the case, its derived state, the draft record when
there is one, the date) and the parameters from the route file, and returns blockers.
Routes list rules by name; `RULES` is the registry they are looked up in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .consent import check_basis
from .models import (
    CareTeamRegistration,
    Config,
    Conversation,
    Evaluation,
    Meeting,
    Plan,
    RecordBase,
    Referral,
    ZatRegistration,
)
from .repo import CaseData
from .route import Route
from .state import CaseState
from .vocab import ContactKind, Decision, Forum, Participant, PartnerKind


@dataclass(frozen=True)
class Blocker:
    """What is missing, under which rule, and the command that resolves it."""

    rule: str
    message: str
    fix: str
    overridable: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "message": self.message, "fix": self.fix,
                "overridable": self.overridable}


@dataclass(frozen=True)
class Context:
    data: CaseData
    state: CaseState
    route: Route
    config: Config
    day: dt.date
    draft: RecordBase | None = None
    forum: Forum | None = None

    def records(self, kind: type[RecordBase]) -> list[Any]:
        return [e.record for e in self.data.entries
                if isinstance(e.record, kind) and e.record.date <= self.day]

    def draft_field(self, name: str) -> Any:
        return getattr(self.draft, name, None) if self.draft is not None else None


RuleFn = Callable[..., list[Blocker]]
RULES: dict[str, RuleFn] = {}


def rule(name: str) -> Callable[[RuleFn], RuleFn]:
    def register(fn: RuleFn) -> RuleFn:
        RULES[name] = fn
        return fn
    return register


def _cid(ctx: Context) -> str:
    return ctx.data.id


# --- help question, triggers, plans ----------------------------------------------------


def _help_question(ctx: Context) -> str | None:
    for name in ("help_question", "question"):
        value = ctx.draft_field(name)
        if value:
            return str(value)
    for rec in reversed(ctx.records(ZatRegistration) + ctx.records(CareTeamRegistration)):
        return str(rec.help_question)
    return None


@rule("help_question")
def help_question(ctx: Context, min_words: int = 5) -> list[Blocker]:
    question = _help_question(ctx)
    if not question:
        return [Blocker("help_question", "er is nog geen hulpvraag geformuleerd",
                        f"zorgroute care-team {_cid(ctx)} --help-question \"...\"")]
    if len(question.split()) < min_words or not question.rstrip().endswith("?"):
        return [Blocker("help_question",
                        f"de hulpvraag is niet duidelijk genoeg (minstens {min_words} woorden, "
                        "als vraag geformuleerd, eindigend op een vraagteken)",
                        "formuleer de hulpvraag als concrete vraag, bijvoorbeeld 'Hoe kunnen "
                        "wij ... zodat ...?'")]
    return []


@rule("trigger")
def trigger(ctx: Context) -> list[Blocker]:
    if ctx.draft_field("triggers") or ctx.draft_field("direct_reason"):
        return []
    if ctx.draft is None and any(r.triggers for r in ctx.records(CareTeamRegistration)):
        return []
    return [Blocker("trigger", "geen aanleiding voor aanmelding bij het zorgteam gekozen "
                    "(te weinig profijt van het groepsplan, onderwijsbehoeften onduidelijk, "
                    "of ernstige zorg over kind of gezin)",
                    f"zorgroute care-team {_cid(ctx)} --trigger too_little_profit|"
                    "needs_unclear|serious_concern")]


def _evaluated_plans(ctx: Context) -> list[Evaluation]:
    plans = {e.id for e in ctx.data.entries if isinstance(e.record, Plan)}
    return [r for r in ctx.records(Evaluation) if r.plan.split("#")[0] in plans]


@rule("evaluated_plans")
def evaluated_plans(ctx: Context, min: int = 1) -> list[Blocker]:  # noqa: A002 - route key
    if ctx.draft_field("direct_reason"):
        return []
    found = len(_evaluated_plans(ctx))
    if found >= min:
        return []
    return [Blocker("evaluated_plans",
                    f"er {'is' if found == 1 else 'zijn'} {found} geëvalueerd"
                    f"{'' if found == 1 else 'e'} plan{'' if found == 1 else 'nen'}; "
                    f"nodig: minstens {min}",
                    f"zorgroute plan {_cid(ctx)} en daarna zorgroute evaluate {_cid(ctx)}")]


@rule("tried_with_results")
def tried_with_results(ctx: Context) -> list[Blocker]:
    if ctx.draft_field("direct_reason"):
        return []
    if any(e.what_worked for e in _evaluated_plans(ctx)):
        return []
    return [Blocker("tried_with_results", "het dossier laat niet zien wat er al is gedaan en "
                    "met welk resultaat (geen geëvalueerd plan)",
                    f"zorgroute evaluate {_cid(ctx)} --plan PLAN --outcome ... "
                    "--what-worked \"...\"")]


# --- parents ------------------------------------------------------------------------------


def _conversations(ctx: Context, contact: ContactKind) -> list[Conversation]:
    return [c for c in ctx.records(Conversation)
            if c.contact == contact and Participant.parents in c.participants
            or c.contact == contact and Participant.pupil in c.participants
            and ctx.data.case.pupil.age_on(ctx.day) >= 16]


@rule("conversation_before")
def conversation_before(ctx: Context, contact: str = "before_care_team",
                        leaflet: bool = False, question_together: bool = False
                        ) -> list[Blocker]:
    kind = ContactKind(contact)
    talks = _conversations(ctx, kind)
    fix = f"zorgroute talk {_cid(ctx)} --contact {kind.value}"
    if not talks:
        return [Blocker("conversation_before",
                        f"het {kind.label} met de ouders is nog niet vastgelegd", fix)]
    blockers = []
    if leaflet and not any(t.leaflet_given for t in talks):
        blockers.append(Blocker("conversation_before", "de ouders hebben de folder nog niet "
                                "gekregen (volgens de vastgelegde gesprekken)",
                                fix + " --leaflet-given"))
    if question_together and not any(t.question_together for t in talks):
        blockers.append(Blocker("conversation_before", "de hulpvraag is nog niet samen met de "
                                "ouders geformuleerd", fix + " --question-together"))
    return blockers


@rule("pending_conversations")
def pending_conversations(ctx: Context) -> list[Blocker]:
    return [Blocker("pending_conversations",
                    f"na het overleg van {p.after.record.date.isoformat()} is het "
                    f"{p.contact.label} met de ouders nog niet vastgelegd",
                    f"zorgroute talk {_cid(ctx)} --contact {p.contact.value}")
            for p in ctx.state.pending if p.after.record.date <= ctx.day]


# --- consent ------------------------------------------------------------------------------


@rule("basis_for_discussion")
def basis_for_discussion(ctx: Context, forum: str | None = None) -> list[Blocker]:
    target = Forum(forum) if forum else (ctx.forum or ctx.draft_field("forum"))
    if target is None:
        return []
    anonymous = bool(ctx.draft_field("anonymous"))
    result = check_basis(ctx.data, target, ctx.day, ctx.route.consent, anonymous=anonymous)
    if result.valid:
        return []
    return [Blocker("basis_for_discussion",
                    f"geen geldige grondslag om de leerling bij naam te bespreken in "
                    f"{target.label} op {ctx.day.isoformat()}: {result.summary}",
                    f"zorgroute consent {_cid(ctx)} --forum {target.value} --basis "
                    "written_consent|no_objection_notice|exception (of bespreek anoniem)",
                    overridable=False)]


# --- meetings and decisions ---------------------------------------------------------------


@rule("registered")
def registered(ctx: Context, record: str = "care_team_registration") -> list[Blocker]:
    kinds = {"care_team_registration": CareTeamRegistration,
             "zat_registration": ZatRegistration}
    if ctx.records(kinds[record]):
        return []
    command = "care-team" if record == "care_team_registration" else "escalate"
    return [Blocker("registered", "de leerling is nog niet aangemeld voor dit overleg",
                    f"zorgroute {command} {_cid(ctx)}")]


@rule("decision")
def decision(ctx: Context, forum: str = "zorgteam", decision: str = "pass_to_zat"
             ) -> list[Blocker]:
    if ctx.draft_field("direct_reason"):
        return []
    wanted_forum, wanted = Forum(forum), Decision(decision)
    if any(m.forum == wanted_forum and wanted in m.decisions for m in ctx.records(Meeting)):
        return []
    return [Blocker("decision", f"{wanted_forum.label} heeft niet besloten tot "
                    f"'{wanted.label}'",
                    f"zorgroute meeting {_cid(ctx)} --forum {wanted_forum.value} --decision "
                    f"{wanted.value}, of geef een reden: --direct-reason \"...\"")]


VAGUE_OWNERS = {"we", "wij", "iedereen", "allen", "school", "team", "zorgteam", "ouders/school",
                "nog niet bekend", "onbekend", "nvt", "n.v.t.", "?"}
VAGUE_TEXT = re.compile(
    r"^(we |wij )?(gaan |zullen )?(het |dit )?(nog )?(eens )?"
    r"(bekijken|kijken|uitzoeken|nadenken|afwachten|in de gaten houden|volgen)"
    r"( het)?( nog)?( wel)?( eens)?\.?$", re.IGNORECASE)


@rule("concrete_actions")
def concrete_actions(ctx: Context) -> list[Blocker]:
    items = ctx.draft_field("actions") or []
    blockers = []
    for item in items:
        if item.owner.strip().lower() in VAGUE_OWNERS:
            blockers.append(Blocker("concrete_actions",
                                    f"afspraak {item.id} heeft geen eigenaar met naam of "
                                    f"functie ('{item.owner}')",
                                    "geef elke afspraak één persoon of functie als eigenaar",
                                    overridable=False))
        if len(item.description.split()) < 3 or VAGUE_TEXT.match(item.description.strip()):
            blockers.append(Blocker("concrete_actions",
                                    f"afspraak {item.id} is te vaag: zeg wat er gedaan wordt",
                                    "beschrijf een concrete handeling, bijvoorbeeld 'belt de "
                                    "moeder over de uitslag van het onderzoek'",
                                    overridable=False))
        if item.due < ctx.day:
            blockers.append(Blocker("concrete_actions",
                                    f"afspraak {item.id} heeft een datum voor het overleg",
                                    "kies een datum na het overleg", overridable=False))
    return blockers


# --- referral -----------------------------------------------------------------------------


@rule("handelingsverlegenheid")
def handelingsverlegenheid(ctx: Context) -> list[Blocker]:
    if ctx.draft_field("handelingsverlegenheid"):
        return []
    return [Blocker("handelingsverlegenheid", "de handelingsverlegenheid van de school is niet "
                    "beschreven: waarom kan de school niet bieden wat nodig is?",
                    "zorgroute refer ... --handelingsverlegenheid \"...\"")]


@rule("directeur_signoff")
def directeur_signoff(ctx: Context) -> list[Blocker]:
    if ctx.draft_field("directeur_signoff"):
        return []
    return [Blocker("directeur_signoff", "de directeur heeft het verwijzingsdossier nog niet "
                    "ondertekend", "zorgroute refer ... --signed-by \"naam directeur\" "
                    "--signed-on JJJJ-MM-DD")]


@rule("local_team_of_home_municipality")
def local_team_of_home_municipality(ctx: Context) -> list[Blocker]:
    institution = ctx.draft_field("institution")
    home = ctx.data.case.pupil.home_municipality
    teams = [p for p in ctx.config.partners if p.kind == PartnerKind.local_team
             and (p.municipality or "").lower() == home.lower()]
    fix = ("kies het lokale team van de woongemeente: "
           + (", ".join(p.id for p in teams) if teams else
              f"voeg het lokale team van {home} toe aan de partners in zorgroute.yaml"))
    if institution is None:
        return [] if teams else [Blocker("local_team_of_home_municipality",
                                         f"er staat geen lokaal team van {home} in de "
                                         "partnerlijst", fix)]
    if any(p.id == institution for p in teams):
        return []
    return [Blocker("local_team_of_home_municipality",
                    f"jeugdhulp loopt via het lokale team van de woongemeente ({home}); "
                    f"'{institution}' is dat niet", fix)]


@rule("known_partner")
def known_partner(ctx: Context) -> list[Blocker]:
    institution = ctx.draft_field("institution")
    if institution is None or ctx.config.partner(institution) is not None:
        return []
    known = ", ".join(p.id for p in ctx.config.partners) or "(geen)"
    return [Blocker("known_partner", f"'{institution}' staat niet in de partnerlijst",
                    f"kies uit: {known}, of voeg de instelling toe in zorgroute.yaml",
                    overridable=False)]


# --- case status ------------------------------------------------------------------------


@rule("open_case")
def open_case(ctx: Context) -> list[Blocker]:
    if not ctx.state.closed:
        return []
    return [Blocker("open_case", "het dossier is afgesloten",
                    f"zorgroute reopen {_cid(ctx)} --reason \"...\"", overridable=False)]


@rule("closed_case")
def closed_case(ctx: Context) -> list[Blocker]:
    if ctx.state.closed:
        return []
    return [Blocker("closed_case", "het dossier is niet afgesloten", "", overridable=False)]


@rule("plan_exists")
def plan_exists(ctx: Context) -> list[Blocker]:
    plan_id = ctx.draft_field("plan")
    plans = {e.id for e in ctx.data.entries if isinstance(e.record, Plan)}
    if plan_id is None and plans or plan_id in plans:
        return []
    return [Blocker("plan_exists", "er is geen plan om te evalueren" if not plans else
                    f"plan {plan_id} bestaat niet in dit dossier",
                    f"zorgroute plan {_cid(ctx)}", overridable=False)]


@rule("referral_exists")
def referral_exists(ctx: Context) -> list[Blocker]:
    ref = ctx.draft_field("referral")
    refs = {e.id for e in ctx.data.entries if isinstance(e.record, Referral)}
    if ref is None and refs or ref in refs:
        return []
    return [Blocker("referral_exists", "er is geen verwijzing om terugkoppeling bij vast te "
                    "leggen", f"zorgroute refer {_cid(ctx)}", overridable=False)]


def evaluate(ctx: Context, requires: list[Any]) -> list[Blocker]:
    """Run a route's rule references against a context; honour `when` filters."""
    blockers: list[Blocker] = []
    for ref in requires:
        if ref.when and ctx.draft is not None and not all(
            str(getattr(getattr(ctx.draft, k, None), "value", getattr(ctx.draft, k, None)))
            in v for k, v in ref.when.items()
        ):
            continue
        if ref.when and ctx.draft is None:
            continue  # conditional rules apply once the record's content is known
        found = RULES[ref.rule](ctx, **ref.params)
        if not ref.overridable:
            found = [Blocker(b.rule, b.message, b.fix, False) for b in found]
        blockers += found
    return blockers
