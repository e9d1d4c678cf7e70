"""The step commands: each records one act of the route, after its rules pass.

In a terminal each command asks what its act needs (see `guide`): the record's required
fields, and whatever the route's rules still miss, keeping every answer. In a script the
options are used as given, and all missing options are named at once.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import typer

from zorgroute.errors import UsageError, ValidationFailed
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
    MeetingRole,
    Outcome,
    Participant,
    PlanType,
    Purpose,
    ReferralStatus,
    Setting,
    Since,
    Trigger,
)

from .app import app
from .common import (
    Ask,
    CaseArg,
    Options,
    complete_partner,
    complete_person,
    console,
    fill,
    iso,
    lazy,
    opts,
    parse_date,
    warn,
)
from .frame import (
    DutchTyper,
    ask_choice,
    ask_date,
    ask_text,
    confirm,
    date_option,
    vocab_option,
)
from .guide import (
    Guide,
    fields_read,
    forums_needing_basis,
    possible_after,
    problem_fields,
    required,
    route_needs,
)

if TYPE_CHECKING:
    from zorgroute.store.repo import Repository

engine = lazy("zorgroute.domain.engine")
models = lazy("zorgroute.model.records")
rules = lazy("zorgroute.domain.rules")

EvidenceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--evidence",
        help="Onderbouwing: het record-id van een SDQ, verzuim of toetsuitslag uit dit "
        "dossier; herhaal voor meer.",
        metavar="RECORD",
    ),
]
DateOpt = Annotated[str | None, date_option("Datum van wat er gebeurde; anders vandaag.", "--date")]
LateOpt = Annotated[
    str | None,
    typer.Option(
        "--late-entry",
        metavar="REDEN",
        help="Waarom dit pas nu wordt vastgelegd; nodig als het langer geleden gebeurde dan "
        "de termijn in zorgroute.yaml (settings: late_entry_days, standaard 365 dagen). "
        "Wordt bij het record bewaard.",
    ),
]
ByOpt = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="Wie dit vastlegt (anders $ZORGROUTE_USER of uw git-identiteit, bij een persoon "
        "in zorgroute.yaml).",
        autocompletion=complete_person,
    ),
]
OverrideOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--override",
        metavar="REGEL=REDEN",
        help="Sla een regel bewust over: REGEL=reden. Wordt vastgelegd en in elk "
        "overzicht getoond. De grondslag voor bespreking kan niet worden overgeslagen.",
    ),
]
DryRunOpt = Annotated[
    bool,
    typer.Option(
        "--dry-run", help="Toon wat er zou worden vastgelegd en wat daarna kan; schrijf niets."
    ),
]


def recorder(repo: Repository, by: str | None) -> str:
    from zorgroute.domain.people import recorder as who

    return who(repo, by)


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


def _day(o: Options, date: str | None) -> dt.date:
    day = parse_date(date) if date else o.today
    if day > o.today:
        raise UsageError(
            "de datum ligt na vandaag",
            hint="leg vast wat gebeurd is; plan toekomstige zaken als afspraak",
        )
    return day


def _guide(
    ctx: typer.Context,
    kind: str,
    values: dict[str, Any],
    options: dict[str, str] | None = None,
    custom: dict[str, Any] | None = None,
    extra: tuple[str, ...] = (),
) -> Guide:
    """Ask the record's required fields (and `extra`) that the options did not give."""
    model = models.RECORD_TYPES[kind]
    guide = Guide(model, values, opts(ctx).interactive, options, custom)
    guide.need([*required(model), *extra])
    return guide


def run_act(
    ctx: typer.Context,
    case: str,
    command: str,
    kind: str,
    guide: Guide | dict[str, Any],
    date: str | None,
    by: str | None,
    override: list[str] | None = None,
    dry_run: bool = False,
    also: list[str] | None = None,
) -> None:
    """Check the act, asking again what its rules miss; record it; print what is next.

    With `also` the same act is recorded in more cases (a meeting about several pupils),
    all checked first and written in one commit."""
    from zorgroute.documents.catalogue import documents_for_act

    o = opts(ctx)
    repo = o.repository()
    day = _day(o, date)
    who = recorder(repo, by)
    if isinstance(guide, dict):
        guide = Guide(models.RECORD_TYPES[kind], guide, False)
    loaded = engine.load(repo, case)
    overrides = _overrides(override)
    late_entry = ctx.params.get("late_entry")  # every step command has --late-entry
    if late_entry:
        guide.values["late_entry"] = late_entry
    while True:
        try:
            fields = engine.prepare(loaded, kind, guide.values, day)
            draft = engine.build_record(kind, fields, day, who)
        except ValidationFailed as exc:
            if guide.again(problem_fields(exc), [p.message for p in exc.problems]):
                continue
            raise
        act = engine.find_act(loaded.route, command, draft)
        verdict = engine.judge(loaded, act, draft, day, overrides, who, o.today)
        if verdict.allowed:
            break
        failed = {b.rule for b in verdict.blockers}
        if guide.again(
            fields_read(loaded, act, draft, day, failed), [b.message for b in verdict.blockers]
        ):
            continue
        raise engine.refuse(verdict, case)
    out = console()
    if dry_run:
        out.print(
            f"proefrit: dit zou worden vastgelegd als {act.title.lower()} (er is niets "
            "geschreven):",
            markup=False,
        )
        out.print(repo.record_text(draft), markup=False)
        out.print("daarna kan:", markup=False)
        for title in possible_after(loaded, draft, day):
            out.print(f"  {title}", markup=False)
        return
    done = engine.perform(
        repo,
        case,
        command,
        kind,
        guide.values,
        day=day,
        by=who,
        overrides=overrides,
        documents=documents_for_act,
        also=tuple(also or ()),
        today=o.today,
    )
    for warning in done.warnings:
        warn(warning)
    out.print(f"vastgelegd: {repo.rel(done.path)}", markup=False)
    for other, rid in done.also:
        out.print(f"vastgelegd: dossier {other}, record {rid}", markup=False)
    for doc in done.documents:
        out.print(f"document: {repo.rel(doc)}", markup=False)
    for ov in done.verdict.overridden:
        out.print(f"regel overgeslagen: {ov.reason}", markup=False)
    _print_next(repo, case, o)


def _print_next(repo: Repository, case: str, o: Options) -> None:
    loaded = engine.load(repo, case)
    out = console()
    out.print(f"stap nu: {loaded.state.step_title}", markup=False)
    for verdict in engine.next_acts(loaded, o.today):
        if verdict.allowed:
            out.print(
                f"  kan nu: {verdict.act.title} (zorgroute {verdict.act.command} {case})",
                markup=False,
            )
        else:
            out.print(
                f"  nog nodig voor {verdict.act.title}: "
                + "; ".join(b.message for b in verdict.blockers),
                markup=False,
            )
    for p in loaded.state.pending:
        out.print(
            f"  open: {p.contact.label} met de ouders, uiterlijk {_nl_date(p.due)}", markup=False
        )


def _nl_date(day: dt.date) -> str:
    from zorgroute.model.nl import format_date

    return format_date(day)


def values_of(enum_list: list[Any] | None) -> list[str]:
    return [e.value if hasattr(e, "value") else str(e) for e in enum_list or []]


# --- signal ------------------------------------------------------------------------------


@app.command("signal")
def signal_cmd(
    ctx: typer.Context,
    case: CaseArg,
    observed_by: Annotated[str | None, typer.Option(help="Wie het zag (naam of functie).")] = None,
    setting: Annotated[
        list[Setting] | None,
        vocab_option(Setting, "Waar het zich laat zien; herhaal voor meer.", "WAAR"),
    ] = None,
    since: Annotated[Since | None, vocab_option(Since, "Sinds wanneer.", "SINDS")] = None,
    category: Annotated[
        list[Category] | None, vocab_option(Category, "Soort probleem; herhaal voor meer.", "SOORT")
    ] = None,
    description: Annotated[str | None, typer.Option(help="Wat is gezien, concreet.")] = None,
    initiative: Annotated[
        Initiative, vocab_option(Initiative, "Wie bracht het in.", "WIE")
    ] = Initiative.teacher,
    worrying_results: Annotated[
        bool, typer.Option(help="Zorgwekkende resultaten (3 mnd).", show_default=False)
    ] = False,
    unauthorised_absence: Annotated[
        bool, typer.Option(help="Ongeoorloofd verzuim (3 mnd).", show_default=False)
    ] = False,
    worrying_absence: Annotated[
        bool, typer.Option(help="Zorgwekkend verzuim (3 mnd).", show_default=False)
    ] = False,
    evidence: EvidenceOpt = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
    by: ByOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Leg een signaal vast: wat is gezien, waar, sinds wanneer."""
    values = {
        "observed_by": observed_by,
        "settings": values_of(setting),
        "since": since,
        "categories": values_of(category),
        "description": description,
        "initiative": initiative,
        "last_three_months": {
            "worrying_results": worrying_results,
            "unauthorised_absence": unauthorised_absence,
            "worrying_absence": worrying_absence,
        },
        "evidence": evidence,
    }
    record_signal(ctx, case, values, date, by, dry_run)


def record_signal(
    ctx: typer.Context,
    case: str,
    values: dict[str, Any],
    date: str | None = None,
    by: str | None = None,
    dry_run: bool = False,
) -> None:
    """The signal act; `new-case` uses it to go on with the signal in the same dialogue."""
    guide = _guide(ctx, "signal", values, {"settings": "--setting", "categories": "--category"})
    run_act(ctx, case, "signal", "signal", guide, date, by, dry_run=dry_run)


# --- plan and evaluate ---------------------------------------------------------------------


@app.command("plan")
def plan_cmd(
    ctx: typer.Context,
    case: CaseArg,
    plan_type: Annotated[
        PlanType, vocab_option(PlanType, "Soort plan.", "SOORT", "--type")
    ] = PlanType.group_plan,
    area: Annotated[str | None, typer.Option(help="Vak- of ontwikkelingsgebied.")] = None,
    needs: Annotated[str | None, typer.Option(help="Onderwijsbehoeften.")] = None,
    goal: Annotated[
        list[str] | None, typer.Option(help="Doel (concreet, toetsbaar); herhaal voor meer.")
    ] = None,
    approach: Annotated[str | None, typer.Option(help="Aanpak.")] = None,
    provision: Annotated[list[str] | None, typer.Option(help="Middel of voorziening.")] = None,
    responsible: Annotated[str | None, typer.Option(help="Wie voert het uit.")] = None,
    start: Annotated[str | None, date_option("Begin.")] = None,
    end: Annotated[str | None, date_option("Einde.")] = None,
    evaluation_date: Annotated[str | None, date_option("Evaluatiedatum.")] = None,
    parents_agreed: Annotated[str | None, date_option("Door ouders ondertekend op.")] = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
    by: ByOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Leg een plan vast: groepsplan, handelingsplan of OPP, met doelen en evaluatiedatum."""
    guide = _guide(
        ctx,
        "plan",
        {
            "plan_type": plan_type,
            "area": area,
            "goals": goal,
            "approach": approach,
            "responsible": responsible,
            "start": start,
            "end": end,
            "evaluation_date": evaluation_date,
        },
        {"goals": "--goal"},
    )
    guide.values.update(needs=needs, provisions=provision, parents_agreed=parents_agreed)
    run_act(ctx, case, "plan", "plan", guide, date, by, dry_run=dry_run)


@app.command("evaluate")
def evaluate_cmd(
    ctx: typer.Context,
    case: CaseArg,
    plan: Annotated[
        str | None,
        typer.Option(help="Record-id van het plan (anders het laatste plan zonder evaluatie)."),
    ] = None,
    outcome: Annotated[Outcome | None, vocab_option(Outcome, "Resultaat.", "RESULTAAT")] = None,
    what_worked: Annotated[str | None, typer.Option(help="Wat werkte.")] = None,
    what_did_not: Annotated[str | None, typer.Option(help="Wat niet werkte.")] = None,
    next_step: Annotated[str | None, typer.Option(help="Vervolg.")] = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
    by: ByOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Evalueer een plan: doel gehaald, deels of niet, en wat werkte."""
    o = opts(ctx)
    repo = o.repository()
    if plan is None:
        plan = _latest_unevaluated_plan(repo, case)
    if plan is None:
        raise UsageError(
            f"dossier {case} heeft geen plan zonder evaluatie; er is niets vastgelegd",
            hint=f"leg eerst een plan vast: zorgroute plan {case}",
        )
    guide = _guide(
        ctx, "evaluation", {"plan": plan, "outcome": outcome, "what_worked": what_worked}
    )
    guide.values.update(what_did_not=what_did_not, next_step=next_step)
    run_act(ctx, case, "evaluate", "evaluation", guide, date, by, dry_run=dry_run)


def _latest_unevaluated_plan(repo: Repository, case: str) -> str | None:
    data = repo.require_case(case)
    evaluated = {getattr(e.record, "plan", None) for e in data.entries if e.kind == "evaluation"}
    plans = [
        e.id for e in data.entries if isinstance(e.record, models.Plan) and e.id not in evaluated
    ]
    return plans[-1] if plans else None


# --- talk and consent ------------------------------------------------------------------------


def _ask_adults_of(repo: Repository, case: str, question: str) -> list[str]:
    """Pick adults of the case (and the pupil) by number or short name."""
    data = repo.require_case(case)
    people = [
        (a.id, f"{a.name} ({a.relation.label}" + (", gezag)" if a.authority else ", geen gezag)"))
        for a in data.case.family.adults
    ]
    people.append(("pupil", "de leerling zelf"))
    typer.echo(question + " (nummers of korte namen, met komma's ertussen):")
    for n, (_, text) in enumerate(people, start=1):
        typer.echo(f"  {n}. {text}")
    while True:
        answer = ask_text("Keuze")
        picked, wrong = [], []
        for part in [p.strip() for p in answer.split(",") if p.strip()]:
            if part.isdigit() and 1 <= int(part) <= len(people):
                picked.append(people[int(part) - 1][0])
            elif part in [pid for pid, _ in people]:
                picked.append(part)
            else:
                wrong.append(part)
        if picked and not wrong:
            return list(dict.fromkeys(picked))
        typer.echo(f"  kies nummers van 1 tot {len(people)}")


@app.command("talk")
def talk_cmd(
    ctx: typer.Context,
    case: CaseArg,
    contact: Annotated[
        ContactKind | None, vocab_option(ContactKind, "Soort gesprek.", "GESPREK")
    ] = None,
    with_: Annotated[
        list[Participant] | None,
        vocab_option(Participant, "Wie waren erbij; herhaal voor meer.", "WIE", "--with"),
    ] = None,
    adult: Annotated[
        list[str] | None,
        typer.Option(
            help="Korte naam van een volwassene uit het gezin; herhaal voor meer.",
            autocompletion=complete_person,
        ),
    ] = None,
    discussed: Annotated[str | None, typer.Option(help="Wat is besproken.")] = None,
    parents_view: Annotated[str | None, typer.Option(help="Zienswijze van de ouders.")] = None,
    pupil_view: Annotated[str | None, typer.Option(help="Wat de leerling zegt.")] = None,
    parents_questions: Annotated[
        str | None, typer.Option(help="Eigen vragen van de ouders.")
    ] = None,
    home_situation: Annotated[str | None, typer.Option(help="Thuissituatie.")] = None,
    leaflet_given: Annotated[
        bool | None, typer.Option("--leaflet-given", help="Folder meegegeven.", show_default=False)
    ] = None,
    question_together: Annotated[
        bool | None,
        typer.Option(
            "--question-together", help="Hulpvraag samen geformuleerd.", show_default=False
        ),
    ] = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
    by: ByOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Leg een gesprek met ouders en/of leerling vast: wie, wat, hun zienswijze en vragen.

    In een terminal vraagt zorgroute ook wat latere stappen van dit gesprek nodig hebben
    (folder, samen geformuleerde hulpvraag, zienswijze) en of de ouders toestemming gaven.
    """
    o = opts(ctx)
    repo = o.repository()
    guide = _guide(
        ctx,
        "conversation",
        {"contact": contact, "participants": values_of(with_), "discussed": discussed},
        {"participants": "--with"},
    )
    guide.values.update(
        adults=adult,
        parents_view=parents_view,
        pupil_view=pupil_view,
        parents_questions=parents_questions,
        home_situation=home_situation,
        leaflet_given=leaflet_given,
        question_together=question_together,
    )
    route = engine.load(repo, case).route
    kind = str(getattr(guide.values["contact"], "value", guide.values["contact"]))
    if o.interactive:
        needs = [k for k in route_needs(route, kind, guide.model) if guide.values.get(k) is None]
        for key in needs:
            guide.values[key] = guide.q(key).put()
    run_act(ctx, case, "talk", "conversation", guide, date, by, dry_run=dry_run)
    if o.interactive and not dry_run:
        _consent_in_talk(ctx, repo, case, kind, date, by)


def _consent_in_talk(
    ctx: typer.Context, repo: Repository, case: str, contact: str, date: str | None, by: str | None
) -> None:
    """After a conversation before a meeting: record the parents' consent, if they gave it
    and the meeting still lacks a basis."""
    o = opts(ctx)
    loaded = engine.load(repo, case)
    day = _day(o, date)
    for forum in forums_needing_basis(loaded.route, contact):
        ref = [
            r
            for a in loaded.route.acts
            for r in a.requires
            if r.rule == "basis_for_discussion" and r.params.get("forum") == forum
        ][:1]
        if not ref or not rules.evaluate(engine.context(loaded, day), ref):
            continue
        label = Forum(forum).label
        if not confirm(
            f"Gaven de ouders schriftelijke toestemming voor bespreking in het {label}?",
            default=True,
        ):
            typer.echo(f"  leg de grondslag later vast met: zorgroute consent {case}")
            continue
        given = _ask_adults_of(repo, case, "Wie gaven toestemming")
        guide = Guide(
            models.RECORD_TYPES["consent"],
            {"basis": Basis.written_consent, "forum": forum, "given_by": given},
            True,
            custom={"given_by": lambda: _ask_adults_of(repo, case, "Wie gaven toestemming")},
        )
        run_act(ctx, case, "consent", "consent", guide, date, by)


@app.command("consent")
def consent_cmd(
    ctx: typer.Context,
    case: CaseArg,
    basis: Annotated[Basis | None, vocab_option(Basis, "Soort grondslag.", "SOORT")] = None,
    forum: Annotated[Forum | None, vocab_option(Forum, "Voor welk overleg.", "OVERLEG")] = None,
    purpose: Annotated[
        list[Purpose] | None, vocab_option(Purpose, "Doel; herhaal voor meer.", "DOEL")
    ] = None,
    partner: Annotated[
        list[str] | None,
        typer.Option(
            help="Bij naam genoemde partner (korte naam uit de partnerlijst).",
            autocompletion=complete_partner,
        ),
    ] = None,
    given_by: Annotated[
        list[str] | None,
        typer.Option(
            help="Korte naam van de volwassene, of 'pupil'; herhaal voor meer.",
            autocompletion=complete_person,
        ),
    ] = None,
    objection_deadline: Annotated[
        str | None,
        date_option("Einde bezwaartermijn (anders: datum + termijn uit zorgroute.yaml)."),
    ] = None,
    refers_to: Annotated[
        str | None, typer.Option(help="Bij bezwaar of intrekking: het record waar het om gaat.")
    ] = None,
    at_enrolment: Annotated[
        bool, typer.Option(help="Gegeven bij inschrijving (telt niet).", show_default=False)
    ] = False,
    ground: Annotated[
        ExceptionGround | None,
        vocab_option(ExceptionGround, "Bij uitzondering: de grond.", "GROND"),
    ] = None,
    motivation: Annotated[str | None, typer.Option(help="Bij uitzondering: motivering.")] = None,
    decided_by: Annotated[str | None, typer.Option(help="Bij uitzondering: de directeur.")] = None,
    shared_document: Annotated[
        list[str] | None, typer.Option(help="Stuk dat gedeeld mag worden; herhaal voor meer.")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Toelichting.")] = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
    by: ByOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Leg een grondslag vast om de leerling te bespreken, of een bezwaar of intrekking."""
    from zorgroute.domain.partners import require_known

    o = opts(ctx)
    repo = o.repository()
    require_known(repo.config, partner or [])
    guide = _guide(ctx, "consent", {"basis": basis, "forum": forum})
    chosen = Basis(guide.values["basis"])
    day = _day(o, date)
    if chosen == Basis.no_objection_notice and objection_deadline is None:
        from zorgroute.policy import objection_period_days

        period = objection_period_days(engine.load(repo, case).route, repo.config)
        objection_deadline = (day + dt.timedelta(days=period)).isoformat()
    guide.custom["given_by"] = lambda: _ask_adults_of(repo, case, "Door wie")
    guide.values.update(
        purposes=values_of(purpose) or None,
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
    run_act(ctx, case, "consent", "consent", guide, date, by, dry_run=dry_run)


# --- zorgteam, meetings, ZAT ----------------------------------------------------------------


@app.command("care-team")
def care_team_cmd(
    ctx: typer.Context,
    case: CaseArg,
    trigger: Annotated[
        list[Trigger] | None, vocab_option(Trigger, "Aanleiding; herhaal voor meer.", "AANLEIDING")
    ] = None,
    help_question: Annotated[str | None, typer.Option(help="De hulpvraag, als vraag.")] = None,
    direct_reason: Annotated[
        str | None, typer.Option(help="Reden om eerdere stappen over te slaan (ernstige situatie).")
    ] = None,
    evidence: EvidenceOpt = None,
    override: OverrideOpt = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
    by: ByOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Meld de leerling aan bij het zorgteam van de school, met aanleiding en hulpvraag."""
    guide = _guide(
        ctx,
        "care_team_registration",
        {
            "help_question": help_question,
            "triggers": values_of(trigger),
            "direct_reason": direct_reason,
            "evidence": evidence,
        },
        {"triggers": "--trigger"},
        # in a terminal the trigger is asked with the question; a script keeps the refusal
        extra=("triggers",) if opts(ctx).interactive and not direct_reason else (),
    )
    run_act(ctx, case, "care-team", "care_team_registration", guide, date, by, override, dry_run)


def _split(text: str, n: int, option: str, example: str) -> list[str]:
    parts = [p.strip() for p in text.split(";")]
    if len(parts) < n:
        raise UsageError(
            f"{option} verwacht {n} delen gescheiden door ;",
            hint=f'bijvoorbeeld {option} "{example}"',
        )
    return parts[: n - 1] + [";".join(parts[n - 1 :])]


def _ask_attendees() -> list[dict[str, Any]]:
    people: list[dict[str, Any]] = []
    typer.echo("Wie waren er bij het overleg?")
    while True:
        name = ask_text(
            f"Naam van aanwezige {len(people) + 1}" + (" (leeg: klaar)" if people else ""),
            required=not people,
        )
        if not name:
            return people
        function = ask_text("Functie (bijvoorbeeld IB, leerkracht, SMW)")
        role = ask_choice(
            "Rol in het overleg",
            MeetingRole,
            default=MeetingRole.chair if not people else MeetingRole.member,
        )[0]
        people.append({"name": name, "function": function, "role": role.value})


def _ask_actions() -> list[dict[str, Any]]:
    actions: list[dict[str, Any]] = []
    typer.echo("Afspraken: wie doet wat, en wanneer is het klaar?")
    while True:
        n = len(actions) + 1
        what = ask_text(
            f"Afspraak {n}: wat" + (" (leeg: klaar)" if actions else ""), required=not actions
        )
        if not what:
            return actions
        owner = ask_text(f"Afspraak {n}: wie")
        due = ask_date(f"Afspraak {n}: uiterlijk")
        actions.append({"id": f"a{n}", "owner": owner, "description": what, "due": due})


@app.command("meeting")
def meeting_cmd(
    ctx: typer.Context,
    case: CaseArg,
    forum: Annotated[Forum | None, vocab_option(Forum, "Welk overleg.", "OVERLEG")] = None,
    attendee: Annotated[
        list[str] | None,
        typer.Option(
            help='Aanwezige: "naam;functie;rol" (rol: voorzitter, notulist, inbrenger, lid, '
            "gast); herhaal voor elke aanwezige. Beslist iemand namens het lokale team over "
            'jeugdhulp, voeg dan de korte naam van dat team toe: "naam;functie;rol;team".'
        ),
    ] = None,
    parents_present: Annotated[
        bool, typer.Option(help="Ouders waren erbij.", show_default=False)
    ] = False,
    parents_absent_reason: Annotated[
        str | None,
        typer.Option(help="Waarom de ouders er niet bij waren (nodig bij een MDO zonder ouders)."),
    ] = None,
    pupil_present: Annotated[
        bool, typer.Option(help="Leerling was erbij.", show_default=False)
    ] = False,
    anonymous: Annotated[bool, typer.Option(help="Anoniem besproken.", show_default=False)] = False,
    question: Annotated[str | None, typer.Option(help="Vraag aan het overleg.")] = None,
    problem: Annotated[str | None, typer.Option(help="Probleemstelling.")] = None,
    analysis: Annotated[str | None, typer.Option(help="Analyse.")] = None,
    plan: Annotated[str | None, typer.Option(help="Plan.")] = None,
    decision: Annotated[
        list[Decision] | None, vocab_option(Decision, "Besluit; herhaal voor meer.", "BESLUIT")
    ] = None,
    decision_notes: Annotated[str | None, typer.Option(help="Toelichting op de besluiten.")] = None,
    action: Annotated[
        list[str] | None,
        typer.Option(help='Afspraak: "wie;wat;datum"; herhaal voor elke afspraak.'),
    ] = None,
    confidential: Annotated[
        list[str] | None,
        typer.Option(
            help='Vertrouwelijke bijdrage: "van;overleggen;tekst" (overleggen met komma\'s, '
            "bijvoorbeeld zorgteam,zat)."
        ),
    ] = None,
    override: OverrideOpt = None,
    also: Annotated[
        list[str] | None,
        typer.Option(
            "--also",
            help="Nog een dossier dat in hetzelfde overleg is besproken; herhaal voor elk "
            "dossier. Alles wordt samen gecontroleerd en in één keer vastgelegd.",
        ),
    ] = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
    by: ByOpt = None,
    dry_run: DryRunOpt = False,
) -> None:
    """Leg een overleg vast (groepsbespreking, zorgteam, ZAT, MDO) met besluiten en afspraken."""
    from zorgroute.model.vocab import normalize

    o = opts(ctx)
    attendees = []
    for item in attendee or []:
        name, function, role = _split(
            item + (";member" if item.count(";") == 1 else ""),
            3,
            "--attendee",
            "A. Jansen;leerkracht;inbrenger",
        )
        role, _, team = role.partition(";")
        found = MeetingRole.lookup(role or "member")
        if found is None:
            raise UsageError(
                f"--attendee: '{role[:20]}' is geen rol",
                hint="kies uit: " + ", ".join(r.short for r in MeetingRole),
            )
        person: dict[str, Any] = {"name": name, "function": function, "role": found.value}
        if team.strip():
            person["mandate_for"] = team.strip()
        attendees.append(person)
    actions = []
    for n, item in enumerate(action or [], start=1):
        found_action = rules.action_from_text(item, n)
        actions.append({**found_action, "due": parse_date(found_action["due"]).isoformat()})
    notes = []
    for item in confidential or []:
        by_whom, forums, text = _split(
            item, 3, "--confidential", "schoolmaatschappelijk werk;zorgteam;..."
        )
        keys = []
        for f in forums.split(","):
            hit = Forum.lookup(f) or (Forum(normalize(f)) if normalize(f) in set(Forum) else None)
            if hit is None:
                raise UsageError(
                    f"--confidential: '{f.strip()[:20]}' is geen overleg",
                    hint="kies uit: " + ", ".join(x.short for x in Forum),
                )
            keys.append(hit.value)
        notes.append({"by": by_whom, "forums": keys, "text": text})
    guide = _guide(
        ctx,
        "meeting",
        {"forum": forum, "attendees": attendees},
        {"attendees": "--attendee"},
        {"attendees": _ask_attendees, "actions": _ask_actions},
    )
    guide.values.update(
        parents_present=parents_present,
        parents_absent_reason=parents_absent_reason,
        pupil_present=pupil_present,
        anonymous=anonymous,
        question=question,
        analysis={
            k: v for k, v in (("problem", problem), ("diagnosis", analysis), ("plan", plan)) if v
        },
        decisions=values_of(decision),
        decision_notes=decision_notes,
        actions=actions,
        confidential=notes,
    )
    if o.interactive:
        if not decision:
            picked = ask_choice("Wat is er besloten", Decision, many=True)
            guide.values["decisions"] = [p.value for p in picked]
        if not actions:
            guide.values["actions"] = _ask_actions()
    run_act(ctx, case, "meeting", "meeting", guide, date, by, override, dry_run, also)


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
    evidence: EvidenceOpt = None,
    override: OverrideOpt = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
    by: ByOpt = None,
    dry_run: DryRunOpt = False,
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
    guide = _guide(ctx, "zat_registration", {"help_question": help_question})
    guide.values.update(direct_reason=direct_reason, attachments=attachment, evidence=evidence)
    run_act(ctx, case, "escalate", "zat_registration", guide, date, by, override, dry_run)


# --- referral and feedback ------------------------------------------------------------------


@app.command("refer")
def refer_cmd(
    ctx: typer.Context,
    case: CaseArg,
    destination: Annotated[
        Destination | None, vocab_option(Destination, "Bestemming.", "BESTEMMING")
    ] = None,
    institution: Annotated[
        str | None,
        typer.Option(
            help="Korte naam van de instelling uit de partnerlijst.",
            autocompletion=complete_partner,
        ),
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Reden van de verwijzing.")] = None,
    via: Annotated[str | None, typer.Option(help="Via (bijvoorbeeld het SWV).")] = None,
    contact: Annotated[str | None, typer.Option(help="Contactpersoon.")] = None,
    expected_feedback: Annotated[str | None, date_option("Terugkoppeling verwacht op.")] = None,
    handelingsverlegenheid: Annotated[
        str | None,
        typer.Option(help="Waarom de school niet kan bieden wat nodig is (speciaal onderwijs)."),
    ] = None,
    signed_by: Annotated[str | None, typer.Option(help="Directeur die ondertekende.")] = None,
    signed_on: Annotated[str | None, date_option("Datum van ondertekening.")] = None,
    purpose: Annotated[
        list[Purpose] | None,
        vocab_option(
            Purpose,
            "Doel van de verwijzing, bijvoorbeeld assessment (onderzoek); herhaal voor meer. "
            "De toestemming moet de instelling en dit doel noemen.",
            "DOEL",
        ),
    ] = None,
    override: OverrideOpt = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
    by: ByOpt = None,
) -> None:
    """Verwijs naar een instelling of andere school en maak de verwijsbrief."""
    o = opts(ctx)
    values = fill(
        {"destination": destination, "institution": institution, "reason": reason},
        [
            Ask("destination", "--destination", "Bestemming", vocab=Destination),
            Ask("institution", "--institution", "Instelling (korte naam uit de partnerlijst)"),
            Ask("reason", "--reason", "Reden van de verwijzing"),
        ],
        o,
    )
    signoff = None
    if signed_by:
        signoff = {"name": signed_by, "date": signed_on or iso(date) or o.today.isoformat()}
    values.update(
        via=via,
        contact=contact,
        expected_feedback=expected_feedback,
        handelingsverlegenheid=handelingsverlegenheid,
        directeur_signoff=signoff,
        purposes=values_of(purpose) or None,
    )
    run_act(ctx, case, "refer", "referral", values, date, by, override)


@app.command("feedback")
def feedback_cmd(
    ctx: typer.Context,
    case: CaseArg,
    referral: Annotated[
        str | None, typer.Option(help="Record-id van de verwijzing (anders de laatste).")
    ] = None,
    kind: Annotated[
        FeedbackKind | None, vocab_option(FeedbackKind, "Soort terugkoppeling.", "SOORT", "--kind")
    ] = None,
    status: Annotated[
        ReferralStatus | None,
        vocab_option(ReferralStatus, "Nieuwe stand van de verwijzing.", "STAND"),
    ] = None,
    content: Annotated[str | None, typer.Option(help="Wat de instelling meldde.")] = None,
    next_expected: Annotated[
        str | None, date_option("Volgende terugkoppeling verwacht op.")
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            help="Korte naam van de instelling die terugmeldde, als dat een andere is dan die "
            "waarnaar is verwezen; telt dan niet als de verwachte terugkoppeling."
        ),
    ] = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
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
        [Ask("feedback", "--kind", "Soort terugkoppeling", vocab=FeedbackKind)],
        o,
    )
    values.update(status=status, content=content, next_expected=next_expected, source=source)
    run_act(ctx, case, "feedback", "feedback", values, date, by)


@app.command("external-care")
def external_care_cmd(
    ctx: typer.Context,
    case: CaseArg,
    institution: Annotated[str | None, typer.Option(help="Instelling.")] = None,
    care: Annotated[str | None, typer.Option(help="Soort hulp.")] = None,
    care_for: Annotated[
        CareFor, vocab_option(CareFor, "Voor wie.", "WIE", "--for")
    ] = CareFor.pupil,
    registered: Annotated[str | None, date_option("Aangemeld op.")] = None,
    start: Annotated[str | None, date_option("Gestart op.")] = None,
    end: Annotated[str | None, date_option("Beëindigd op.")] = None,
    goal: Annotated[str | None, typer.Option(help="Doel van de hulp.")] = None,
    end_reason: Annotated[str | None, typer.Option(help="Reden van beëindiging.")] = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
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
    run_act(ctx, case, "external-care", "external_care", values, date, by)


# --- closing, reopening, dormant, corrections ---------------------------------------------------


@app.command("close")
def close_cmd(
    ctx: typer.Context,
    case: CaseArg,
    reason: Annotated[
        ClosureReason | None, vocab_option(ClosureReason, "Reden van afsluiten.", "REDEN")
    ] = None,
    parents_told: Annotated[str | None, typer.Option(help="Wat de ouders is verteld.")] = None,
    aftercare_date: Annotated[str | None, date_option("Nazorg: controleren op.")] = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
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
            Ask("reason", "--reason", "Reden", vocab=ClosureReason),
            Ask("parents_told", "--parents-told", "Wat is de ouders verteld"),
        ],
        o,
    )
    if waiting and aftercare_date is None:
        warn("geef met --aftercare-date een datum om na te gaan of de hulp echt is gestart")
    values["aftercare_date"] = aftercare_date
    run_act(ctx, case, "close", "closure", values, date, by)


@app.command("reopen")
def reopen_cmd(
    ctx: typer.Context,
    case: CaseArg,
    reason: Annotated[str | None, typer.Option(help="Waarom het dossier weer open gaat.")] = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
    by: ByOpt = None,
) -> None:
    """Open een afgesloten dossier opnieuw, in de stap waar het was."""
    o = opts(ctx)
    values = fill({"reason": reason}, [Ask("reason", "--reason", "Reden")], o)
    run_act(ctx, case, "reopen", "reopen", values, date, by)


@app.command("dormant")
def dormant_cmd(
    ctx: typer.Context,
    case: CaseArg,
    review_date: Annotated[str | None, date_option("Opnieuw bekijken op.")] = None,
    reason: Annotated[str | None, typer.Option(help="Waarom het dossier slaapt.")] = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
    by: ByOpt = None,
) -> None:
    """Laat een dossier slapen tot een herzieningsdatum."""
    o = opts(ctx)
    values = fill(
        {"review_date": review_date, "reason": reason},
        [
            Ask("review_date", "--review-date", "Opnieuw bekijken op", date=True),
            Ask("reason", "--reason", "Reden"),
        ],
        o,
    )
    run_act(ctx, case, "dormant", "dormant", values, date, by)


@app.command("correct")
def correct_cmd(
    ctx: typer.Context,
    case: CaseArg,
    record: Annotated[
        str,
        typer.Argument(
            help="Record-id van het record dat niet klopt (het laatste deel is genoeg), of "
            "'case' voor de gegevens van de leerling en het gezin.",
            metavar="RECORD",
        ),
    ],
    field: Annotated[
        str | None,
        typer.Option(help="Welk veld: de naam of de Nederlandse titel, bijvoorbeeld date."),
    ] = None,
    value: Annotated[
        str | None, typer.Option(help="De juiste waarde (ja/nee, JJJJ-MM-DD, lijst met ;).")
    ] = None,
    reason: Annotated[
        str | None, typer.Option(help="Waarom (bijvoorbeeld verzoek van de ouders).")
    ] = None,
    requested_by: Annotated[str | None, typer.Option(help="Wie vroeg erom.")] = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
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
    run_act(ctx, case, "correct", "correction", values, date, by)


# --- actions -------------------------------------------------------------------------------------

action_app = DutchTyper(
    help="Afspraken: nieuw, gedaan, vervallen of doorgeschoven.", no_args_is_help=True
)
app.add_typer(action_app, name="action")


@action_app.command("add")
def action_add_cmd(
    ctx: typer.Context,
    case: CaseArg,
    owner: Annotated[str, typer.Option(help="Wie (naam of functie).")],
    description: Annotated[str, typer.Option(help="Wat er gedaan wordt.")],
    due: Annotated[str, date_option("Uiterlijk.")],
    date: DateOpt = None,
    late_entry: LateOpt = None,
    by: ByOpt = None,
) -> None:
    """Leg een afspraak vast buiten een overleg."""
    run_act(
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
    run_act(
        ctx,
        case,
        "action",
        "action_update",
        {"action": ref, "status": status, "new_due": new_due, "note": note},
        date,
        by,
    )


RefArg = Annotated[
    str,
    typer.Argument(help="De afspraak: RECORD-ID#a1 (zie zorgroute status).", metavar="AFSPRAAK"),
]
NoteOpt = Annotated[str | None, typer.Option(help="Toelichting.")]


@action_app.command("done")
def action_done_cmd(
    ctx: typer.Context,
    case: CaseArg,
    ref: RefArg,
    note: NoteOpt = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
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
    late_entry: LateOpt = None,
    by: ByOpt = None,
) -> None:
    """Markeer een afspraak als vervallen."""
    _update(ctx, case, ref, "lapsed", None, note, date, by)


@action_app.command("carry")
def action_carry_cmd(
    ctx: typer.Context,
    case: CaseArg,
    ref: RefArg,
    new_due: Annotated[str, date_option("Nieuwe datum.")],
    note: NoteOpt = None,
    date: DateOpt = None,
    late_entry: LateOpt = None,
    by: ByOpt = None,
) -> None:
    """Schuif een afspraak door naar een nieuwe datum."""
    _update(ctx, case, ref, "carried_over", parse_date(new_due).isoformat(), note, date, by)
