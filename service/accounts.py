"""Who may call the API: API keys with their role, the audit log, and erasure requests.

These are not the network's data, so they live beside the store rather than in it: one SQLite
file (``auth.path``, ``var/accounts.db`` by default), whichever store holds the graph.

API keys are random (256 bits from ``secrets``) and shown once, when created; only their
SHA-256 is kept. A key that random needs no slow hash: guessing one is hopeless, and a fast
hash lets every request be checked with one indexed lookup. (Passwords, chosen by people, would
need argon2; Passerelle keeps none yet.)

Roles: ``admin`` (everything, keys and audit), ``lab_staff`` (the front desk: suggestions,
people's data, erasure requests), ``agent`` (peers, the directory, their own data only) and
``reader`` (reports only). An agent's key names the person it belongs to.

The audit log records who viewed, exported, changed or erased whose data, and when. When a
person is erased, the rows that name them are kept (the accountability of the erasure) with the
person's id replaced by a pseudonym, so that the log does not keep what the erasure removed.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import argon2

from graph.errors import Forbidden, InvalidInput, NotFound, Problem
from service.sqlite_file import SqliteFile

KEY_PREFIX = "pas_"
MIN_PASSWORD = 12
SESSION_LIFETIME = timedelta(hours=12)
_PASSWORDS = argon2.PasswordHasher()
_DUMMY_HASH = _PASSWORDS.hash("not a password of anyone")
"""Checked when the person has no login, so that a wrong person costs what a wrong password does."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_keys (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    person_id TEXT,
    lab_id TEXT,
    key_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS audit_subject ON audit (subject);
CREATE TABLE IF NOT EXISTS logins (
    person_id TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    lab_id TEXT,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    person_id TEXT NOT NULL,
    csrf TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS erasure_requests (
    id INTEGER PRIMARY KEY,
    person_id TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    processed_by TEXT,
    processed_at TEXT
);
"""


class AccessRole(StrEnum):
    ADMIN = "admin"
    LAB_STAFF = "lab_staff"
    AGENT = "agent"
    READER = "reader"


class AuditAction(StrEnum):
    VIEW = "view"
    EXPORT = "export"
    CHANGE = "change"
    ERASURE_REQUEST = "erasure_request"
    ERASE = "erase"
    KEY_CREATED = "key_created"
    KEY_REVOKED = "key_revoked"
    IMPORT = "import"


@dataclass(frozen=True)
class Principal:
    """Who is calling: a key's name and role, and for an agent the person they are."""

    key_id: int
    name: str
    role: AccessRole
    person_id: str | None = None
    lab_id: str | None = None
    """For lab staff: the lab whose drafts the key serves (every lab's when empty)."""
    session: bool = False
    """Logged in with a password (a browser's session cookie) rather than with an API key."""

    @property
    def actor(self) -> str:
        """How the audit log names them."""
        if self.session:
            return f"session:{self.person_id} ({self.role})"
        return f"key:{self.key_id} ({self.name}, {self.role})"

    def is_staff(self) -> bool:
        return self.role in (AccessRole.ADMIN, AccessRole.LAB_STAFF)

    def require_staff(self, what: str) -> None:
        """Raises Forbidden unless an admin or lab staff acts."""
        if not self.is_staff():
            raise Forbidden(f"{what} : réservé à l'équipe du laboratoire")

    def require_network_access(self, what: str) -> None:
        """Raises Forbidden for a reader, whose role opens the reports only."""
        if self.role is AccessRole.READER:
            raise Forbidden(f"{what} : pas ouvert au rôle lecteur (rapports seulement)")


@dataclass(frozen=True)
class ApiKey:
    id: int
    name: str
    role: AccessRole
    person_id: str | None
    lab_id: str | None
    created_at: str
    revoked_at: str | None


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: AuditAction
    subject: str
    detail: str


@dataclass(frozen=True)
class ErasureRequest:
    id: int
    person_id: str
    requested_by: str
    requested_at: str
    processed_by: str | None
    processed_at: str | None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def pseudonym(person_id: str) -> str:
    """What the audit log keeps of an erased person: not their id, but a stable stand-in."""
    return "erased:" + hashlib.sha256(person_id.encode()).hexdigest()[:16]


class Accounts(SqliteFile):
    """API keys, the audit log and erasure requests, in one SQLite file."""

    SCHEMA = _SCHEMA

    def _migrate(self, conn: sqlite3.Connection) -> None:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(api_keys)")}
        if "lab_id" not in columns:  # a file written before keys named their lab
            conn.execute("ALTER TABLE api_keys ADD COLUMN lab_id TEXT")

    # -- keys ----------------------------------------------------------------------------
    def create_key(
        self, name: str, role: AccessRole, *, person_id: str | None = None, lab_id: str | None = None
    ) -> tuple[ApiKey, str]:
        """A new key; the secret is returned here and never again.

        Raises:
            InvalidInput: an agent's key names no person, or another role's names one.
        """
        if not name.strip():
            raise InvalidInput([Problem("key", "name", "a key needs a name (who or what uses it)")])
        if (role is AccessRole.AGENT) != (person_id is not None):
            raise InvalidInput(
                [Problem("key", "person", "an agent's key names its person (person:…); other roles' do not")]
            )
        if lab_id is not None and role is not AccessRole.LAB_STAFF:
            raise InvalidInput([Problem("key", "lab", "only a lab staffer's key names a lab")])
        secret = KEY_PREFIX + secrets.token_urlsafe(32)
        created = _now()
        with self._lock:
            cur = self._db().execute(
                "INSERT INTO api_keys (name, role, person_id, lab_id, key_hash, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (name.strip(), role.value, person_id, lab_id, _hash(secret), created),
            )
            key_id = int(cur.lastrowid or 0)
        return ApiKey(key_id, name.strip(), role, person_id, lab_id, created, None), secret

    def authenticate(self, secret: str) -> Principal | None:
        """The principal a key belongs to, or ``None`` for an unknown or revoked key."""
        if not secret.startswith(KEY_PREFIX) or len(secret) > 200:
            return None
        with self._lock:
            row = (
                self._db()
                .execute(
                    "SELECT id, name, role, person_id, lab_id FROM api_keys "
                    "WHERE key_hash = ? AND revoked_at IS NULL",
                    (_hash(secret),),
                )
                .fetchone()
            )
        if row is None:
            return None
        return Principal(int(row[0]), str(row[1]), AccessRole(row[2]), row[3], row[4])

    def api_keys(self) -> list[ApiKey]:
        with self._lock:
            rows = (
                self._db()
                .execute(
                    "SELECT id, name, role, person_id, lab_id, created_at, revoked_at "
                    "FROM api_keys ORDER BY id"
                )
                .fetchall()
            )
        return [ApiKey(r[0], r[1], AccessRole(r[2]), r[3], r[4], r[5], r[6]) for r in rows]

    def revoke_key(self, key_id: int) -> None:
        """Raises NotFound: no such key, or already revoked."""
        with self._lock:
            cur = self._db().execute(
                "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", (_now(), key_id)
            )
        if cur.rowcount == 0:
            raise NotFound(f"no active key {key_id}")

    # -- logins and sessions ------------------------------------------------------------
    def set_password(
        self, person_id: str, role: AccessRole, password: str, *, lab_id: str | None = None
    ) -> None:
        """A person's login (created, or its password and role replaced), hashed with argon2.

        Raises:
            InvalidInput: a password shorter than 12 characters, a reader's login (readers are
                tools: they get keys), or a lab named for another role than lab staff.
        """
        problems = []
        if len(password) < MIN_PASSWORD:
            problems.append(Problem("login", "password", f"at least {MIN_PASSWORD} characters"))
        if role is AccessRole.READER:
            problems.append(Problem("login", "role", "a reader uses an API key, not a login"))
        if lab_id is not None and role is not AccessRole.LAB_STAFF:
            problems.append(Problem("login", "lab", "only a lab staffer's login names a lab"))
        if problems:
            raise InvalidInput(problems)
        hashed = _PASSWORDS.hash(password)
        with self.transaction() as db:
            db.execute(
                "INSERT INTO logins VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET "
                "role = excluded.role, lab_id = excluded.lab_id, password_hash = excluded.password_hash",
                (person_id, role.value, lab_id, hashed, _now()),
            )
            db.execute("DELETE FROM sessions WHERE person_id = ?", (person_id,))

    def log_in(self, person_id: str, password: str) -> tuple[str, str] | None:
        """A new session (its token and its CSRF token), or ``None`` for a wrong person or
        password (one answer for both; the hash is checked either way)."""
        with self._lock:
            row = (
                self._db()
                .execute("SELECT password_hash FROM logins WHERE person_id = ?", (person_id,))
                .fetchone()
            )
        try:
            _PASSWORDS.verify(row[0] if row else _DUMMY_HASH, password)
        except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
            return None
        if row is None:
            return None
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        expires = (datetime.now(UTC) + SESSION_LIFETIME).isoformat(timespec="seconds")
        with self.transaction() as db:
            db.execute("INSERT INTO sessions VALUES (?, ?, ?, ?)", (_hash(token), person_id, csrf, expires))
        return token, csrf

    def session(self, token: str) -> tuple[Principal, str] | None:
        """The principal of a live session and its CSRF token; ``None`` if unknown or expired."""
        if len(token) > 200:
            return None
        with self._lock:
            row = (
                self._db()
                .execute(
                    "SELECT s.person_id, s.csrf, s.expires_at, l.role, l.lab_id FROM sessions s "
                    "JOIN logins l ON l.person_id = s.person_id WHERE s.token_hash = ?",
                    (_hash(token),),
                )
                .fetchone()
            )
        if row is None or datetime.fromisoformat(row[2]) < datetime.now(UTC):
            return None
        person_id = str(row[0])
        principal = Principal(0, person_id, AccessRole(row[3]), person_id, row[4], session=True)
        return principal, str(row[1])

    def log_out(self, token: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM sessions WHERE token_hash = ?", (_hash(token),))

    # -- audit ---------------------------------------------------------------------------
    def record(self, actor: str, action: AuditAction, subject: str, detail: str = "") -> None:
        with self._lock:
            self._db().execute(
                "INSERT INTO audit (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
                (_now(), actor, action.value, subject, detail),
            )

    def audit(self, *, subject: str | None = None, limit: int = 100, offset: int = 0) -> list[AuditEntry]:
        """Newest first."""
        where, args = ("WHERE subject = ?", [subject]) if subject else ("", [])
        with self._lock:
            rows = (
                self._db()
                .execute(
                    f"SELECT id, at, actor, action, subject, detail FROM audit {where} "
                    "ORDER BY id DESC LIMIT ? OFFSET ?",
                    [*args, limit, offset],
                )
                .fetchall()
            )
        return [AuditEntry(r[0], r[1], r[2], AuditAction(r[3]), r[4], r[5]) for r in rows]

    def forget(self, person_id: str) -> None:
        """After an erasure: the log's rows and the requests about the person name a pseudonym
        instead, an agent key of theirs is revoked, and their login and sessions are gone."""
        stand_in = pseudonym(person_id)
        with self.transaction() as db:
            db.execute("UPDATE audit SET subject = ? WHERE subject = ?", (stand_in, person_id))
            db.execute("UPDATE erasure_requests SET person_id = ? WHERE person_id = ?", (stand_in, person_id))
            db.execute("DELETE FROM sessions WHERE person_id = ?", (person_id,))
            db.execute("DELETE FROM logins WHERE person_id = ?", (person_id,))
            db.execute(
                "UPDATE api_keys SET person_id = NULL, revoked_at = coalesce(revoked_at, ?) "
                "WHERE person_id = ?",
                (_now(), person_id),
            )

    # -- erasure requests ----------------------------------------------------------------
    def request_erasure(self, person_id: str, requested_by: str) -> ErasureRequest:
        """A pending request for this person, created once (asking twice changes nothing)."""
        with self._lock:
            db = self._db()
            row = db.execute(
                "SELECT id FROM erasure_requests WHERE person_id = ? AND processed_at IS NULL", (person_id,)
            ).fetchone()
            if row is None:
                db.execute(
                    "INSERT INTO erasure_requests (person_id, requested_by, requested_at) VALUES (?, ?, ?)",
                    (person_id, requested_by, _now()),
                )
        return next(r for r in self.erasure_requests(pending=True) if r.person_id == person_id)

    def erasure_requests(self, *, pending: bool = False) -> list[ErasureRequest]:
        where = "WHERE processed_at IS NULL" if pending else ""
        with self._lock:
            rows = (
                self._db()
                .execute(
                    "SELECT id, person_id, requested_by, requested_at, processed_by, processed_at "
                    f"FROM erasure_requests {where} ORDER BY id"
                )
                .fetchall()
            )
        return [ErasureRequest(*r) for r in rows]

    def erasure_request(self, request_id: int) -> ErasureRequest:
        with self._lock:
            row = (
                self._db()
                .execute(
                    "SELECT id, person_id, requested_by, requested_at, processed_by, processed_at "
                    "FROM erasure_requests WHERE id = ?",
                    (request_id,),
                )
                .fetchone()
            )
        if row is None:
            raise NotFound(f"no erasure request {request_id}")
        return ErasureRequest(*row)

    def close_erasure_request(self, request_id: int, processed_by: str) -> None:
        with self._lock:
            self._db().execute(
                "UPDATE erasure_requests SET processed_by = ?, processed_at = ? "
                "WHERE id = ? AND processed_at IS NULL",
                (processed_by, _now(), request_id),
            )
