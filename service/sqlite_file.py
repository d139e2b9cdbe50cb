"""A small SQLite file that the service keeps beside the store (accounts, the desk's drafts).

One connection per file, opened on first use with the write-ahead log, shared by the threads of
a worker under a lock; ``transaction`` makes a group of writes all-or-nothing.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class SqliteFile:
    """Subclasses give ``SCHEMA`` (idempotent DDL) and may extend ``_migrate``."""

    SCHEMA = ""

    def __init__(self, path: Path | str) -> None:
        self._path = str(path)
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _db(self) -> sqlite3.Connection:
        """The connection, opened and its schema ensured on first use (call under ``_lock``)."""
        if self._conn is None:
            if self._path != ":memory:":
                Path(self._path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self._path, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=5000")
            conn.execute("PRAGMA secure_delete=ON")  # an erased person's rows are zeroed, not left
            conn.executescript(self.SCHEMA)
            self._migrate(conn)
            self._conn = conn
        return self._conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Bring a file written by an earlier version up to ``SCHEMA``."""

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """The connection inside one write transaction, under the lock; rolled back on error."""
        with self._lock:
            db = self._db()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def checkpoint(self) -> None:
        """Move committed pages out of the write-ahead log into the main file (after an erasure,
        so nothing deleted lingers in the log)."""
        with self._lock:
            self._db().execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
