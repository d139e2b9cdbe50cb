"""The FastAPI application: thin routes over the matcher and the store.

The matcher's first index is built in the background at start-up: ``/health`` answers at once
and says how far the warm-up is; suggestions answer 503 with ``Retry-After`` until it is ready.
From then on every answer reflects the store's current revision (imports, erasures, consent).
"""

from __future__ import annotations

import logging
import secrets
import sqlite3
import threading
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from datetime import date as Date
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi import Path as FastApiPath
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    NotReady,
    PasserelleError,
    Problem,
    StoreUnavailable,
    Unauthenticated,
    first_causes,
)
from graph.model import Lab, Node, NodeKind, Organisation, Project, Skill, Territory
from graph.store import GraphStore
from matching.matcher import MAX_K, Matcher
from service import decisions, directory, drafts, introductions, people, reports
from service.accounts import SESSION_LIFETIME, AccessRole, Accounts, Principal
from service.api_docs import add_api_docs
from service.desk import Desk
from service.drafts import Channel, DraftFilter, Drafts, DraftStatus
from service.imports import import_batch
from service.peers import find_peers
from service.schemas import (
    AuditEntryPublic,
    DecisionIn,
    DecisionPublic,
    DraftIn,
    DraftPage,
    DraftPublic,
    DraftStatusIn,
    ErasurePublic,
    ErasureRequestPublic,
    ErrorPublic,
    FollowUpIn,
    HealthPublic,
    ImportIn,
    ImportPublic,
    IntroductionPublic,
    LoginIn,
    NodePage,
    PeersPublic,
    PeersQuery,
    PeoplePage,
    PersonPublic,
    PreferencesIn,
    ProfileIn,
    ReminderPublic,
    SessionPublic,
    SuggestionQuery,
    SuggestionsPublic,
)
from service.settings import Settings
from service.suggestions import suggest
from service.wiring import build_matcher, build_served_embedder, build_store

logger = logging.getLogger(__name__)

STATUS_BY_ERROR: dict[type[PasserelleError], int] = {
    Unauthenticated: 401,
    Forbidden: 403,
    InvalidInput: 422,
    NotFound: 404,
    Conflict: 409,
    NotReady: 503,
    StoreUnavailable: 503,
}
"""The one place where domain errors become HTTP status codes."""

ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorPublic, "description": "Corps illisible (pas du JSON en UTF-8)"},
    401: {"model": ErrorPublic, "description": "Clé d'API absente, inconnue ou révoquée"},
    403: {"model": ErrorPublic, "description": "Le rôle de la clé ne permet pas cette action"},
    413: {"model": ErrorPublic, "description": "Corps trop long"},
    422: {"model": ErrorPublic, "description": "Champ invalide ; chaque erreur nomme son champ"},
    503: {"model": ErrorPublic, "description": "Service en préparation ou base injoignable ; réessayer"},
}
RETRY_AFTER_SECONDS = 5


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_matcher(request: Request) -> Matcher:
    matcher: Matcher = request.app.state.matcher
    return matcher


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def ready_matcher(request: Request) -> Matcher:
    """The matcher, once its first index is built; 503 while it warms up. A rebuild after a
    change does not turn requests away: they wait for it, then read the new index."""
    matcher = get_matcher(request)
    status = matcher.status
    if not matcher.serving and status.phase != "ready":
        if status.phase == "failed":
            raise NotReady(f"le service n'a pas pu se préparer : {status.message}")
        raise NotReady(f"le service se prépare ({status.phase} {status.done}/{status.total}) : réessayez")
    return matcher


def get_accounts(request: Request) -> Accounts:
    accounts: Accounts = request.app.state.accounts
    return accounts


BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="cle_api",
    description="Clé d'API (`passerelle key create`), en-tête « Authorization: Bearer <clé> »",
)


SESSION_COOKIE = "passerelle_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]
) -> Principal:
    """Who calls: the key in ``Authorization: Bearer …``, or a person's session cookie (then a
    request that changes something carries the session's ``X-CSRF-Token``); 401 otherwise."""
    accounts = get_accounts(request)
    if credentials is not None and credentials.credentials:
        found = accounts.authenticate(credentials.credentials.strip())
        if found is None:
            raise Unauthenticated("clé d'API inconnue ou révoquée")
        return found
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise Unauthenticated("clé d'API ou session manquante : en-tête « Authorization: Bearer <clé> »")
    session = accounts.session(token)
    if session is None:
        raise Unauthenticated("session expirée ou inconnue : reconnectez-vous")
    who, csrf = session
    if request.method not in SAFE_METHODS and not secrets.compare_digest(
        request.headers.get(CSRF_HEADER, "").encode(), csrf.encode()
    ):
        raise Forbidden(f"jeton anti-CSRF absent ou faux (en-tête {CSRF_HEADER})")
    return who


StoreDep = Annotated[GraphStore, Depends(get_store)]


def get_desk(request: Request) -> Desk:
    found: Desk = request.app.state.desk
    return found


DeskDep = Annotated[Desk, Depends(get_desk)]
AccountsDep = Annotated[Accounts, Depends(get_accounts)]
PrincipalDep = Annotated[Principal, Depends(principal)]
MatcherDep = Annotated[Matcher, Depends(ready_matcher)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

router = APIRouter()


@router.get("/health", response_model=HealthPublic, responses={503: ERRORS[503]})
def health(request: Request, store: StoreDep, settings: SettingsDep) -> HealthPublic:
    """Liveness, store reachability and warm-up progress. It reads one number from the store (its
    revision), so it stays cheap under load; 503 when the store cannot be reached."""
    store.revision()
    matcher = get_matcher(request)
    status = matcher.status
    if matcher.serving or status.phase == "ready":
        state = "ok"  # answering; the phase says whether a rebuild after a change is under way
    else:
        state = "failed" if status.phase == "failed" else "warming_up"
    return HealthPublic(
        status=state,
        store=settings.store.backend,
        phase=status.phase,
        done=status.done,
        total=status.total,
        message=status.message,
    )


@router.post("/v1/suggestions", response_model=SuggestionsPublic, responses=ERRORS)
def suggestions(query: SuggestionQuery, who: PrincipalDep, matcher: MatcherDep) -> SuggestionsPublic:
    """Experts and partner organisations for a draft, each with its score, probability and
    reasons. Lab staff and admins."""
    context = query.context.to_domain() if query.context else None
    result = suggest(matcher, who, query.text, k=query.k, context=context)
    return SuggestionsPublic.of(matcher.embedder.model_id, result)


@router.post("/v1/peers", response_model=PeersPublic, responses=ERRORS)
def peers(query: PeersQuery, who: PrincipalDep, matcher: MatcherDep) -> PeersPublic:
    """Similar past projects and the people on them, for a draft's text, a project or a person.
    Every role but reader."""
    return PeersPublic.of(
        find_peers(matcher, who, text=query.text, project=query.project, person=query.person, k=query.k)
    )


def errors(*codes: int, **described: str) -> dict[int | str, dict[str, object]]:
    """The documented error answers of a route: ``ERRORS``'s, and 404 described for it."""
    out: dict[int | str, dict[str, object]] = {code: ERRORS[code] for code in codes}
    if "not_found" in described:
        out[404] = {"model": ErrorPublic, "description": described["not_found"]}
    return out


PERSON_ERRORS = errors(401, 403, 503, not_found="Personne inconnue")


Search = Annotated[str | None, Query(max_length=200, description="Mots du nom, sans accents ni casse")]
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000)]


def set_session_cookie(response: Response, token: str, settings: Settings) -> None:
    """The session cookie, for the API's login and the pages' alike: HttpOnly, SameSite=Strict,
    Secure when served behind TLS."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=settings.auth.secure_cookies,
        path="/",
    )


@router.post("/v1/session", response_model=SessionPublic, responses=errors(401, 422))
def log_in(body: LoginIn, response: Response, accounts: AccountsDep, settings: SettingsDep) -> SessionPublic:
    """A person logs in with their password: a session cookie (HttpOnly, SameSite=Strict) and the
    CSRF token that requests changing something send in ``X-CSRF-Token``."""
    opened = accounts.log_in(body.person, body.password.get_secret_value())
    if opened is None:
        raise Unauthenticated("personne ou mot de passe inconnus")
    token, csrf = opened
    set_session_cookie(response, token, settings)
    session = accounts.session(token)
    assert session is not None
    return SessionPublic(person=body.person, role=session[0].role, csrf_token=csrf)


@router.delete("/v1/session", status_code=204, response_class=Response)
def log_out(request: Request, accounts: AccountsDep) -> Response:
    """End the session of the cookie sent (if any) and clear the cookie."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts.log_out(token)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post(
    "/v1/imports", response_model=ImportPublic, status_code=201, responses=errors(401, 403, 413, 422, 503)
)
def import_records(body: ImportIn, who: PrincipalDep, store: StoreDep, accounts: AccountsDep) -> ImportPublic:
    """Import records, all or nothing: every record and reference is checked first, and each
    problem names the file, the item (from 1) and the field. In effect in the next answer.
    Admins."""
    return ImportPublic(counts=import_batch(store, accounts, who, body.model_dump()))


@router.get("/v1/people", response_model=PeoplePage, responses=errors(401, 403, 422))
def people_list(
    who: PrincipalDep, store: StoreDep, q: Search = None, limit: Limit = 50, offset: Offset = 0
) -> PeoplePage:
    """The directory's people, by name, without contact details (see each person's page)."""
    return PeoplePage.of(directory.search(store, who, NodeKind.PERSON, q=q, limit=limit, offset=offset))


def _directory_routes(path: str, kind: NodeKind, model: type[Node], noun: str) -> None:
    """``GET /v1/{path}`` (searched, paged) and ``GET /v1/{path}/{id}`` for one node kind."""
    page_model = NodePage[model]  # type: ignore[valid-type]

    def listing(
        who: PrincipalDep, store: StoreDep, q: Search = None, limit: Limit = 50, offset: Offset = 0
    ) -> object:
        return page_model.of(directory.search(store, who, kind, q=q, limit=limit, offset=offset))

    def one(
        node_id: Annotated[str, FastApiPath(max_length=130)], who: PrincipalDep, store: StoreDep
    ) -> object:
        return directory.entry(store, who, kind, node_id)

    router.add_api_route(
        f"/v1/{path}",
        listing,
        methods=["GET"],
        response_model=page_model,
        responses=errors(401, 403, 422),
        summary=f"{noun.capitalize()} du réseau, par nom",
        description=f"Les {noun} du réseau dont le nom contient chaque mot de `q`, triés par nom et paginés. "
        "Tous les rôles sauf lecteur.",
        operation_id=f"list_{path}",
    )
    router.add_api_route(
        f"/v1/{path}/{{node_id}}",
        one,
        methods=["GET"],
        response_model=model,
        responses=errors(401, 403, 422, not_found="Identifiant inconnu"),
        summary=f"Une fiche : {noun}",
        operation_id=f"get_{path}",
    )


for _path, _kind, _model, _noun in (
    ("organisations", NodeKind.ORGANISATION, Organisation, "organisations"),
    ("labs", NodeKind.LAB, Lab, "laboratoires"),
    ("projects", NodeKind.PROJECT, Project, "projets"),
    ("skills", NodeKind.SKILL, Skill, "compétences"),
    ("territories", NodeKind.TERRITORY, Territory, "territoires"),
):
    _directory_routes(_path, _kind, _model, _noun)


@router.get("/v1/people/{person_id}", response_model=PersonPublic, responses=PERSON_ERRORS)
def person(person_id: str, who: PrincipalDep, store: StoreDep, accounts: AccountsDep) -> PersonPublic:
    """A directory entry. Contact details only to staff, to the person, or if they consented."""
    return PersonPublic.of(people.view(store, accounts, who, person_id))


@router.get("/v1/people/{person_id}/export", responses=PERSON_ERRORS)
def person_export(
    person_id: str, who: PrincipalDep, store: StoreDep, accounts: AccountsDep, desk: DeskDep
) -> dict[str, object]:
    """Right of access: everything stored about the person, as JSON (the network's records, and
    the desk's drafts, decisions and introductions). The person or staff."""
    return people.export(store, desk, accounts, who, person_id)


@router.patch(
    "/v1/people/{person_id}/preferences",
    response_model=PersonPublic,
    responses=errors(401, 403, 422, 503, not_found="Personne inconnue"),
)
def person_preferences(
    person_id: str, change: PreferencesIn, who: PrincipalDep, store: StoreDep, accounts: AccountsDep
) -> PersonPublic:
    """Consent to show contact details and the opt-out from suggestions, in effect at once in
    every answer. The person or staff."""
    changed = people.change_preferences(
        store,
        accounts,
        who,
        person_id,
        contact_consent=change.contact_consent,
        suggestion_opt_out=change.suggestion_opt_out,
    )
    return PersonPublic.of(people.PersonView(changed, contact_shown=True))


@router.patch(
    "/v1/people/{person_id}/profile",
    response_model=PersonPublic,
    responses=errors(401, 403, 422, 503, not_found="Personne inconnue"),
)
def person_profile(
    person_id: str, change: ProfileIn, who: PrincipalDep, store: StoreDep, accounts: AccountsDep
) -> PersonPublic:
    """Edit one's own entry (bio, email, phone); staff edit anyone's. A field sent as null is
    emptied (email, phone); an absent one is left as it is."""
    changes = change.model_dump(exclude_unset=True)
    if changes.get("bio") is None:
        changes.pop("bio", None)  # a bio is emptied with "", never null
    changed = people.edit_profile(store, accounts, who, person_id, changes)
    return PersonPublic.of(people.PersonView(changed, contact_shown=True))


@router.post(
    "/v1/people/{person_id}/erasure-request",
    response_model=ErasureRequestPublic,
    status_code=202,
    responses=PERSON_ERRORS,
)
def person_erasure_request(
    person_id: str, who: PrincipalDep, store: StoreDep, accounts: AccountsDep
) -> ErasureRequestPublic:
    """Right to erasure, asked; staff process it. Asking twice gives the same pending request."""
    return ErasureRequestPublic.of(people.request_erasure(store, accounts, who, person_id))


@router.get(
    "/v1/erasure-requests",
    response_model=list[ErasureRequestPublic],
    responses=errors(401, 403),
)
def erasure_requests(who: PrincipalDep, accounts: AccountsDep) -> list[ErasureRequestPublic]:
    """The pending erasure requests. Staff."""
    return [ErasureRequestPublic.of(r) for r in people.pending_erasures(accounts, who)]


@router.post(
    "/v1/erasure-requests/{request_id}/process",
    response_model=ErasurePublic,
    responses=errors(401, 403, 422, 503, not_found="Demande inconnue ou déjà traitée"),
)
def process_erasure_request(
    request_id: Annotated[int, FastApiPath(ge=1, le=2**62)],
    who: PrincipalDep,
    store: StoreDep,
    accounts: AccountsDep,
    desk: DeskDep,
) -> ErasurePublic:
    """Erase the person of a pending request: the store, their vectors, the desk's drafts,
    decisions and introductions naming them, and the audit log's mentions of them (a pseudonym
    stays). In effect at once in every answer. Staff."""
    return ErasurePublic.of(people.process_erasure(store, desk, accounts, who, request_id))


@router.get(
    "/v1/audit",
    response_model=list[AuditEntryPublic],
    responses=errors(401, 403, 422),
)
def audit(
    who: PrincipalDep,
    accounts: AccountsDep,
    subject: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> list[AuditEntryPublic]:
    """Who viewed, exported, changed or erased whose data, newest first. Admins."""
    if who.role is not AccessRole.ADMIN:
        raise Forbidden("le journal d'audit : réservé aux administrateurs")
    return [AuditEntryPublic.of(e) for e in accounts.audit(subject=subject, limit=limit, offset=offset)]


def get_drafts(desk: DeskDep) -> Drafts:
    return desk.drafts


DraftsDep = Annotated[Drafts, Depends(get_drafts)]


def get_decisions(desk: DeskDep) -> decisions.Decisions:
    return desk.decisions


def get_introductions(desk: DeskDep) -> introductions.Introductions:
    return desk.introductions


DecisionsDep = Annotated[decisions.Decisions, Depends(get_decisions)]
IntroductionsDep = Annotated[introductions.Introductions, Depends(get_introductions)]
DraftId = Annotated[int, FastApiPath(ge=1, le=2**62)]
DRAFT_ERRORS = errors(401, 403, 422, 503, not_found="Brouillon inconnu, ou d'un autre laboratoire")


@router.post(
    "/v1/drafts",
    response_model=DraftPublic,
    status_code=201,
    responses=DRAFT_ERRORS
    | {409: {"model": ErrorPublic, "description": "Référence déjà prise par le brouillon d'un autre"}},
)
def draft_submit(body: DraftIn, who: PrincipalDep, store: StoreDep, found: DraftsDep) -> DraftPublic:
    """Record a draft; the same channel and reference again updates it. Staff file it into
    their lab; an agent files their own. Every role but reader."""
    return DraftPublic.of(
        drafts.submit(
            store,
            found,
            who,
            title=body.title,
            text=body.text,
            lab=body.lab,
            channel=body.channel,
            submitter=body.submitter,
            territory=body.territory,
            external_ref=body.external_ref,
            drafted_on=body.date,
        )
    )


@router.get("/v1/drafts", response_model=DraftPage, responses=errors(401, 403, 422))
def draft_list(
    who: PrincipalDep,
    found: DraftsDep,
    status: DraftStatus | None = None,
    lab: Annotated[str | None, Query(max_length=130)] = None,
    channel: Channel | None = None,
    since: Annotated[Date | None, Query(description="Brouillons datés de ce jour ou après")] = None,
    until: Annotated[Date | None, Query(description="Brouillons datés de ce jour ou avant")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> DraftPage:
    """The drafts one may see (staff: their lab's; agents: their own), newest first, filtered
    and paginated."""
    wanted = DraftFilter(status=status, lab=lab, channel=channel, since=since, until=until)
    return DraftPage.of(drafts.listing(found, who, wanted, limit=limit, offset=offset))


@router.get("/v1/drafts/{draft_id}", response_model=DraftPublic, responses=DRAFT_ERRORS)
def draft_get(draft_id: DraftId, who: PrincipalDep, found: DraftsDep) -> DraftPublic:
    """One draft; 404 for a draft of another lab (or, for an agent, of someone else)."""
    return DraftPublic.of(drafts.find(found, who, draft_id))


@router.patch("/v1/drafts/{draft_id}", response_model=DraftPublic, responses=DRAFT_ERRORS)
def draft_status(draft_id: DraftId, body: DraftStatusIn, who: PrincipalDep, found: DraftsDep) -> DraftPublic:
    """Move a draft along (new, in progress, closed). Staff."""
    return DraftPublic.of(drafts.change_status(found, who, draft_id, body.status))


@router.post("/v1/drafts/{draft_id}/suggestions", response_model=SuggestionsPublic, responses=DRAFT_ERRORS)
def draft_suggestions(
    draft_id: DraftId,
    who: PrincipalDep,
    found: DraftsDep,
    decided: DecisionsDep,
    matcher: MatcherDep,
    k: Annotated[int, Query(ge=1, le=MAX_K)] = 10,
) -> SuggestionsPublic:
    """The draft's suggestions, with what the desk knows of it (lab, date, submitter,
    territory) as context, without the candidates declined for it. Staff."""
    result = decisions.suggestions_without_declined(matcher, found, decided, who, draft_id, k=k)
    return SuggestionsPublic.of(matcher.embedder.model_id, result)


IntroductionId = Annotated[int, FastApiPath(ge=1, le=2**62)]
FOLLOW_UP_ERRORS = errors(401, 403, 422, not_found="Mise en relation inconnue, ou d'un autre laboratoire") | {
    409: {"model": ErrorPublic, "description": "Transition impossible depuis l'état actuel"}
}


@router.post(
    "/v1/drafts/{draft_id}/decisions",
    response_model=DecisionPublic,
    status_code=201,
    responses=DRAFT_ERRORS
    | {409: {"model": ErrorPublic, "description": "La décision contraire est déjà prise"}},
)
def draft_decide(
    draft_id: DraftId,
    body: DecisionIn,
    response: Response,
    who: PrincipalDep,
    store: StoreDep,
    found: DraftsDep,
    decided: DecisionsDep,
    introduced: IntroductionsDep,
) -> DecisionPublic:
    """Accept a candidate (a person is then introduced to the submitter) or decline them with a
    reason (never suggested again for this draft). The same decision again changes nothing
    (200). Staff."""
    outcome = decisions.decide(
        store, found, decided, introduced, who, draft_id, body.candidate, body.verdict, body.reason
    )
    if not outcome.changed:
        response.status_code = 200
    return DecisionPublic.of(outcome.decision, outcome.introduction)


@router.get("/v1/drafts/{draft_id}/decisions", response_model=list[DecisionPublic], responses=DRAFT_ERRORS)
def draft_decisions(
    draft_id: DraftId,
    who: PrincipalDep,
    found: DraftsDep,
    decided: DecisionsDep,
    introduced: IntroductionsDep,
) -> list[DecisionPublic]:
    """The decisions taken on a draft's suggestions. Staff."""
    return [
        DecisionPublic.of(d, introduced.for_candidate(d.draft_id, d.candidate))
        for d in decisions.of_draft(found, decided, who, draft_id)
    ]


@router.get("/v1/introductions", response_model=list[IntroductionPublic], responses=errors(401, 403))
def introduction_list(who: PrincipalDep, introduced: IntroductionsDep) -> list[IntroductionPublic]:
    """The lab's introductions with their history. Staff."""
    return [IntroductionPublic.of(i) for i in introductions.listing(introduced, who)]


@router.get("/v1/introductions/reminders", response_model=list[ReminderPublic], responses=errors(401, 403))
def introduction_reminders(
    who: PrincipalDep, introduced: IntroductionsDep, settings: SettingsDep
) -> list[ReminderPublic]:
    """Open introductions with no news for 9, 21 or 45 days (settings), oldest news first. Staff."""
    found = introductions.reminders(introduced, who, delays=settings.desk.reminder_days)
    return [ReminderPublic.of(r) for r in found]


@router.get(
    "/v1/introductions/{introduction_id}", response_model=IntroductionPublic, responses=FOLLOW_UP_ERRORS
)
def introduction_get(
    introduction_id: IntroductionId, who: PrincipalDep, introduced: IntroductionsDep
) -> IntroductionPublic:
    return IntroductionPublic.of(introductions.visible(introduced, who, introduction_id))


@router.patch(
    "/v1/introductions/{introduction_id}", response_model=IntroductionPublic, responses=FOLLOW_UP_ERRORS
)
def introduction_follow_up(
    introduction_id: IntroductionId,
    body: FollowUpIn,
    who: PrincipalDep,
    store: StoreDep,
    introduced: IntroductionsDep,
) -> IntroductionPublic:
    """Move an introduction along: proposed → contacted → taken_in_hand → done, or done without
    help, unreachable, declined by the person. ``real_work`` with done adds the person to the
    project. Staff."""
    moved = introductions.follow_up(
        store, introduced, who, introduction_id, body.state, real_work=body.real_work
    )
    return IntroductionPublic.of(moved)


@router.get("/v1/reports/health", response_model=dict[str, object], responses=errors(401, 403, 422, 503))
def report_health(
    who: PrincipalDep,
    store: StoreDep,
    desk: DeskDep,
    settings: SettingsDep,
    period: Annotated[
        str,
        Query(pattern=r"^\d{4}-\d{2}$", description="Mois du rapport, AAAA-MM, pas après le mois en cours"),
    ],
    audience: Annotated[
        reports.Audience,
        Query(description="staff : personnes nommées ; public : petits groupes masqués, personne nommée"),
    ] = "public",
) -> dict[str, object]:
    """The month's network-health report (silos, brokers, trends, the lab's impact), as
    ``passerelle report`` writes it in report.json. Staff and admins: both audiences; readers:
    the public one."""
    return reports.for_principal(
        store, desk, who, period, audience, min_group=settings.reports.min_group
    ).to_json()


def _problem_item(problem: Problem) -> dict[str, object]:
    """One bad field: where in the body (for an imported record, its list and position, from 0)
    and what is wrong, naming the record."""
    loc: list[str | int] = ["body", problem.field]
    if problem.record == "context":
        loc = ["body", "context", problem.field]
    elif problem.file is not None and problem.line is not None:
        loc = ["body", problem.file.removesuffix(".jsonl"), problem.line - 1, problem.field]
    message = (
        problem.message if problem.record in ("context", "draft") else f"{problem.record}: {problem.message}"
    )
    return {"loc": loc, "msg": message, "type": "invalid_input"}


async def domain_error(request: Request, exc: Exception) -> JSONResponse:
    status = next((code for cls, code in STATUS_BY_ERROR.items() if isinstance(exc, cls)), 400)
    body: dict[str, object] = {"detail": str(exc)}
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if status == 503 else None
    if status == 401:
        headers = {"WWW-Authenticate": "Bearer"}
    if isinstance(exc, InvalidInput):
        body["detail"] = [_problem_item(p) for p in exc.problems]
    return JSONResponse(status_code=status, content=body, headers=headers)


async def store_error(request: Request, exc: Exception) -> JSONResponse:
    """The SQLite file refused an operation (full disk, damaged or locked file): 503, and the
    transaction rolled back."""
    logger.error("SQLite error on %s %s: %s", request.method, request.url.path, exc)
    return JSONResponse(
        status_code=503,
        content={"detail": "la base de données a refusé l'opération ; rien n'a été écrit, réessayez"},
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


UNREADABLE_BODY = "There was an error parsing the body"
"""FastAPI's 400 for a body that is not UTF-8, or nested deeper than the JSON parser goes."""
BODY_NOT_JSON = "the body is not valid JSON (UTF-8)"


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    """422 naming each bad field, never echoing the input back (it may be huge, or not JSON)."""
    assert isinstance(exc, RequestValidationError)
    items = []
    for error in first_causes(exc.errors()):
        loc = [part if isinstance(part, int) else str(part) for part in error.get("loc", ())]
        message = str(error.get("msg", "invalid"))
        if error.get("type") == "json_invalid":
            message = BODY_NOT_JSON
        items.append({"loc": loc, "msg": message, "type": str(error.get("type", "value_error"))})
    return JSONResponse(status_code=422, content={"detail": items})


class BodyTooLarge(HTTPException):
    def __init__(self, max_bytes: int) -> None:
        super().__init__(status_code=413, detail=f"the body is longer than {max_bytes} bytes")


class BodyLimit:
    """413 for a body longer than ``max_bytes``: at once from its Content-Length, and while it
    is read when it has none (chunked), so that no body is ever held whole past the limit.

    ``per_path`` gives some paths their own limit (the pages that take files); ``answer``, when
    it returns a response for a path, is sent instead of the JSON 413 (a page's HTML)."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        per_path: Mapping[str, int] | None = None,
        answer: Callable[[str, int], Response | None] | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.per_path = dict(per_path or {})
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        max_bytes = self.per_path.get(scope["path"], self.max_bytes)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > max_bytes):
            response = self.answer(scope["path"], max_bytes) if self.answer else None
            if response is None:
                response = JSONResponse(status_code=413, content={"detail": BodyTooLarge(max_bytes).detail})
            await response(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > max_bytes:
                    raise BodyTooLarge(max_bytes)  # FastAPI answers it as a 413
            return message

        await self.app(scope, limited, send)


def warm_up(matcher: Matcher) -> None:
    """Build the first index, logging progress about every tenth of the embedding."""
    step = {"next": 0}

    def progress(done: int, total: int) -> None:
        if done >= step["next"] or done == total:
            logger.info("préparation : %d/%d fenêtres de texte vectorisées", done, total)
            step["next"] = done + max(1, total // 10)

    try:
        stats = matcher.refresh(progress)
        logger.info("matcher ready: %s", stats)
    except Exception:
        logger.exception("the matcher could not build its index")


def create_app(
    settings: Settings,
    *,
    store: GraphStore | None = None,
    matcher: Matcher | None = None,
    accounts: Accounts | None = None,
    desk: Desk | None = None,
    background_warm_up: bool = True,
) -> FastAPI:
    """Build the app. A store, matcher or accounts passed in are used as they are (tests);
    otherwise each is built from settings at start-up. The first index is built in a background
    thread (or before serving, with ``background_warm_up=False``)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.store = store or build_store(settings)
        app.state.store.ensure_schema()
        app.state.accounts = accounts or Accounts(settings.auth.accounts_path)
        app.state.desk = desk or Desk.at(settings.desk.path)
        pool = None if matcher else build_served_embedder(settings)
        app.state.matcher = matcher or build_matcher(settings, app.state.store, pool)
        if background_warm_up:
            threading.Thread(target=warm_up, args=(app.state.matcher,), name="warm-up", daemon=True).start()
        else:
            warm_up(app.state.matcher)
        yield
        if pool is not None:
            pool.close()
        if accounts is None:
            app.state.accounts.close()
        if desk is None:
            app.state.desk.close()
        if store is None:
            app.state.store.close()

    app = FastAPI(
        title="Passerelle",
        summary="Mise en relation d'agents, d'experts et d'organisations pour les laboratoires "
        "d'innovation publique territoriaux.",
        version="0.2.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        # No redirect from /path/ to /path: its Location would be built from the request's Host.
        redirect_slashes=False,
    )
    from service import pages  # the pages call this module's dependencies

    async def http_error(request: Request, exc: Exception) -> Response:
        """An unknown path or a wrong method: a page for a page's path, JSON for the API."""
        if pages.is_page_path(request.url.path):
            return await pages.http_error(request, exc)
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 400 and exc.detail == UNREADABLE_BODY:
            return JSONResponse(
                status_code=400,
                content={"detail": [{"loc": ["body"], "msg": BODY_NOT_JSON, "type": "json_invalid"}]},
            )
        return await http_exception_handler(request, exc)

    app.add_exception_handler(PasserelleError, domain_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(sqlite3.Error, store_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.server.max_body_bytes,
        per_path=pages.upload_limits(settings),
        answer=pages.too_large,
    )
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.server.allowed_hosts)
    add_api_docs(app, settings.server.docs_assets)
    for route in router.routes:
        if isinstance(route, APIRoute) and route.body_field is not None:
            # Whatever the route: a body that is not UTF-8 JSON, too long, or with a bad field.
            for code in (400, 413, 422):
                route.responses.setdefault(code, ERRORS[code])
    app.include_router(router)
    # The pages' assets, served from here: DSFR and Cytoscape.js as npm installed them, and the
    # pages' own CSS and script. Nothing loads from elsewhere.
    assets = settings.server.assets
    app.mount(
        "/assets/dsfr", StaticFiles(directory=assets / "@gouvfr/dsfr/dist", check_dir=False), name="dsfr"
    )
    app.mount(
        "/assets/cytoscape",
        StaticFiles(directory=assets / "cytoscape/dist", check_dir=False),
        name="cytoscape",
    )
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")
    app.include_router(pages.router)
    return app
