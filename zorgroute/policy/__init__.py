"""The policy layer: the one place that decides who may discuss, refer, receive, see, sign
and decide, always as of the date of the act. See docs/architecture.md ("De beleidslaag").

Every door — a step, a document, `refer`, `action add`, `correct`, an overview — asks these
questions; none decides them for itself.
"""

from __future__ import annotations

from zorgroute.policy.consent import Scope, basis_record, may_discuss, notice_deadline
from zorgroute.policy.facts import PUPIL, Consenters, Facts, SafetyPath, age_on, facts
from zorgroute.policy.family import AdultOn, FamilyOn, family_on
from zorgroute.policy.integrity import late_entry_problem, record_problems
from zorgroute.policy.letters import (
    LEERPLICHT,
    DocumentSpec,
    Recipient,
    recipients,
    visible,
    visible_adults,
    visible_fields,
    visible_notes,
)
from zorgroute.policy.norms import objection_period_days, waiting_norm_days
from zorgroute.policy.referral import is_meldcode, may_refer
from zorgroute.policy.roles import Reserved, holder_on, may_decide
from zorgroute.policy.verdict import Verdict

__all__ = [
    "LEERPLICHT",
    "PUPIL",
    "AdultOn",
    "Consenters",
    "DocumentSpec",
    "Facts",
    "FamilyOn",
    "Recipient",
    "Reserved",
    "SafetyPath",
    "Scope",
    "Verdict",
    "age_on",
    "basis_record",
    "facts",
    "family_on",
    "holder_on",
    "is_meldcode",
    "late_entry_problem",
    "may_decide",
    "may_discuss",
    "may_refer",
    "notice_deadline",
    "objection_period_days",
    "recipients",
    "record_problems",
    "visible",
    "visible_adults",
    "visible_fields",
    "visible_notes",
    "waiting_norm_days",
]
