"""A local cache of parsed cases, so commands over the whole repository stay fast.

The cache lives in `.zorgroute-cache/` (ignored by git) and only ever saves work: deleting
it changes no result. What is stored per case is the validated records (`CaseData`); the
state is derived afresh on every run, so a changed route or setting is always used.

A cached case is used only when its files are the same:
- identity: the names, sizes, modification times and inode numbers of case.yaml and every
  file in records/ match what was seen when the entry was stored. An added, removed,
  renamed, edited or merged file changes at least one of these;
- content: when the identity differs (a checkout or merge that rewrote a file, a copy), the
  files are read and their digest compared; an equal digest reuses the entry, any other
  content is parsed again;
- a file changed less than two seconds before the entry was stored could be changed again
  without a new modification time (coarse clocks), so such a case is not stored at all;
- cases with problems are never stored: their files are read every time, so every
  problem is reported.

The file is written atomically (temporary file, then rename) and carries the zorgroute
version and the Python version; anything unreadable is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from zorgroute.errors import Problem, ZorgrouteError
from zorgroute.store.repo import RECORDS_DIR, TMP_MARK, CaseData, Repository

CACHE_DIR = ".zorgroute-cache"
CACHE_FILE = "cases.pickle"
RACY_SECONDS = 2.0
FORMAT = 2

Signature = tuple[tuple[str, int, int, int], ...]
T = TypeVar("T")


def _version_key() -> str:
    from zorgroute import __version__  # noqa: PLC0415

    return f"{FORMAT}:{__version__}:{sys.version_info[:2]}"


@dataclass
class Entry:
    signature: Signature
    digest: str
    data: CaseData


def signature(folder: Path) -> Signature | None:
    """Name, size, mtime and inode of case.yaml and every record file; None if unreadable."""
    base = os.fspath(folder)
    try:
        st = os.stat(base + "/case.yaml")
        items = [("case.yaml", st.st_size, st.st_mtime_ns, st.st_ino)]
        try:
            with os.scandir(base + "/" + RECORDS_DIR) as found:
                for item in found:
                    st = item.stat()
                    items.append((item.name, st.st_size, st.st_mtime_ns, st.st_ino))
        except FileNotFoundError:
            pass
    except OSError:
        return None
    items.sort()
    return tuple(items)


def digest(folder: Path, sig: Signature) -> str:
    """A digest of the names and contents of the files in `sig`."""
    h = hashlib.blake2b(digest_size=20)
    for name, *_ in sig:
        path = folder / name if name == "case.yaml" else folder / RECORDS_DIR / name
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\x00unreadable"
        h.update(name.encode("utf-8") + b"\x00" + str(len(data)).encode() + b"\x00")
        h.update(data)
    return h.hexdigest()


class CaseCache:
    """Parsed cases of one repository, keyed on file identity and content."""

    def __init__(self, repo: Repository, enabled: bool = True, name: str = "cases",
                 context: str = "") -> None:
        self.repo = repo
        self.enabled = enabled and not os.environ.get("ZORGROUTE_NO_CACHE")
        self.path = repo.root / CACHE_DIR / f"{name}.pickle"
        self.context = context
        self.entries: dict[str, Entry] = self._read() if self.enabled else {}
        self.fresh: dict[str, Entry] = {}
        self.changed = False
        self.hits = 0
        self.misses = 0

    def _read(self) -> dict[str, Entry]:
        try:
            with open(self.path, "rb") as fh:
                stored = pickle.load(fh)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError,
                IndexError, TypeError, ValueError):
            return {}
        if not isinstance(stored, dict) or stored.get("version") != _version_key() \
                or stored.get("context") != self.context:
            return {}
        entries = stored.get("entries")
        return entries if isinstance(entries, dict) else {}

    def load(self, case_id: str) -> tuple[CaseData | None, list[Problem]]:
        """The case from the cache when its files are unchanged, else from disk."""
        if not self.enabled:
            return self.repo.load_case(case_id)
        sig, value = self.lookup(case_id)
        if isinstance(value, CaseData):
            return value, []
        data, problems = self.repo.load_case(case_id)
        if data is not None and not problems:
            self.store(case_id, sig, data)
        else:
            self.misses += 1
            self.changed = True
        return data, problems

    def lookup(self, case_id: str, sig: Signature | None | bool = False
               ) -> tuple[Signature | None, Any]:
        """A stored value for the case if its files are unchanged (else None)."""
        folder = self.repo.case_dir(case_id)
        if sig is False or sig is True:
            sig = signature(folder)
        old = self.entries.get(case_id)
        if not self.enabled or sig is None or old is None:
            return sig, None
        if old.signature == sig:
            self.hits += 1
            self.fresh[case_id] = old
            return sig, old.data
        content = digest(folder, sig)
        if content == old.digest and not self._racy(sig):
            self.hits += 1
            self.fresh[case_id] = Entry(sig, content, old.data)
            self.changed = True
            return sig, old.data
        return sig, None

    def store(self, case_id: str, sig: Signature | None, value: Any) -> None:
        """Keep a value computed from the case's files as they were at `sig`."""
        self.misses += 1
        self.changed = True
        if not self.enabled or sig is None:
            return
        folder = self.repo.case_dir(case_id)
        if signature(folder) == sig and not self._racy(sig):
            self.fresh[case_id] = Entry(sig, digest(folder, sig), value)

    @staticmethod
    def _racy(sig: Signature) -> bool:
        newest = max(m for _, _, m, _ in sig) / 1e9
        return newest > time.time() - RACY_SECONDS

    def save(self) -> None:
        """Store what was seen in this run; cases that are gone are dropped."""
        if not self.enabled:
            return
        if not self.changed and set(self.fresh) == set(self.entries):
            return
        folder = self.path.parent
        try:
            folder.mkdir(exist_ok=True)
            tmp = folder / f"{CACHE_FILE}{TMP_MARK}{os.getpid()}"
            with open(tmp, "wb") as fh:
                pickle.dump({"version": _version_key(), "context": self.context,
                             "entries": self.fresh}, fh,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs time


def read_summary(repo: Repository, name: str, key: str) -> Any:
    """A result over the whole repository, stored under `key` (None if absent or other)."""
    try:
        with open(repo.root / CACHE_DIR / f"{name}.pickle", "rb") as fh:
            stored = pickle.load(fh)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError,
            IndexError, TypeError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("version") != _version_key() \
            or stored.get("key") != key:
        return None
    return stored.get("value")


def write_summary(repo: Repository, name: str, key: str, value: Any) -> None:
    folder = repo.root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        tmp = folder / f"{name}.pickle{TMP_MARK}{os.getpid()}"
        with open(tmp, "wb") as fh:
            pickle.dump({"version": _version_key(), "key": key, "value": value}, fh,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{name}.pickle")
    except OSError:
        pass


def summary_key(context: str, ids: list[str], sigs: list[Signature | None]) -> str:
    """Identity of every file of every case, with the context: one key for the whole."""
    return hashlib.blake2b(repr((context, ids, sigs)).encode(), digest_size=20).hexdigest()


def context_key(repo: Repository, *parts: object) -> str:
    """What a cached result depends on besides the case: settings, routes, arguments."""
    from .routes import builtin_dir  # noqa: PLC0415

    h = hashlib.blake2b(digest_size=20)
    for folder in (builtin_dir(), repo.root / "routes"):
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                h.update(path.name.encode() + b"\x00" + path.read_bytes())
    h.update((repo.root / "zorgroute.yaml").read_bytes())
    h.update(repr(parts).encode())
    return h.hexdigest()


def clear(repo: Repository) -> bool:
    """Delete the cache; returns whether there was one."""
    folder = repo.root / CACHE_DIR
    if not folder.is_dir():
        return False
    for path in folder.glob("*.pickle"):
        path.unlink()
    return True


def per_case(repo: Repository, name: str, parts: tuple[object, ...], ids: list[str],
             compute: Callable[[str], T]) -> Iterator[tuple[str, T | ZorgrouteError]]:
    """`compute(case_id)` for every case, reusing stored values of unchanged cases.

    The stored value is keyed on the case's files (identity and content, as above) and on
    `parts` with the settings and routes (for example today's date), so a warm run reads
    no YAML at all. A case whose computation fails is yielded with its error, never stored.
    """
    cache = CaseCache(repo, True, name, context_key(repo, *parts))
    for case_id in ids:
        sig, value = cache.lookup(case_id)
        if value is None:
            try:
                value = compute(case_id)
            except ZorgrouteError as exc:
                yield case_id, exc
                continue
            cache.store(case_id, sig, value)
        yield case_id, value
    cache.save()
