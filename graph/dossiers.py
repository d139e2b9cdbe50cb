"""How a lab's démarches-simplifiées procedure becomes drafts: its mapping file.

Each lab shapes its own form, so nothing is read by position: a TOML mapping names, for each
draft field, the export column header that holds it (spreadsheet exports) and the champ's stable
descriptor id (the GraphQL API). For example::

    lab = "lab:innovmandie"
    demarche = 12345                 # the procedure's number (the GraphQL API)

    [columns]                        # headers of the CSV / XLSX export
    title = "Titre du projet"
    description = "Décrivez votre projet"
    submitter_email = "Email"        # the dossier's account address (the default)
    submitter_name = ["Prénom", "Nom"]
    organisation = "Votre administration"
    territory = "Département"

    [descriptors]                    # champ ids of the GraphQL API (``champDescriptors``)
    title = "Q2hhbXAtMTAwMQ=="
    description = "Q2hhbXAtMTAwMg=="
    organisation = "Q2hhbXAtMTAwMw=="
    territory = "Q2hhbXAtMTAwNA=="

The readers live beside it: ``graph.dossier_exports`` (CSV and XLSX) and ``graph.dossier_graphql``
(a dossier of the API). Both give :class:`graph.incoming.IncomingDraft`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from graph.errors import InvalidInput, Problem


class ExportColumns(BaseModel):
    """Export column headers, matched without regard to case or surrounding spaces."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    submitter_email: str = "Email"
    submitter_name: tuple[str, ...] = ()
    """Joined with spaces (« Prénom », « Nom »)."""
    organisation: str | None = None
    territory: str | None = None


class Descriptors(BaseModel):
    """Champ descriptor ids of the GraphQL API; the submitter's address and name come from the
    dossier's ``usager`` and ``demandeur``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    organisation: str | None = None
    territory: str | None = None


class DossierMapping(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    lab: str = Field(pattern=r"^lab:")
    demarche: int | None = Field(default=None, ge=1)
    columns: ExportColumns | None = None
    descriptors: Descriptors | None = None


def load_mapping(path: Path) -> DossierMapping:
    """Read a mapping file.

    Raises:
        InvalidInput: the file is missing, is not TOML, or a key is missing or wrong (each
            problem names the file and the key).
    """
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput([Problem("mapping", "file", "not found", file=str(path))]) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise InvalidInput([Problem("mapping", "file", f"not TOML: {e}", file=str(path))]) from None
    try:
        return DossierMapping.model_validate(raw)
    except ValidationError as e:
        raise InvalidInput(
            [
                Problem("mapping", ".".join(str(p) for p in err["loc"]), err["msg"], file=str(path))
                for err in e.errors()
            ]
        ) from None
