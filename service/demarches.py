"""A lab's démarches-simplifiées procedure, polled through the GraphQL API into the desk.

Three pieces, each easy to call on its own:

* :class:`DemarchesClient` posts :data:`graph.dossier_graphql.DOSSIERS_QUERY` with the
  procedure's bearer token and returns one page of dossiers. A 429 waits as ``Retry-After``
  says (seconds or an HTTP date); a 5xx, a dropped connection or a timeout waits with
  exponential backoff; after ``demarches_attempts`` tries the last failure is reported. A 401
  or 403 (the token) and GraphQL ``errors`` (treated as fatal, as the API's documentation
  advises) are reported at once.
* :class:`PollState` keeps, per procedure, the high-water mark: the latest
  ``dateDerniereModification`` already recorded at the desk. It lives in the desk's SQLite file.
* :func:`poll` walks every page of the dossiers updated since the mark and maps them
  (:func:`graph.dossier_graphql.from_graphql`); it writes nothing. The caller records the
  drafts (:func:`service.intake.receive`) and only then advances the mark, so a failure on the
  way never moves it and nothing is lost. :func:`import_demarche` does the three in that order.

The API's ``updatedSince`` is inclusive (``updated_at >= since``), and its date-times are given
to the second: the dossiers modified at the mark itself come back on the next poll. That is
deliberate: one modified in the same second after the previous poll would otherwise be missed.
Reading a dossier again is harmless, since the desk updates a draft with the same channel and
dossier number instead of adding one: nothing is imported twice.

The command ``passerelle intake demarches`` wires it as::

    mapping = load_mapping(settings.intake.mapping)              # graph.dossiers
    state = PollState(settings.desk.path)
    with DemarchesClient(settings.intake) as client:
        done = import_demarche(store, drafts, principal, client, state, mapping)
    state.close()
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import NamedTuple, Self

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt, wait_exponential

from graph.dossier_graphql import DOSSIERS_QUERY, dossier_record, from_graphql, modified_at
from graph.dossiers import Descriptors, DossierMapping
from graph.errors import InvalidInput, PasserelleError, Problem, StoreUnavailable
from graph.incoming import IncomingDraft
from graph.store import GraphStore
from service.accounts import Principal
from service.drafts import Drafts
from service.intake import Intake, receive
from service.settings import IntakeSettings
from service.sqlite_file import SqliteFile

logger = logging.getLogger(__name__)

TOKEN_SETTING = "PASSERELLE_INTAKE__DEMARCHES_TOKEN"
MAX_PAGE_SIZE = 100
"""The API gives at most 100 dossiers a request."""


class DemarchesError(PasserelleError):
    """démarches-simplifiées answered, but not with dossiers (GraphQL errors, an unexpected
    status or body): trying again will not help."""


class DemarchesTokenRefused(DemarchesError):
    """401 or 403: the token is wrong, revoked, or does not open this procedure."""


class DemarchesUnavailable(DemarchesError, StoreUnavailable):
    """Still a 429, a 5xx, a dropped connection or a timeout at the last attempt."""


class DossierPage(NamedTuple):
    nodes: list[Mapping[str, object]]
    """``demarche.dossiers.nodes``, as the query shapes them."""
    end_cursor: str | None
    has_next: bool


class _Transient(Exception):
    """A failure worth another attempt; ``retry_after`` is the server's wish, in seconds."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """A ``Retry-After`` header in seconds: a number of seconds, or an HTTP date.

    >>> retry_after_seconds("1")
    1.0
    >>> retry_after_seconds("Wed, 02 Dec 2026 10:00:30 GMT", now=datetime(2026, 12, 2, 10, 0, tzinfo=UTC))
    30.0
    >>> retry_after_seconds("bientôt") is None
    True
    """
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _graphql_errors(errors: object) -> str:
    shown: list[str] = []
    for error in errors if isinstance(errors, list) else [errors]:
        message = error.get("message") if isinstance(error, Mapping) else error
        extensions = error.get("extensions") if isinstance(error, Mapping) else None
        code = extensions.get("code") if isinstance(extensions, Mapping) else None
        shown.append(f"{message} ({code})" if code else str(message))
    return "; ".join(shown)


def _excerpt(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _page(body: Mapping[str, object], demarche: int) -> DossierPage:
    data = body.get("data")
    demarche_node = data.get("demarche") if isinstance(data, Mapping) else None
    dossiers = demarche_node.get("dossiers") if isinstance(demarche_node, Mapping) else None
    nodes = dossiers.get("nodes") if isinstance(dossiers, Mapping) else None
    page_info = dossiers.get("pageInfo") if isinstance(dossiers, Mapping) else None
    if not isinstance(nodes, list) or not isinstance(page_info, Mapping):
        raise DemarchesError(f"démarche {demarche} : réponse sans demarche.dossiers.nodes ni pageInfo")
    if any(node is not None and not isinstance(node, Mapping) for node in nodes):
        raise DemarchesError(f"démarche {demarche} : un dossier de la réponse n'est pas un objet")
    cursor = page_info.get("endCursor")
    return DossierPage(
        nodes=[node for node in nodes if isinstance(node, Mapping)],
        end_cursor=cursor if isinstance(cursor, str) else None,
        has_next=page_info.get("hasNextPage") is True,
    )


def _log_retry(state: RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome is not None else None
    wait = state.next_action.sleep if state.next_action is not None else 0.0
    logger.warning(
        "démarches-simplifiées: %s (attempt %d); trying again in %.1f s", error, state.attempt_number, wait
    )


class DemarchesClient:
    """The GraphQL API, with the procedure's token; a context manager that closes its
    connections. ``sleep`` is how it waits between attempts (tests give a recorder)."""

    def __init__(
        self,
        settings: IntakeSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        page_size: int = MAX_PAGE_SIZE,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        max_retry_after: float = 300.0,
    ) -> None:
        """
        Args:
            settings: the endpoint, the token, the timeout and the number of attempts.
            sleep: waits that many seconds.
            page_size: dossiers asked for per request (``first``), at most 100.
            backoff: the first wait after a 5xx or a dropped connection; it doubles each time,
                up to ``max_backoff``.
            max_retry_after: a 429 asking to wait longer than this is reported at once.

        Raises:
            InvalidInput: no token (``PASSERELLE_INTAKE__DEMARCHES_TOKEN``).
        """
        token = settings.demarches_token.get_secret_value().strip() if settings.demarches_token else ""
        if not token:
            raise InvalidInput(
                [
                    Problem(
                        "settings",
                        TOKEN_SETTING,
                        "is not set: give the procedure's API token (administrator profile, "
                        "« Jetons d'API »)",
                    )
                ]
            )
        self._token = token
        self._url = settings.demarches_url
        self._timeout = settings.demarches_timeout
        self._attempts = settings.demarches_attempts
        self._sleep = sleep
        self._page_size = max(1, min(page_size, MAX_PAGE_SIZE))
        self._backoff = wait_exponential(multiplier=backoff, max=max_backoff)
        self._max_retry_after = max_retry_after
        self._http: httpx.Client | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def _client(self) -> httpx.Client:
        """The HTTP client, made on first use (no I/O in the constructor)."""
        if self._http is None:
            self._http = httpx.Client(
                timeout=self._timeout,
                headers={"Authorization": f"Bearer {self._token}", "Accept": "application/json"},
            )
        return self._http

    def fetch_page(
        self, demarche: int, *, after: str | None = None, updated_since: datetime | None = None
    ) -> DossierPage:
        """One page of the procedure's dossiers: the first, or the one after the cursor; only
        those updated since ``updated_since`` when it is given (then in order of update).

        Raises:
            DemarchesUnavailable: still failing (429, 5xx, connection, timeout) at the last attempt.
            DemarchesTokenRefused: the token was refused (401, 403).
            DemarchesError: GraphQL errors, or an answer that is not a page of dossiers.
        """
        variables: dict[str, object] = {"demarcheNumber": demarche, "first": self._page_size}
        if after is not None:
            variables["after"] = after
        if updated_since is not None:
            variables["updatedSince"] = updated_since.isoformat()
        body = self._post({"query": DOSSIERS_QUERY, "operationName": "getDemarche", "variables": variables})
        return _page(body, demarche)

    def _post(self, payload: Mapping[str, object]) -> Mapping[str, object]:
        retrying = Retrying(
            stop=stop_after_attempt(self._attempts),
            wait=self._wait,
            retry=retry_if_exception_type(_Transient),
            sleep=self._sleep,
            before_sleep=_log_retry,
            reraise=True,
        )
        try:
            return retrying(self._post_once, payload)
        except _Transient as e:
            raise DemarchesUnavailable(
                f"démarches-simplifiées ne répond pas : {e.reason}, après {self._attempts} tentative(s) ; "
                "réessayez plus tard"
            ) from e

    def _wait(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome is not None else None
        if isinstance(error, _Transient) and error.retry_after is not None:
            return error.retry_after
        return float(self._backoff(state))

    def _post_once(self, payload: Mapping[str, object]) -> Mapping[str, object]:
        try:
            response = self._client().post(self._url, json=payload)
        except httpx.TimeoutException as e:
            raise _Transient(f"pas de réponse en {self._timeout:g} s ({type(e).__name__})") from e
        except httpx.TransportError as e:
            raise _Transient(f"connexion interrompue ({type(e).__name__}: {e})") from e
        status = response.status_code
        if status == 429:
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            if wait is not None and wait > self._max_retry_after:
                raise DemarchesUnavailable(
                    f"démarches-simplifiées limite les requêtes (429) et demande d'attendre {wait:.0f} s : "
                    "réessayez plus tard"
                )
            raise _Transient("trop de requêtes (429)", retry_after=wait)
        if status >= 500:
            raise _Transient(f"erreur {status} du serveur")
        if status in (401, 403):
            raise DemarchesTokenRefused(
                f"démarches-simplifiées refuse le jeton ({status}) : vérifiez {TOKEN_SETTING}, "
                "et qu'il ouvre bien cette démarche"
            )
        if status != 200:
            raise DemarchesError(f"démarches-simplifiées répond {status} : {_excerpt(response.text)}")
        try:
            body = response.json()
        except ValueError as e:
            raise DemarchesError(
                f"démarches-simplifiées répond 200 sans JSON : {_excerpt(response.text)}"
            ) from e
        if not isinstance(body, Mapping):
            raise DemarchesError("démarches-simplifiées répond 200 avec un JSON qui n'est pas un objet")
        if body.get("errors"):
            raise DemarchesError(
                f"erreur GraphQL de démarches-simplifiées : {_graphql_errors(body['errors'])}"
            )
        return body


class PollState(SqliteFile):
    """Per procedure, the latest ``dateDerniereModification`` already recorded at the desk (the
    next poll's ``updatedSince``). It lives in the desk's file (``desk.path``)."""

    SCHEMA = """
CREATE TABLE IF NOT EXISTS demarches_polls (
    demarche INTEGER PRIMARY KEY,
    updated_since TEXT NOT NULL,
    advanced_at TEXT NOT NULL
);
"""

    def mark(self, demarche: int) -> datetime | None:
        """The procedure's mark; ``None`` before its first import (every dossier is read)."""
        with self._lock:
            row = (
                self._db()
                .execute("SELECT updated_since FROM demarches_polls WHERE demarche = ?", (demarche,))
                .fetchone()
            )
        return None if row is None else datetime.fromisoformat(str(row[0]))

    def advance(self, demarche: int, mark: datetime) -> datetime:
        """Move the mark forward to ``mark``, never back; returns the mark now kept."""
        if mark.tzinfo is None:
            mark = mark.replace(tzinfo=UTC)
        with self.transaction() as db:
            row = db.execute(
                "SELECT updated_since FROM demarches_polls WHERE demarche = ?", (demarche,)
            ).fetchone()
            if row is not None and datetime.fromisoformat(str(row[0])) >= mark:
                return datetime.fromisoformat(str(row[0]))
            db.execute(
                "INSERT INTO demarches_polls (demarche, updated_since, advanced_at) VALUES (?, ?, ?) "
                "ON CONFLICT (demarche) DO UPDATE SET "
                "updated_since = excluded.updated_since, advanced_at = excluded.advanced_at",
                (demarche, mark.isoformat(), datetime.now(UTC).isoformat(timespec="seconds")),
            )
        return mark


@dataclass(frozen=True)
class Polled:
    """What a poll read; nothing is written yet."""

    drafts: list[IncomingDraft]
    """One per dossier, from its latest reading, in order of update."""
    mark: datetime | None
    """The latest ``dateDerniereModification`` read: give it to ``PollState.advance`` once the
    drafts are recorded. ``None`` when no dossier came (the mark stays)."""
    since: datetime | None
    """The mark the poll started from."""
    pages: int


def poll(client: DemarchesClient, state: PollState, demarche: int, descriptors: Descriptors) -> Polled:
    """Every dossier of the procedure updated since its mark, through every page, mapped.

    Raises:
        InvalidInput: some dossiers cannot be read (each problem names the dossier and the
            field); none of the batch is returned.
        DemarchesError: the API failed (see :meth:`DemarchesClient.fetch_page`), or its cursor
            did not move.
    """
    since = state.mark(demarche)
    latest: dict[object, Mapping[str, object]] = {}
    problems: list[Problem] = []
    mark: datetime | None = None
    after: str | None = None
    pages = 0
    while True:
        page = client.fetch_page(demarche, after=after, updated_since=since)
        pages += 1
        for node in page.nodes:
            try:
                when = modified_at(node)
            except InvalidInput as e:
                problems.extend(e.problems)
                continue
            # A dossier modified while the pages are walked comes again later: keep that reading.
            key = node.get("number", dossier_record(node))
            latest.pop(key, None)
            latest[key] = node
            mark = when if mark is None or when > mark else mark
        if not page.has_next:
            break
        if page.end_cursor is None or page.end_cursor == after:
            raise DemarchesError(
                f"démarche {demarche} : la pagination n'avance pas (curseur {page.end_cursor!r})"
            )
        after = page.end_cursor
    drafts: list[IncomingDraft] = []
    for node in latest.values():
        try:
            drafts.append(from_graphql(node, descriptors))
        except InvalidInput as e:
            problems.extend(e.problems)
    if problems:
        raise InvalidInput(problems)
    logger.info(
        "démarche %d: %d dossier(s) updated since %s, %d page(s)",
        demarche,
        len(drafts),
        since.isoformat() if since else "the start",
        pages,
    )
    return Polled(drafts=drafts, mark=mark, since=since, pages=pages)


def _api_mapping(mapping: DossierMapping) -> tuple[int, Descriptors]:
    problems: list[Problem] = []
    if mapping.demarche is None:
        problems.append(Problem("mapping", "demarche", "is missing: the procedure's number, for the API"))
    if mapping.descriptors is None:
        problems.append(Problem("mapping", "descriptors", "is missing: the champ ids, for the API"))
    if problems:
        raise InvalidInput(problems)
    assert mapping.demarche is not None and mapping.descriptors is not None  # checked above
    return mapping.demarche, mapping.descriptors


def import_demarche(
    store: GraphStore,
    drafts: Drafts,
    principal: Principal,
    client: DemarchesClient,
    state: PollState,
    mapping: DossierMapping,
) -> Intake:
    """Fetch the procedure's dossiers updated since its mark, record them at the desk for the
    mapping's lab, then advance the mark: in that order, so that a failure leaves the mark
    where it was and the next run reads the same dossiers again (staff).

    Raises:
        Forbidden: the principal is not staff (checked before any request).
        InvalidInput: the mapping has no procedure number or no descriptors, or dossiers that
            cannot be read or recorded.
        DemarchesError: the API failed.
    """
    principal.require_staff("l'import des dossiers démarches-simplifiées")
    demarche, descriptors = _api_mapping(mapping)
    polled = poll(client, state, demarche, descriptors)
    done = receive(store, drafts, principal, polled.drafts, lab=mapping.lab)
    if polled.mark is not None:
        state.advance(demarche, polled.mark)
    return done
