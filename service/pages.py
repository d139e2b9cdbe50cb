"""The web pages of the front desk, server-rendered with Jinja2 in the French State's design
system (DSFR), whose files the app serves itself (``/assets/dsfr``): nothing comes from a CDN.

Pages call the same use cases as the JSON API (``service.drafts``, ``decisions``,
``introductions``, ``people``, ``directory``, ``intake``, ``neighbourhood``), never the store.

Who asks: a person's session, the API's cookie (``passerelle_session``, set by ``/connexion``
as by ``POST /v1/session``). Without one, a page redirects (303) to ``/connexion``. Every form
carries the session's CSRF token in a hidden ``csrf_token`` field, checked before anything
changes (403 otherwise). The login form, before any session, carries a token of its own that
must equal the one in a short-lived cookie (double submit), so that no other site can log a
browser in to someone else's account.

Pages are Starlette routes on an ``APIRouter``: they answer HTML, stay out of the OpenAPI
schema and out of the API's role matrix (``tests/service/test_roles.py`` counts FastAPI's
routes). Domain errors become French HTML pages with the API's status codes
(``service.api.STATUS_BY_ERROR``): 404, 403, 409, 422 listing each problem, 503.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sqlite3
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path, PurePath
from typing import Literal, TypeVar
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.dossiers import DossierMapping, load_mapping
from graph.errors import Forbidden, InvalidInput, NotFound, NotReady, PasserelleError, Problem
from graph.incoming import IncomingDraft
from graph.model import Node, NodeKind, Person, kind_of
from graph.store import GraphStore
from matching.matcher import MAX_QUERY_CHARS
from service import decisions, directory, drafts, intake, introductions, neighbourhood, people
from service.accounts import AccessRole, Accounts, Principal
from service.api import (
    SESSION_COOKIE,
    STATUS_BY_ERROR,
    get_accounts,
    get_desk,
    get_settings,
    get_store,
    ready_matcher,
    set_session_cookie,
)
from service.decisions import DeclineReason, Verdict
from service.desk import Desk
from service.drafts import Channel, DraftFilter, DraftStatus
from service.introductions import NEXT, IntroductionState
from service.schemas import SuggestionsPublic
from service.settings import Settings

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

LOGIN_COOKIE = "passerelle_connexion"
"""The login form's own CSRF token (double submit), before any session exists."""
UPLOAD_PATHS = ("/guichet/import", "/deposer")
"""Pages that take files: their bodies may reach ``intake.max_upload_bytes``."""
API_PREFIXES = ("/v1", "/docs", "/openapi.json", "/health", "/assets", "/static")
PAGE_SIZE = 20
MAX_FILES = 20
MAX_FIELDS = 50
MAX_ID = 2**62
MAX_TITLE = 300
SUGGESTIONS = 10

SECURITY_HEADERS = {
    # The one inline style allowed is the rule Cytoscape.js adds to its container, by its hash.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "style-src 'self' 'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
"""Every page: only this server's scripts, styles and forms; never framed; never cached (they
show people's data)."""

# -- French words for the domain's values --------------------------------------------------
STATUS_LABELS = {
    DraftStatus.NEW: "Nouveau",
    DraftStatus.IN_PROGRESS: "En cours",
    DraftStatus.CLOSED: "Clos",
}
CHANNEL_LABELS = {
    Channel.FORM: "Formulaire",
    Channel.EMAIL: "Courriel",
    Channel.API: "API",
    Channel.DEMARCHES_SIMPLIFIEES: "Démarches simplifiées",
}
REASON_LABELS = {
    DeclineReason.NOT_RELEVANT: "Non pertinent",
    DeclineReason.ALREADY_IN_CONTACT: "Déjà en contact",
    DeclineReason.UNAVAILABLE: "Indisponible",
    DeclineReason.CONFLICT_OF_INTEREST: "Conflit d'intérêts",
}
VERDICT_LABELS = {Verdict.ACCEPTED: "Acceptée", Verdict.DECLINED: "Refusée"}
STATE_LABELS = {
    IntroductionState.PROPOSED: "Proposée",
    IntroductionState.CONTACTED: "Contact pris",
    IntroductionState.TAKEN_IN_HAND: "Prise en main",
    IntroductionState.DONE: "Aboutie",
    IntroductionState.DONE_WITHOUT_HELP: "Aboutie sans notre aide",
    IntroductionState.UNREACHABLE: "Personne injoignable",
    IntroductionState.DECLINED_BY_PERSON: "Déclinée par la personne",
}
ROLE_LABELS = {"agent": "Agent", "expert": "Expert·e", "lab_staff": "Équipe d'un laboratoire"}
ACCESS_LABELS = {
    AccessRole.ADMIN: "administration",
    AccessRole.LAB_STAFF: "équipe du laboratoire",
    AccessRole.AGENT: "agent",
    AccessRole.READER: "lecture",
}
ORG_KIND_LABELS = {
    "state_central": "Administration centrale de l'État",
    "state_deconcentrated": "Service déconcentré de l'État",
    "local_authority": "Collectivité territoriale",
    "public_operator": "Opérateur public",
    "association": "Association",
    "company": "Entreprise",
    "university": "Université ou organisme de recherche",
}
PROJECT_STATUS_LABELS = {
    "draft": "Brouillon",
    "accompanied": "Accompagné",
    "incubated": "Incubé",
    "done": "Terminé",
    "abandoned": "Abandonné",
}
TERRITORY_KIND_LABELS = {"region": "Région", "departement": "Département", "commune": "Commune"}
KIND_LABELS = {
    NodeKind.PERSON: "Personne",
    NodeKind.ORGANISATION: "Organisation",
    NodeKind.LAB: "Laboratoire",
    NodeKind.PROJECT: "Projet",
    NodeKind.SKILL: "Compétence",
    NodeKind.TERRITORY: "Territoire",
}
SIGNAL_LABELS = {
    "semantic": "sens du texte",
    "lexical": "termes en commun",
    "own_text": "texte du profil",
    "similar_projects": "projets similaires",
    "continuity": "resté jusqu'au bout d'un projet proche",
    "skills": "compétences",
    "named": "cité dans le brouillon",
    "experience": "expérience",
    "related_labs": "laboratoires des projets proches",
    "related_partners": "partenaires des projets proches",
    "proximity": "proximité dans le réseau",
    "sponsors": "partenaires en commun",
    "lab": "déjà accompagné par le laboratoire",
    "lab_similarity": "travaux proches au laboratoire",
    "territory": "même territoire",
    "activity": "activité à cette date",
    "availability": "disponibilité",
}
EDGE_KIND_LABELS = {
    "WORKS_AT": "travaille à",
    "PART_OF": "fait partie de",
    "HAS_SKILL": "a la compétence",
    "CONTRIBUTES_TO": "contribue à",
    "SUBMITTED": "a déposé",
    "PARTNER_IN": "partenaire de",
    "SUPPORTED_BY": "accompagné par",
    "LOCATED_IN": "situé dans",
    "ABOUT": "porte sur",
    "MEMBER_OF_NETWORK": "membre du réseau",
    "INTRODUCED": "mis en relation avec",
    "CONFLICT_OF_INTEREST": "conflit d'intérêts avec",
}
FIELD_LABELS = {
    "title": "titre",
    "text": "texte",
    "description": "description",
    "lab": "laboratoire",
    "submitter": "déposant",
    "submitter_email": "adresse du déposant",
    "submitter_name": "nom du déposant",
    "territory": "territoire",
    "organisation": "organisation",
    "state": "état du dossier",
    "candidate": "candidat",
    "reason": "motif",
    "real_work": "travail réel",
    "file": "fichier",
    "files": "fichiers",
    "external_ref": "numéro de dossier",
    "drafted_on": "date de dépôt",
    "subject": "objet",
    "columns": "colonnes",
    "email": "courriel",
    "phone": "téléphone",
    "bio": "présentation",
}
RECORD_LABELS = {
    "draft": "brouillon",
    "decision": "décision",
    "introduction": "mise en relation",
    "mapping": "correspondance",
    "context": "contexte",
}
PROBLEM_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^is empty$"), "est vide"),
    (re.compile(r"^'?(.+?)'? is not a \w+:… of the network$"), r"« \1 » n'est pas dans le réseau"),
    (re.compile(r"^'?(.+?)'? is not a lab of the network$"), r"« \1 » n'est pas un laboratoire du réseau"),
    (re.compile(r"^'?(.+?)'? is not a person of the network$"), r"« \1 » n'est pas une personne du réseau"),
    (
        re.compile(r"^'?(.+?)'? is no person or organisation$"),
        r"« \1 » n'est ni une personne ni une organisation du réseau",
    ),
    (re.compile(r"^'?(.+?)'? is no address$"), r"« \1 » n'est pas une adresse électronique"),
    (re.compile(r"^'?(.+?)'? is no dossier state$"), r"« \1 » n'est pas un état de dossier connu"),
    (re.compile(r"^this key serves (.+), not (.+)$"), r"votre compte sert le laboratoire \1, pas \2"),
    (re.compile(r"^no column '(.+)' in the header$"), r"aucune colonne « \1 » dans l'en-tête"),
    (re.compile(r"^column '(.+?)' is empty$"), r"la colonne « \1 » est vide"),
    (
        re.compile(r"^column '(.+?)' holds '(.*)', not a dossier number$"),
        r"la colonne « \1 » contient « \2 », pas un numéro de dossier",
    ),
    (re.compile(r"^the same dossier is already on line (\d+)$"), r"le même dossier est déjà à la ligne \1"),
    (re.compile(r"^not found$"), "introuvable"),
    (re.compile(r"^no header row on line 1"), "aucune ligne d'en-tête en ligne 1 (le fichier est-il vide ?)"),
    (
        re.compile(r"^not UTF-8 text"),
        "le fichier n'est pas un texte en UTF-8 : exportez-le de nouveau en UTF-8",
    ),
    (re.compile(r"^not valid CSV"), "le fichier n'est pas un CSV valide"),
    (re.compile(r"^not a readable XLSX workbook"), "classeur XLSX illisible, abîmé ou incomplet"),
    (re.compile(r"^the workbook holds no sheet$"), "le classeur ne contient aucune feuille"),
    (re.compile(r"^unknown format"), "format inconnu : un export .csv ou .xlsx est attendu"),
    (
        re.compile(r"^more than (\d+) dossiers"),
        r"plus de \1 dossiers : découpez l'export (par date de dépôt)",
    ),
    (
        re.compile(r"^(\d+) columns are headed '(.+?)'"),
        r"\1 colonnes portent l'en-tête « \2 » : une seule doit le porter",
    ),
    (
        re.compile(r"^column '(.+?)' holds '(.*)', not a dossier state"),
        r"la colonne « \1 » contient « \2 », pas un état de dossier",
    ),
    (re.compile(r"^not an email message"), "ce n'est pas un courriel (aucun en-tête)"),
    (re.compile(r"^malformed message"), "courriel mal formé"),
    (re.compile(r"^no text part"), "le courriel n'a pas de texte (ni text/plain, ni text/html)"),
    (re.compile(r"^no subject, and no text"), "le courriel n'a ni objet ni texte d'où tirer un titre"),
    (re.compile(r"^not TOML: (.+)$"), r"n'est pas un fichier TOML : \1"),
    (re.compile(r"^Field required$"), "obligatoire"),
    (re.compile(r"^Extra inputs are not permitted$"), "clé inconnue"),
    (re.compile(r"^String should match pattern .+$"), "valeur mal formée"),
    (
        re.compile(r"^a decline gives a reason; an accept gives none$"),
        "un refus donne un motif ; une acceptation n'en donne pas",
    ),
    (
        re.compile(r"^the draft has no submitter to introduce them to$"),
        "le brouillon n'a pas encore de déposant à qui présenter cette personne : nommez-le d'abord",
    ),
    (
        re.compile(r"^the submitter is not introduced to themself$"),
        "le déposant ne se présente pas à lui-même",
    ),
    (
        re.compile(r"^only a done introduction led to real work$"),
        "« travail réel » ne vaut que pour une mise en relation aboutie",
    ),
]
"""The domain's problem messages that pages show, in French; any other is shown as written."""

MESSAGES = {
    "depose": "Le brouillon est enregistré.",
    "deposant": "Le déposant est nommé ; le brouillon n'attend plus de vérification à ce sujet.",
    "accepte": "Suggestion acceptée.",
    "accepte-personne": "Suggestion acceptée : la mise en relation est créée.",
    "refuse": "Suggestion refusée : elle ne sera plus proposée pour ce brouillon.",
    "suivi": "La mise en relation est mise à jour.",
    "preferences": "Vos préférences sont enregistrées ; elles s'appliquent dès maintenant.",
    "effacement": "Votre demande d'effacement est enregistrée ; l'équipe du laboratoire la traitera.",
    "deconnecte": "Vous êtes déconnecté·e.",
}
"""Confirmations a redirect names by code (``?message=…``): never text from the request."""

ERROR_TITLES = {
    400: "Requête illisible",
    403: "Accès refusé",
    404: "Page introuvable",
    405: "Méthode non permise",
    409: "Action impossible",
    413: "Envoi trop volumineux",
    422: "Données à corriger",
    503: "Service momentanément indisponible",
}
ERROR_TEXTS = {
    400: "La requête n'a pas pu être lue.",
    404: "Cette page n'existe pas, ou vous n'y avez pas accès.",
    405: "Cette adresse ne répond pas à cette méthode.",
    409: "Cette action contredit ce qui est déjà enregistré (par exemple, la décision contraire "
    "a déjà été prise, ou la mise en relation ne peut plus passer à cet état).",
    413: "Le fichier ou le formulaire envoyé dépasse la taille permise.",
    422: "Certaines valeurs ne conviennent pas ; rien n'a été enregistré.",
    503: "Le service se prépare ou la base de données ne répond pas ; réessayez dans quelques secondes.",
}


def _day(value: object) -> str:
    """« 18/11/2026 » from a date or an ISO text."""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    text = str(value or "")
    try:
        return date.fromisoformat(text[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return text


def _percent(value: object) -> str:
    return f"{round(float(str(value)) * 100)} %"


def _number(value: object, digits: int = 2) -> str:
    """« 9,71 »: a decimal as French writes it."""
    return f"{float(str(value)):.{digits}f}".replace(".", ",")


def _size(value: object) -> str:
    count = int(str(value))
    if count < 1024:
        return f"{count} o"
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} Ko"
    return f"{count / 1024 / 1024:.1f} Mo".replace(".", ",")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(jour=_day, pourcent=_percent, taille=_size, nombre=_number)
    env.globals.update(
        STATUS_LABELS=STATUS_LABELS,
        CHANNEL_LABELS=CHANNEL_LABELS,
        REASON_LABELS=REASON_LABELS,
        VERDICT_LABELS=VERDICT_LABELS,
        STATE_LABELS=STATE_LABELS,
        ROLE_LABELS=ROLE_LABELS,
        ACCESS_LABELS=ACCESS_LABELS,
        KIND_LABELS=KIND_LABELS,
        ORG_KIND_LABELS=ORG_KIND_LABELS,
        PROJECT_STATUS_LABELS=PROJECT_STATUS_LABELS,
        TERRITORY_KIND_LABELS=TERRITORY_KIND_LABELS,
        SIGNAL_LABELS=SIGNAL_LABELS,
        EDGE_KIND_LABELS=EDGE_KIND_LABELS,
    )
    return env


TEMPLATE_ENV = _environment()

router = APIRouter(include_in_schema=False)


# -- requests ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes

    @property
    def suffix(self) -> str:
        return PurePath(self.name).suffix.lower()


@dataclass(frozen=True)
class Posted:
    """A form as posted: its text fields and its files (empty file inputs left out)."""

    fields: Mapping[str, Sequence[str]] = field(default_factory=dict)
    uploads: Mapping[str, Sequence[Upload]] = field(default_factory=dict)

    def get(self, name: str) -> str:
        values = self.fields.get(name)
        return values[0] if values else ""

    def flag(self, name: str) -> bool:
        return bool(self.get(name))

    def files(self, name: str) -> Sequence[Upload]:
        return self.uploads.get(name, ())


@dataclass(frozen=True)
class Visit:
    """A page request from a logged-in person: who, their session's CSRF token, what they
    posted (its token already checked)."""

    request: Request
    who: Principal
    csrf: str
    posted: Posted

    @property
    def store(self) -> GraphStore:
        return get_store(self.request)

    @property
    def desk(self) -> Desk:
        return get_desk(self.request)

    @property
    def accounts(self) -> Accounts:
        return get_accounts(self.request)

    @property
    def settings(self) -> Settings:
        return get_settings(self.request)

    def query(self, name: str, *, max_length: int = 200) -> str:
        value = self.request.query_params.get(name, "").strip()
        if len(value) > max_length:
            raise InvalidInput([Problem("page", name, f"plus de {max_length} caractères")])
        return value

    def path_id(self) -> int:
        """The ``{number}`` of the path; 404 past what the desk could hold."""
        number = int(self.request.path_params["number"])
        if not 1 <= number <= MAX_ID:
            raise NotFound(f"no record {number}")
        return number


def is_page_path(path: str) -> bool:
    """A page's path (HTML answers), as opposed to the API, its documentation and assets."""
    return not any(path == p or path.startswith(p + "/") for p in API_PREFIXES)


async def _read_form(request: Request) -> Posted:
    fields: dict[str, list[str]] = {}
    uploads: dict[str, list[Upload]] = {}
    async with request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS) as form:
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                if value.filename:
                    base = re.split(r"[\\/]", value.filename)[-1][:200]
                    uploads.setdefault(name, []).append(Upload(base, await value.read()))
            else:
                fields.setdefault(name, []).append(value)
    return Posted(fields, uploads)


def _same(given: str, expected: str) -> bool:
    return secrets.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8", "replace"))


def _session(request: Request) -> tuple[Principal, str] | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    return get_accounts(request).session(token)


Handler = Callable[[Visit], Response]
Answer = Literal["html", "json"]


def page(
    path: str, *, methods: Sequence[str] = ("GET",), answer: Answer = "html"
) -> Callable[[Handler], Handler]:
    """Register a page that needs a session. The body is read here (files included, within the
    body limit); the handler runs in a worker thread, since the use cases are synchronous."""

    def register(handler: Handler) -> Handler:
        async def endpoint(request: Request) -> Response:
            posted = Posted()
            if request.method == "POST":
                try:
                    posted = await _read_form(request)
                except StarletteHTTPException as e:  # a body too long, or not a form
                    return _http_error(request, e.status_code, answer)
            return await run_in_threadpool(_serve, request, handler, posted, answer)

        router.add_route(
            path, endpoint, methods=list(methods), name=handler.__name__, include_in_schema=False
        )
        return handler

    return register


def _serve(request: Request, handler: Handler, posted: Posted, answer: Answer) -> Response:
    session = None
    try:
        session = _session(request)
        if session is None:
            if answer == "json":
                return JSONResponse(status_code=401, content={"detail": "session absente ou expirée"})
            return _to_login(request)
        who, csrf = session
        if request.method == "POST" and not _same(posted.get("csrf_token"), csrf):
            raise Forbidden("jeton anti-CSRF absent ou faux : rechargez la page, puis recommencez")
        return handler(Visit(request, who, csrf, posted))
    except PasserelleError as e:
        return _error(request, e, session, answer)
    except sqlite3.Error as e:
        logger.error("SQLite error on %s %s: %s", request.method, request.url.path, e)
        return _error(
            request, NotReady("la base de données a refusé l'opération ; rien n'a été écrit"), session, answer
        )


def _to_login(request: Request) -> RedirectResponse:
    target = "/connexion"
    if request.method == "GET":
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        target += "?" + urlencode({"suivant": here})
    return RedirectResponse(target, status_code=303)


def _local(target: str) -> str | None:
    """A path of this site to go back to after logging in, or ``None``: never another site."""
    if len(target) < 500 and re.fullmatch(r"/(?![/\\])[^\s\\]*", target):
        return target
    return None


# -- responses -----------------------------------------------------------------------------
def render(
    request: Request,
    template: str,
    title: str,
    context: Mapping[str, object] | None = None,
    *,
    code: int = 200,
    who: Principal | None = None,
    csrf: str | None = None,
    **more: object,
) -> HTMLResponse:
    """A page: its template with the layout's values (who is logged in, their CSRF token, the
    confirmation a redirect named) and the security headers."""
    html = TEMPLATE_ENV.get_template(template).render(
        who=who,
        csrf=csrf,
        title=title,
        current=request.url.path,
        message=MESSAGES.get(request.query_params.get("message", "")),
        **(context or {}),
        **more,
    )
    return HTMLResponse(html, status_code=code, headers=SECURITY_HEADERS)


def show(
    visit: Visit,
    template: str,
    title: str,
    context: Mapping[str, object] | None = None,
    *,
    code: int = 200,
    **more: object,
) -> HTMLResponse:
    return render(visit.request, template, title, context, code=code, who=visit.who, csrf=visit.csrf, **more)


def _see(path: str, message: str | None = None, anchor: str = "") -> RedirectResponse:
    query = f"?{urlencode({'message': message})}" if message else ""
    return RedirectResponse(f"{path}{query}{anchor}", status_code=303)


@dataclass(frozen=True)
class ShownProblem:
    where: str
    line: int | None
    field: str
    message: str


def shown_problems(problems: Sequence[Problem]) -> list[ShownProblem]:
    """Each problem as a page lists it: the file (or record), the line, the field, in French
    where the message is one the domain is known to give."""
    out = []
    for p in problems:
        message = p.message
        for pattern, french in PROBLEM_MESSAGES:
            if pattern.match(message):
                message = pattern.sub(french, message)
                break
        where = p.file or RECORD_LABELS.get(p.record, re.sub(r"^row (\d+)$", r"ligne \1", p.record))
        out.append(ShownProblem(where, p.line, FIELD_LABELS.get(p.field, p.field), message))
    return out


def _error(
    request: Request, error: PasserelleError, session: tuple[Principal, str] | None, answer: Answer
) -> Response:
    status = next((code for cls, code in STATUS_BY_ERROR.items() if isinstance(error, cls)), 400)
    if status == 401:
        return _to_login(request)
    headers = {"Retry-After": "5"} if status == 503 else {}
    problems = shown_problems(error.problems) if isinstance(error, InvalidInput) else []
    if answer == "json":
        detail: object = [asdict(p) for p in problems] if problems else ERROR_TEXTS.get(status, str(error))
        return JSONResponse(status_code=status, content={"detail": detail}, headers=headers)
    # A 404 says nothing of why (another lab's draft is as absent as a missing one); others
    # say what the domain said when it speaks French (refusals, a service getting ready).
    detail_text = str(error) if isinstance(error, Forbidden | NotReady) else None
    response = render(
        request,
        "error.html",
        ERROR_TITLES.get(status, "Erreur"),
        code=status,
        who=session[0] if session else None,
        csrf=session[1] if session else None,
        status_code=status,
        text=ERROR_TEXTS.get(status, ""),
        detail=detail_text,
        problems=problems,
    )
    response.headers.update(headers)
    return response


def _http_error(
    request: Request, status: int, answer: Answer = "html", headers: Mapping[str, str] | None = None
) -> Response:
    if answer == "json":
        return JSONResponse(
            status_code=status, content={"detail": ERROR_TEXTS.get(status, "erreur")}, headers=headers
        )
    response = render(
        request,
        "error.html",
        ERROR_TITLES.get(status, "Erreur"),
        code=status,
        status_code=status,
        text=ERROR_TEXTS.get(status, ""),
        detail=None,
        problems=[],
    )
    response.headers.update(headers or {})
    return response


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own errors (an unknown path, a wrong method) on a page's path, as a page."""
    assert isinstance(exc, StarletteHTTPException)
    return _http_error(request, exc.status_code, headers=exc.headers)


def too_large(path: str, max_bytes: int) -> Response | None:
    """The 413 of a page's path, as a page (``None``: the API's JSON answer)."""
    if not is_page_path(path):
        return None
    html = TEMPLATE_ENV.get_template("error.html").render(
        who=None,
        csrf=None,
        title=ERROR_TITLES[413],
        current=path,
        message=None,
        status_code=413,
        text=f"{ERROR_TEXTS[413]} (au plus {_size(max_bytes)}).",
        detail=None,
        problems=[],
    )
    return HTMLResponse(html, status_code=413, headers=SECURITY_HEADERS)


def upload_limits(settings: Settings) -> dict[str, int]:
    """The body limit of each page that takes files."""
    return {
        path: max(settings.intake.max_upload_bytes, settings.server.max_body_bytes) for path in UPLOAD_PATHS
    }


E = TypeVar("E", DraftStatus, Channel, Verdict, DeclineReason, IntroductionState)


def _choice(value: str, kind: type[E], name: str) -> E | None:
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        raise InvalidInput([Problem("formulaire", name, f"valeur inconnue « {value[:40]} »")]) from None


def _home(who: Principal) -> str:
    return "/guichet" if who.is_staff() else "/moi"


def _labs(visit: Visit) -> list[Node]:
    return directory.search(visit.store, visit.who, NodeKind.LAB, q=None, limit=200, offset=0).items


# -- log in, log out -----------------------------------------------------------------------
async def home(request: Request) -> Response:
    session = await run_in_threadpool(_session, request)
    if session is None:
        return RedirectResponse("/connexion", status_code=303)
    return RedirectResponse(_home(session[0]), status_code=303)


async def login(request: Request) -> Response:
    if request.method == "GET":
        return _login_form(request, status=200, failed=False)
    try:
        posted = await _read_form(request)
    except StarletteHTTPException as e:
        return _http_error(request, e.status_code)
    return await run_in_threadpool(_log_in, request, posted)


router.add_route("/", home, methods=["GET"], include_in_schema=False)
router.add_route("/connexion", login, methods=["GET", "POST"], include_in_schema=False)


def _login_form(request: Request, *, status: int, failed: bool, person: str = "") -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        "Connexion",
        code=status,
        login_token=token,
        failed=failed,
        person=person,
        next=_local(request.query_params.get("suivant", "")) or "",
    )
    settings = get_settings(request)
    response.set_cookie(
        LOGIN_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=settings.auth.secure_cookies,
        path="/connexion",
    )
    return response


def _log_in(request: Request, posted: Posted) -> Response:
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not _same(posted.get("csrf_token"), expected):
        return _error(request, Forbidden("formulaire de connexion expiré : rechargez la page"), None, "html")
    person = posted.get("identifiant").strip()[:130]
    password = posted.get("mot_de_passe")
    opened = None
    if person and password and len(password) <= 200:
        opened = get_accounts(request).log_in(person, password)
    if opened is None:
        return _login_form(request, status=401, failed=True, person=person)
    token, _ = opened
    earlier = request.cookies.get(SESSION_COOKIE)
    if earlier:  # a login replaces the browser's session, never sits beside it
        get_accounts(request).log_out(earlier)
    session = get_accounts(request).session(token)
    assert session is not None
    target = _local(posted.get("suivant")) or _home(session[0])
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, token, get_settings(request))
    response.delete_cookie(LOGIN_COOKIE, path="/connexion")
    return response


@page("/deconnexion", methods=["POST"])
def log_out(visit: Visit) -> Response:
    visit.accounts.log_out(visit.request.cookies.get(SESSION_COOKIE, ""))
    response = _see("/connexion", "deconnecte")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# -- the front desk ------------------------------------------------------------------------
def _page_number(visit: Visit) -> int:
    raw = visit.query("page", max_length=9) or "1"
    if not raw.isdigit() or int(raw) < 1:
        raise InvalidInput([Problem("page", "page", "un numéro de page à partir de 1")])
    return int(raw)


@page("/guichet")
def desk_page(visit: Visit) -> Response:
    visit.who.require_staff("le guichet")
    status = _choice(visit.query("statut"), DraftStatus, "statut")
    channel = _choice(visit.query("canal"), Channel, "canal")
    number = _page_number(visit)
    found = drafts.listing(
        visit.desk.drafts,
        visit.who,
        DraftFilter(status=status, channel=channel),
        limit=PAGE_SIZE,
        offset=(number - 1) * PAGE_SIZE,
    )
    submitters = neighbourhood.names(
        visit.store, visit.who, (d.submitter for d in found.items if d.submitter)
    )
    kept = {k: v for k, v in (("statut", status), ("canal", channel)) if v is not None}
    pages = max(1, -(-found.total // PAGE_SIZE))

    def link(n: int) -> str:
        return "/guichet?" + urlencode({**kept, "page": n})

    return show(
        visit,
        "desk.html",
        title="Guichet",
        page=found,
        submitters=submitters,
        status=status,
        channel=channel,
        number=number,
        pages=pages,
        previous=link(number - 1) if number > 1 else None,
        following=link(number + 1) if number < pages else None,
        statuses=list(DraftStatus),
        channels=list(Channel),
    )


@page("/guichet/import", methods=["GET", "POST"])
def import_page(visit: Visit) -> Response:
    visit.who.require_staff("l'import de brouillons")
    context: dict[str, object] = {
        "labs": _labs(visit) if visit.who.lab_id is None else [],
        "default_mapping": visit.settings.intake.mapping,
        "max_upload": visit.settings.intake.max_upload_bytes,
        "result": None,
        "problems": [],
    }
    if visit.request.method == "GET":
        return show(visit, "import.html", "Importer des brouillons", context)
    try:
        incoming, lab = _incoming(visit)
        result = intake.receive(visit.store, visit.desk.drafts, visit.who, incoming, lab=lab)
    except InvalidInput as e:
        context["problems"] = shown_problems(e.problems)
        return show(visit, "import.html", "Importer des brouillons", context, code=422)
    context["result"] = result
    context["updated"] = len(result.drafts) - result.created
    return show(visit, "import.html", "Importer des brouillons", context)


def _incoming(visit: Visit) -> tuple[list[IncomingDraft], str]:
    """What the import form sent, read: an export with its mapping, or messages."""
    exports = visit.posted.files("export")
    messages = visit.posted.files("courriels")
    limit = visit.settings.intake.max_upload_bytes
    for upload in [*exports, *messages, *visit.posted.files("correspondance")]:
        if len(upload.data) > limit:
            raise InvalidInput([Problem(upload.name, "file", f"dépasse {_size(limit)}", file=upload.name)])
    if exports and messages:
        raise InvalidInput([Problem("import", "files", "un export ou des courriels, pas les deux à la fois")])
    if len(exports) == 1:
        export = exports[0]
        if export.suffix not in (".csv", ".xlsx"):
            raise InvalidInput(
                [Problem(export.name, "file", "un export .csv ou .xlsx est attendu", file=export.name)]
            )
        mapping = _mapping(visit)
        if mapping.columns is None:
            raise InvalidInput(
                [
                    Problem(
                        "correspondance",
                        "columns",
                        "la correspondance n'a pas de section [columns] pour les exports",
                    )
                ]
            )
        from graph.dossier_exports import read_export

        return read_export(export.data, export.name, mapping.columns), mapping.lab
    if exports:
        raise InvalidInput([Problem("import", "files", "un seul export à la fois")])
    if not messages:
        raise InvalidInput(
            [Problem("import", "files", "aucun fichier : joignez un export ou des courriels .eml")]
        )
    from graph.emails import read_message

    problems: list[Problem] = []
    incoming: list[IncomingDraft] = []
    for message in messages:
        if message.suffix != ".eml":
            problems.append(Problem(message.name, "file", "un courriel .eml est attendu", file=message.name))
            continue
        try:
            incoming.append(read_message(message.data, message.name))
        except InvalidInput as e:
            problems.extend(e.problems)
    if problems:
        raise InvalidInput(problems)
    return incoming, _lab(visit)


def _lab(visit: Visit) -> str:
    """The lab a page files into: the staffer's own, or the one chosen in the form."""
    if visit.who.lab_id is not None:
        return visit.who.lab_id
    chosen = visit.posted.get("laboratoire").strip()
    if not chosen:
        raise InvalidInput([Problem("formulaire", "lab", "choisissez le laboratoire destinataire")])
    return chosen


def _mapping(visit: Visit) -> DossierMapping:
    """The uploaded mapping file, or the lab's configured one (``intake.mapping``)."""
    uploaded = visit.posted.files("correspondance")
    if not uploaded:
        configured = visit.settings.intake.mapping
        if configured is None:
            raise InvalidInput(
                [
                    Problem(
                        "correspondance",
                        "file",
                        "aucune correspondance : joignez le fichier de correspondance (TOML) de votre "
                        "démarche, ou faites-la configurer (PASSERELLE_INTAKE__MAPPING)",
                    )
                ]
            )
        return load_mapping(configured)
    mapping = uploaded[0]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "correspondance.toml"
        path.write_bytes(mapping.data)
        try:
            return load_mapping(path)
        except InvalidInput as e:
            raise InvalidInput([replace(p, file=mapping.name) for p in e.problems]) from None


# -- a draft -------------------------------------------------------------------------------
@page("/brouillons/{number:int}")
def draft_page(visit: Visit) -> Response:
    draft_id = visit.path_id()
    draft = drafts.find(visit.desk.drafts, visit.who, draft_id)
    suggestions: SuggestionsPublic | None = None
    preparing: str | None = None
    decided: list[decisions.Decision] = []
    staff = visit.who.is_staff()
    if staff:
        try:
            matcher = ready_matcher(visit.request)
            result = decisions.suggestions_without_declined(
                matcher, visit.desk.drafts, visit.desk.decisions, visit.who, draft_id, k=SUGGESTIONS
            )
            suggestions = SuggestionsPublic.of(matcher.embedder.model_id, result)
        except NotReady as e:
            preparing = str(e)
        decided = decisions.of_draft(visit.desk.drafts, visit.desk.decisions, visit.who, draft_id)
        draft = drafts.find(visit.desk.drafts, visit.who, draft_id)  # the suggestions moved it along
    named = neighbourhood.names(
        visit.store,
        visit.who,
        [*([draft.submitter] if draft.submitter else []), draft.lab, *(d.candidate for d in decided)],
    )
    return show(
        visit,
        "draft.html",
        title=draft.title,
        draft=draft,
        staff=staff,
        suggestions=suggestions,
        preparing=preparing,
        decided=decided,
        verdicts={d.candidate: d for d in decided},
        named=named,
        reasons=list(DeclineReason),
    )


@page("/brouillons/{number:int}/deposant", methods=["POST"])
def draft_submitter(visit: Visit) -> Response:
    draft_id = visit.path_id()
    person = visit.posted.get("deposant").strip()[:130]
    intake.resolve_submitter(visit.store, visit.desk.drafts, visit.who, draft_id, person)
    return _see(f"/brouillons/{draft_id}", "deposant")


@page("/brouillons/{number:int}/decisions", methods=["POST"])
def draft_decision(visit: Visit) -> Response:
    draft_id = visit.path_id()
    verdict = _choice(visit.posted.get("verdict"), Verdict, "verdict")
    if verdict is None:
        raise InvalidInput([Problem("formulaire", "verdict", "accepter ou refuser ?")])
    reason = _choice(visit.posted.get("motif"), DeclineReason, "reason")
    outcome = decisions.decide(
        visit.store,
        visit.desk.drafts,
        visit.desk.decisions,
        visit.desk.introductions,
        visit.who,
        draft_id,
        visit.posted.get("candidat").strip()[:130],
        verdict,
        reason,
    )
    if verdict is Verdict.DECLINED:
        message = "refuse"
    else:
        message = "accepte-personne" if outcome.introduction is not None else "accepte"
    return _see(f"/brouillons/{draft_id}", message, "#suggestions")


# -- introductions -------------------------------------------------------------------------
NEXT_ORDER = list(IntroductionState)


@page("/mises-en-relation")
def introductions_page(visit: Visit) -> Response:
    found = introductions.listing(visit.desk.introductions, visit.who)
    late = introductions.reminders(
        visit.desk.introductions, visit.who, delays=visit.settings.desk.reminder_days
    )
    named = neighbourhood.names(visit.store, visit.who, {p for i in found for p in (i.person, i.submitter)})
    moves = {i.id: [s for s in NEXT_ORDER if s in NEXT.get(i.state, frozenset())] for i in found}
    return show(
        visit,
        "introductions.html",
        title="Mises en relation",
        introductions=list(reversed(found)),
        reminders=late,
        named=named,
        moves=moves,
        done=IntroductionState.DONE,
    )


@page("/mises-en-relation/{number:int}", methods=["POST"])
def introduction_move(visit: Visit) -> Response:
    introduction_id = visit.path_id()
    state = _choice(visit.posted.get("etat"), IntroductionState, "state")
    if state is None:
        raise InvalidInput([Problem("formulaire", "state", "choisissez le nouvel état")])
    introductions.follow_up(
        visit.store,
        visit.desk.introductions,
        visit.who,
        introduction_id,
        state,
        real_work=visit.posted.flag("travail_reel"),
    )
    return _see("/mises-en-relation", "suivi", f"#mise-en-relation-{introduction_id}")


# -- submitting a draft --------------------------------------------------------------------
@page("/deposer", methods=["GET", "POST"])
def submit_page(visit: Visit) -> Response:
    visit.who.require_network_access("le dépôt de brouillons")
    context: dict[str, object] = {
        "labs": _labs(visit) if visit.who.lab_id is None else [],
        "territories": directory.search(
            visit.store, visit.who, NodeKind.TERRITORY, q=None, limit=500, offset=0
        ).items,
        "staff": visit.who.is_staff(),
        "values": {
            name: visit.posted.get(name)
            for name in ("titre", "texte", "territoire", "laboratoire", "deposant")
        },
        "problems": [],
        "max_upload": visit.settings.intake.max_upload_bytes,
    }
    if visit.request.method == "GET":
        return show(visit, "submit.html", "Déposer un brouillon", context)
    try:
        draft_id = _submit(visit)
    except InvalidInput as e:
        context["problems"] = shown_problems(e.problems)
        return show(visit, "submit.html", "Déposer un brouillon", context, code=422)
    return _see(f"/brouillons/{draft_id}", "depose")


def _submit(visit: Visit) -> int:
    """File the posted draft: a text typed or a .txt through ``drafts.submit``, an .eml through
    the intake (staff) or as the agent's own draft."""
    posted = visit.posted
    title, text = posted.get("titre").strip(), posted.get("texte")
    territory = posted.get("territoire").strip() or None
    submitter = (posted.get("deposant").strip() or None) if visit.who.is_staff() else None
    lab = _lab(visit)
    files = posted.files("fichier")
    channel = Channel.FORM
    if files:
        upload = files[0]
        if len(upload.data) > visit.settings.intake.max_upload_bytes:
            raise InvalidInput([Problem(upload.name, "file", "fichier trop volumineux", file=upload.name)])
        if upload.suffix == ".eml":
            from graph.emails import read_message

            message = read_message(upload.data, upload.name)
            if visit.who.is_staff():
                received = intake.receive(visit.store, visit.desk.drafts, visit.who, [message], lab=lab)
                return received.drafts[0].id
            title, text, channel = title or message.title, message.text, Channel.EMAIL
        elif upload.suffix == ".txt":
            text = _text_of(upload)
            title = title or next((line.strip() for line in text.splitlines() if line.strip()), "")
        else:
            raise InvalidInput(
                [
                    Problem(
                        upload.name, "file", "seuls les fichiers .txt et .eml sont acceptés", file=upload.name
                    )
                ]
            )
    problems = []
    if len(title) > MAX_TITLE:
        problems.append(Problem("brouillon", "title", f"plus de {MAX_TITLE} caractères"))
    if len(text) > MAX_QUERY_CHARS:
        problems.append(Problem("brouillon", "text", f"plus de {MAX_QUERY_CHARS} caractères"))
    if problems:
        raise InvalidInput(problems)
    return drafts.submit(
        visit.store,
        visit.desk.drafts,
        visit.who,
        title=title[:MAX_TITLE],
        text=text,
        lab=lab,
        channel=channel,
        submitter=submitter,
        territory=territory,
    ).id


def _text_of(upload: Upload) -> str:
    try:
        return upload.data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            [Problem(upload.name, "file", "n'est pas un texte en UTF-8", file=upload.name)]
        ) from None


# -- the directory -------------------------------------------------------------------------
DIRECTORY_KINDS = (NodeKind.PERSON, NodeKind.ORGANISATION, NodeKind.PROJECT, NodeKind.LAB)


@page("/annuaire")
def directory_page(visit: Visit) -> Response:
    q = visit.query("q")
    found = {
        kind: directory.search(visit.store, visit.who, kind, q=q, limit=PAGE_SIZE, offset=0)
        for kind in DIRECTORY_KINDS
    }
    return show(visit, "directory.html", title="Annuaire", q=q, found=found, label=directory.label)


@page("/annuaire/{node_id}")
def entry_page(visit: Visit) -> Response:
    node_id = str(visit.request.path_params["node_id"])[:130]
    try:
        kind = kind_of(node_id)
    except ValueError:
        raise NotFound(f"no node {node_id!r}") from None
    contact_shown = False
    if kind is NodeKind.PERSON:
        view = people.view(visit.store, visit.accounts, visit.who, node_id)
        node: Node = view.person
        contact_shown = view.contact_shown
    else:
        node = directory.entry(visit.store, visit.who, kind, node_id)
    return show(
        visit,
        "entry.html",
        title=directory.label(node),
        node=node,
        kind=kind,
        is_person=isinstance(node, Person),
        contact_shown=contact_shown,
    )


# -- one's own data ------------------------------------------------------------------------
def _me(visit: Visit) -> str:
    if visit.who.person_id is None:
        raise Forbidden("cette page est celle d'une personne connectée")
    return visit.who.person_id


@page("/moi")
def me_page(visit: Visit) -> Response:
    person_id = _me(visit)
    try:
        data = people.export(visit.store, visit.desk, visit.accounts, visit.who, person_id)
    except NotFound:
        return show(visit, "me.html", title="Mon espace", data=None, person_id=person_id)
    return show(visit, "me.html", title="Mon espace", data=data, person_id=person_id)


@page("/moi/export")
def me_export(visit: Visit) -> Response:
    person_id = _me(visit)
    data = people.export(visit.store, visit.desk, visit.accounts, visit.who, person_id)
    body = json.dumps(jsonable_encoder(data), ensure_ascii=False, indent=2)
    slug = re.sub(r"[^a-z0-9-]+", "-", person_id.lower()).strip("-")
    return Response(
        body,
        media_type="application/json",
        headers={**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="passerelle-{slug}.json"'},
    )


@page("/moi/preferences", methods=["POST"])
def me_preferences(visit: Visit) -> Response:
    people.change_preferences(
        visit.store,
        visit.accounts,
        visit.who,
        _me(visit),
        contact_consent=visit.posted.flag("consentement"),
        suggestion_opt_out=visit.posted.flag("retrait"),
    )
    return _see("/moi", "preferences")


@page("/moi/effacement", methods=["POST"])
def me_erasure(visit: Visit) -> Response:
    people.request_erasure(visit.store, visit.accounts, visit.who, _me(visit))
    return _see("/moi", "effacement")


# -- the neighbourhood ---------------------------------------------------------------------
def _neighbourhood(visit: Visit) -> tuple[neighbourhood.Neighbourhood, str]:
    draft, person = visit.query("brouillon", max_length=20), visit.query("personne", max_length=130)
    if bool(draft) == bool(person):
        raise InvalidInput(
            [Problem("voisinage", "brouillon", "donnez un brouillon ou une personne, l'un des deux")]
        )
    if draft:
        if not draft.isdigit() or not 1 <= int(draft) <= MAX_ID:
            raise NotFound(f"no draft {draft!r}")
        found = neighbourhood.around_draft(
            visit.store, ready_matcher(visit.request), visit.desk, visit.who, int(draft)
        )
        return found, urlencode({"brouillon": draft})
    return neighbourhood.around_person(visit.store, visit.who, person), urlencode({"personne": person})


def _href(node: neighbourhood.GraphNode) -> str:
    return f"/brouillons/{node.draft}" if node.draft is not None else f"/annuaire/{node.id}"


REPORT_HEADERS = {
    **SECURITY_HEADERS,
    # The report is one self-contained file (its style inline, its charts inline SVG, no script).
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
}


@page("/rapport")
def report_page(visit: Visit) -> Response:
    """The month's network-health report, the very page ``passerelle report`` writes
    (``?periode=AAAA-MM``, last month by default; ``?public=1`` for the version that may be
    forwarded). Staff."""
    from service import report_files, reports

    visit.who.require_staff("le rapport interne")
    last_month = (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    period = visit.query("periode", max_length=7) or last_month
    audience = "public" if visit.query("public", max_length=1) else "staff"
    data = reports.for_principal(
        visit.store, visit.desk, visit.who, period, audience, min_group=visit.settings.reports.min_group
    ).to_json()
    return Response(report_files.render_html(data), media_type="text/html", headers=REPORT_HEADERS)


@page("/voisinage")
def neighbourhood_page(visit: Visit) -> Response:
    found, query = _neighbourhood(visit)
    return show(
        visit,
        "neighbourhood.html",
        title=f"Voisinage : {found.title}",
        found=found,
        source=f"/voisinage/donnees?{query}",
        href=_href,
        type_labels={
            "personne": "Personne",
            "organisation": "Organisation",
            "projet": "Projet",
            "laboratoire": "Laboratoire",
        },
    )


@page("/voisinage/donnees", answer="json")
def neighbourhood_data(visit: Visit) -> Response:
    found, _ = _neighbourhood(visit)
    return JSONResponse(
        {
            "center": found.center,
            "title": found.title,
            "nodes": [
                {
                    "id": n.id,
                    "type": n.type,
                    "label": n.label,
                    "href": _href(n),
                    "center": n.center,
                    "candidate": n.candidate,
                }
                for n in found.nodes
            ],
            "edges": [
                {"source": e.source, "target": e.target, "type": e.type, "label": e.label}
                for e in found.edges
            ],
            "left_out": found.left_out,
        },
        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )
