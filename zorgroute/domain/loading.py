"""Loading every case of a repository with its derived state, through the case cache."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from zorgroute.domain.state import derive
from zorgroute.errors import ZorgrouteError
from zorgroute.store.cache import CaseCache
from zorgroute.store.repo import CaseData, Repository

from .routes import load_routes


class Loader:
    """Reads cases of one repository and derives their state; routes are read once."""

    def __init__(self, repo: Repository, cache: CaseCache | None = None) -> None:
        self.repo = repo
        self.cache = cache
        self._routes: dict[str, Any] | None = None
        self._versions: dict[tuple[str, int], Any] = {}

    def route(self, route_id: str, version: int) -> Any:
        key = (route_id, version)
        if key not in self._versions:
            if self._routes is None:
                self._routes, _ = load_routes(self.repo)
            source = self._routes.get(route_id)
            try:
                self._versions[key] = source.route.at_version(version) if source else None
            except ZorgrouteError:
                self._versions[key] = None
        return self._versions[key]

    def case(self, case_id: str, as_of: dt.date | None = None) -> tuple[CaseData | None, Any]:
        """The case and its state (as it stood on `as_of`); (None, None) on any error."""
        try:
            if self.cache is not None:
                data, problems = self.cache.load(case_id)
            else:
                data, problems = self.repo.load_case(case_id)
        except ZorgrouteError:
            return None, None
        if data is None or problems:
            return None, None
        route = self.route(data.case.route, data.case.route_version)
        if route is None:
            return None, None
        if as_of is not None:
            data = data.as_of(as_of)
        return data, derive(data, route, self.repo.config.settings.feedback_days)


def load_all(
    repo: Repository, as_of: dt.date | None = None, use_cache: bool = True
) -> Iterator[tuple[CaseData | None, Any]]:
    """Every case of the repository with its derived state (None, None: a case with errors).

    With `as_of`, records dated after that day are left out before the state is derived."""
    cache = CaseCache(repo, use_cache)
    loader = Loader(repo, cache)
    for case_id in repo.case_ids():
        yield loader.case(case_id, as_of)
    cache.save()
