"""The FastAPI application: thin routes over the matcher and the store."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from graph.errors import Conflict, InvalidInput, NotFound, PasserelleError, StoreUnavailable
from graph.store import GraphStore
from matching.matcher import Matcher
from service.schemas import HealthPublic, SuggestionPublic, SuggestionQuery, SuggestionsPublic
from service.settings import Settings
from service.wiring import build_matcher, build_store

logger = logging.getLogger(__name__)

STATUS_BY_ERROR: dict[type[PasserelleError], int] = {
    InvalidInput: 422,
    NotFound: 404,
    Conflict: 409,
    StoreUnavailable: 503,
}
"""The one place where domain errors become HTTP status codes."""


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_matcher(request: Request) -> Matcher:
    matcher: Matcher = request.app.state.matcher
    return matcher


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[GraphStore, Depends(get_store)]
MatcherDep = Annotated[Matcher, Depends(get_matcher)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

router = APIRouter()


@router.get("/health", response_model=HealthPublic)
def health(store: StoreDep, settings: SettingsDep) -> HealthPublic:
    """Liveness and store reachability."""
    counts = store.counts()
    return HealthPublic(status="ok", store=settings.store.backend, nodes=sum(counts.nodes.values()))


@router.post("/v1/suggestions", response_model=SuggestionsPublic)
def suggestions(query: SuggestionQuery, matcher: MatcherDep) -> SuggestionsPublic:
    """Experts and partner organisations for a draft, each with its score and reasons."""
    result = matcher.suggest(query.text, k=query.k)
    return SuggestionsPublic(
        model=matcher.embedder.model_id,
        experts=[SuggestionPublic.of(s) for s in result.experts],
        organisations=[SuggestionPublic.of(s) for s in result.organisations],
        without_text=result.without_text,
    )


async def domain_error(request: Request, exc: Exception) -> JSONResponse:
    status = next((code for cls, code in STATUS_BY_ERROR.items() if isinstance(exc, cls)), 400)
    body: dict[str, object] = {"detail": str(exc)}
    if isinstance(exc, InvalidInput):
        body["detail"] = [
            {"loc": ["body", p.field], "record": p.record, "msg": p.message} for p in exc.problems
        ]
    return JSONResponse(status_code=status, content=body)


def create_app(
    settings: Settings, *, store: GraphStore | None = None, matcher: Matcher | None = None
) -> FastAPI:
    """Build the app. A store or matcher passed in is used as is (tests); otherwise both are
    built from settings at start-up, and the matcher's profiles are refreshed once."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.store = store or build_store(settings)
        app.state.store.ensure_schema()
        app.state.matcher = matcher or build_matcher(settings, app.state.store)
        stats = await run_in_threadpool(app.state.matcher.refresh)
        logger.info("matcher ready: %s", stats)
        yield
        if store is None:
            app.state.store.close()

    app = FastAPI(
        title="Passerelle",
        summary="Mise en relation d'agents, d'experts et d'organisations pour les laboratoires "
        "d'innovation publique territoriaux.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.add_exception_handler(PasserelleError, domain_error)
    app.include_router(router)
    return app
