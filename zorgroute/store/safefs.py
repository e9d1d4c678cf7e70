"""Opening files inside a dossier repository without being led outside it.

Everything in a repository may come from someone else (a colleague's push), so every file
zorgroute reads or writes goes through the functions here:

- reading opens each folder on the way with ``O_NOFOLLOW`` relative to the one before
  (``openat``), the file itself with ``O_NOFOLLOW | O_NONBLOCK``, and checks with ``fstat``
  on the opened descriptor that it is a regular file within the size limit. A FIFO, a
  device or a socket is refused without blocking. A symbolic link is followed only when
  its target, resolved, lies inside the repository; the resolved path is then opened the
  same way, so a link swapped in between is refused too;
- writing never goes through a symbolic link at all: folders are opened the same way and
  created 0700, files are created 0600 under a temporary name, flushed, and linked or
  renamed into place, whatever the umask.

A refusal is an `UnsafeFile` with a located Dutch problem; it never names what is in the
file. The cost in the normal case is one ``open`` per path component and one ``fstat``.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from zorgroute.errors import Problem, ZorgrouteError

FILE_MODE = 0o600
DIR_MODE = 0o700
TMP_MARK = ".tmp-"
_ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_DIR_FLAGS = os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC
_READ_FLAGS = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC | _BINARY

LINK_OUT = (
    "dit is een koppeling (symlink) naar een plek buiten de repository; zorgroute "
    "leest en schrijft alleen binnen de repository"
)
LINK_OUT_HINT = "vervang de koppeling door het bestand of de map zelf"
LINK_WRITE = "op dit pad staat een koppeling (symlink); zorgroute schrijft nooit via een koppeling"


class UnsafeFile(ZorgrouteError):
    """A file or folder zorgroute will not open: a link out, a special file, too big."""

    def __init__(self, display: str, message: str, hint: str, rule: str = "bestand") -> None:
        super().__init__(
            f"{display}: {message}", [Problem(display, 1, 1, "", message, rule, hint)], hint
        )


def kind_name(mode: int) -> str:
    """What a file is, in words, for a message."""
    if stat.S_ISDIR(mode):
        return "een map"
    if stat.S_ISFIFO(mode):
        return "een named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "een apparaat"
    if stat.S_ISSOCK(mode):
        return "een socket"
    if stat.S_ISLNK(mode):
        return "een koppeling (symlink)"
    return "geen gewoon bestand"


def not_regular(display: str, mode: int) -> UnsafeFile:
    what = kind_name(mode)
    return UnsafeFile(
        display,
        f"dit is {what}, geen gewoon bestand"
        if what.startswith("een")
        else "dit is geen gewoon bestand",
        "vervang het door een gewoon bestand, of verwijder het",
    )


def os_reason(exc: OSError) -> str:
    """A short Dutch reason for an OS error."""
    reasons = {
        errno.EACCES: "geen leesrechten",
        errno.EPERM: "geen rechten",
        errno.ENOENT: "bestaat niet",
        errno.ENOTDIR: "een deel van het pad is geen map",
        errno.EISDIR: "het is een map",
        errno.ENOSPC: "de schijf is vol",
        errno.EROFS: "de schijf is alleen-lezen",
        errno.ELOOP: "te veel koppelingen",
        errno.ENAMETOOLONG: "de naam is te lang",
        errno.EIO: "leesfout op de schijf",
    }
    return reasons.get(exc.errno or 0, "onbekende fout")


def new_id(length: int) -> str:
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(length))


# --- paths ------------------------------------------------------------------------------


def _parts(root: Path, path: Path) -> list[str]:
    """The components of `path` below `root`, lexically; refuses '..' and paths outside."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    if rel == ".":
        return []
    parts = rel.replace(os.sep, "/").split("/")
    if any(p in ("..", "") for p in parts):
        raise UnsafeFile(
            Path(path).name or "?",
            "dit pad ligt buiten de repository",
            "gebruik een pad binnen de repository",
        )
    return parts


def _open_dir_at(dir_fd: int, name: str) -> int:
    return os.open(name, _DIR_FLAGS, dir_fd=dir_fd)


def _walk(root: Path, parts: list[str]) -> int:
    """Open the folder root/parts[0]/.../parts[-1] without following any link."""
    fd = os.open(root, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    try:
        for part in parts:
            nxt = _open_dir_at(fd, part)
            os.close(fd)
            fd = nxt
    except BaseException:
        os.close(fd)
        raise
    return fd


def _is_link_error(exc: OSError) -> bool:
    # O_NOFOLLOW on a link: ELOOP (Linux, BSD) or EMLINK (FreeBSD); O_DIRECTORY on a link
    # to a file: ENOTDIR
    return exc.errno in (errno.ELOOP, errno.EMLINK, errno.ENOTDIR)


def inside(root: Path, path: Path) -> Path | None:
    """`path` fully resolved, if it lies inside the resolved `root`; else None."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep):
        return Path(real)
    return None


def _has_link(root: Path, parts: list[str]) -> bool:
    current = os.fspath(root)
    for part in parts:
        current = os.path.join(current, part)
        try:
            if stat.S_ISLNK(os.lstat(current).st_mode):
                return True
        except OSError:
            return False
    return False


# --- reading ----------------------------------------------------------------------------


def _open_file(root: Path, parts: list[str]) -> int:
    folder = _walk(root, parts[:-1])
    try:
        return os.open(parts[-1], _READ_FLAGS, dir_fd=folder)
    finally:
        os.close(folder)


def _read_error(display: str, exc: OSError) -> UnsafeFile:
    if exc.errno == errno.ENOENT:
        return UnsafeFile(display, "dit bestand bestaat niet", "controleer de naam")
    return UnsafeFile(
        display,
        f"het bestand kan niet worden gelezen ({os_reason(exc)})",
        "controleer of het bestand bestaat en of u het mag lezen",
    )


def _open_regular(root: Path, path: Path, display: str, follow_links: bool) -> int:
    parts = _parts(root, path)
    if not parts:
        raise not_regular(display, stat.S_IFDIR)
    try:
        return _open_file(root, parts)
    except OSError as exc:
        if not _has_link(root, parts):
            raise _read_error(display, exc) from None
    if not follow_links:
        raise UnsafeFile(display, LINK_WRITE, LINK_OUT_HINT)
    # a link on the way: follow it only to a place inside the repository, and open the
    # resolved path without following anything (a link swapped in meanwhile is refused)
    real = inside(root, path)
    if real is None:
        raise UnsafeFile(display, LINK_OUT, LINK_OUT_HINT)
    real_root = Path(os.path.realpath(root))
    parts = _parts(real_root, real)
    if not parts:
        raise not_regular(display, stat.S_IFDIR)
    try:
        return _open_file(real_root, parts)
    except OSError as exc:
        if _is_link_error(exc) and _has_link(real_root, parts):
            raise UnsafeFile(display, LINK_OUT, LINK_OUT_HINT) from None
        raise _read_error(display, exc) from None


def read_bytes(
    path: Path,
    display: str,
    limit: int,
    root: Path | None = None,
    *,
    follow_links: bool = True,
    private: bool = False,
) -> bytes:
    """The bytes of a regular file inside `root` (the folder of `path` when None: then
    only the file itself is not followed), at most `limit` bytes. Without `follow_links`
    no link is followed at all; `private` also wants a file of this user, closed to
    others."""
    fd = _open_regular(root if root is not None else path.parent, path, display, follow_links)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise not_regular(display, st.st_mode)
        if private and (
            open_to_others(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid())
        ):
            raise UnsafeFile(
                display,
                "dit bestand is niet alleen van u",
                "verwijder het; zorgroute maakt het opnieuw",
            )
        if st.st_size > limit:
            raise UnsafeFile(
                display,
                f"het bestand is te groot ({st.st_size // 1024} kB; de "
                f"grens is {limit // 1024} kB)",
                "maak het bestand kleiner, of splits de inhoud",
                "grootte",
            )
        chunks: list[bytes] = []
        total = 0
        while True:  # read at most limit + 1: a file that grows meanwhile is still bounded
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise UnsafeFile(display, "het bestand is te groot", "maak het kleiner", "grootte")
        return b"".join(chunks)
    except OSError as exc:
        raise UnsafeFile(
            display,
            f"het bestand kan niet worden gelezen ({os_reason(exc)})",
            "controleer of u het bestand mag lezen",
        ) from None
    finally:
        os.close(fd)


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


def kind(root: Path, path: Path) -> str:
    """'missing', 'file', 'dir', 'link-in' (a link resolving inside root), 'link-out' or
    'special' (a FIFO, device or socket)."""
    st = _lstat(path)
    if st is None:
        return "missing"
    if stat.S_ISLNK(st.st_mode):
        real = inside(root, path)
        if real is None or not real.exists():
            return "link-out"
        return "link-in"
    if stat.S_ISREG(st.st_mode):
        return "file"
    if stat.S_ISDIR(st.st_mode):
        return "dir"
    return "special"


def is_dir(root: Path, path: Path) -> bool:
    """A folder, or a link to a folder inside `root`."""
    found = kind(root, path)
    return found == "dir" or (found == "link-in" and os.path.isdir(path))


def is_file(root: Path, path: Path) -> bool:
    found = kind(root, path)
    return found == "file" or (found == "link-in" and os.path.isfile(path))


# --- writing ----------------------------------------------------------------------------


@contextmanager
def _folder_for_write(root: Path, folder: Path, create: bool) -> Iterator[int]:
    """An fd on `folder` (inside root), reached without any link; missing folders are
    created 0700 when `create`."""
    parts = _parts(root, folder)
    fd = os.open(root, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    try:
        for part in parts:
            try:
                nxt = _open_dir_at(fd, part)
            except FileNotFoundError:
                if not create:
                    raise
                with suppress(FileExistsError):
                    os.mkdir(part, DIR_MODE, dir_fd=fd)
                nxt = _open_dir_at(fd, part)
                os.fchmod(nxt, DIR_MODE)  # whatever the umask
            except OSError as exc:
                if _is_link_error(exc):
                    raise UnsafeFile(_display(root, folder), LINK_WRITE, LINK_OUT_HINT) from None
                raise
            os.close(fd)
            fd = nxt
        yield fd
    finally:
        os.close(fd)


def _display(root: Path, path: Path) -> str:
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:  # pragma: no cover - another drive on Windows
        return Path(path).name


def ensure_dir(root: Path, folder: Path) -> None:
    """Create `folder` (and missing parents) inside root, 0700, never through a link."""
    with _folder_for_write(root, folder, create=True):
        pass


def _write_tmp(dir_fd: int, name: str, data: bytes) -> str:
    tmp = f"{name}{TMP_MARK}{new_id(6)}"
    fd = os.open(
        tmp,
        os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY,
        FILE_MODE,
        dir_fd=dir_fd,
    )
    try:
        os.fchmod(fd, FILE_MODE)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        _unlink_quiet(tmp, dir_fd)
        raise
    os.close(fd)
    return tmp


def _unlink_quiet(name: str, dir_fd: int) -> None:
    with suppress(OSError):
        os.unlink(name, dir_fd=dir_fd)


def write_new(root: Path, path: Path, data: bytes) -> None:
    """Create `path` (inside root) atomically with mode 0600; never replaces a file.

    Raises FileExistsError when something is already there, UnsafeFile for a link on the
    way, OSError for the disk."""
    with _folder_for_write(root, path.parent, create=True) as folder:
        tmp = _write_tmp(folder, path.name, data)
        try:
            os.link(tmp, path.name, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=False)
        finally:
            _unlink_quiet(tmp, folder)
        _fsync_fd(folder)


def replace(root: Path, path: Path, data: bytes) -> None:
    """Write `path` (inside root) atomically with mode 0600, replacing what was there. A
    link at `path` is replaced by the file, never written through."""
    with _folder_for_write(root, path.parent, create=True) as folder:
        tmp = _write_tmp(folder, path.name, data)
        try:
            os.rename(tmp, path.name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            _unlink_quiet(tmp, folder)
            raise
        _fsync_fd(folder)


def rename_dir(root: Path, source: Path, target: Path) -> None:
    """Rename a folder inside one parent folder (a staged case into place)."""
    if source.parent != target.parent:
        raise ValueError("rename_dir renames within one folder")
    with _folder_for_write(root, source.parent, create=False) as folder:
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "exists", target.name)
        os.rename(source.name, target.name, src_dir_fd=folder, dst_dir_fd=folder)
        _fsync_fd(folder)


def write_export(path: Path, data: bytes) -> None:
    """A file the user asked for by path (an export): 0600, atomic, never through a link
    at the final name."""
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if stat.S_ISLNK(os.lstat(path).st_mode if os.path.lexists(path) else 0):
        raise UnsafeFile(path.name, LINK_WRITE, "kies een andere bestandsnaam")
    fd = os.open(folder, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    try:
        tmp = _write_tmp(fd, path.name, data)
        try:
            os.rename(tmp, path.name, src_dir_fd=fd, dst_dir_fd=fd)
        except BaseException:
            _unlink_quiet(tmp, fd)
            raise
    finally:
        os.close(fd)


def _fsync_fd(fd: int) -> None:
    with suppress(OSError):  # not supported on every file system
        os.fsync(fd)


# --- modes ------------------------------------------------------------------------------


def open_to_others(mode: int) -> bool:
    """Readable, writable or searchable by group or others."""
    return bool(stat.S_IMODE(mode) & 0o077)


def loose_modes(root: Path, folder: Path) -> list[Path]:
    """Files and folders under `folder` (itself included) that others on this machine may
    read; links are not followed."""
    found: list[Path] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            st = os.lstat(current)
        except OSError:
            continue
        if stat.S_ISLNK(st.st_mode):
            continue
        if open_to_others(st.st_mode):
            found.append(current)
        if stat.S_ISDIR(st.st_mode):
            try:
                with os.scandir(current) as entries:
                    stack.extend(Path(e.path) for e in entries)
            except OSError:
                continue
    return sorted(found)


def make_private(paths: list[Path]) -> int:
    """Take group and others off files and folders (0644 becomes 0600, 0444 0400, 0755
    0700; folders keep rwx for the owner); links are untouched. Returns how many."""
    changed = 0
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC)
        except OSError:
            continue
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                os.fchmod(fd, DIR_MODE)
            elif stat.S_ISREG(st.st_mode):
                os.fchmod(fd, stat.S_IMODE(st.st_mode) & 0o700)
            else:
                continue
            changed += 1
        except OSError:
            continue
        finally:
            os.close(fd)
    return changed
