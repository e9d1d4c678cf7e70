"""Rules every record obeys, whatever the route: dates that can be true, consent records
that refer to what they change, and decisions taken by the person who may take them.

The same function judges a new record at the command (before anything is written) and
every stored record in `check`; `at` says where a field is, so a stored record's problem
names its file and line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from zorgroute.errors import Problem
from zorgroute.model.records import (
    Config,
    Consent,
    Doorbraak,
    MandateDecision,
    Meeting,
    MeldcodeStep,
    RecordBase,
    Referral,
)
from zorgroute.model.route import Route
from zorgroute.model.vocab import SPECIAL_EDUCATION, Basis, Decision
from zorgroute.policy.mandate import decides_youth_care
from zorgroute.policy.meldcode import step_problems
from zorgroute.policy.norms import objection_period_days
from zorgroute.policy.roles import Reserved, may_decide
from zorgroute.store.effective import effective
from zorgroute.store.repo import CaseData

Locate = Callable[[str], tuple[str, int, int]]

TARGETS: dict[Basis, frozenset[Basis]] = {
    Basis.withdrawal: frozenset({Basis.written_consent, Basis.no_objection_notice}),
    Basis.objection: frozenset({Basis.no_objection_notice, Basis.written_consent}),
    Basis.exception_end: frozenset({Basis.exception}),
}
TARGET_WORDS = {
    Basis.withdrawal: "een intrekking",
    Basis.objection: "een bezwaar",
    Basis.exception_end: "het einde van de bespreking zonder toestemming",
}
TARGET_HINT = {
    Basis.withdrawal: "een toestemming of kennisgeving",
    Basis.objection: "een kennisgeving of toestemming",
    Basis.exception_end: "het besluit om zonder toestemming te bespreken",
}


def no_location(field: str) -> tuple[str, int, int]:
    return "", 0, 0


def record_problems(
    data: CaseData,
    route: Route,
    config: Config,
    record: RecordBase,
    *,
    today: dt.date | None = None,
    at: Locate = no_location,
    record_id: str = "",
) -> list[Problem]:
    """Everything wrong with `record` in this case; empty when it may stand."""
    problems: list[Problem] = []

    def problem(field: str, message: str, rule: str, hint: str) -> None:
        path, line, col = at(field)
        problems.append(Problem(path, line, col, field, message, rule, hint))

    born = data.case.pupil.birth_date
    if record.date < born:
        problem(
            "date",
            f"de datum {record.date.isoformat()} ligt voor de geboortedatum van de leerling",
            "datum",
            "controleer de datum (JJJJ-MM-DD); een record beschrijft iets dat gebeurd is",
        )
    if today is not None and record.date > today:
        problem(
            "date",
            f"de datum {record.date.isoformat()} ligt na vandaag",
            "datum",
            "een record beschrijft wat al gebeurd is; plan toekomstige zaken als afspraak",
        )
    if isinstance(record, Consent):
        consent_problems(data, route, config, record, record_id, problem)
    if isinstance(record, Referral) and record.directeur_signoff is not None:
        signoff = record.directeur_signoff
        verdict = may_decide(config, signoff.name, Reserved.special_education, signoff.date)
        if not verdict.allowed and record.destination in SPECIAL_EDUCATION:
            problem("directeur_signoff", verdict.summary, "directeur", verdict.fix)
    if isinstance(record, MeldcodeStep):
        for p in step_problems(data, record, record_id):
            problem(p.field, p.message, p.rule, p.fix)
    if isinstance(record, MandateDecision):
        mandate_problems(data, config, record, problem)
    if isinstance(record, Doorbraak) and record.refers_to:
        target = data.by_id.get(record.refers_to)
        if target is None or not isinstance(target.record, Doorbraak) or target.id == record_id:
            problem(
                "refers_to",
                f"de uitkomst verwijst naar {record.refers_to}, maar dat is geen voorlegging "
                "aan een doorbraaktafel in dit dossier",
                "doorbraak_outcome",
                f"'zorgroute status {data.id}' toont de open voorleggingen",
            )
    return problems


def mandate_problems(
    data: CaseData,
    config: Config,
    record: MandateDecision,
    problem: Callable[[str, str, str, str], None],
) -> None:
    """A decision on youth care after an MDO: about a meeting of this case that decided on
    youth care, not before it, and taken by the mandated person of the right local team."""
    target = data.by_id.get(record.meeting)
    meeting = effective(data, target) if target is not None else None
    if not isinstance(meeting, Meeting) or Decision.youth_care not in meeting.decisions:
        problem(
            "meeting",
            f"het besluit verwijst naar {record.meeting}, maar dat is geen overleg in dit "
            "dossier dat over jeugdhulp besliste",
            "mandate",
            f"'zorgroute status {data.id}' toont de besluiten zonder mandaat, met hun record-id",
        )
    elif record.date < meeting.date:
        problem(
            "date",
            "het besluit met mandaat ligt voor de datum van het overleg",
            "mandate",
            "geef de datum van het besluit op met --date",
        )
    verdict = decides_youth_care(config, data, record.person, record.team, record.date)
    if not verdict.allowed:
        problem("team", verdict.summary, "mandate", verdict.fix)


def late_entry_problem(
    config: Config, record: RecordBase, today: dt.date, at: Locate = no_location
) -> Problem | None:
    """A record about something long ago needs a reason (`--late-entry`)."""
    days = config.settings.late_entry_days
    if record.late_entry or (today - record.date).days <= days:
        return None
    path, line, col = at("late_entry")
    return Problem(
        path,
        line,
        col,
        "late_entry",
        f"dit gebeurde op {record.date.isoformat()}, meer dan {days} dagen geleden; leg vast "
        "waarom het nu pas wordt vastgelegd",
        "late-vastlegging",
        'geef de reden mee: --late-entry "reden"',
    )


def consent_problems(
    data: CaseData,
    route: Route,
    config: Config,
    record: Consent,
    record_id: str,
    problem: Callable[[str, str, str, str], None],
) -> None:
    basis = record.basis
    if basis == Basis.no_objection_notice:
        deadline = record.objection_deadline
        if deadline is not None and deadline <= record.date:
            days = objection_period_days(route, config)
            problem(
                "objection_deadline",
                "het einde van de bezwaartermijn ligt niet na de datum van de kennisgeving",
                "toestemming",
                f"laat het einde van de bezwaartermijn weg (dan geldt {days} dagen) of kies "
                "een latere datum",
            )
    if basis in (Basis.exception, Basis.exception_end):
        verdict = may_decide(
            config, record.decided_by or "", Reserved.consent_exception, record.date
        )
        if not verdict.allowed:
            problem("decided_by", verdict.summary, "directeur", verdict.fix)
    wanted = TARGETS.get(basis)
    if wanted is None:
        return
    what = TARGET_WORDS[basis]
    hint = (
        f"geef met refers_to (--refers-to) het record-id van {TARGET_HINT[basis]} voor "
        f"{record.forum.label} in dit dossier; 'zorgroute show {data.id}' toont de records"
    )
    if not record.refers_to:
        problem("refers_to", f"{what} moet zeggen waar het over gaat", "toestemming", hint)
        return
    target_id = record.refers_to.split("#")[0]
    target_entry = data.by_id.get(target_id)
    if target_entry is None or target_id == record_id:
        problem(
            "refers_to",
            f"{what} verwijst naar {record.refers_to}, maar dat record bestaat niet in dit dossier",
            "toestemming",
            hint,
        )
        return
    target = effective(data, target_entry)
    if not isinstance(target, Consent) or target.basis not in wanted:
        problem(
            "refers_to",
            f"{what} verwijst naar {record.refers_to}, maar dat is geen {TARGET_HINT[basis]}",
            "toestemming",
            hint,
        )
        return
    if target.forum != record.forum:
        problem(
            "forum",
            f"{what} gaat over {record.forum.label}, maar {record.refers_to} over "
            f"{target.forum.label}",
            "toestemming",
            f"kies hetzelfde overleg als het record waar het over gaat ({target.forum.value})",
        )
    if record.partners and not set(record.partners) <= set(target.partners):
        problem(
            "partners",
            f"{what} noemt partners die {record.refers_to} niet noemt",
            "toestemming",
            "noem alleen partners uit het record waar het over gaat, of laat ze weg",
        )
    if target.date > record.date:
        problem(
            "refers_to",
            f"{what} is gedateerd voor {record.refers_to} zelf",
            "toestemming",
            "controleer de datum of het record-id",
        )
