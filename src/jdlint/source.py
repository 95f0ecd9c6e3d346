"""Reading postings: bytes to text and back, without losing a byte.

The decoded text keeps its line endings exactly; only a byte-order mark is held
aside (and written back), so every offset the engine reports is an offset into
what the user sees in an editor.
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import glob
import hashlib
import os
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

MAX_BYTES = 20 * 1024 * 1024  # far beyond any posting; guards memory on stray dumps

# Control characters that never occur in prose; their presence means binary data.
_BINARY_CONTROLS = bytes(c for c in range(32) if c not in (9, 10, 12, 13))


class InputError(Exception):
    """A file jdlint cannot read or write; the CLI turns it into exit code 2."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path, self.message, self.line = path, message, line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


_UTF16 = {False: "utf-16", True: "utf-16-be"}  # Source.encoding of a UTF-16 file, by "is big-endian"


@dataclass(frozen=True)
class Origin:
    """Where the text of a document that is not Markdown stands in the original.

    A Word file or a web page is read into Markdown (Source.text), which every rule sees; each
    segment maps a stretch of that text back: (start, end, paragraph, offset) says that
    text[start:end] begins `offset` characters into the original's paragraph `paragraph`
    (Word, 0-based), or at `offset` in the original source (HTML, paragraph -1)."""

    format: str  # docx | html
    segments: tuple[tuple[int, int, int, int], ...]
    lines: tuple[int, ...] = ()  # line starts of the original source (HTML)
    markup: tuple[dict[str, Any], ...] = ()  # schema.org JobPosting objects found in it (HTML)

    def locate(self, offset: int) -> tuple[int, int]:
        """(paragraph, character) in a Word file, (line, column) in HTML; both 0-based. An
        offset in text that jdlint added (Markdown syntax) goes to the next original text."""
        if not self.segments:
            return 0, 0
        i = max(bisect.bisect_right(self.segments, (offset, float("inf"))) - 1, 0)
        if offset > self.segments[i][1] and i + 1 < len(self.segments):
            i += 1
        start, end, paragraph, base = self.segments[i]
        pos = base + min(max(offset - start, 0), end - start)
        if paragraph >= 0:
            return paragraph, pos
        line = bisect.bisect_right(self.lines, pos) - 1
        return line, pos - self.lines[line]


@dataclass(frozen=True)
class Source:
    path: str  # as given by the user, or a stand-in such as "<stdin>"
    text: str
    encoding: str = "utf-8"
    bom: bool = False
    digest: str = ""  # of the bytes read from disk: a write checks the file has not changed since
    origin: Origin | None = None  # set when the text was read from Word or HTML


def decode(data: bytes, path: str) -> Source:
    if len(data) > MAX_BYTES:
        raise InputError(path, f"file is larger than {MAX_BYTES // (1024 * 1024)} MB; not a posting")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # "utf-16" is little-endian (Windows' "Unicode"); big-endian files keep their order.
        big = data.startswith(codecs.BOM_UTF16_BE)
        try:
            return Source(path, data[2:].decode("utf-16-be" if big else "utf-16-le"), _UTF16[big], True)
        except UnicodeDecodeError as exc:
            raise InputError(path, f"invalid UTF-16 text ({exc.reason} at byte {exc.start})") from None
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if bom else data
    if b"\x00" in body:
        raise InputError(path, "binary file (contains NUL bytes); give jdlint Markdown or text")
    try:
        return Source(path, body.decode("utf-8"), "utf-8", bom)
    except UnicodeDecodeError as exc:
        if bom or any(c in _BINARY_CONTROLS for c in body[:8192]):
            line = body[: exc.start].count(b"\n") + 1
            raise InputError(path, "not UTF-8 text and looks binary; save it as UTF-8", line) from None
    # Valid text in a legacy 8-bit encoding (Windows-1252 is a superset of Latin-1's printables).
    try:
        return Source(path, body.decode("cp1252"), "cp1252", False)
    except UnicodeDecodeError:
        return Source(path, body.decode("latin-1"), "latin-1", False)


def encode(source: Source, text: str) -> bytes:
    big = source.encoding == _UTF16[True]
    codec = "utf-16-le" if source.encoding == _UTF16[False] else source.encoding
    try:
        data = text.encode(codec)
    except UnicodeEncodeError as exc:
        raise InputError(source.path, f"the fixed text cannot be written as {source.encoding}: {exc.reason}") from None
    if codec.startswith("utf-16"):
        return (codecs.BOM_UTF16_BE if big else codecs.BOM_UTF16_LE) + data
    return (codecs.BOM_UTF8 + data) if source.bom else data


def read_source(path: str | Path) -> Source:
    data = read_bytes(path)
    return replace(decode(data, str(path)), digest=digest(data))


def read_bytes(path: str | Path) -> bytes:
    p = Path(path)
    try:
        return p.read_bytes()
    except IsADirectoryError:
        if not os.access(p, os.R_OK | os.X_OK):
            raise InputError(str(path), "permission denied; cannot look into the folder") from None
        raise InputError(str(path), "is a directory") from None
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except PermissionError:
        raise InputError(str(path), "permission denied; cannot read the file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


TMP_SUFFIX = ".jdlint-tmp"
_STALE_SECONDS = 60  # a temporary file this old was left by a run that was killed


def write_atomic(path: str | Path, data: bytes, expect: str = "") -> None:
    """Write `data` to `path`, losing nothing the user wrote.

    - `expect` (Source.digest): the file must still hold the bytes that were read, or it is
      left alone; an editor that saved meanwhile keeps its text.
    - Through a temporary file and a rename, keeping owner, group and mode (setuid and setgid
      cleared, as editors do). A file with hard links is written in place so the links stay
      one file; a symlink is written through to its target.
    - Temporary files that a killed run left beside the file are removed."""
    try:
        p = Path(os.path.realpath(path))
        st = p.stat()
        mode = st.st_mode & 0o7777
        # Mode bits as well as access(): root may write anything, but a file marked
        # read-only for everyone is not ours to change.
        if not os.access(p, os.W_OK) or not mode & 0o222:
            raise InputError(str(path), "file is read-only; not changed")
        _unchanged(path, p, expect)
        _remove_stale_temporaries(p)
        if st.st_nlink > 1:
            with open(p, "r+b") as fh:
                fh.write(data)
                fh.truncate()
                fh.flush()
                os.fsync(fh.fileno())
            if mode & 0o6000:
                os.chmod(p, mode & ~0o6000)
            return
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=TMP_SUFFIX, dir=p.parent)
    except InputError:
        raise
    except OSError as exc:
        raise InputError(str(path), f"cannot write: {exc.strerror or exc}; file not changed") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode & ~0o6000)
        with contextlib.suppress(PermissionError):  # not ours to give away: it becomes the writer's
            os.chown(tmp, st.st_uid, st.st_gid)
        _unchanged(path, p, expect)  # again, right before the rename: the window is now tiny
        os.replace(tmp, p)
    except (OSError, InputError) as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, InputError):
            raise
        raise InputError(str(path), f"cannot write: {exc.strerror or exc}; file not changed") from None


def _unchanged(path: str | Path, p: Path, expect: str) -> None:
    if expect and digest(p.read_bytes()) != expect:
        raise InputError(str(path), "changed since jdlint read it; not written (run jdlint again)")


def _remove_stale_temporaries(p: Path) -> None:
    now = time.time()
    for tmp in p.parent.glob(f".{glob.escape(p.name)}.*{TMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            if now - tmp.stat().st_mtime > _STALE_SECONDS:
                tmp.unlink()


def write_new(path: str | Path, data: bytes) -> None:
    """Write a file jdlint makes (a fixed or annotated copy) whole or not at all."""
    p = Path(path)
    tmp = p.with_name(f".{p.name}.{os.getpid()}{TMP_SUFFIX}")
    try:
        with open(tmp, "wb") as fh:  # created with the user's umask, as any new file
            fh.write(data)
        os.replace(tmp, p)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(str(path), f"cannot write: {exc.strerror or exc}") from None
