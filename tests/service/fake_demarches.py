"""A local stand-in for the démarches-simplifiées GraphQL API, for tests only.

It runs on 127.0.0.1 (a free port, a thread) and *executes* the queries it receives with
graphql-core against an excerpt of the public schema, transcribed from
``demarches-simplifiees/demarches-simplifiees.fr``, ``app/graphql/schema.graphql`` (commit
ab721832): only the types the import reads, with their real names, arguments and nullability.
A query that asks for a field the real schema lacks fails here as it would there, and every
answer has the shape the query asks for (aliases, fragments on ``Champ`` and ``Demandeur``).

Pagination follows ``app/graphql/connections/cursor_connection.rb`` and
``dossiers_connection.rb``: ascending ``(dateDerniereModification, number)`` when
``updatedSince`` is given (kept inclusively, ``>=``, as ``Dossier.updated_since`` does), else
``(dateDepot, number)``; the cursor encodes ``timestamp;number``; ``first`` is at most 100.

Every request must carry ``Authorization: Bearer <token>`` (401 otherwise). ``fail`` scripts the
next answers: ``"429"`` (with ``Retry-After``), ``"500"``, ``"drop"`` (the socket is closed
without an answer), ``"stall"`` (no answer for ``stall_seconds``, then closed), ``"errors"`` (a
GraphQL ``errors`` body, as ``api-graphql/gestion-des-erreurs.md`` shows them) or ``"ok"``.

The dossiers are fictional: invented names, ``@exemple.fr`` addresses.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal

from graphql import GraphQLError, GraphQLObjectType, GraphQLResolveInfo, build_schema, graphql_sync

Action = Literal["ok", "429", "500", "drop", "stall", "errors"]

# Descriptor ids of the fictional procedure: base64 of « Champ-<stable id> », as the API gives them.
TITLE = "Q2hhbXAtMTAwMQ=="
DESCRIPTION = "Q2hhbXAtMTAwMg=="
ORGANISATION = "Q2hhbXAtMTAwMw=="
TERRITORY = "Q2hhbXAtMTAwNA=="
PIECES = "Q2hhbXAtMTAwNQ=="

DEMARCHE = 12345
TOKEN = "jeton-de-test-innovmandie"

SCHEMA_EXCERPT = """
scalar BigInt
scalar ISO8601DateTime
scalar URL

type Query {
  demarche(number: Int!): Demarche!
}

type Demarche {
  id: ID!
  number: Int!
  title: String!
  dossiers(
    after: String
    archived: Boolean
    before: String
    createdSince: ISO8601DateTime
    first: Int
    last: Int
    order: Order = ASC
    state: DossierState
    updatedSince: ISO8601DateTime
  ): DossierConnection!
}

enum Order {
  ASC
  DESC
}

enum DossierState {
  accepte
  en_construction
  en_instruction
  refuse
  sans_suite
}

type DossierConnection {
  nodes: [Dossier]
  pageInfo: PageInfo!
}

type PageInfo {
  endCursor: String
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
}

type Dossier {
  id: ID!
  number: Int!
  state: DossierState!
  dateDepot: ISO8601DateTime!
  dateDerniereModification: ISO8601DateTime!
  usager: Profile!
  demandeur: Demandeur!
  champs(id: ID): [Champ!]!
}

type Profile {
  email: String!
  id: ID!
}

interface Demandeur {
  id: ID!
}

enum Civilite {
  M
  Mme
}

type PersonnePhysique implements Demandeur {
  civilite: Civilite
  id: ID!
  nom: String!
  prenom: String!
}

type PersonneMorale implements Demandeur {
  entreprise: Entreprise
  id: ID!
  siret: String!
}

type Entreprise {
  raisonSociale: String!
  siren: String!
}

interface Champ {
  id: ID!
  label: String!
  stringValue: String
}

type TextChamp implements Champ {
  id: ID!
  label: String!
  stringValue: String
  value: String
}

type PieceJustificativeChamp implements Champ {
  file: File
  files: [File!]
  id: ID!
  label: String!
  stringValue: String
}

type File {
  byteSize: Int!
  byteSizeBigInt: BigInt!
  checksum: String!
  contentType: String!
  filename: String!
  url: URL!
}
"""
"""The types the import reads, as ``app/graphql/schema.graphql`` declares them."""


def text_champ(champ_id: str, label: str, value: str | None) -> dict[str, object]:
    return {"__typename": "TextChamp", "id": champ_id, "label": label, "stringValue": value, "value": value}


def files_champ(champ_id: str, label: str, *files: tuple[str, int]) -> dict[str, object]:
    return {
        "__typename": "PieceJustificativeChamp",
        "id": champ_id,
        "label": label,
        "stringValue": ", ".join(name for name, _ in files),
        "files": [
            {
                "filename": name,
                "byteSize": size,
                "byteSizeBigInt": str(size),  # BigInt travels as a string
                "checksum": "ZmFrZQ==",
                "contentType": "application/octet-stream",
                "url": f"https://exemple.fr/fichiers/{name}",
            }
            for name, size in files
        ],
    }


def person(prenom: str, nom: str) -> dict[str, object]:
    return {
        "__typename": "PersonnePhysique",
        "id": f"pp-{nom}",
        "civilite": None,
        "nom": nom,
        "prenom": prenom,
    }


def company(raison_sociale: str, siret: str) -> dict[str, object]:
    return {
        "__typename": "PersonneMorale",
        "id": f"pm-{siret}",
        "siret": siret,
        "entreprise": {"raisonSociale": raison_sociale, "siren": siret[:9]},
    }


def dossier(
    number: int,
    *,
    title: str | None,
    description: str,
    email: str,
    demandeur: dict[str, object],
    deposited: str,
    modified: str,
    state: str = "en_construction",
    organisation: str | None = None,
    territory: str | None = None,
    extra: Sequence[dict[str, object]] = (),
) -> dict[str, object]:
    """A dossier as the API holds it; ``title=None`` leaves its title champ out."""
    champs = [
        *([text_champ(TITLE, "Titre du projet", title)] if title is not None else []),
        text_champ(DESCRIPTION, "Décrivez votre projet", description),
        *([text_champ(ORGANISATION, "Votre administration", organisation)] if organisation else []),
        *([text_champ(TERRITORY, "Département", territory)] if territory else []),
        *extra,
    ]
    return {
        "id": base64.b64encode(f"Dossier-{number}".encode()).decode(),
        "number": number,
        "state": state,
        "dateDepot": deposited,
        "dateDerniereModification": modified,
        "usager": {"email": email, "id": f"usager-{number}"},
        "demandeur": demandeur,
        "champs": champs,
    }


def five_dossiers() -> list[dict[str, object]]:
    """Five fictional dossiers, deposited and last modified in March 2026, in number order."""
    return [
        dossier(
            1,
            title="Guichet unique des aidants familiaux",
            description="Réunir en un seul lieu les démarches des aidants, avec la CAF et le département.",
            email="lea.dubois@exemple.fr",
            demandeur=person("Léa", "Dubois"),
            deposited="2026-03-02T09:00:00+01:00",
            modified="2026-03-11T10:00:00+01:00",
            organisation="DDTM de l'Eure",
            territory="Eure",
        ),
        dossier(
            2,
            title="Un tiers-lieu numérique à la médiathèque",
            description="Ouvrir la médiathèque aux associations le soir, avec un atelier de réparation.",
            email="karim.benali@exemple.fr",
            demandeur=person("Karim", "Benali"),
            deposited="2026-03-03T09:00:00+01:00",
            modified="2026-03-12T10:00:00+01:00",
            organisation="Ville d'Alençon",
            territory="61 - Orne",
        ),
        dossier(
            3,
            title="Données ouvertes des transports scolaires",
            description="Publier les horaires et les arrêts des cars scolaires pour les familles.",
            email="alice.martin@normandie.example",
            demandeur=person("Alice", "Martin"),
            deposited="2026-03-04T09:00:00+01:00",
            modified="2026-03-13T10:00:00+01:00",
            state="en_instruction",
            territory="Eure",
        ),
        dossier(
            4,
            title="Simplifier les demandes de subvention des associations",
            description="Un formulaire unique et un suivi en ligne pour les petites associations.",
            email="ateliers.bocage@exemple.fr",
            demandeur=company("Les Ateliers du Bocage", "00000000000017"),
            deposited="2026-03-05T09:00:00+01:00",
            modified="2026-03-14T10:00:00+01:00",
        ),
        dossier(
            5,
            title="Covoiturage des agents entre sites",
            description="Mettre en relation les agents qui font les mêmes trajets entre Évreux et Vernon.",
            email="manon.lefort@exemple.fr",
            demandeur=person("Manon", "Lefort"),
            deposited="2026-03-06T09:00:00+01:00",
            modified="2026-03-15T10:00:00+01:00",
            territory="27",
            extra=[
                files_champ(
                    PIECES,
                    "Pièces jointes",
                    ("note-de-cadrage.pdf", 48213),
                    ("budget-previsionnel.xlsx", 10577),
                )
            ],
        ),
    ]


@dataclass(frozen=True)
class Received:
    """One request as the fake received it."""

    authorization: str | None
    operation_name: object
    variables: dict[str, Any]
    query: str


def _encode_cursor(timestamp: datetime, number: int) -> str:
    return base64.urlsafe_b64encode(f"{timestamp.isoformat()};{number}".encode()).decode()


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        timestamp, number = base64.urlsafe_b64decode(cursor.encode()).decode().split(";")
        return datetime.fromisoformat(timestamp), int(number)
    except (ValueError, UnicodeDecodeError):
        raise GraphQLError(f"Invalid cursor {cursor!r}", extensions={"code": "bad_request"}) from None


class FakeDemarches:
    """The fake API; a context manager that serves it while open."""

    def __init__(
        self,
        dossiers: Iterable[dict[str, object]] = (),
        *,
        demarche: int = DEMARCHE,
        token: str = TOKEN,
        retry_after: str = "1",
        stall_seconds: float = 1.0,
    ) -> None:
        self.demarche = demarche
        self.token = token
        self.retry_after = retry_after
        self.stall_seconds = stall_seconds
        self.requests: list[Received] = []
        self._dossiers: dict[int, dict[str, object]] = {}
        self._script: deque[Action] = deque()
        self._lock = threading.Lock()
        self._schema = build_schema(SCHEMA_EXCERPT)
        query = self._schema.query_type
        demarche_type = self._schema.get_type("Demarche")
        assert query is not None and isinstance(demarche_type, GraphQLObjectType)
        query.fields["demarche"].resolve = self._resolve_demarche
        demarche_type.fields["dossiers"].resolve = self._resolve_dossiers
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.put(*dossiers)

    # -- scripting -------------------------------------------------------------------------

    def put(self, *dossiers: dict[str, object]) -> None:
        """Add dossiers, or replace those with the same number."""
        with self._lock:
            for one in dossiers:
                number = one["number"]
                assert isinstance(number, int)
                self._dossiers[number] = one

    def fail(self, *actions: Action) -> None:
        """How to answer the next requests, one action each; then normally again."""
        with self._lock:
            self._script.extend(actions)

    @property
    def url(self) -> str:
        assert self._server is not None, "the fake serves only inside its ``with`` block"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/api/v2/graphql"

    # -- serving ---------------------------------------------------------------------------

    def __enter__(self) -> FakeDemarches:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.block_on_close = False
        server.fake = self  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._server is not None and self._thread is not None
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _next(self, received: Received) -> Action:
        with self._lock:
            self.requests.append(received)
            return self._script.popleft() if self._script else "ok"

    def answer(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Execute a GraphQL request against the schema excerpt."""
        result = graphql_sync(
            self._schema,
            payload.get("query") or "",
            variable_values=payload.get("variables"),
            operation_name=payload.get("operationName"),
        )
        return dict(result.formatted)

    # -- resolvers -------------------------------------------------------------------------

    def _resolve_demarche(
        self, _root: object, _info: GraphQLResolveInfo[None], number: int
    ) -> dict[str, object]:
        if number != self.demarche:
            raise GraphQLError("Demarche not found", extensions={"code": "not_found"})
        return {"id": f"demarche-{number}", "number": number, "title": "Accompagnement par le laboratoire"}

    def _resolve_dossiers(
        self,
        _demarche: object,
        _info: GraphQLResolveInfo[None],
        first: int | None = None,
        after: str | None = None,
        updatedSince: str | None = None,  # the schema's argument name
        **others: object,
    ) -> dict[str, object]:
        if others.get("last") is not None or others.get("before") is not None:
            raise GraphQLError("The fake paginates forwards only", extensions={"code": "bad_request"})
        if first is not None and first < 0:
            raise GraphQLError(
                'Argument "first" must be a non-negative integer', extensions={"code": "bad_request"}
            )
        column = "dateDerniereModification" if updatedSince else "dateDepot"
        with self._lock:
            dossiers = list(self._dossiers.values())

        def key(one: dict[str, object]) -> tuple[datetime, int]:
            stamp, number = one[column], one["number"]
            assert isinstance(stamp, str) and isinstance(number, int)
            return datetime.fromisoformat(stamp), number

        if updatedSince:
            since = datetime.fromisoformat(updatedSince)
            dossiers = [d for d in dossiers if key(d)[0] >= since]
        dossiers.sort(key=key)
        if after:
            start = _decode_cursor(after)
            dossiers = [d for d in dossiers if key(d) > start]
        limit = min(first if first is not None else 100, 100)
        page = dossiers[:limit]
        return {
            "nodes": page,
            "pageInfo": {
                "hasNextPage": len(dossiers) > limit,
                "hasPreviousPage": after is not None,
                "startCursor": _encode_cursor(*key(page[0])) if page else None,
                "endCursor": _encode_cursor(*key(page[-1])) if page else None,
            },
        }


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real server: a dropped connection is a surprise

    def do_POST(self) -> None:  # http.server's name
        fake: FakeDemarches = self.server.fake  # type: ignore[attr-defined]
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            payload = json.loads(raw)
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            payload = {}
        variables = payload.get("variables")
        action = fake._next(
            Received(
                authorization=self.headers.get("Authorization"),
                operation_name=payload.get("operationName"),
                variables=variables if isinstance(variables, dict) else {},
                query=str(payload.get("query") or ""),
            )
        )
        if action == "stall":
            time.sleep(fake.stall_seconds)
        if action in ("drop", "stall"):
            self.close_connection = True  # no answer at all: the client sees the socket close
            return
        if action == "429":
            self._send(429, {"errors": [{"message": "Too many requests"}]}, {"Retry-After": fake.retry_after})
        elif action == "500":
            self._send(500, {"errors": [{"message": "Internal server error"}]})
        elif self.headers.get("Authorization") != f"Bearer {fake.token}":
            self._send(
                401, {"errors": [{"message": "Jeton d'API invalide", "extensions": {"code": "unauthorized"}}]}
            )
        elif action == "errors":
            self._send(
                200,
                {
                    "data": None,
                    "errors": [
                        {"message": "Timeout on Demarche.dossiers", "extensions": {"code": "timeout"}}
                    ],
                },
            )
        else:
            self._send(200, fake.answer(payload))

    def _send(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests read ``FakeDemarches.requests`` instead."""
