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

The cache holds plain data only (JSON, see `plaindata`): nothing in it can run code when
it is read, whoever wrote it. It is private and bound to this machine's copy:

- `.zorgroute-cache/` is a folder of this user with mode 0700, its files 0600, never
  reached through a link (a link, a FIFO or a folder of someone else is not used);
- every file carries the device and inode number of its folder. A cache that arrived
  from elsewhere (committed to git and checked out, copied, planted) carries another
  folder's numbers and is ignored, so it can neither run code nor slip in other data;
- it carries the format, the zorgroute version and a fingerprint of the installed code,
  so a cache of other code is not used; anything unreadable or stale is ignored and
  rebuilt, silently, because the cache only ever saves time.

`check` refuses a cache that is tracked by git.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from zorgroute.errors import Problem, ZorgrouteError
from zorgroute.store import plaindata, safefs
from zorgroute.store.repo import RECORDS_DIR, TMP_MARK, CaseData, Repository

CACHE_DIR = ".zorgroute-cache"
SUFFIX = ".json"
CACHE_FILE = "cases" + SUFFIX
RACY_SECONDS = 2.0
FORMAT = 3
MAX_CACHE_BYTES = 512 * 1024 * 1024

Signature = tuple[tuple[str, int, int, int, int], ...]
T = TypeVar("T")


@functools.cache
def _code_fingerprint() -> str:
    """Names, sizes and modification times of zorgroute's own source files."""
    package = Path(__file__).resolve().parent.parent
    h = hashlib.blake2b(digest_size=12)
    for path in sorted(package.rglob("*.py")):
        try:
            st = path.stat()
        except OSError:
            continue
        h.update(f"{path.relative_to(package)}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()


def _version_key() -> str:
    from zorgroute import __version__  # noqa: PLC0415

    return f"{FORMAT}:{__version__}:{_code_fingerprint()}"


@dataclass
class Entry:
    signature: Signature
    digest: str
    data: Any = None  # the value, once decoded or computed
    raw: Any = None  # the value as stored (plain data), not yet decoded

    def value(self) -> Any:
        if self.data is None and self.raw is not None:
            self.data = plaindata.decode(self.raw)
        return self.data


LISTING = "./"  # marks a name in the case folder itself: only the name counts


def signature(folder: Path, extra: tuple[str, ...] = ()) -> Signature | None:
    """Name, size, mtime, inode and ctime of case.yaml and every record file (ctime: a file
    written anew has a new one, whatever its mtime and inode say); None if unreadable.

    `extra` adds the files of more subfolders (named `sub/name`), and "" the names of
    everything in the case folder itself (for a result that also depends on those)."""
    base = os.fspath(folder)
    try:
        st = os.stat(base + "/case.yaml")
        items = [("case.yaml", st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)]
        for sub in (RECORDS_DIR, *extra):
            prefix = "" if sub == RECORDS_DIR else f"{sub}/"
            try:
                found = os.scandir(base + "/" + sub if sub else base)
            except (FileNotFoundError, NotADirectoryError):
                continue
            with found:
                for item in found:  # an unreadable entry makes the case uncacheable
                    if not sub:
                        items.append((LISTING + item.name, int(item.is_dir()), 0, 0, 0))
                        continue
                    st = item.stat()
                    items.append(
                        (prefix + item.name, st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
                    )
    except OSError:
        return None
    items.sort()
    return tuple(items)


def digest(folder: Path, sig: Signature, root: Path | None = None) -> str:
    """A digest of the names and contents of the files in `sig` (read inside `root`)."""
    h = hashlib.blake2b(digest_size=20)
    for name, *_ in sig:
        if name.startswith(LISTING):
            h.update(name.encode("utf-8") + b"\x00")
            continue
        nested = name == "case.yaml" or "/" in name
        path = folder / name if nested else folder / RECORDS_DIR / name
        try:
            data = safefs.read_bytes(path, name, MAX_CACHE_BYTES, root or folder)
        except safefs.UnsafeFile:
            data = b"\x00unreadable"
        h.update(name.encode("utf-8") + b"\x00" + str(len(data)).encode() + b"\x00")
        h.update(data)
    return h.hexdigest()


def _folder_id(st: os.stat_result) -> list[int]:
    return [st.st_dev, st.st_ino]


def _private_folder(repo: Repository) -> os.stat_result | None:
    """The cache folder's status if it is a real folder of this user, closed to others."""
    try:
        st = os.lstat(repo.root / CACHE_DIR)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or safefs.open_to_others(st.st_mode):
        return None
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return None
    return st


def _read_file(repo: Repository, name: str) -> dict[str, Any] | None:
    """The stored object of one cache file, or None when it cannot be trusted or read."""
    folder = _private_folder(repo)
    if folder is None:
        return None
    path = repo.root / CACHE_DIR / (name + SUFFIX)
    try:
        raw = safefs.read_bytes(
            path, CACHE_DIR, MAX_CACHE_BYTES, repo.root, follow_links=False, private=True
        )
        stored = json.loads(raw)
    except (safefs.UnsafeFile, ValueError, RecursionError):
        return None
    if (
        not isinstance(stored, dict)
        or stored.get("version") != _version_key()
        or stored.get("folder") != _folder_id(folder)
    ):
        return None
    return stored


def _write_file(repo: Repository, name: str, stored: dict[str, Any]) -> None:
    """Write one cache file privately; a cache that cannot be written only costs time."""
    folder = repo.root / CACHE_DIR
    try:
        safefs.ensure_dir(repo.root, folder)
        st = os.lstat(folder)
        if not stat.S_ISDIR(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
            return
        if safefs.open_to_others(st.st_mode):
            safefs.make_private([folder])
        stored = {"version": _version_key(), "folder": _folder_id(st), **stored}
        data = json.dumps(stored, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        safefs.replace(repo.root, folder / (name + SUFFIX), data)
    except (OSError, safefs.UnsafeFile, ValueError, TypeError, RecursionError):
        pass


class CaseCache:
    """Parsed cases of one repository, keyed on file identity and content."""

    def __init__(
        self,
        repo: Repository,
        enabled: bool = True,
        name: str = "cases",
        context: str = "",
        extra: tuple[str, ...] = (),
    ) -> None:
        self.repo = repo
        self.extra = extra
        self.enabled = enabled and not os.environ.get("ZORGROUTE_NO_CACHE")
        self.name = name
        self.path = repo.root / CACHE_DIR / (name + SUFFIX)
        self.context = context
        self.entries: dict[str, Entry] = self._read() if self.enabled else {}
        self.fresh: dict[str, Entry] = {}
        self.changed = False
        self.hits = 0
        self.misses = 0

    def _read(self) -> dict[str, Entry]:
        stored = _read_file(self.repo, self.name)
        if stored is None or stored.get("context") != self.context:
            return {}
        entries = stored.get("entries")
        if not isinstance(entries, dict):
            return {}
        found: dict[str, Entry] = {}
        for case_id, item in entries.items():
            try:
                sig = tuple(
                    (str(n), int(a), int(b), int(c), int(d)) for n, a, b, c, d in item["sig"]
                )
                found[case_id] = Entry(sig, str(item["digest"]), None, item["value"])
            except (KeyError, TypeError, ValueError):
                continue
        return found

    def _value(self, entry: Entry) -> Any:
        try:
            return entry.value()
        except plaindata.Undecodable:
            return None

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

    def lookup(
        self, case_id: str, sig: Signature | None | bool = False
    ) -> tuple[Signature | None, Any]:
        """A stored value for the case if its files are unchanged (else None)."""
        folder = self.repo.case_dir(case_id)
        if sig is False or sig is True:
            sig = signature(folder, self.extra)
        old = self.entries.get(case_id)
        if not self.enabled or sig is None or old is None:
            return sig, None
        if old.signature == sig:
            value = self._value(old)
            if value is None:
                return sig, None
            self.hits += 1
            self.fresh[case_id] = old
            return sig, value
        content = digest(folder, sig, self.repo.root)
        if content == old.digest and not self._racy(sig):
            value = self._value(old)
            if value is None:
                return sig, None
            self.hits += 1
            self.fresh[case_id] = Entry(sig, content, value, old.raw)
            self.changed = True
            return sig, value
        return sig, None

    def store(self, case_id: str, sig: Signature | None, value: Any) -> None:
        """Keep a value computed from the case's files as they were at `sig`."""
        self.misses += 1
        self.changed = True
        if not self.enabled or sig is None:
            return
        folder = self.repo.case_dir(case_id)
        if signature(folder, self.extra) == sig and not self._racy(sig):
            self.fresh[case_id] = Entry(sig, digest(folder, sig, self.repo.root), value)

    @staticmethod
    def _racy(sig: Signature) -> bool:
        newest = max(m for _, _, m, _, _ in sig) / 1e9
        return newest > time.time() - RACY_SECONDS

    def save(self) -> None:
        """Store what was seen in this run; cases that are gone are dropped."""
        if not self.enabled:
            return
        if not self.changed and set(self.fresh) == set(self.entries):
            return
        entries: dict[str, Any] = {}
        for case_id, entry in self.fresh.items():
            try:
                raw = entry.raw if entry.raw is not None else plaindata.encode(entry.data)
            except (plaindata.Unencodable, RecursionError):
                continue  # a value without a plain shape is not kept
            entries[case_id] = {
                "sig": [list(s) for s in entry.signature],
                "digest": entry.digest,
                "value": raw,
            }
        _write_file(self.repo, self.name, {"context": self.context, "entries": entries})


def read_summary(repo: Repository, name: str, key: str) -> Any:
    """A result over the whole repository, stored under `key` (None if absent or other)."""
    stored = _read_file(repo, name)
    if stored is None or stored.get("key") != key:
        return None
    try:
        return plaindata.decode(stored.get("value"))
    except plaindata.Undecodable:
        return None


def write_summary(repo: Repository, name: str, key: str, value: Any) -> None:
    try:
        raw = plaindata.encode(value)
    except (plaindata.Unencodable, RecursionError):
        return
    _write_file(repo, name, {"key": key, "value": raw})


def summary_key(context: str, ids: list[str], sigs: list[Signature | None]) -> str:
    """Identity of every file of every case, with the context: one key for the whole."""
    return hashlib.blake2b(repr((context, ids, sigs)).encode(), digest_size=20).hexdigest()


def context_key(repo: Repository, *parts: object) -> str:
    """What a cached result depends on besides the case: settings, routes, arguments."""
    from .routes import builtin_dir  # noqa: PLC0415

    h = hashlib.blake2b(digest_size=20)
    for folder, root in ((builtin_dir(), None), (repo.root / "routes", repo.root)):
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                h.update(path.name.encode() + b"\x00" + _bytes_or_mark(path, root))
    h.update(_bytes_or_mark(repo.root / "zorgroute.yaml", repo.root))
    h.update(repr(parts).encode())
    return h.hexdigest()


def _bytes_or_mark(path: Path, root: Path | None) -> bytes:
    try:
        return safefs.read_bytes(path, path.name, MAX_CACHE_BYTES, root)
    except safefs.UnsafeFile:
        return b"\x00unreadable"


def clear(repo: Repository) -> bool:
    """Delete the cache files (also those of older versions); whether there was a cache."""
    folder = repo.root / CACHE_DIR
    try:
        st = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    with os.scandir(folder) as found:
        for item in found:
            if item.name.endswith((SUFFIX, ".pickle")) or TMP_MARK in item.name:
                try:
                    os.unlink(item.path)
                except OSError:
                    continue
    return True


def per_case(
    repo: Repository,
    name: str,
    parts: tuple[object, ...],
    ids: list[str],
    compute: Callable[[str], T],
    extra: tuple[str, ...] = (),
    some: bool = False,
) -> Iterator[tuple[str, T | ZorgrouteError]]:
    """`compute(case_id)` for every case, reusing stored values of unchanged cases.

    The stored value is keyed on the case's files (identity and content, as above) and on
    `parts` with the settings and routes (for example today's date), so a warm run reads
    no YAML at all. A case whose computation fails is yielded with its error, never stored.
    `extra`: more of the case folder the value depends on (see `signature`). With `some`
    the ids are a few of the cases: the stored values of the others are kept.
    """
    cache = CaseCache(repo, True, name, context_key(repo, *parts), extra)
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
    if some:
        seen = set(ids)
        for case_id, entry in cache.entries.items():
            if case_id not in seen:
                cache.fresh[case_id] = entry  # still checked on the next lookup
    cache.save()
