"""The step commands: each records one act of the route, after its rules pass."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Annotated, Any

import typer

from zorgroute.errors import UsageError
from zorgroute.model.vocab import (
    Basis,
    CareFor,
    Category,
    ClosureReason,
    ContactKind,
    Decision,
    Destination,
    ExceptionGround,
    FeedbackKind,
    Forum,
    Initiative,
    Outcome,
    Participant,
    PlanType,
    Purpose,
    ReferralStatus,
    Role,
    Setting,
    Since,
    Trigger,
)

from .app import app
from .common import Ask, Options, console, fill, lazy, opts, parse_date, warn

if TYPE_CHECKING:
    from zorgroute.store.repo import Repository

engine = lazy("zorgroute.domain.engine")
models = lazy("zorgroute.model.records")
rules = lazy("zorgroute.domain.rules")

CaseArg = Annotated[str, typer.Argument(help="Dossiernummer.")]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", help="Datum van wat er gebeurde (JJJJ-MM-DD); anders vandaag."),
]
ByOpt = Annotated[
    str | None,
    typer.Option(
        "--by", help="Wie dit vastlegt (anders $ZORGROUTE_USER of de IB uit zorgroute.yaml)."
    ),
]
OverrideOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--override",
        help="Sla een regel bewust over: REGEL=reden. Wordt vastgelegd en in elk "
        "overzicht getoond. De grondslag voor bespreking kan niet worden overgeslagen.",
    ),
]


def recorder(repo: Repository, by: str | None) -> str:
    if by:
        return by
    if os.environ.get("ZORGROUTE_USER"):
        return os.environ["ZORGROUTE_USER"]
    for role in (Role.ib, Role.zorgcoordinator, Role.zorgspecialist):
        person = repo.config.person(role)
        if person:
            return f"{person.name} ({role.label})"
    return "onbekend"


def _overrides(items: list[str] | None) -> dict[str, str]:
    out = {}
    for item in items or []:
        rule, sep, reason = item.partition("=")
        if not sep or not reason.strip():
            raise UsageError(
                f"--override {rule}: de reden ontbreekt",
                hint='schrijf --override REGEL="reden waarom"',
            )
        out[rule.strip()] = reason.strip()
    return out


def _run(
    ctx: typer.Context,
    case: str,
    command: str,
    kind: str,
    fields: dict[str, Any],
    date: str | None,
    by: str | None,
    override: list[str] | None = None,
) -> None:
    """Record one act and print what happened and what is next."""
    from zorgroute.documents.catalogue import documents_for_act

    o = opts(ctx)
    repo = o.repository()
    day = parse_date(date) if date else o.today
    if day > o.today:
        raise UsageError(
            "de datum ligt na vandaag",
            hint="leg vast wat gebeurd is; plan toekomstige zaken als afspraak",
        )
    done = engine.perform(
        repo,
        case,
        command,
        kind,
        fields,
        day=day,
        by=recorder(repo, by),
        overrides=_overrides(override),
        documents=documents_for_act,
    )
    for warning in done.warnings:
        warn(warning)
    out = console()
    out.print(f"vastgelegd: {repo.rel(done.path)}", markup=False)
    for doc in done.documents:
        out.print(f"document: {repo.rel(doc)}", markup=False)
    for ov in done.verdict.overridden:
        out.print(f"regel overgeslagen: {ov.rule} ({ov.reason})", markup=False)
    _print_next(repo, case, o)


def _print_next(repo: Repository, case: str, o: Options) -> None:
    loaded = engine.load(repo, case)
    out = console()
    out.print(f"stap nu: {loaded.state.step_title}", markup=False)
    for verdict in engine.next_acts(loaded, o.today):
        if verdict.allowed:
            out.print(
                f"  kan nu: {verdict.act.title} (zorgroute {verdict.act.command})", markup=False
            )
        else:
            out.print(
                f"  nog nodig voor {verdict.act.title}: "
                + "; ".join(b.message for b in verdict.blockers),
                markup=False,
            )
    for p in loaded.state.pending:
        out.print(
            f"  open: {p.contact.label} met de ouders, uiterlijk {p.due.isoformat()}", markup=False
        )


def _values(enum_list: list[Any] | None) -> list[str]:
    return [e.value if hasattr(e, "value") else str(e) for e in enum_list or []]


# --- signal ------------------------------------------------------------------------------


@app.command("signal")
def signal_cmd(
    ctx: typer.Context,
    case: CaseArg,
    observed_by: Annotated[str | None, typer.Option(help="Wie het zag (naam of functie).")] = None,
    setting: Annotated[
        list[Setting] | None, typer.Option(help="Waar het zich laat zien; herhaal voor meer.")
    ] = None,
    since: Annotated[Since | None, typer.Option(help="Sinds wanneer.")] = None,
    category: Annotated[
        list[Category] | None, typer.Option(help="Soort probleem; herhaal voor meer.")
    ] = None,
    description: Annotated[str | None, typer.Option(help="Wat is gezien, concreet.")] = None,
    initiative: Annotated[Initiative, typer.Option(help="Wie bracht het in.")] = Initiative.teacher,
    worrying_results: Annotated[
        bool, typer.Option(help="Zorgwekkende resultaten (3 mnd).")
    ] = False,
    unauthorised_absence: Annotated[
        bool, typer.Option(help="Ongeoorloofd verzuim (3 mnd).")
    ] = False,
    worrying_absence: Annotated[bool, typer.Option(help="Zorgwekkend verzuim (3 mnd).")] = False,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg een signaal vast: wat is gezien, waar, sinds wanneer."""
    o = opts(ctx)
    values = fill(
        {
            "observed_by": observed_by,
            "settings": _values(setting),
            "since": since,
            "categories": _values(category),
            "description": description,
        },
        [
            Ask("observed_by", "--observed-by", "Wie zag het"),
            Ask("settings", "--setting", "Waar (komma's tussen meer)", _split_enum(Setting)),
            Ask("since", "--since", "Sinds wanneer", choices=tuple(s.value for s in Since)),
            Ask(
                "categories",
                "--category",
                "Soort problemen (komma's tussen meer)",
                _split_enum(Category),
            ),
            Ask("description", "--description", "Wat is er gezien"),
        ],
        o,
    )
    values["initiative"] = initiative
    values["last_three_months"] = {
        "worrying_results": worrying_results,
        "unauthorised_absence": unauthorised_absence,
        "worrying_absence": worrying_absence,
    }
    _run(ctx, case, "signal", "signal", values, date, by)


def _split_enum(enum: Any) -> Any:
    def parse(text: str) -> list[str]:
        items = [p.strip() for p in text.split(",") if p.strip()]
        bad = [i for i in items if i not in {e.value for e in enum}]
        if bad or not items:
            raise ValueError("kies uit: " + ", ".join(e.value for e in enum))
        return items

    return parse


# --- plan and evaluate ---------------------------------------------------------------------


@app.command("plan")
def plan_cmd(
    ctx: typer.Context,
    case: CaseArg,
    plan_type: Annotated[
        PlanType, typer.Option("--type", help="Soort plan.")
    ] = PlanType.group_plan,
    area: Annotated[str | None, typer.Option(help="Vak- of ontwikkelingsgebied.")] = None,
    needs: Annotated[str | None, typer.Option(help="Onderwijsbehoeften.")] = None,
    goal: Annotated[
        list[str] | None, typer.Option(help="Doel (concreet, toetsbaar); herhaal voor meer.")
    ] = None,
    approach: Annotated[str | None, typer.Option(help="Aanpak.")] = None,
    provision: Annotated[list[str] | None, typer.Option(help="Middel of voorziening.")] = None,
    responsible: Annotated[str | None, typer.Option(help="Wie voert het uit.")] = None,
    start: Annotated[str | None, typer.Option(help="Begin (JJJJ-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option(help="Einde (JJJJ-MM-DD).")] = None,
    evaluation_date: Annotated[str | None, typer.Option(help="Evaluatiedatum.")] = None,
    parents_agreed: Annotated[str | None, typer.Option(help="Door ouders ondertekend op.")] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg een plan vast: groepsplan, handelingsplan of OPP, met doelen en evaluatiedatum."""
    o = opts(ctx)
    values = fill(
        {
            "area": area,
            "goals": goal,
            "approach": approach,
            "responsible": responsible,
            "start": start,
            "end": end,
            "evaluation_date": evaluation_date,
        },
        [
            Ask("area", "--area", "Vak- of ontwikkelingsgebied"),
            Ask("goals", "--goal", "Doel (concreet en toetsbaar)", lambda s: [s]),
            Ask("approach", "--approach", "Aanpak"),
            Ask("responsible", "--responsible", "Wie voert het uit"),
            Ask("start", "--start", "Begin (JJJJ-MM-DD)", lambda s: parse_date(s).isoformat()),
            Ask("end", "--end", "Einde (JJJJ-MM-DD)", lambda s: parse_date(s).isoformat()),
            Ask(
                "evaluation_date",
                "--evaluation-date",
                "Evaluatiedatum (JJJJ-MM-DD)",
                lambda s: parse_date(s).isoformat(),
            ),
        ],
        o,
    )
    values.update(
        plan_type=plan_type, needs=needs, provisions=provision, parents_agreed=parents_agreed
    )
    _run(ctx, case, "plan", "plan", values, date, by)


@app.command("evaluate")
def evaluate_cmd(
    ctx: typer.Context,
    case: CaseArg,
    plan: Annotated[
        str | None,
        typer.Option(help="Record-id van het plan (anders het laatste plan zonder evaluatie)."),
    ] = None,
    outcome: Annotated[Outcome | None, typer.Option(help="Resultaat.")] = None,
    what_worked: Annotated[str | None, typer.Option(help="Wat werkte.")] = None,
    what_did_not: Annotated[str | None, typer.Option(help="Wat niet werkte.")] = None,
    next_step: Annotated[str | None, typer.Option(help="Vervolg.")] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Evalueer een plan: doel gehaald, deels of niet, en wat werkte."""
    o = opts(ctx)
    repo = o.repository()
    if plan is None:
        plan = _latest_unevaluated_plan(repo, case)
    values = fill(
        {"plan": plan, "outcome": outcome, "what_worked": what_worked},
        [
            Ask("outcome", "--outcome", "Resultaat", choices=tuple(x.value for x in Outcome)),
            Ask("what_worked", "--what-worked", "Wat werkte"),
        ],
        o,
    )
    values.update(what_did_not=what_did_not, next_step=next_step)
    _run(ctx, case, "evaluate", "evaluation", values, date, by)


def _latest_unevaluated_plan(repo: Repository, case: str) -> str | None:
    data = repo.require_case(case)
    evaluated = {getattr(e.record, "plan", None) for e in data.entries if e.kind == "evaluation"}
    plans = [
        e.id for e in data.entries if isinstance(e.record, models.Plan) and e.id not in evaluated
    ]
    return plans[-1] if plans else None


# --- talk and consent ------------------------------------------------------------------------


@app.command("talk")
def talk_cmd(
    ctx: typer.Context,
    case: CaseArg,
    contact: Annotated[ContactKind | None, typer.Option(help="Soort gesprek.")] = None,
    with_: Annotated[
        list[Participant] | None, typer.Option("--with", help="Wie waren erbij; herhaal voor meer.")
    ] = None,
    adult: Annotated[
        list[str] | None,
        typer.Option(help="Korte naam van een volwassene uit het gezin; herhaal voor meer."),
    ] = None,
    discussed: Annotated[str | None, typer.Option(help="Wat is besproken.")] = None,
    parents_view: Annotated[str | None, typer.Option(help="Zienswijze van de ouders.")] = None,
    pupil_view: Annotated[str | None, typer.Option(help="Wat de leerling zegt.")] = None,
    parents_questions: Annotated[
        str | None, typer.Option(help="Eigen vragen van de ouders.")
    ] = None,
    home_situation: Annotated[str | None, typer.Option(help="Thuissituatie.")] = None,
    leaflet_given: Annotated[bool, typer.Option(help="Folder meegegeven.")] = False,
    question_together: Annotated[bool, typer.Option(help="Hulpvraag samen geformuleerd.")] = False,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg een gesprek met ouders en/of leerling vast: wie, wat, hun zienswijze en vragen."""
    o = opts(ctx)
    values = fill(
        {"contact": contact, "participants": _values(with_), "discussed": discussed},
        [
            Ask(
                "contact", "--contact", "Soort gesprek", choices=tuple(c.value for c in ContactKind)
            ),
            Ask(
                "participants",
                "--with",
                "Wie waren erbij (komma's tussen meer)",
                _split_enum(Participant),
            ),
            Ask("discussed", "--discussed", "Wat is besproken"),
        ],
        o,
    )
    values.update(
        adults=adult,
        parents_view=parents_view,
        pupil_view=pupil_view,
        parents_questions=parents_questions,
        home_situation=home_situation,
        leaflet_given=leaflet_given,
        question_together=question_together,
    )
    _run(ctx, case, "talk", "conversation", values, date, by)


@app.command("consent")
def consent_cmd(
    ctx: typer.Context,
    case: CaseArg,
    basis: Annotated[
        Basis | None,
        typer.Option(
            help="Soort: toestemming, kennisgeving, "
            "bezwaar, weigering, intrekking, anoniem of "
            "uitzondering."
        ),
    ] = None,
    forum: Annotated[Forum | None, typer.Option(help="Voor welk overleg.")] = None,
    purpose: Annotated[list[Purpose] | None, typer.Option(help="Doel; herhaal voor meer.")] = None,
    partner: Annotated[list[str] | None, typer.Option(help="Bij naam genoemde partner.")] = None,
    given_by: Annotated[
        list[str] | None,
        typer.Option(help="Korte naam van de volwassene, of 'pupil'; herhaal voor meer."),
    ] = None,
    objection_deadline: Annotated[
        str | None,
        typer.Option(help="Einde bezwaartermijn (anders: datum + termijn uit zorgroute.yaml)."),
    ] = None,
    refers_to: Annotated[
        str | None, typer.Option(help="Bij bezwaar of intrekking: het record waar het om gaat.")
    ] = None,
    at_enrolment: Annotated[
        bool, typer.Option(help="Gegeven bij inschrijving (telt niet).")
    ] = False,
    ground: Annotated[
        ExceptionGround | None, typer.Option(help="Bij uitzondering: de grond.")
    ] = None,
    motivation: Annotated[str | None, typer.Option(help="Bij uitzondering: motivering.")] = None,
    decided_by: Annotated[str | None, typer.Option(help="Bij uitzondering: de directeur.")] = None,
    shared_document: Annotated[
        list[str] | None, typer.Option(help="Stuk dat gedeeld mag worden; herhaal voor meer.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Toelichting.")] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg een grondslag vast om de leerling te bespreken, of een bezwaar of intrekking."""
    o = opts(ctx)
    repo = o.repository()
    values = fill(
        {"basis": basis, "forum": forum},
        [
            Ask("basis", "--basis", "Soort", choices=tuple(b.value for b in Basis)),
            Ask("forum", "--forum", "Voor welk overleg", choices=tuple(f.value for f in Forum)),
        ],
        o,
    )
    day = parse_date(date) if date else o.today
    if Basis(values["basis"]) == Basis.no_objection_notice and objection_deadline is None:
        period = repo.config.settings.objection_period_days
        objection_deadline = (day + dt.timedelta(days=period)).isoformat()
    values.update(
        purposes=_values(purpose) or None,
        partners=partner,
        given_by=given_by,
        objection_deadline=objection_deadline,
        refers_to=refers_to,
        at_enrolment=at_enrolment,
        ground=ground,
        motivation=motivation,
        decided_by=decided_by,
        shared_documents=shared_document,
        note=note,
    )
    _run(ctx, case, "consent", "consent", values, date, by)


# --- zorgteam, meetings, ZAT ----------------------------------------------------------------


@app.command("care-team")
def care_team_cmd(
    ctx: typer.Context,
    case: CaseArg,
    trigger: Annotated[
        list[Trigger] | None, typer.Option(help="Aanleiding; herhaal voor meer.")
    ] = None,
    help_question: Annotated[str | None, typer.Option(help="De hulpvraag, als vraag.")] = None,
    direct_reason: Annotated[
        str | None, typer.Option(help="Reden om eerdere stappen over te slaan (ernstige situatie).")
    ] = None,
    override: OverrideOpt = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Meld de leerling aan bij het zorgteam van de school, met aanleiding en hulpvraag."""
    o = opts(ctx)
    values = fill(
        {"help_question": help_question},
        [Ask("help_question", "--help-question", "Hulpvraag aan het zorgteam")],
        o,
    )
    values.update(triggers=_values(trigger), direct_reason=direct_reason)
    _run(ctx, case, "care-team", "care_team_registration", values, date, by, override)


def _split(text: str, n: int, option: str, example: str) -> list[str]:
    parts = [p.strip() for p in text.split(";")]
    if len(parts) < n:
        raise UsageError(
            f"{option} verwacht {n} delen gescheiden door ;",
            hint=f'bijvoorbeeld {option} "{example}"',
        )
    return parts[: n - 1] + [";".join(parts[n - 1 :])]


@app.command("meeting")
def meeting_cmd(
    ctx: typer.Context,
    case: CaseArg,
    forum: Annotated[Forum | None, typer.Option(help="Welk overleg.")] = None,
    attendee: Annotated[
        list[str] | None,
        typer.Option(
            help='Aanwezige: "naam;functie;rol" (rol: chair, minutes, presenter, member, '
            "guest); herhaal voor elke aanwezige."
        ),
    ] = None,
    parents_present: Annotated[bool, typer.Option(help="Ouders waren erbij.")] = False,
    pupil_present: Annotated[bool, typer.Option(help="Leerling was erbij.")] = False,
    anonymous: Annotated[bool, typer.Option(help="Anoniem besproken.")] = False,
    question: Annotated[str | None, typer.Option(help="Vraag aan het overleg.")] = None,
    problem: Annotated[str | None, typer.Option(help="Probleemstelling.")] = None,
    analysis: Annotated[str | None, typer.Option(help="Analyse.")] = None,
    plan: Annotated[str | None, typer.Option(help="Plan.")] = None,
    decision: Annotated[
        list[Decision] | None, typer.Option(help="Besluit; herhaal voor meer.")
    ] = None,
    decision_notes: Annotated[str | None, typer.Option(help="Toelichting op de besluiten.")] = None,
    action: Annotated[
        list[str] | None,
        typer.Option(help='Afspraak: "wie;wat;JJJJ-MM-DD"; herhaal voor elke afspraak.'),
    ] = None,
    confidential: Annotated[
        list[str] | None,
        typer.Option(
            help='Vertrouwelijke bijdrage: "van;overleggen;tekst" (overleggen met komma\'s, '
            "bijvoorbeeld zorgteam,zat)."
        ),
    ] = None,
    override: OverrideOpt = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg een overleg vast (groepsbespreking, zorgteam, ZAT, MDO) met besluiten en afspraken."""
    o = opts(ctx)
    values = fill(
        {"forum": forum, "attendees": attendee},
        [
            Ask("forum", "--forum", "Welk overleg", choices=tuple(f.value for f in Forum)),
            Ask(
                "attendees",
                "--attendee",
                "Aanwezigen (naam;functie;rol, met | ertussen)",
                lambda s: [a for a in s.split("|") if a.strip()],
            ),
        ],
        o,
    )
    attendees = []
    for item in values["attendees"]:
        name, function, role = _split(
            item + (";member" if item.count(";") == 1 else ""),
            3,
            "--attendee",
            "A. Jansen;leerkracht;presenter",
        )
        attendees.append({"name": name, "function": function, "role": role or "member"})
    actions = []
    for n, item in enumerate(action or [], start=1):
        found = rules.action_from_text(item, n)
        actions.append({**found, "due": parse_date(found["due"]).isoformat()})
    notes = []
    for item in confidential or []:
        by_whom, forums, text = _split(
            item, 3, "--confidential", "schoolmaatschappelijk werk;zorgteam;..."
        )
        notes.append(
            {"by": by_whom, "forums": [f.strip() for f in forums.split(",")], "text": text}
        )
    fields = {
        "forum": values["forum"],
        "attendees": attendees,
        "parents_present": parents_present,
        "pupil_present": pupil_present,
        "anonymous": anonymous,
        "question": question,
        "analysis": {
            k: v for k, v in (("problem", problem), ("diagnosis", analysis), ("plan", plan)) if v
        },
        "decisions": _values(decision),
        "decision_notes": decision_notes,
        "actions": actions,
        "confidential": notes,
    }
    _run(ctx, case, "meeting", "meeting", fields, date, by, override)


@app.command("escalate")
def escalate_cmd(
    ctx: typer.Context,
    case: CaseArg,
    help_question: Annotated[
        str | None, typer.Option(help="Hulpvraag aan het ZAT (anders die van het zorgteam).")
    ] = None,
    direct_reason: Annotated[
        str | None, typer.Option(help="Reden voor rechtstreekse aanmelding.")
    ] = None,
    attachment: Annotated[
        list[str] | None,
        typer.Option(help="Bijlage waarvoor ouders toestemming gaven; herhaal voor meer."),
    ] = None,
    override: OverrideOpt = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Bereid de aanmelding bij het ZAT voor en maak het aanmeldformulier."""
    o = opts(ctx)
    if help_question is None:
        data = o.repository().require_case(case)
        questions = [
            e.record.help_question
            for e in data.entries
            if isinstance(e.record, models.CareTeamRegistration)
        ]
        help_question = questions[-1] if questions else None
    values = fill(
        {"help_question": help_question},
        [Ask("help_question", "--help-question", "Hulpvraag aan het ZAT")],
        o,
    )
    values.update(direct_reason=direct_reason, attachments=attachment)
    _run(ctx, case, "escalate", "zat_registration", values, date, by, override)


# --- referral and feedback ------------------------------------------------------------------


@app.command("refer")
def refer_cmd(
    ctx: typer.Context,
    case: CaseArg,
    destination: Annotated[Destination | None, typer.Option(help="Bestemming.")] = None,
    institution: Annotated[
        str | None, typer.Option(help="Korte naam van de instelling uit de partnerlijst.")
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Reden van de verwijzing.")] = None,
    via: Annotated[str | None, typer.Option(help="Via (bijvoorbeeld het SWV).")] = None,
    contact: Annotated[str | None, typer.Option(help="Contactpersoon.")] = None,
    expected_feedback: Annotated[
        str | None, typer.Option(help="Terugkoppeling verwacht op (JJJJ-MM-DD).")
    ] = None,
    handelingsverlegenheid: Annotated[
        str | None,
        typer.Option(help="Waarom de school niet kan bieden wat nodig is (speciaal onderwijs)."),
    ] = None,
    signed_by: Annotated[str | None, typer.Option(help="Directeur die ondertekende.")] = None,
    signed_on: Annotated[str | None, typer.Option(help="Datum van ondertekening.")] = None,
    override: OverrideOpt = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Verwijs naar een instelling of andere school en maak de verwijsbrief."""
    o = opts(ctx)
    values = fill(
        {"destination": destination, "institution": institution, "reason": reason},
        [
            Ask(
                "destination",
                "--destination",
                "Bestemming",
                choices=tuple(d.value for d in Destination),
            ),
            Ask("institution", "--institution", "Instelling (korte naam uit de partnerlijst)"),
            Ask("reason", "--reason", "Reden van de verwijzing"),
        ],
        o,
    )
    signoff = None
    if signed_by:
        signoff = {"name": signed_by, "date": signed_on or (date or o.today.isoformat())}
    values.update(
        via=via,
        contact=contact,
        expected_feedback=expected_feedback,
        handelingsverlegenheid=handelingsverlegenheid,
        directeur_signoff=signoff,
    )
    _run(ctx, case, "refer", "referral", values, date, by, override)


@app.command("feedback")
def feedback_cmd(
    ctx: typer.Context,
    case: CaseArg,
    referral: Annotated[
        str | None, typer.Option(help="Record-id van de verwijzing (anders de laatste).")
    ] = None,
    kind: Annotated[
        FeedbackKind | None, typer.Option("--kind", help="Soort terugkoppeling.")
    ] = None,
    status: Annotated[
        ReferralStatus | None, typer.Option(help="Nieuwe stand van de verwijzing.")
    ] = None,
    content: Annotated[str | None, typer.Option(help="Wat de instelling meldde.")] = None,
    next_expected: Annotated[
        str | None, typer.Option(help="Volgende terugkoppeling verwacht op.")
    ] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg vast wat een instelling terugmeldde over een verwijzing."""
    o = opts(ctx)
    if referral is None:
        data = o.repository().require_case(case)
        refs = [e.id for e in data.entries if isinstance(e.record, models.Referral)]
        referral = refs[-1] if refs else None
    values = fill(
        {"referral": referral, "feedback": kind},
        [
            Ask(
                "feedback",
                "--kind",
                "Soort terugkoppeling",
                choices=tuple(k.value for k in FeedbackKind),
            )
        ],
        o,
    )
    values.update(status=status, content=content, next_expected=next_expected)
    _run(ctx, case, "feedback", "feedback", values, date, by)


@app.command("external-care")
def external_care_cmd(
    ctx: typer.Context,
    case: CaseArg,
    institution: Annotated[str | None, typer.Option(help="Instelling.")] = None,
    care: Annotated[str | None, typer.Option(help="Soort hulp.")] = None,
    care_for: Annotated[CareFor, typer.Option("--for", help="Voor wie.")] = CareFor.pupil,
    registered: Annotated[str | None, typer.Option(help="Aangemeld op.")] = None,
    start: Annotated[str | None, typer.Option(help="Gestart op.")] = None,
    end: Annotated[str | None, typer.Option(help="Beëindigd op.")] = None,
    goal: Annotated[str | None, typer.Option(help="Doel van de hulp.")] = None,
    end_reason: Annotated[str | None, typer.Option(help="Reden van beëindiging.")] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg hulp van buiten de school vast die loopt of liep."""
    o = opts(ctx)
    values = fill(
        {"institution": institution, "care": care},
        [Ask("institution", "--institution", "Instelling"), Ask("care", "--care", "Soort hulp")],
        o,
    )
    values.update(
        care_for=care_for,
        registered=registered,
        start=start,
        end=end,
        goal=goal,
        end_reason=end_reason,
    )
    _run(ctx, case, "external-care", "external_care", values, date, by)


# --- closing, reopening, dormant, corrections ---------------------------------------------------


@app.command("close")
def close_cmd(
    ctx: typer.Context,
    case: CaseArg,
    reason: Annotated[ClosureReason | None, typer.Option(help="Reden van afsluiten.")] = None,
    parents_told: Annotated[str | None, typer.Option(help="Wat de ouders is verteld.")] = None,
    aftercare_date: Annotated[
        str | None, typer.Option(help="Nazorg: controleren op (JJJJ-MM-DD).")
    ] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Sluit een dossier af, met reden; toont eerst verwijzingen die nog op antwoord wachten."""
    o = opts(ctx)
    loaded = engine.load(o.repository(), case)
    waiting = loaded.state.waiting_referrals()
    for r in waiting:
        warn(
            f"verwijzing naar {r.referral.institution} ({r.referral.destination.label}) "
            f"wacht nog op terugkoppeling: staat op '{r.status.label}'"
        )
    values = fill(
        {"reason": reason, "parents_told": parents_told},
        [
            Ask("reason", "--reason", "Reden", choices=tuple(r.value for r in ClosureReason)),
            Ask("parents_told", "--parents-told", "Wat is de ouders verteld"),
        ],
        o,
    )
    if waiting and aftercare_date is None:
        warn("geef met --aftercare-date een datum om na te gaan of de hulp echt is gestart")
    values["aftercare_date"] = aftercare_date
    _run(ctx, case, "close", "closure", values, date, by)


@app.command("reopen")
def reopen_cmd(
    ctx: typer.Context,
    case: CaseArg,
    reason: Annotated[str | None, typer.Option(help="Waarom het dossier weer open gaat.")] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Open een afgesloten dossier opnieuw, in de stap waar het was."""
    o = opts(ctx)
    values = fill({"reason": reason}, [Ask("reason", "--reason", "Reden")], o)
    _run(ctx, case, "reopen", "reopen", values, date, by)


@app.command("dormant")
def dormant_cmd(
    ctx: typer.Context,
    case: CaseArg,
    review_date: Annotated[
        str | None, typer.Option(help="Opnieuw bekijken op (JJJJ-MM-DD).")
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Waarom het dossier slaapt.")] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Laat een dossier slapen tot een herzieningsdatum."""
    o = opts(ctx)
    values = fill(
        {"review_date": review_date, "reason": reason},
        [
            Ask(
                "review_date",
                "--review-date",
                "Opnieuw bekijken op (JJJJ-MM-DD)",
                lambda s: parse_date(s).isoformat(),
            ),
            Ask("reason", "--reason", "Reden"),
        ],
        o,
    )
    _run(ctx, case, "dormant", "dormant", values, date, by)


@app.command("correct")
def correct_cmd(
    ctx: typer.Context,
    case: CaseArg,
    record: Annotated[str, typer.Argument(help="Record-id van het record dat niet klopt.")],
    field: Annotated[str | None, typer.Option(help="Welk veld.")] = None,
    value: Annotated[str | None, typer.Option(help="De juiste waarde.")] = None,
    reason: Annotated[
        str | None, typer.Option(help="Waarom (bijvoorbeeld verzoek van de ouders).")
    ] = None,
    requested_by: Annotated[str | None, typer.Option(help="Wie vroeg erom.")] = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg een correctie vast; het oude record blijft staan en zichtbaar in de geschiedenis."""
    o = opts(ctx)
    values = fill(
        {"field": field, "value": value, "reason": reason},
        [
            Ask("field", "--field", "Welk veld"),
            Ask("value", "--value", "Juiste waarde"),
            Ask("reason", "--reason", "Reden"),
        ],
        o,
    )
    values.update(supersedes=record, requested_by=requested_by)
    _run(ctx, case, "correct", "correction", values, date, by)


# --- actions -------------------------------------------------------------------------------------

action_app = typer.Typer(
    help="Afspraken: nieuw, gedaan, vervallen of doorgeschoven.", no_args_is_help=True
)
app.add_typer(action_app, name="action")


@action_app.command("add")
def action_add_cmd(
    ctx: typer.Context,
    case: CaseArg,
    owner: Annotated[str, typer.Option(help="Wie (naam of functie).")],
    description: Annotated[str, typer.Option(help="Wat er gedaan wordt.")],
    due: Annotated[str, typer.Option(help="Uiterlijk (JJJJ-MM-DD).")],
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg een afspraak vast buiten een overleg."""
    _run(
        ctx,
        case,
        "action",
        "action",
        {"owner": owner, "description": description, "due": parse_date(due).isoformat()},
        date,
        by,
    )


def _update(
    ctx: typer.Context,
    case: str,
    ref: str,
    status: str,
    new_due: str | None,
    note: str | None,
    date: str | None,
    by: str | None,
) -> None:
    known = {a.ref for a in engine.load(opts(ctx).repository(), case).state.actions}
    if ref not in known:
        raise UsageError(
            f"afspraak {ref} bestaat niet in dossier {case}; er is niets vastgelegd",
            hint=f"'zorgroute status {case}' toont de open afspraken met hun nummer (RECORD-ID#a1)",
        )
    _run(
        ctx,
        case,
        "action",
        "action_update",
        {"action": ref, "status": status, "new_due": new_due, "note": note},
        date,
        by,
    )


RefArg = Annotated[str, typer.Argument(help="De afspraak: RECORD-ID#a1 (zie zorgroute status).")]
NoteOpt = Annotated[str | None, typer.Option(help="Toelichting.")]


@action_app.command("done")
def action_done_cmd(
    ctx: typer.Context,
    case: CaseArg,
    ref: RefArg,
    note: NoteOpt = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Markeer een afspraak als gedaan."""
    _update(ctx, case, ref, "done", None, note, date, by)


@action_app.command("lapse")
def action_lapse_cmd(
    ctx: typer.Context,
    case: CaseArg,
    ref: RefArg,
    note: NoteOpt = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Markeer een afspraak als vervallen."""
    _update(ctx, case, ref, "lapsed", None, note, date, by)


@action_app.command("carry")
def action_carry_cmd(
    ctx: typer.Context,
    case: CaseArg,
    ref: RefArg,
    new_due: Annotated[str, typer.Option(help="Nieuwe datum (JJJJ-MM-DD).")],
    note: NoteOpt = None,
    date: DateOpt = None,
    by: ByOpt = None,
) -> None:
    """Schuif een afspraak door naar een nieuwe datum."""
    _update(ctx, case, ref, "carried_over", parse_date(new_due).isoformat(), note, date, by)
