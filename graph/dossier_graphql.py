"""A dossier of the démarches-simplifiées GraphQL API, as an incoming draft.

The mapper is pure: ``service.demarches`` fetches the dossiers with :data:`DOSSIERS_QUERY` and
hands each node to :func:`from_graphql`, which reads the lab's champs by their stable descriptor
id (``graph.dossiers.Descriptors``), never by label: a lab may reword a question without
breaking its import.

Shaped from the public schema and documentation, read in December 2026:

* ``demarches-simplifiees/demarches-simplifiees.fr``, ``app/graphql/schema.graphql`` (commit
  ab721832): ``Query.demarche(number: Int!): Demarche!``; ``Demarche.dossiers(after, first,
  order = ASC, state, updatedSince, ...): DossierConnection!``; ``DossierConnection { nodes
  pageInfo { hasNextPage endCursor } }``; ``Dossier { number: Int! state: DossierState!
  dateDepot: ISO8601DateTime! dateDerniereModification: ISO8601DateTime! usager: Profile!
  demandeur: Demandeur! champs: [Champ!]! }``; the ``Demandeur`` interface with
  ``PersonnePhysique { nom prenom }`` and ``PersonneMorale { siret entreprise { raisonSociale } }``;
  the ``Champ`` interface ``{ id label stringValue }``; ``PieceJustificativeChamp { files: [File!] }``
  with ``File { filename byteSizeBigInt }`` (``byteSize`` is deprecated; ``BigInt`` travels as a
  string); ``enum DossierState { accepte en_construction en_instruction refuse sans_suite }``.
* the same repository, ``app/graphql/connections/cursor_connection.rb`` and
  ``dossiers_connection.rb``: with ``updatedSince`` the dossiers come in ascending
  ``(updated_at, id)`` order and the cursor encodes that pair; ``app/models/dossier.rb``:
  ``updated_since`` keeps ``updated_at >= since`` (inclusive).
* ``betagouv/doc.demarches-simplifiees.fr``, ``api-graphql/les-queries/getdemarche.md`` (the
  ``getDemarche`` operation, ``byteSize: byteSizeBigInt``), ``api-graphql/pagination.md`` (relay
  cursors: pass ``endCursor`` as ``after`` until ``hasNextPage`` is false),
  ``api-graphql/gestion-des-erreurs.md`` (root ``errors`` are to be treated as fatal) and
  ``api-graphql/jeton-dauthentification/README.md`` (``Authorization: Bearer`` header).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime

from graph.dossiers import Descriptors
from graph.errors import InvalidInput, Problem
from graph.incoming import Attachment, IncomingDraft

CHANNEL = "demarches_simplifiees"

DOSSIER_STATES = ("accepte", "en_construction", "en_instruction", "refuse", "sans_suite")
"""The values of the schema's ``DossierState`` enum."""

DOSSIERS_QUERY = """\
query getDemarche(
  $demarcheNumber: Int!
  $first: Int
  $after: String
  $updatedSince: ISO8601DateTime
) {
  demarche(number: $demarcheNumber) {
    number
    dossiers(first: $first, after: $after, updatedSince: $updatedSince) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        number
        state
        dateDepot
        dateDerniereModification
        usager {
          email
        }
        demandeur {
          __typename
          ... on PersonnePhysique {
            nom
            prenom
          }
          ... on PersonneMorale {
            siret
            entreprise {
              raisonSociale
            }
          }
        }
        champs {
          __typename
          id
          label
          stringValue
          ... on PieceJustificativeChamp {
            files {
              filename
              byteSize: byteSizeBigInt
            }
          }
        }
      }
    }
  }
}
"""
"""One page of a procedure's dossiers, those updated since ``$updatedSince`` when it is given
(operation ``getDemarche``; variables ``demarcheNumber``, ``first``, ``after``,
``updatedSince``)."""


def _mapping(value: object) -> Mapping[str, object]:
    return value if isinstance(value, Mapping) else {}


def _sequence(value: object) -> Sequence[object]:
    return value if isinstance(value, list | tuple) else ()


def _text(value: object) -> str | None:
    """A non-blank string, stripped; anything else is ``None``."""
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _timestamp(value: object) -> datetime | None:
    """An ISO 8601 date-time; one without an offset is taken as UTC."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def dossier_record(dossier: Mapping[str, object]) -> str:
    """How problems name a dossier: ``dossier 1234``."""
    number = dossier.get("number")
    return f"dossier {number}" if isinstance(number, int) else "dossier ?"


def modified_at(dossier: Mapping[str, object]) -> datetime:
    """The dossier's ``dateDerniereModification``: what ``updatedSince`` compares.

    Raises:
        InvalidInput: it is missing or is no ISO 8601 date-time.
    """
    when = _timestamp(dossier.get("dateDerniereModification"))
    if when is None:
        raise InvalidInput(
            [
                Problem(
                    dossier_record(dossier),
                    "dateDerniereModification",
                    f"{dossier.get('dateDerniereModification')!r} is no ISO 8601 date-time",
                )
            ]
        )
    return when


def _champs(dossier: Mapping[str, object]) -> dict[str, Mapping[str, object]]:
    """The dossier's champs by their descriptor id (the first one when an id repeats)."""
    by_id: dict[str, Mapping[str, object]] = {}
    for raw in _sequence(dossier.get("champs")):
        champ = _mapping(raw)
        champ_id = champ.get("id")
        if isinstance(champ_id, str):
            by_id.setdefault(champ_id, champ)
    return by_id


def _submitter_name(demandeur: Mapping[str, object]) -> str | None:
    parts = (_text(demandeur.get("prenom")), _text(demandeur.get("nom")))
    return " ".join(p for p in parts if p) or None


def _attachments(
    dossier: Mapping[str, object], record: str, problems: list[Problem]
) -> tuple[Attachment, ...]:
    """The files of the piece-justificative champs, by name and size: never downloaded."""
    found: list[Attachment] = []
    for raw in _sequence(dossier.get("champs")):
        champ = _mapping(raw)
        for file in (_mapping(f) for f in _sequence(champ.get("files"))):
            name, size = _text(file.get("filename")), file.get("byteSize")
            # BigInt travels as a string; an older server may still send the Int.
            if isinstance(size, str) and size.strip().isdigit():
                size = int(size)
            if name is None or not isinstance(size, int) or isinstance(size, bool) or size < 0:
                problems.append(
                    Problem(record, "attachments", f"champ {champ.get('id')}: a file without name or size")
                )
                continue
            found.append(Attachment(name=name, size=size))
    return tuple(found)


def from_graphql(dossier: Mapping[str, object], descriptors: Descriptors) -> IncomingDraft:
    """Read one node of ``demarche.dossiers.nodes`` (as :data:`DOSSIERS_QUERY` asks for it).

    The title and the description are the champs whose ids the mapping names; the submitter's
    address is the account's (``usager.email``), the name the demandeur's (« prénom nom »); the
    organisation is its champ, or else a company demandeur's ``raisonSociale``; the territory is
    its champ as written. The reference is the dossier number, so the same dossier read again
    updates its draft.

    Raises:
        InvalidInput: the number, the title or the description is missing, or the state, the
            filing date or a file is not what the schema promises; each problem names the dossier
            (``dossier 1234``) and the field.

    >>> d = Descriptors(title="Q2hhbXAtMQ==", description="Q2hhbXAtMg==")
    >>> draft = from_graphql(
    ...     {
    ...         "number": 7,
    ...         "state": "en_construction",
    ...         "dateDepot": "2026-03-02T09:15:00+01:00",
    ...         "usager": {"email": "lea.dubois@exemple.fr"},
    ...         "demandeur": {"__typename": "PersonnePhysique", "prenom": "Léa", "nom": "Dubois"},
    ...         "champs": [
    ...             {"id": "Q2hhbXAtMg==", "label": "Votre projet", "stringValue": "Un guichet unique."},
    ...             {"id": "Q2hhbXAtMQ==", "label": "Titre", "stringValue": "Guichet des aidants"},
    ...         ],
    ...     },
    ...     d,
    ... )
    >>> draft.external_ref, draft.title, draft.submitter_name, draft.drafted_on.isoformat()
    ('7', 'Guichet des aidants', 'Léa Dubois', '2026-03-02')
    """
    record = dossier_record(dossier)
    problems: list[Problem] = []
    number = dossier.get("number")
    if not isinstance(number, int) or isinstance(number, bool):
        problems.append(Problem(record, "number", "is missing"))
    champs = _champs(dossier)

    def champ_text(field: str, descriptor: str | None, *, required: bool) -> str | None:
        if descriptor is None:
            return None
        champ = champs.get(descriptor)
        value = _text(champ.get("stringValue")) if champ is not None else None
        if value is None and required:
            why = "is empty" if champ is not None else "is not in the dossier"
            problems.append(Problem(record, field, f"champ {descriptor} {why}"))
        return value

    title = champ_text("title", descriptors.title, required=True)
    text = champ_text("description", descriptors.description, required=True)
    organisation = champ_text("organisation", descriptors.organisation, required=False)
    territory = champ_text("territory", descriptors.territory, required=False)

    demandeur = _mapping(dossier.get("demandeur"))
    if organisation is None:
        organisation = _text(_mapping(demandeur.get("entreprise")).get("raisonSociale"))

    state = dossier.get("state")
    if state is not None and state not in DOSSIER_STATES:
        problems.append(Problem(record, "state", f"{state!r} is none of {', '.join(DOSSIER_STATES)}"))

    drafted_on: date | None = None
    if dossier.get("dateDepot") is not None:
        deposited = _timestamp(dossier.get("dateDepot"))
        if deposited is None:
            problems.append(
                Problem(record, "dateDepot", f"{dossier.get('dateDepot')!r} is no ISO 8601 date-time")
            )
        else:
            drafted_on = deposited.date()

    attachments = _attachments(dossier, record, problems)
    if problems:
        raise InvalidInput(problems)
    assert title is not None and text is not None and isinstance(number, int)  # checked above
    return IncomingDraft(
        channel=CHANNEL,
        external_ref=str(number),
        title=title,
        text=text,
        source=record,
        submitter_email=_text(_mapping(dossier.get("usager")).get("email")),
        submitter_name=_submitter_name(demandeur),
        organisation=organisation,
        territory=territory,
        drafted_on=drafted_on,
        state=state if isinstance(state, str) else None,
        attachments=attachments,
    )
