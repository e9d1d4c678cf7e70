"""Periods and norms: a school's own setting in `zorgroute.yaml` beats the route's default."""

from __future__ import annotations

from zorgroute.model.records import Config
from zorgroute.model.route import Route


def objection_period_days(route: Route, config: Config) -> int:
    """The objection period of a no-objection notice."""
    settings = config.settings
    if "objection_period_days" in settings.model_fields_set:
        return settings.objection_period_days
    return route.consent.objection_period_days


def waiting_norm_days(route: Route, config: Config) -> int:
    """How long a pupil may wait for care before the case is flagged."""
    settings = config.settings
    if "waiting_norm_days" in settings.model_fields_set or route.norms.waiting_days is None:
        return settings.waiting_norm_days
    return route.norms.waiting_days
