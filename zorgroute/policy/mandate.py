"""Whether an MDO's decision on youth care has a mandate (Jeugdwet, GUIDE §2.3).

Only the mandated person of the local team of the pupil's home municipality decides on
youth care. A meeting's decision to deploy youth care is valid when that person attended
(an attendee with `mandate_for` whom `may_decide` accepts), or when a later `mandate`
record holds that person's decision; otherwise the plan has no mandate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zorgroute.model.records import Config, MandateDecision, Meeting
from zorgroute.model.vocab import Decision
from zorgroute.policy.roles import Reserved, local_teams_of, may_decide
from zorgroute.policy.verdict import Verdict
from zorgroute.store.effective import effective_entries
from zorgroute.store.repo import CaseData, Entry


@dataclass(frozen=True)
class MandateCheck:
    """One decision on youth care: valid or not, and how."""

    meeting: Entry
    valid: bool
    how: str  # "aanwezig", "later besluit" or ""
    decision: Entry | None = None

    @property
    def date(self) -> str:
        return self.meeting.record.date.isoformat()


def decides_youth_care(
    config: Config, data: CaseData, person: str, team: str | None, on: dt.date
) -> Verdict:
    """Does `person` of `team` decide on youth care for this pupil on `on`?"""
    return may_decide(
        config,
        person,
        Reserved.youth_care,
        on,
        team=team,
        home_municipality=data.case.pupil.home_municipality,
    )


def mandate_checks(data: CaseData, config: Config) -> list[MandateCheck]:
    """Every meeting that decided on youth care, and whether that decision has a mandate."""
    entries = effective_entries(data)
    out: list[MandateCheck] = []
    for entry in entries:
        rec = entry.record
        if not isinstance(rec, Meeting) or Decision.youth_care not in rec.decisions:
            continue
        present = any(
            a.mandate_for
            and decides_youth_care(config, data, a.name, a.mandate_for, rec.date).allowed
            for a in rec.attendees
        )
        if present:
            out.append(MandateCheck(entry, True, "aanwezig"))
            continue
        later = next(
            (
                e
                for e in entries
                if isinstance(e.record, MandateDecision)
                and e.record.meeting == entry.id
                and e.record.date >= rec.date
                and decides_youth_care(
                    config, data, e.record.person, e.record.team, e.record.date
                ).allowed
            ),
            None,
        )
        out.append(MandateCheck(entry, later is not None, "later besluit" if later else "", later))
    return out


def mandate_fix(data: CaseData, config: Config, meeting_id: str) -> str:
    """The command that gives a decision without mandate its mandate."""
    teams = local_teams_of(config, data.case.pupil.home_municipality)
    team = teams[0] if len(teams) == 1 else "LOKAAL-TEAM"
    return (
        f"leg het besluit van de gemandateerde van het lokale team van de woongemeente vast: "
        f"zorgroute mandate {data.id} --meeting {meeting_id} --team {team} "
        '--person "naam en functie" --decision "..."'
    )
