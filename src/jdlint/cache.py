"""A per-user cache on disk: what took long to compute once (a word's morphology) is read back
on the next run instead of being computed again.

It lives in `$JDLINT_CACHE_DIR`, else `$XDG_CACHE_HOME/jdlint`, else `~/.cache/jdlint`, one
SQLite file per table and version; `JDLINT_NO_CACHE=1` (or `--no-cache`) turns it off. It is
only ever a cache: a folder that cannot be written, a locked or damaged file, is passed over
in silence and the answer computed as if there were no cache.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

_CHUNK = 500  # SQLite allows at most 999 parameters in one statement
_OPEN: list[sqlite3.Connection] = []  # closed by close_all before a fast exit
MAX_SIZE = 256 * 1024 * 1024  # past this a table takes no more: a cache must not fill the disk


def folder() -> Path | None:
    if os.environ.get("JDLINT_NO_CACHE", "").strip() not in ("", "0"):
        return None
    explicit = os.environ.get("JDLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base, "jdlint")


class Connections:
    """One SQLite connection per process and thread: a connection may cross neither a fork nor
    a thread (the web page lints in several)."""

    def __init__(self) -> None:
        self._local = threading.local()

    def get(self) -> sqlite3.Connection | None:
        local = self._local
        return local.conn if getattr(local, "pid", None) == os.getpid() else None  # type: ignore[no-any-return]

    def set(self, conn: sqlite3.Connection) -> None:
        self._local.conn, self._local.pid = conn, os.getpid()


class Store:
    """A table of text keys to text values in `folder()/NAME.sqlite`."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._conns = Connections()
        self._off = False
        self._path: Path | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._off:
            return None
        conn = self._conns.get()
        if conn is not None:
            return conn
        where = folder()
        if where is None:
            self._off = True
            return None
        path = where / f"{self.name}.sqlite"
        for attempt in (1, 2):
            try:
                where.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(path, timeout=2, isolation_level=None)
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=OFF")  # a cache: a lost write costs a recomputation
                conn.execute("CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID")
            except sqlite3.DatabaseError as exc:
                if attempt == 1 and "not a database" in str(exc):  # damaged: start it afresh
                    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                        with contextlib.suppress(OSError):
                            p.unlink()
                    continue
                break
            except OSError:
                break
            self._conns.set(conn)
            self._path = path
            _OPEN.append(conn)
            return conn
        self._off = True
        return None

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        conn = self._connect()
        wanted = list(keys)
        if conn is None or not wanted:
            return {}
        try:
            return read_many(conn, wanted)
        except sqlite3.Error:
            self._off = True
        return {}

    def put_many(self, items: Iterable[tuple[str, str]]) -> None:
        conn = self._connect()
        if conn is None or self._path is None:
            return
        try:
            if self._path.stat().st_size > MAX_SIZE:
                return
        except OSError:
            return
        try:
            with contextlib.closing(conn.cursor()) as cur:
                cur.execute("BEGIN")
                cur.executemany("INSERT OR IGNORE INTO kv VALUES (?, ?)", items)
                cur.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            # Busy (another process writing) or damaged: skip this write, keep reading.


def read_many(conn: sqlite3.Connection, keys: Sequence[str]) -> dict[str, str]:
    """The values of those keys that table kv holds."""
    out: dict[str, str] = {}
    for i in range(0, len(keys), _CHUNK):
        chunk = keys[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        out.update(conn.execute(f"SELECT k, v FROM kv WHERE k IN ({marks})", chunk).fetchall())
    return out


def close_all() -> None:
    """Close this process's tables, which moves what the log holds into the table's file."""
    while _OPEN:
        with contextlib.suppress(sqlite3.Error):
            _OPEN.pop().close()
