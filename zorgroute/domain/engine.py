"""Moving a case along its route: check an act against the rules, then record it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from zorgroute.clock import now, today
from zorgroute.domain.instruments import evidence_problems
from zorgroute.domain.routes import get_route
from zorgroute.domain.rules import Blocker, Context, evaluate
from zorgroute.domain.state import CaseState, derive
from zorgroute.domain.tracks import TRACK_ACTS, composition_message, missing_roles
from zorgroute.errors import RuleRefused, UsageError
from zorgroute.model.records import (
    RECORD_LABELS,
    Case,
    Meeting,
    MeldcodeStep,
    Override,
    RecordBase,
    Referral,
)
from zorgroute.model.route import Act, Route
from zorgroute.model.vocab import Decision, Destination
from zorgroute.policy import facts, late_entry_problem, may_refer, record_problems
from zorgroute.policy.mandate import mandate_checks, mandate_fix
from zorgroute.policy.meldcode import meldcode_tracks
from zorgroute.policy.referral import is_meldcode, report_verdict
from zorgroute.store.repo import CaseData, Repository


@dataclass(frozen=True)
class Loaded:
    """A case with its route (at the case's version) and derived state."""

    repo: Repository
    data: CaseData
    route: Route
    state: CaseState

    @property
    def case(self) -> Case:
        return self.data.case


def load(repo: Repository, case_id: str) -> Loaded:
    data = repo.require_case(case_id)
    route = get_route(repo, data.case.route, data.case.route_version)
    state = derive(data, route, repo.config.settings.feedback_days)
    return Loaded(repo, data, route, state)


def context(
    loaded: Loaded, day: dt.date, draft: RecordBase | None = None, act: Act | None = None
) -> Context:
    return Context(
        loaded.data,
        loaded.state,
        loaded.route,
        loaded.repo.config,
        day,
        draft,
        act.forum if act else None,
        loaded.repo,
    )


# Acts every route knows, whether or not its file lists them: withdrawing a record, and
# the dated records of the family and the pupil's own say. A route may list them itself
# (with requirements); then its own act counts.
COMMON_ACTS: tuple[Act, ...] = (
    Act(id="void", title="Record intrekken", command="void", record="void"),
    Act(
        id="authority",
        title="Wijziging in het gezag vastleggen",
        command="family authority",
        record="authority_change",
    ),
    Act(
        id="contact",
        title="Afspraak over contact vastleggen",
        command="family contact",
        record="contact_restriction",
    ),
    Act(
        id="pupil-voice",
        title="Besluit van de leerling vastleggen",
        command="family pupil",
        record="pupil_voice",
    ),
    Act(
        id="info-request",
        title="Verzoek om informatie of inzage vastleggen",
        command="family request",
        record="info_request",
    ),
    Act(
        id="info-answer",
        title="Antwoord op een verzoek vastleggen",
        command="family answer",
        record="info_answer",
    ),
    Act(
        id="registry",
        title="Verwijsindex bijwerken",
        command="verwijsindex",
        record="registry",
    ),
)


def find_act(route: Route, command: str, draft: RecordBase | None) -> Act:
    forum = getattr(draft, "forum", None) if draft is not None else None
    kind = getattr(draft, "kind", None) if draft is not None else None
    acts = [a for a in route.acts_for(command) if kind is None or a.record == kind]
    if not acts:
        # the law's acts (meldcode, mandate, doorbraak): every route has them
        acts = [a for a in (*COMMON_ACTS, *TRACK_ACTS.values()) if a.command == command]
    matching = [a for a in acts if a.forum is None or a.forum == forum]
    # an act for this exact forum beats a generic one
    matching.sort(key=lambda a: a.forum is None)
    if not matching:
        known = ", ".join(sorted({a.forum.value for a in acts if a.forum})) or "-"
        raise UsageError(
            f"route {route.id} kent de handeling '{command}'"
            + (f" voor dit overleg niet (wel voor: {known})" if acts else " niet"),
            hint="'zorgroute routes " + route.id + "' toont wat de route kent",
        )
    return matching[0]


def step_order(loaded: Loaded, act: Act, draft: RecordBase | None = None) -> list[Blocker]:
    """The act must start from one of its steps and follow the route's transitions.

    A recorded reason for skipping levels (`direct_reason`, GUIDE §2.1: a very serious case)
    lifts this guard; so does an override with a reason.
    """
    if getattr(draft, "direct_reason", None):
        return []
    route, state = loaded.route, loaded.state
    fix = 'volg de route, of sla stappen over met --override step_order="reden"'
    if act.from_steps and state.step not in act.from_steps:
        allowed = ", ".join(_step_title(route, s) for s in act.from_steps)
        return [
            Blocker(
                "step_order",
                f"'{act.title}' kan niet vanuit de stap '{state.step_title}' "
                f"(wel vanuit: {allowed})",
                fix,
            )
        ]
    current = route.step(state.step)
    moves_on = act.enters and route.step_index(act.enters) > route.step_index(state.step)
    if current is not None and moves_on and act.enters not in current.next:
        allowed = ", ".join(_step_title(route, s) for s in current.next) or "geen"
        return [
            Blocker(
                "step_order",
                f"de route gaat van '{state.step_title}' niet naar "
                f"'{_step_title(route, act.enters or '')}' (wel naar: {allowed})",
                fix,
            )
        ]
    return []


def _step_title(route: Route, step_id: str) -> str:
    step = route.step(step_id)
    return step.title if step else step_id


@dataclass
class Judgement:
    """The outcome of judging one act: what blocks it and which rules were skipped."""

    act: Act
    blockers: list[Blocker] = field(default_factory=list)
    overridden: list[Override] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.blockers


Verdict = Judgement  # the name callers used before the policy layer had its own Verdict


def law_blockers(loaded: Loaded, draft: RecordBase | None, today: dt.date | None) -> list[Blocker]:
    """What the policy layer refuses in any route: impossible dates, consent records that do
    not refer to what they change, decisions by someone who may not take them, and an old
    event recorded without saying why only now."""
    if draft is None:
        return []
    config = loaded.repo.config
    problems = record_problems(loaded.data, loaded.route, config, draft, today=today)
    if today is not None:
        late = late_entry_problem(config, draft, today)
        if late is not None:
            problems.append(late)
    blockers = [Blocker(p.rule, p.message, p.hint, overridable=False) for p in problems]
    blockers += [
        Blocker("evidence", message, fix, overridable=False)
        for message, fix in evidence_problems(loaded.data, draft)
    ]
    if isinstance(draft, Referral):
        verdict = may_refer(
            loaded.data,
            loaded.route,
            config,
            draft.institution,
            tuple(draft.purposes),
            draft.date,
            destination=draft.destination,
        )
        if not verdict.allowed:
            blockers.append(
                Blocker(
                    "referral_consent",
                    f"geen toestemming voor deze verwijzing op {draft.date.isoformat()}: "
                    + verdict.summary,
                    verdict.fix,
                    overridable=False,
                )
            )
    return blockers


def judge(
    loaded: Loaded,
    act: Act,
    draft: RecordBase | None,
    day: dt.date,
    overrides: dict[str, str] | None = None,
    decided_by: str = "",
    today: dt.date | None = None,
) -> Judgement:
    """All blockers for an act; overridable ones named in `overrides` are lifted."""
    ctx = context(loaded, day, draft, act)
    blockers = (
        law_blockers(loaded, draft, today)
        + step_order(loaded, act, draft)
        + evaluate(ctx, act.requires)
    )
    verdict = Judgement(act)
    overrides = overrides or {}
    for blocker in blockers:
        reason = overrides.get(blocker.rule)
        if reason and blocker.overridable:
            if not any(o.rule == blocker.rule for o in verdict.overridden):
                verdict.overridden.append(
                    Override(rule=blocker.rule, reason=reason, decided_by=decided_by or "onbekend")
                )
        else:
            verdict.blockers.append(blocker)
    unknown = set(overrides) - {b.rule for b in blockers}
    if unknown:
        raise UsageError(
            f"--override {', '.join(sorted(unknown))}: die regel houdt deze stap niet tegen",
            hint="laat --override weg; alleen regels die de stap tegenhouden kunnen worden "
            "overgeslagen",
        )
    return verdict


def refuse(verdict: Judgement, case_id: str = "") -> RuleRefused:
    """The refusal: every rule that failed, why, and the command that fixes it."""
    lines = []
    for b in verdict.blockers:
        extra = "" if b.overridable else " (kan niet worden overgeslagen)"
        lines.append(f"- [{b.rule}] {b.message}{extra}\n    oplossing: {b.fix}")
    overridable = [b.rule for b in verdict.blockers if b.overridable]
    hint = (
        "alleen met een vastgelegde reden mag een regel worden overgeslagen: "
        + " ".join(f'--override {r}="reden"' for r in dict.fromkeys(overridable))
        if overridable
        else "los eerst op wat hierboven ontbreekt"
    )
    where = f" in dossier {case_id}" if case_id else ""
    return RuleRefused(
        f"'{verdict.act.title}' kan nog niet{where}; er is niets vastgelegd.\n" + "\n".join(lines),
        hint=hint,
    )


def next_acts(loaded: Loaded, day: dt.date) -> list[Judgement]:
    """What could be done next from the current step, each with what is missing."""
    out = []
    if loaded.state.closed:
        acts = [a for a in loaded.route.acts if a.command == "reopen"]
    else:
        acts = [
            a for a in loaded.route.acts if a.enters or a.forum is not None or a.command == "close"
        ]
        acts = [a for a in acts if not a.from_steps or loaded.state.step in a.from_steps]
        current = loaded.route.step_index(loaded.state.step)
        acts = [a for a in acts if not a.enters or loaded.route.step_index(a.enters) > current]
        step = loaded.route.step(loaded.state.step)
        acts = [a for a in acts if not a.enters or step is None or a.enters in step.next]
    for act in acts:
        ctx = context(loaded, day, None, act)
        out.append(Judgement(act, evaluate(ctx, act.requires)))
    return out


def notices(loaded: Loaded, record: RecordBase, record_id: str = "") -> list[str]:
    """Things the user should know about a recorded act that are not refusals: the meldcode's
    next step and the hold on letters, a decision on youth care without mandate, a meeting
    without the roles the route names for it."""
    out = []
    config = loaded.repo.config
    if isinstance(record, MeldcodeStep):
        tracks = meldcode_tracks(loaded.data)
        nxt = tracks[-1].next_step if tracks else None
        if nxt is not None:
            out.append(f"volgende stap van de meldcode: {nxt.label}")
        if record.without_consent:
            out.append(
                "vastgelegd als melding bij Veilig Thuis zonder toestemming, op grond van de "
                "meldcode"
            )
        if facts(loaded.data, loaded.route, record.date).safety.active:
            out.append("brieven en verslagen aan de ouders worden nu tegengehouden (meldcode)")
    if isinstance(record, Meeting):
        missing = missing_roles(loaded.route, record)
        if missing and not any(o.rule == "composition" for o in record.overrides):
            out.append(composition_message(record.forum, None, missing))
        if Decision.youth_care in record.decisions:
            check = next(
                (c for c in mandate_checks(loaded.data, config) if c.meeting.id == record_id),
                None,
            )
            if check is not None and not check.valid:
                out.append(
                    "het besluit over jeugdhulp is zonder mandaat: de gemandateerde van het "
                    "lokale team van de woongemeente was er niet bij; "
                    + mandate_fix(loaded.data, config, record_id)
                )
    if isinstance(record, Referral) and record.destination == Destination.youth_care:
        home = loaded.case.pupil.home_municipality
        school = loaded.repo.config.school.municipality
        if home.strip().lower() != school.strip().lower():
            out.append(
                f"de leerling woont in {home}, de school staat in {school}: de "
                f"jeugdhulp loopt via het lokale team van {home}"
            )
    return out


# --- performing an act ----------------------------------------------------------------


@dataclass
class Performed:
    record_id: str
    path: Path
    verdict: Judgement
    warnings: list[str] = field(default_factory=list)
    documents: list[Path] = field(default_factory=list)
    case_id: str = ""
    also: list[tuple[str, str]] = field(default_factory=list)  # (case, record) recorded too


DocumentHook = Callable[[Loaded, Act, RecordBase, dt.date], "list[Produced]"]


@dataclass(frozen=True)
class Produced:
    """Files rendered for an act, and the record that registers them."""

    files: list[tuple[Path, str | bytes]]
    record: RecordBase


def build_record(kind: str, fields: dict[str, Any], day: dt.date, by: str) -> RecordBase:
    from zorgroute.domain.cases import model_errors
    from zorgroute.model.records import RECORD_TYPES

    clean = {k: v for k, v in fields.items() if v not in (None, [], ())}
    try:
        return RECORD_TYPES[kind].model_validate(
            {
                **clean,
                "kind": kind,
                "date": day,
                "recorded_by": by,
                # when it was recorded: today, even for an act dated back
                "recorded_at": now(max(day, today())),
            }
        )
    except ValidationError as exc:
        raise model_errors(exc, f"de gegevens voor {RECORD_LABELS.get(kind, kind)}") from None


def prepare(loaded: Loaded, kind: str, fields: dict[str, Any], day: dt.date) -> dict[str, Any]:
    """Checks that belong to the record kind rather than the route: a correction fits the
    record it corrects, a void names a record that can be withdrawn, a family record names
    people the dossier knows."""
    from zorgroute.domain.corrections import prepare_correction, prepare_void
    from zorgroute.domain.family import FAMILY_KINDS, prepare_family

    if kind in FAMILY_KINDS:
        return prepare_family(loaded.data, kind, fields, day)
    if kind == "correction":
        return prepare_correction(loaded.repo, loaded.data, fields)
    if kind == "void":
        return prepare_void(loaded.data, fields)
    return fields


@dataclass(frozen=True)
class Planned:
    """An act that passed its rules, with its record and documents, not yet written."""

    case_id: str
    loaded: Loaded
    act: Act
    verdict: Verdict
    record: RecordBase
    produced: list[Produced]


def plan(
    repo: Repository,
    case_id: str,
    command: str,
    kind: str,
    fields: dict[str, Any],
    *,
    day: dt.date,
    by: str,
    overrides: dict[str, str] | None = None,
    documents: DocumentHook | None = None,
    today: dt.date | None = None,
) -> Planned:
    """Check an act against the case's route and render its documents; writes nothing."""
    loaded = load(repo, case_id)
    fields = prepare(loaded, kind, fields, day)
    draft = build_record(kind, fields, day, by)
    act = find_act(loaded.route, command, draft)
    verdict = judge(loaded, act, draft, day, overrides, by, today)
    if not verdict.allowed:
        raise refuse(verdict, case_id)
    update: dict[str, Any] = {"overrides": verdict.overridden}
    if isinstance(draft, Referral) and is_meldcode(
        repo.config, draft.institution, draft.destination
    ):
        update["meldcode"] = True  # recorded as the one referral without consent
    if isinstance(draft, MeldcodeStep):
        reported = report_verdict(loaded.data, loaded.route, repo.config, draft)
        # a report to Veilig Thuis: the policy allows it without consent, recorded as such
        update["without_consent"] = bool(reported and reported.allowed and reported.note)
    record = draft.model_copy(update=update)
    produced = documents(loaded, act, record, day) if documents else []
    return Planned(case_id, loaded, act, verdict, record, produced)


def perform(
    repo: Repository,
    case_id: str,
    command: str,
    kind: str,
    fields: dict[str, Any],
    *,
    day: dt.date,
    by: str,
    overrides: dict[str, str] | None = None,
    documents: DocumentHook | None = None,
    also: tuple[str, ...] = (),
    today: dt.date | None = None,
) -> Performed:
    """Check an act against the case's route and record it; refuse without writing.

    With `also` the same act (a meeting about several pupils) is recorded in those cases
    too: every case is checked first, and all records and documents go into one commit."""
    done = perform_many(
        repo,
        (case_id, *also),
        command,
        kind,
        fields,
        day=day,
        by=by,
        overrides=overrides,
        documents=documents,
        today=today,
    )
    first = done[0]
    for other in done[1:]:
        first.warnings += other.warnings
        first.documents += other.documents
        first.also.append((other.case_id, other.record_id))
    return first


def perform_many(
    repo: Repository,
    case_ids: tuple[str, ...],
    command: str,
    kind: str,
    fields: dict[str, Any],
    *,
    day: dt.date,
    by: str,
    overrides: dict[str, str] | None = None,
    documents: DocumentHook | None = None,
    today: dt.date | None = None,
) -> list[Performed]:
    """One act in one or more cases: all are checked, then written in one commit.

    The rules are judged while the repository lock is held, on the cases as they are on disk
    at that moment: of two acts at the same time on the same case, the second sees the first."""

    if len(set(case_ids)) != len(case_ids):
        raise UsageError(
            "een dossier staat twee keer in de opdracht; er is niets vastgelegd",
            hint="noem elk dossier één keer",
        )
    with repo.locked():
        return _plan_and_write(
            repo, case_ids, command, kind, fields, day, by, overrides, documents, today
        )


def _plan_and_write(
    repo: Repository,
    case_ids: tuple[str, ...],
    command: str,
    kind: str,
    fields: dict[str, Any],
    day: dt.date,
    by: str,
    overrides: dict[str, str] | None,
    documents: DocumentHook | None,
    today: dt.date | None,
) -> list[Performed]:
    from zorgroute.domain.cases import Batch, write_batch

    planned = [
        plan(
            repo,
            cid,
            command,
            kind,
            fields,
            day=day,
            by=by,
            overrides=overrides,
            documents=documents,
            today=today,
        )
        for cid in case_ids
    ]
    batches = [
        Batch(
            p.case_id,
            [
                (p.record, [f for d in p.produced for f in d.files]),
                *((d.record, []) for d in p.produced),
            ],
        )
        for p in planned
    ]
    step = planned[0].act.id
    message = (
        f"zorgroute: {case_ids[0]} {step}"
        if len(case_ids) == 1
        else f"zorgroute: {step} voor {len(case_ids)} dossiers ({', '.join(case_ids)})"
    )
    written, warning = write_batch(repo, batches, message)
    out = []
    for p, ids in zip(planned, written, strict=True):
        rid, path = ids[0]
        files = [f for d in p.produced for f in d.files]
        done = Performed(rid, path, p.verdict, [], [f for f, _ in files], case_id=p.case_id)
        # read again: the notices (a decision without mandate) are about the record written
        done.warnings += notices(load(repo, p.case_id), p.record, rid)
        out.append(done)
    if warning:
        out[0].warnings.insert(0, warning)
    return out
