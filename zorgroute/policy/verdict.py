"""The answer of the policy layer: may it, and if not, why and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    """Whether an act is allowed. `reasons` and `fix` are Dutch and never hold a name from
    the dossier (they may hold ids such as 'moeder', dates and labels). `basis` is the
    record id the answer rests on, `note` what must be recorded with the act (for example
    that a report to Veilig Thuis went without consent, under the meldcode)."""

    allowed: bool
    reasons: tuple[str, ...] = ()
    fix: str = ""
    basis: str | None = None
    note: str = ""

    @property
    def summary(self) -> str:
        return "; ".join(self.reasons) if self.reasons else ("mag" if self.allowed else "mag niet")

    @staticmethod
    def yes(*, basis: str | None = None, note: str = "") -> Verdict:
        return Verdict(True, (), "", basis, note)

    @staticmethod
    def no(*reasons: str, fix: str = "") -> Verdict:
        return Verdict(False, tuple(reasons), fix)
