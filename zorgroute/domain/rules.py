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
from typing import Any, Literal

from pydantic import field_validator

from zorgroute.domain.state import CaseState
from zorgroute.domain.tracks import doorbraak_problem, forum_the, missing_roles
from zorgroute.model.nl import format_date
from zorgroute.model.records import (
    Action,
    ActionItem,
    CareTeamRegistration,
    Config,
    Conversation,
    Correction,
    Doorbraak,
    Evaluation,
    F,
    Meeting,
    Model,
    Plan,
    RecordBase,
    Referral,
    Sdq,
    ZatRegistration,
)
from zorgroute.model.route import Route, RuleRef
from zorgroute.model.vocab import (
    ContactKind,
    Decision,
    Forum,
    Participant,
    PartnerKind,
    PlanType,
)
from zorgroute.policy import DocumentSpec, basis_record, may_discuss, recipients
from zorgroute.store.effective import apply_correction, effective, effective_entries
from zorgroute.store.repo import CaseData, Repository


@dataclass(frozen=True)
class Blocker:
    """What is missing, under which rule, and the command that resolves it."""

    rule: str
    message: str
    fix: str
    overridable: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "message": self.message,
            "fix": self.fix,
            "overridable": self.overridable,
        }


@dataclass(frozen=True)
class Context:
    data: CaseData
    state: CaseState
    route: Route
    config: Config
    day: dt.date
    draft: RecordBase | None = None
    forum: Forum | None = None
    repo: Repository | None = None  # for the school's own instrument files (sdq.yaml)

    def records(self, kind: type[RecordBase]) -> list[Any]:
        """Records of a kind on or before the day, with their corrections applied."""
        return [
            e.record
            for e in effective_entries(self.data, self.day)
            if isinstance(e.record, kind) and e.record.date <= self.day
        ]

    def draft_field(self, name: str) -> Any:
        return getattr(self.draft, name, None) if self.draft is not None else None


RuleFn = Callable[..., list[Blocker]]


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


def help_question(ctx: Context, min_words: int = 5) -> list[Blocker]:
    question = _help_question(ctx)
    if not question:
        return [
            Blocker(
                "help_question",
                "er is nog geen hulpvraag geformuleerd",
                f'zorgroute care-team {_cid(ctx)} --help-question "..."',
            )
        ]
    if len(question.split()) < min_words or not question.rstrip().endswith("?"):
        return [
            Blocker(
                "help_question",
                f"de hulpvraag is niet duidelijk genoeg (minstens {min_words} woorden, "
                "als vraag geformuleerd, eindigend op een vraagteken)",
                "formuleer de hulpvraag als concrete vraag, bijvoorbeeld 'Hoe kunnen "
                "wij ... zodat ...?'",
            )
        ]
    return []


def _elevated_evidence(ctx: Context) -> bool:
    """The draft cites an SDQ whose total score is raised: a score as the trigger."""
    from zorgroute.domain.instruments import elevated
    from zorgroute.store.instruments import sdq_config

    sdqs = [
        e.record
        for rid in ctx.draft_field("evidence") or []
        if (e := ctx.data.by_id.get(rid)) is not None and isinstance(e.record, Sdq)
    ]
    if not sdqs:
        return False
    config = sdq_config(ctx.repo)
    return any(elevated(s, config) for s in sdqs)


def trigger(ctx: Context) -> list[Blocker]:
    if ctx.draft_field("triggers") or ctx.draft_field("direct_reason"):
        return []
    if _elevated_evidence(ctx):
        return []
    if ctx.draft is None and any(r.triggers for r in ctx.records(CareTeamRegistration)):
        return []
    return [
        Blocker(
            "trigger",
            "geen aanleiding voor aanmelding bij het zorgteam gekozen "
            "(te weinig profijt van het groepsplan, onderwijsbehoeften onduidelijk, "
            "of ernstige zorg over kind of gezin)",
            f"zorgroute care-team {_cid(ctx)} --trigger too_little_profit|"
            "needs_unclear|serious_concern",
        )
    ]


def _evaluated_plans(ctx: Context) -> list[Evaluation]:
    """The latest evaluation of each evaluated plan (a plan counts once)."""
    plans = {e.id for e in ctx.data.entries if isinstance(e.record, Plan)}
    latest: dict[str, Evaluation] = {}
    for r in ctx.records(Evaluation):
        plan = r.plan.split("#")[0]
        if plan in plans:
            latest[plan] = r
    return list(latest.values())


def evaluated_plans(ctx: Context, min: int = 1) -> list[Blocker]:  # noqa: A002 - route key
    if ctx.draft_field("direct_reason"):
        return []
    found = len(_evaluated_plans(ctx))
    if found >= min:
        return []
    return [
        Blocker(
            "evaluated_plans",
            f"er {'is' if found == 1 else 'zijn'} {found} geëvalueerd"
            f"{'' if found == 1 else 'e'} plan{'' if found == 1 else 'nen'}; "
            f"nodig: minstens {min}",
            f"zorgroute plan {_cid(ctx)} en daarna zorgroute evaluate {_cid(ctx)}",
        )
    ]


def tried_with_results(ctx: Context) -> list[Blocker]:
    if ctx.draft_field("direct_reason"):
        return []
    if any(e.what_worked for e in _evaluated_plans(ctx)):
        return []
    return [
        Blocker(
            "tried_with_results",
            "het dossier laat niet zien wat er al is gedaan en "
            "met welk resultaat (geen geëvalueerd plan)",
            f'zorgroute evaluate {_cid(ctx)} --plan PLAN --outcome ... --what-worked "..."',
        )
    ]


# --- parents ------------------------------------------------------------------------------


def _conversations(ctx: Context, contact: ContactKind) -> list[Conversation]:
    return [
        c
        for c in ctx.records(Conversation)
        if c.contact == contact
        and Participant.parents in c.participants
        or c.contact == contact
        and Participant.pupil in c.participants
        and ctx.data.case.pupil.age_on(ctx.day) >= 16
    ]


def conversation_before(
    ctx: Context,
    contact: str = "before_care_team",
    leaflet: bool = False,
    question_together: bool = False,
    parents_view: bool = False,
) -> list[Blocker]:
    kind = ContactKind(contact)
    talks = _conversations(ctx, kind)
    fix = f"zorgroute talk {_cid(ctx)} --contact {kind.value}"
    if not talks:
        return [
            Blocker(
                "conversation_before", f"het {kind.label} met de ouders is nog niet vastgelegd", fix
            )
        ]
    blockers = []
    if leaflet and not any(t.leaflet_given for t in talks):
        blockers.append(
            Blocker(
                "conversation_before",
                "de ouders hebben de folder nog niet gekregen (volgens de vastgelegde gesprekken)",
                fix + " --leaflet-given",
            )
        )
    if question_together and not any(t.question_together for t in talks):
        blockers.append(
            Blocker(
                "conversation_before",
                "de hulpvraag is nog niet samen met de ouders geformuleerd",
                fix + " --question-together",
            )
        )
    if parents_view and not any(t.parents_view for t in talks):
        blockers.append(
            Blocker(
                "conversation_before",
                f"in het {kind.label} staat de zienswijze van de ouders niet",
                fix + ' --parents-view "..."',
            )
        )
    return blockers


def pending_conversations(ctx: Context) -> list[Blocker]:
    return [
        Blocker(
            "pending_conversations",
            f"na het overleg van {p.after.record.date.isoformat()} is het "
            f"{p.contact.label} met de ouders nog niet vastgelegd",
            f"zorgroute talk {_cid(ctx)} --contact {p.contact.value}",
        )
        for p in ctx.state.pending
        if p.after.record.date <= ctx.day
    ]


# --- consent ------------------------------------------------------------------------------


def basis_for_discussion(ctx: Context, forum: Forum | None = None) -> list[Blocker]:
    """The policy layer's `may_discuss`: a valid basis to discuss the pupil by name."""
    target = forum or ctx.forum or ctx.draft_field("forum")
    if target is None:
        return []
    anonymous = bool(ctx.draft_field("anonymous"))
    verdict = may_discuss(
        ctx.data, ctx.route, ctx.config, Forum(target), ctx.day, anonymous=anonymous
    )
    if verdict.allowed:
        return []
    return [
        Blocker(
            "basis_for_discussion",
            f"geen geldige grondslag om de leerling bij naam te bespreken in "
            f"{Forum(target).label} op {ctx.day.isoformat()}: {verdict.summary}",
            verdict.fix,
            overridable=False,
        )
    ]


# --- meetings and decisions ---------------------------------------------------------------


def registered(ctx: Context, record: str = "care_team_registration") -> list[Blocker]:
    kinds: dict[str, type[RecordBase]] = {
        "care_team_registration": CareTeamRegistration,
        "zat_registration": ZatRegistration,
    }
    if ctx.records(kinds[record]):
        return []
    command = "care-team" if record == "care_team_registration" else "escalate"
    return [
        Blocker(
            "registered",
            "de leerling is nog niet aangemeld voor dit overleg",
            f"zorgroute {command} {_cid(ctx)}",
        )
    ]


def decision(ctx: Context, forum: str = "zorgteam", decision: str = "pass_to_zat") -> list[Blocker]:
    if ctx.draft_field("direct_reason"):
        return []
    wanted_forum, wanted = Forum(forum), Decision(decision)
    if any(m.forum == wanted_forum and wanted in m.decisions for m in ctx.records(Meeting)):
        return []
    return [
        Blocker(
            "decision",
            f"{wanted_forum.label} heeft niet besloten tot '{wanted.label}'",
            f"zorgroute meeting {_cid(ctx)} --forum {wanted_forum.value} --decision "
            f'{wanted.value}, of geef een reden: --direct-reason "..."',
        )
    ]


VAGUE_OWNERS = {
    "we",
    "wij",
    "iedereen",
    "allen",
    "school",
    "team",
    "zorgteam",
    "zat",
    "ouders/school",
    "nog niet bekend",
    "onbekend",
    "nvt",
    "n.v.t.",
    "?",
    "-",
    "nader te bepalen",
    "ntb",
    "n.t.b.",
    "iemand",
}
VAGUE_TEXT = re.compile(
    r"^(we |wij |dit |het )?(gaan |zullen |wordt |worden |blijven )?(het |dit |er )?(nog )?"
    r"(eens |verder |even )?"
    r"(bekijken|bekeken|kijken|uitzoeken|uitgezocht|nadenken|afwachten|in de gaten houden|"
    r"volgen|gevolgd|oppakken|opgepakt|bespreken|besproken|navragen)"
    r"( het| dit)?( nog)?( wel)?( eens)?( ernaar| naar| ernaar kijken| verder)?\.?$",
    re.IGNORECASE,
)
ACTION_EXAMPLE = "IB;belt de moeder over de uitslag van het onderzoek;2026-12-01"


def action_from_text(text: str, number: int) -> dict[str, str]:
    """An `--action "wie;wat;datum"` as a record field; a vague one is refused at once."""
    from zorgroute.errors import RuleRefused

    parts = [p.strip() for p in text.split(";")]
    if len(parts) < 3 or not parts[0] or not parts[-1]:
        raise RuleRefused(
            f"'Overleg vastleggen' kan nog niet; er is niets vastgelegd.\n"
            f"- [concrete_actions] afspraak a{number} zegt niet wie wat wanneer doet "
            "(kan niet worden overgeslagen)\n"
            f'    oplossing: --action "{ACTION_EXAMPLE}"',
            hint="geef elke afspraak een eigenaar, een concrete handeling en een datum",
        )
    owner, due = parts[0], parts[-1]
    return {"id": f"a{number}", "owner": owner, "description": ";".join(parts[1:-1]), "due": due}


def vague_action(
    owner: str,
    description: str,
    due: dt.date,
    day: dt.date,
    label: str,
    moment: str = "het overleg",
) -> list[str]:
    """What makes an action vague: no named owner, no concrete deed, or a date before `day`.

    One function for every door that records an action: `meeting`, `action add` and a
    correction of an action."""
    found = []
    if owner.strip().lower() in VAGUE_OWNERS or not owner.strip():
        found.append(f"{label} heeft geen eigenaar met naam of functie")
    if len(description.split()) < 3 or VAGUE_TEXT.match(description.strip()):
        found.append(f"{label} is te vaag: zeg wat er gedaan wordt")
    if due < day:
        found.append(f"{label} heeft een datum voor {moment}")
    return found


VAGUE_FIX = {
    "geen eigenaar": "geef de afspraak één persoon of functie als eigenaar, bijvoorbeeld 'IB'",
    "te vaag": "beschrijf een concrete handeling, bijvoorbeeld 'belt de moeder over de "
    "uitslag van het onderzoek'",
    "datum": "kies een datum op of na de dag van de afspraak of het overleg",
}


def _vague_blockers(messages: list[str]) -> list[Blocker]:
    return [
        Blocker(
            "concrete_actions",
            message,
            next(fix for key, fix in VAGUE_FIX.items() if key in message),
            overridable=False,
        )
        for message in messages
    ]


def concrete_actions(ctx: Context) -> list[Blocker]:
    """Every action has a named owner, a concrete deed and a date: in a meeting, in
    `action add`, and after a correction of either."""
    draft = ctx.draft
    found: list[str] = []
    if isinstance(draft, Meeting):
        for item in draft.actions:
            found += vague_action(
                item.owner, item.description, item.due, ctx.day, f"afspraak {item.id}"
            )
    elif isinstance(draft, Action):
        found += vague_action(
            draft.owner, draft.description, draft.due, ctx.day, "de afspraak", "de afspraak zelf"
        )
    elif isinstance(draft, Correction) and draft.field in ("owner", "description", "due"):
        found += _corrected_action(ctx, draft)
    return _vague_blockers(found)


def _corrected_action(ctx: Context, draft: Correction) -> list[str]:
    record_id, _, item_id = draft.supersedes.partition("#")
    entry = ctx.data.by_id.get(record_id)
    if entry is None:
        return []
    current = effective(ctx.data, entry)
    fixed = apply_correction(current, draft) if not item_id else current
    if isinstance(fixed, Action):
        return vague_action(
            fixed.owner, fixed.description, fixed.due, fixed.date, "de afspraak", "de afspraak zelf"
        )
    if isinstance(current, Meeting) and item_id:
        for item in current.actions:
            if item.id == item_id:
                fields = item.model_dump()
                fields[draft.field] = draft.value
                try:
                    new = ActionItem.model_validate(fields)
                except ValueError:
                    return []
                return vague_action(
                    new.owner, new.description, new.due, current.date, f"afspraak {item.id}"
                )
    return []


# --- referral -----------------------------------------------------------------------------


def handelingsverlegenheid(ctx: Context) -> list[Blocker]:
    if ctx.draft_field("handelingsverlegenheid"):
        return []
    return [
        Blocker(
            "handelingsverlegenheid",
            "de handelingsverlegenheid van de school is niet "
            "beschreven: waarom kan de school niet bieden wat nodig is?",
            f'zorgroute refer {_cid(ctx)} ... --handelingsverlegenheid "..."',
        )
    ]


def directeur_signoff(ctx: Context) -> list[Blocker]:
    """The referral dossier is signed, by the directeur of the signing date (that the signer
    is the directeur is checked for every record by the policy layer)."""
    if ctx.draft_field("directeur_signoff"):
        return []
    return [
        Blocker(
            "directeur_signoff",
            "de directeur heeft het verwijzingsdossier nog niet ondertekend",
            f'zorgroute refer {_cid(ctx)} ... --signed-by "naam directeur" --signed-on JJJJ-MM-DD',
            overridable=False,
        )
    ]


def local_team_of_home_municipality(ctx: Context) -> list[Blocker]:
    institution = ctx.draft_field("institution")
    home = ctx.data.case.pupil.home_municipality
    teams = [
        p
        for p in ctx.config.partners
        if p.kind == PartnerKind.local_team and (p.municipality or "").lower() == home.lower()
    ]
    fix = "kies het lokale team van de woongemeente: " + (
        ", ".join(p.id for p in teams)
        if teams
        else f"voeg het lokale team van {home} toe aan de partners in zorgroute.yaml"
    )
    if institution is None:
        return (
            []
            if teams
            else [
                Blocker(
                    "local_team_of_home_municipality",
                    f"er staat geen lokaal team van {home} in de partnerlijst",
                    fix,
                )
            ]
        )
    if any(p.id == institution for p in teams):
        return []
    return [
        Blocker(
            "local_team_of_home_municipality",
            f"jeugdhulp loopt via het lokale team van de woongemeente ({home}); "
            f"'{institution}' is dat niet",
            fix,
        )
    ]


def known_partner(ctx: Context) -> list[Blocker]:
    institution = ctx.draft_field("institution")
    if institution is None or ctx.config.partner(institution) is not None:
        return []
    known = ", ".join(p.id for p in ctx.config.partners) or "(geen)"
    return [
        Blocker(
            "known_partner",
            f"'{institution}' staat niet in de partnerlijst",
            f"kies uit: {known}, of voeg de instelling toe in zorgroute.yaml",
            overridable=False,
        )
    ]


def parents_present(ctx: Context) -> list[Blocker]:
    """An MDO is held with the parents at the table (passend onderwijs); without them the
    meeting records why."""
    if (
        ctx.draft is None
        or ctx.draft_field("parents_present")
        or ctx.draft_field("anonymous")
        or ctx.draft_field("parents_absent_reason")
    ):
        return []
    return [
        Blocker(
            "parents_present",
            "bij dit overleg horen de ouders aan tafel, en zij waren er niet bij",
            f"zorgroute meeting {_cid(ctx)} --parents-present, "
            'of leg vast waarom niet: --parents-absent-reason "reden"',
        )
    ]


def composition(ctx: Context) -> list[Blocker]:
    """The meeting had every role the route requires for its forum (zorgteam: IB, the
    pupil's teacher, school social work, youth health care). Without this rule in a route
    an incomplete meeting is recorded with a warning."""
    draft = ctx.draft
    if not isinstance(draft, Meeting):
        return []
    missing = missing_roles(ctx.route, draft)
    if not missing:
        return []
    return [
        Blocker(
            "composition",
            f"bij {forum_the(draft.forum)} horen volgens de route ook: "
            + ", ".join(r.label for r in missing),
            'noem wie er was met --attendee "naam;functie;rol" (de functie zegt wie het is, '
            "bijvoorbeeld schoolmaatschappelijk werker), of leg vast waarom niet: "
            '--override composition="reden"',
        )
    ]


def basis_for_table(ctx: Context) -> list[Blocker]:
    """A doorbraak table (gemeente, samenwerkingsverband, care providers) hears about the
    pupil by name only with a valid basis for the MDO or the ZAT whose case it takes up:
    the policy layer names the table as a recipient or not."""
    if recipients(ctx.data, ctx.route, ctx.config, DocumentSpec("table"), ctx.day):
        return []
    return [
        Blocker(
            "basis_for_table",
            "geen geldige grondslag om de leerling bij naam voor te leggen aan een "
            f"doorbraaktafel op {format_date(ctx.day)}: er is geen geldige toestemming of "
            "kennisgeving voor het MDO of het ZAT",
            f"leg de toestemming van de ouders vast: zorgroute consent {_cid(ctx)} --forum mdo ...",
            overridable=False,
        )
    ]


def stuck_past_norm(ctx: Context) -> list[Blocker]:
    """A doorbraak only for a case stuck past the route's norm, for the reason given."""
    draft = ctx.draft
    if not isinstance(draft, Doorbraak):
        return []
    problem = doorbraak_problem(ctx.data, ctx.config, ctx.route, ctx.state, draft, ctx.day)
    if problem is None:
        return []
    return [
        Blocker(
            "stuck_past_norm",
            problem,
            f"zorgroute status {_cid(ctx)} toont waar het dossier vastzit en sinds wanneer",
        )
    ]


def plan_of_type(
    ctx: Context, plan_type: str = "opp", parents_agreed: bool = True
) -> list[Blocker]:
    """A plan of a kind exists (an OPP before extra support), signed by the parents."""
    wanted = PlanType(plan_type)
    plans = [p for p in ctx.records(Plan) if p.plan_type == wanted]
    if plans and (not parents_agreed or any(p.parents_agreed for p in plans)):
        return []
    why = (
        f"er is geen {wanted.label}"
        if not plans
        else f"de ouders hebben het {wanted.label} nog niet ondertekend"
    )
    return [
        Blocker(
            "plan_of_type",
            why,
            f"zorgroute plan {_cid(ctx)} --type {wanted.value} ... --parents-agreed JJJJ-MM-DD",
        )
    ]


RECORD_FIX = {
    "signal": 'signal {case} --category ... --description "..."',
    "plan": "plan {case}",
    "conversation": "talk {case}",
}


def record_exists(ctx: Context, kind: str = "signal") -> list[Blocker]:
    """A record of a kind is in the dossier (an aanmeldformulier needs the signal)."""
    from zorgroute.model.records import RECORD_LABELS, RECORD_TYPES

    if ctx.records(RECORD_TYPES[kind]):
        return []
    command = RECORD_FIX.get(kind, kind.replace("_", "-") + " {case}")
    return [
        Blocker(
            "record_exists",
            f"het dossier heeft nog geen {RECORD_LABELS.get(kind, kind)}",
            "zorgroute " + command.format(case=_cid(ctx)),
        )
    ]


# --- case status ------------------------------------------------------------------------


def open_case(ctx: Context) -> list[Blocker]:
    if not ctx.state.closed:
        return []
    return [
        Blocker(
            "open_case",
            "het dossier is afgesloten",
            f'zorgroute reopen {_cid(ctx)} --reason "..."',
            overridable=False,
        )
    ]


def closed_case(ctx: Context) -> list[Blocker]:
    if ctx.state.closed:
        return []
    return [Blocker("closed_case", "het dossier is niet afgesloten", "", overridable=False)]


def plan_exists(ctx: Context) -> list[Blocker]:
    plan_id = ctx.draft_field("plan")
    plans = {e.id for e in ctx.data.entries if isinstance(e.record, Plan)}
    if plan_id is None and plans or plan_id in plans:
        return []
    return [
        Blocker(
            "plan_exists",
            "er is geen plan om te evalueren"
            if not plans
            else f"plan {plan_id} bestaat niet in dit dossier",
            f"zorgroute plan {_cid(ctx)}",
            overridable=False,
        )
    ]


def referral_exists(ctx: Context) -> list[Blocker]:
    ref = ctx.draft_field("referral")
    refs = {e.id for e in ctx.data.entries if isinstance(e.record, Referral)}
    if ref is None and refs or ref in refs:
        return []
    return [
        Blocker(
            "referral_exists",
            "er is geen verwijzing om terugkoppeling bij vast te leggen",
            f"zorgroute refer {_cid(ctx)}",
            overridable=False,
        )
    ]


# --- the table of rules -------------------------------------------------------------------


# --- documents: what a form needs before it can be made ----------------------------------
# Rules a document declares in the catalogue (`documents/catalogue.py`). The step that makes
# the document is judged by them too, so a step never passes and then its document refuses.


def contact_person(ctx: Context) -> list[Blocker]:
    """A form for a partner names the school's contact person (IB or zorgcoördinator)."""
    from zorgroute.model.vocab import Role

    for role in (Role.ib, Role.zorgcoordinator, Role.zorgspecialist):
        if ctx.config.person(role) is not None:
            return []
    return [
        Blocker(
            "contact_person",
            "in zorgroute.yaml staat geen intern begeleider of zorgcoördinator: de partner "
            "weet niet wie het aanspreekpunt is",
            "voeg onder people in zorgroute.yaml een persoon toe met role: ib, name en "
            "telefoon of e-mail",
            overridable=False,
        )
    ]


def attachments_shared(ctx: Context, forum: Forum | str = Forum.zat) -> list[Blocker]:
    """Every attachment of a registration is named in the consent for that forum."""
    attachments = list(ctx.draft_field("attachments") or [])
    if not attachments:
        return []
    verdict = may_discuss(ctx.data, ctx.route, ctx.config, Forum(forum), ctx.day)
    basis = basis_record(ctx.data, verdict, ctx.day)
    shared = {s.strip().lower() for s in basis.shared_documents} if basis is not None else set()
    return [
        Blocker(
            "attachments_shared",
            f"voor bijlage {number} hebben de ouders geen toestemming gegeven (die staat "
            "niet in de toestemming voor dit overleg)",
            f"laat de bijlage weg, of leg de toestemming vast: zorgroute consent {_cid(ctx)} "
            f'--forum {forum} --basis written_consent --shared-document "..."',
            overridable=False,
        )
        for number, item in enumerate(attachments, 1)
        if item.strip().lower() not in shared
    ]


def signed_by(ctx: Context, document: str, refers_to: str | None = None) -> set[str]:
    """Everyone who signed a document (of a kind, optionally one record) by the day."""
    from zorgroute.model.records import Signature

    out: set[str] = set()
    for rec in ctx.records(Signature):
        if rec.document.value == document and (refers_to is None or rec.refers_to == refers_to):
            out |= set(rec.signed_by)
    return out


def tlv_parts(ctx: Context) -> list[Blocker]:
    """Everything the SWV needs in a request for a toelaatbaarheidsverklaring (TLV)."""
    from zorgroute.model.records import ExpertAdvice, Opp
    from zorgroute.model.vocab import Expertise
    from zorgroute.policy.consent import consenters

    cid = _cid(ctx)
    out: list[Blocker] = []
    opps = [e for e in ctx.data.entries if isinstance(e.record, Opp) and e.record.date <= ctx.day]
    if not opps:
        out.append(
            Blocker(
                "tlv_parts",
                "er is geen ontwikkelingsperspectiefplan (OPP); het samenwerkingsverband "
                "vraagt het bij elke aanvraag",
                f'zorgroute opp {cid} --perspective "..." --supporting "..." --hindering "..." '
                '--support "..." --evaluation-date JJJJ-MM-DD',
            )
        )
    else:
        latest = opps[-1]
        assert isinstance(latest.record, Opp)
        if latest.record.parents_agreed is None and not signed_by(ctx, "opp", latest.id):
            out.append(
                Blocker(
                    "tlv_parts",
                    "de ouders hebben nog niet ingestemd met het handelingsdeel van het OPP",
                    f"zorgroute sign {cid} --document opp --record {latest.id} --signed-by ...",
                )
            )
    advice = ctx.records(ExpertAdvice)
    behavioural = [
        a for a in advice if a.expertise in (Expertise.orthopedagoog, Expertise.psycholoog)
    ]
    if not behavioural:
        out.append(
            Blocker(
                "tlv_parts",
                "het advies van een orthopedagoog of psycholoog ontbreekt",
                f'zorgroute advice {cid} --expertise orthopedagoog --expert "naam" --advice "..."',
            )
        )
    experts = {a.expert.strip().lower() for a in advice}
    if len(experts) < 2:
        out.append(
            Blocker(
                "tlv_parts",
                "het advies van een tweede deskundige ontbreekt",
                f'zorgroute advice {cid} --expertise jeugdarts --expert "naam" --advice "..."',
            )
        )
    views = [
        c
        for c in ctx.records(Conversation)
        if c.parents_view and Participant.parents in c.participants
    ]
    if not views:
        out.append(
            Blocker(
                "tlv_parts",
                "de zienswijze van de ouders op de aanvraag is niet vastgelegd",
                f'zorgroute talk {cid} --contact referral --with parents --parents-view "..."',
            )
        )
    need = set(consenters(ctx.data.case, ctx.day, ctx.route.consent).ids)
    missing = need - signed_by(ctx, "tlv_request")
    if missing:
        out.append(
            Blocker(
                "tlv_parts",
                f"de aanvraag is nog niet ondertekend door {len(missing)} van de "
                f"{len(need)} mensen die moeten tekenen (ouders met gezag, en de leerling "
                "vanaf 12 jaar)",
                f"zorgroute sign {cid} --document tlv_request --signed-by "
                + " --signed-by ".join(sorted(missing)),
            )
        )
    return out


class NoParams(Model):
    """Deze regel heeft geen instellingen."""


class HelpQuestionParams(Model):
    min_words: int = F("Minstens zoveel woorden", default=5, ge=1, le=50)


class EvaluatedPlansParams(Model):
    min: int = F("Minstens zoveel geëvalueerde plannen", default=1, ge=0, le=20)


class ConversationBeforeParams(Model):
    contact: ContactKind = F(
        "Soort gesprek", vocab=ContactKind, default=ContactKind.before_care_team
    )
    leaflet: bool = F("Folder meegegeven", default=False)
    question_together: bool = F("Hulpvraag samen geformuleerd", default=False)
    parents_view: bool = F("Zienswijze van de ouders vastgelegd", default=False)


class ForumParams(Model):
    forum: Forum | None = F("Overleg", vocab=Forum, default=None)


class AttachmentsParams(Model):
    forum: Forum = F("Overleg", vocab=Forum, default=Forum.zat)


class RegisteredParams(Model):
    record: Literal["care_team_registration", "zat_registration"] = F(
        "Aanmelding", default="care_team_registration"
    )


class DecisionParams(Model):
    forum: Forum = F("Overleg", vocab=Forum, default=Forum.zorgteam)
    decision: Decision = F("Besluit", vocab=Decision, default=Decision.pass_to_zat)


class PlanOfTypeParams(Model):
    plan_type: PlanType = F("Soort plan", vocab=PlanType, default=PlanType.opp)
    parents_agreed: bool = F("Door de ouders ondertekend", default=True)


class RecordExistsParams(Model):
    kind: str = F("Soort record", default="signal")

    @field_validator("kind")
    @classmethod
    def _known(cls, value: str) -> str:
        from zorgroute.model.records import RECORD_TYPES

        if value not in RECORD_TYPES:
            raise ValueError("onbekend soort record; kies uit: " + ", ".join(RECORD_TYPES))
        return value


class SdqScoreParams(Model):
    scale: str = F("Schaal", "Bijvoorbeeld total, emotional, hyperactivity.", default="total")
    at_least: Literal["borderline", "abnormal"] = F(
        "Minstens", "borderline (verhoogd) of abnormal (hoog).", default="borderline"
    )
    within_days: int = F("Niet ouder dan (dagen)", default=365, ge=1, le=1000)


def sdq_score(
    ctx: Context, scale: str = "total", at_least: str = "borderline", within_days: int = 365
) -> list[Blocker]:
    """A step that rests on a questionnaire: an SDQ from the last `within_days` days with a
    raised score on `scale`."""
    from zorgroute.domain.instruments import BAND_LABELS, elevated
    from zorgroute.store.instruments import sdq_config

    config = sdq_config(ctx.repo)
    since = ctx.day - dt.timedelta(days=within_days)
    if any(
        since <= s.date <= ctx.day and elevated(s, config, scale, at_least)
        for s in ctx.records(Sdq)
    ):
        return []
    return [
        Blocker(
            "sdq_score",
            f"er is geen SDQ van de laatste {within_days} dagen met een score "
            f"'{BAND_LABELS[at_least]}' of hoger op {config.title(scale)}",
            f"zorgroute sdq {_cid(ctx)} --version teacher|parent|self --answers "
            '"0,1,2,..." (25 antwoorden)',
        )
    ]


@dataclass(frozen=True)
class Rule:
    """A rule a route can name: the function and the model of its parameters."""

    check: RuleFn
    params: type[Model]


RULES: dict[str, Rule] = {
    "help_question": Rule(help_question, HelpQuestionParams),
    "trigger": Rule(trigger, NoParams),
    "evaluated_plans": Rule(evaluated_plans, EvaluatedPlansParams),
    "tried_with_results": Rule(tried_with_results, NoParams),
    "conversation_before": Rule(conversation_before, ConversationBeforeParams),
    "pending_conversations": Rule(pending_conversations, NoParams),
    "basis_for_discussion": Rule(basis_for_discussion, ForumParams),
    "registered": Rule(registered, RegisteredParams),
    "decision": Rule(decision, DecisionParams),
    "concrete_actions": Rule(concrete_actions, NoParams),
    "handelingsverlegenheid": Rule(handelingsverlegenheid, NoParams),
    "directeur_signoff": Rule(directeur_signoff, NoParams),
    "local_team_of_home_municipality": Rule(local_team_of_home_municipality, NoParams),
    "known_partner": Rule(known_partner, NoParams),
    "parents_present": Rule(parents_present, NoParams),
    "composition": Rule(composition, NoParams),
    "stuck_past_norm": Rule(stuck_past_norm, NoParams),
    "basis_for_table": Rule(basis_for_table, NoParams),
    "plan_of_type": Rule(plan_of_type, PlanOfTypeParams),
    "record_exists": Rule(record_exists, RecordExistsParams),
    "open_case": Rule(open_case, NoParams),
    "closed_case": Rule(closed_case, NoParams),
    "plan_exists": Rule(plan_exists, NoParams),
    "referral_exists": Rule(referral_exists, NoParams),
    "contact_person": Rule(contact_person, NoParams),
    "attachments_shared": Rule(attachments_shared, AttachmentsParams),
    "tlv_parts": Rule(tlv_parts, NoParams),
    "sdq_score": Rule(sdq_score, SdqScoreParams),
}


def rule_params(name: str, params: dict[str, Any]) -> Model:
    """A rule's parameters, validated against the rule's own model (raises ValidationError)."""
    return RULES[name].params.model_validate(params)


def _applies(ctx: Context, ref: RuleRef) -> bool:
    if not ref.when:
        return True
    if ctx.draft is None:
        return False  # conditional rules apply once the record's content is known
    for key, wanted in ref.when.items():
        value = getattr(ctx.draft, key, None)
        if str(getattr(value, "value", value)) not in wanted:
            return False
    return True


def evaluate(ctx: Context, requires: list[RuleRef]) -> list[Blocker]:
    """Run a route's rule references against a context; honour `when` filters."""
    blockers: list[Blocker] = []
    for ref in requires:
        if not _applies(ctx, ref):
            continue
        rule = RULES[ref.rule]
        params = rule.params.model_validate(ref.params)
        found = rule.check(ctx, **{k: getattr(params, k) for k in type(params).model_fields})
        if not ref.overridable:
            found = [Blocker(b.rule, b.message, b.fix, False) for b in found]
        blockers += found
    return blockers
