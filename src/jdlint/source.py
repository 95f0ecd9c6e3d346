"""Reading postings: bytes to text and back, without losing a byte.

The decoded text keeps its line endings exactly; only a byte-order mark is held
aside (and written back), so every offset the engine reports is an offset into
what the user sees in an editor.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

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
class Source:
    path: str  # as given by the user, or a stand-in such as "<stdin>"
    text: str
    encoding: str = "utf-8"
    bom: bool = False


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
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise InputError(str(path), "is a directory") from None
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except PermissionError:
        raise InputError(str(path), "permission denied; cannot read the file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    return decode(data, str(path))


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write through a temporary file and a rename, keeping the file's permissions. A symlink
    is written through: its target gets the new text and the link stays a link."""
    try:
        p = Path(os.path.realpath(path))
        mode = p.stat().st_mode & 0o7777
        # Mode bits as well as access(): root may write anything, but a file marked
        # read-only for everyone is not ours to change.
        if not os.access(p, os.W_OK) or not mode & 0o222:
            raise InputError(str(path), "file is read-only; not changed")
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".jdlint-tmp", dir=p.parent)
    except InputError:
        raise
    except OSError as exc:
        raise InputError(str(path), f"cannot write: {exc.strerror or exc}; file not changed") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, p)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(str(path), f"cannot write: {exc.strerror or exc}; file not changed") from None
