"""The Passerelle domain model: node kinds, edge kinds and their validation.

Every record is a small frozen pydantic model. Ids are readable and stable: a prefix that names
the node kind, a colon and a slug (``person:camille-lefort``, ``org:ddtm-eure``,
``territory:dep-27``). Validation errors name the record and the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import ClassVar, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class NodeKind(StrEnum):
    """Kinds of node; the value is also the Neo4j label."""

    PERSON = "Person"
    ORGANISATION = "Organisation"
    LAB = "Lab"
    PROJECT = "Project"
    SKILL = "Skill"
    TERRITORY = "Territory"


class EdgeKind(StrEnum):
    """Kinds of edge; the value is also the Neo4j relationship type."""

    WORKS_AT = "WORKS_AT"
    PART_OF = "PART_OF"
    HAS_SKILL = "HAS_SKILL"
    CONTRIBUTES_TO = "CONTRIBUTES_TO"
    SUBMITTED = "SUBMITTED"
    PARTNER_IN = "PARTNER_IN"
    SUPPORTED_BY = "SUPPORTED_BY"
    LOCATED_IN = "LOCATED_IN"
    ABOUT = "ABOUT"
    MEMBER_OF_NETWORK = "MEMBER_OF_NETWORK"
    INTRODUCED = "INTRODUCED"
    CONFLICT_OF_INTEREST = "CONFLICT_OF_INTEREST"


class Role(StrEnum):
    AGENT = "agent"
    EXPERT = "expert"
    LAB_STAFF = "lab_staff"


class OrgKind(StrEnum):
    STATE_CENTRAL = "state_central"
    """Administration centrale de l'État (DITP, DINUM, …)."""
    STATE_DECONCENTRATED = "state_deconcentrated"
    """Service régional ou départemental de l'État (préfecture, DREAL, DDT(M), rectorat, ARS, …)."""
    LOCAL_AUTHORITY = "local_authority"
    """Collectivité territoriale : région, département, EPCI, commune."""
    PUBLIC_OPERATOR = "public_operator"
    ASSOCIATION = "association"
    """Association ou autre acteur de la société civile."""
    COMPANY = "company"
    UNIVERSITY = "university"
    """Université ou organisme de recherche."""


class ProjectStatus(StrEnum):
    DRAFT = "draft"
    ACCOMPANIED = "accompanied"
    INCUBATED = "incubated"
    DONE = "done"
    ABANDONED = "abandoned"


class LabMission(StrEnum):
    """The four missions through which a lab supports a project."""

    ACCOMPANIMENT_INCUBATION = "accompaniment_incubation"
    TRAINING = "training"
    ADVICE = "advice"
    NETWORKING = "networking"


class TerritoryKind(StrEnum):
    REGION = "region"
    DEPARTEMENT = "departement"
    COMMUNE = "commune"


ID_PREFIX: dict[NodeKind, str] = {
    NodeKind.PERSON: "person",
    NodeKind.ORGANISATION: "org",
    NodeKind.LAB: "lab",
    NodeKind.PROJECT: "project",
    NodeKind.SKILL: "skill",
    NodeKind.TERRITORY: "territory",
}
_KIND_BY_PREFIX = {prefix: kind for kind, prefix in ID_PREFIX.items()}
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$")


def kind_of(node_id: str) -> NodeKind:
    """Return the node kind that an id names.

    Raises:
        ValueError: the id has no known prefix or an invalid slug.
    """
    prefix, sep, slug = node_id.partition(":")
    if not sep or prefix not in _KIND_BY_PREFIX:
        known = ", ".join(f"{p}:" for p in _KIND_BY_PREFIX)
        raise ValueError(f"id {node_id!r} must start with one of {known}")
    if not _SLUG.match(slug):
        raise ValueError(f"id {node_id!r}: after the prefix, use lowercase letters, digits and hyphens")
    return _KIND_BY_PREFIX[prefix]


class Node(BaseModel):
    """Base of every node: an id whose prefix matches the node kind."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)
    node_kind: ClassVar[NodeKind]

    id: str

    @field_validator("id")
    @classmethod
    def _id_matches_kind(cls, value: str) -> str:
        if kind_of(value) is not cls.node_kind:
            raise ValueError(f"id {value!r} must start with {ID_PREFIX[cls.node_kind]}:")
        return value


class Person(Node):
    """An agent, an expert or a member of a lab's staff (one person may hold several roles).

    The employer is the ``WORKS_AT`` edge and the territory the ``LOCATED_IN`` edge. Contact
    details are kept only with the person's consent to show them (``contact_consent``). A person
    who does not want to be suggested says so with ``suggestion_opt_out``: they stay in the
    network (their employer, projects and introductions) but must not be suggested.
    """

    node_kind: ClassVar[NodeKind] = NodeKind.PERSON
    name: str = Field(min_length=1, max_length=200)
    roles: tuple[Role, ...] = Field(min_length=1)
    bio: str = Field(default="", max_length=2000)
    email: str | None = Field(default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: str | None = Field(default=None, max_length=40)
    contact_consent: bool = False
    suggestion_opt_out: bool = False


class Organisation(Node):
    """An administration, a local authority, an operator or a civil-society body.

    The parent organisation is the ``PART_OF`` edge and the territory the ``LOCATED_IN`` edge.
    """

    node_kind: ClassVar[NodeKind] = NodeKind.ORGANISATION
    name: str = Field(min_length=1, max_length=300)
    kind: OrgKind
    acronym: str | None = Field(default=None, max_length=40)
    description: str = Field(default="", max_length=4000)


class Lab(Node):
    """A public-innovation lab. Its host is a ``PART_OF`` edge to an organisation, and its
    membership of the DITP network a ``MEMBER_OF_NETWORK`` edge."""

    node_kind: ClassVar[NodeKind] = NodeKind.LAB
    name: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=4000)
    opened_on: date | None = None


class Project(Node):
    """A project, from the agent's first draft to its end, with the lab missions supporting it."""

    node_kind: ClassVar[NodeKind] = NodeKind.PROJECT
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=20000)
    status: ProjectStatus = ProjectStatus.DRAFT
    start_date: date | None = None
    end_date: date | None = None
    themes: tuple[str, ...] = ()
    missions: tuple[LabMission, ...] = ()

    @model_validator(mode="after")
    def _dates_in_order(self) -> Self:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self


class Skill(Node):
    """An entry of the controlled skill vocabulary, with its synonyms."""

    node_kind: ClassVar[NodeKind] = NodeKind.SKILL
    label: str = Field(min_length=1, max_length=200)
    synonyms: tuple[str, ...] = ()


class Territory(Node):
    """A région, département or commune, keyed by its INSEE COG code."""

    node_kind: ClassVar[NodeKind] = NodeKind.TERRITORY
    kind: TerritoryKind
    name: str = Field(min_length=1, max_length=200)
    code: str = Field(pattern=r"^(?:\d{2}|2[AB]|97\d|\d{5}|2[AB]\d{3})$")


NODE_MODELS: dict[NodeKind, type[Node]] = {
    model.node_kind: model for model in (Person, Organisation, Lab, Project, Skill, Territory)
}

_P, _O, _L, _J, _S, _T = (
    NodeKind.PERSON,
    NodeKind.ORGANISATION,
    NodeKind.LAB,
    NodeKind.PROJECT,
    NodeKind.SKILL,
    NodeKind.TERRITORY,
)
EDGE_ENDPOINTS: dict[EdgeKind, tuple[frozenset[NodeKind], frozenset[NodeKind]]] = {
    EdgeKind.WORKS_AT: (frozenset({_P}), frozenset({_O, _L})),
    EdgeKind.PART_OF: (frozenset({_O, _L}), frozenset({_O})),
    EdgeKind.HAS_SKILL: (frozenset({_P, _O}), frozenset({_S})),
    EdgeKind.CONTRIBUTES_TO: (frozenset({_P}), frozenset({_J})),
    EdgeKind.SUBMITTED: (frozenset({_P}), frozenset({_J})),
    EdgeKind.PARTNER_IN: (frozenset({_O}), frozenset({_J})),
    EdgeKind.SUPPORTED_BY: (frozenset({_J}), frozenset({_L})),
    EdgeKind.LOCATED_IN: (frozenset({_P, _O, _L, _J, _T}), frozenset({_T})),
    EdgeKind.ABOUT: (frozenset({_J}), frozenset({_S})),
    EdgeKind.MEMBER_OF_NETWORK: (frozenset({_L}), frozenset({_O})),
    EdgeKind.INTRODUCED: (frozenset({_P}), frozenset({_P})),
    EdgeKind.CONFLICT_OF_INTEREST: (frozenset({_P, _O}), frozenset({_P, _O})),
}
"""Which node kinds each edge kind may join: (allowed sources, allowed targets)."""


class Edge(BaseModel):
    """A typed, attributed link. Its identity is (kind, source, target).

    ``INTRODUCED`` records that a lab introduced ``source`` to ``target`` for ``project``; its
    ``provenance`` names the lab, which lets reports attribute new collaborations to it.

    ``CONFLICT_OF_INTEREST`` is a declared conflict: ``source`` (the candidate, a person or an
    organisation) must not be suggested to ``target`` (a person or an organisation).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    kind: EdgeKind
    source: str
    target: str
    since: date | None = None
    until: date | None = None
    role: str | None = Field(default=None, max_length=200)
    level: int | None = Field(default=None, ge=1, le=3)
    provenance: str = Field(default="import", min_length=1, max_length=200)
    project: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        sources, targets = EDGE_ENDPOINTS[self.kind]
        if kind_of(self.source) not in sources:
            allowed = ", ".join(sorted(k.value for k in sources))
            raise ValueError(f"source {self.source!r}: a {self.kind} edge starts at {allowed}")
        if kind_of(self.target) not in targets:
            allowed = ", ".join(sorted(k.value for k in targets))
            raise ValueError(f"target {self.target!r}: a {self.kind} edge ends at {allowed}")
        if self.since and self.until and self.until < self.since:
            raise ValueError("until is before since")
        if self.kind is EdgeKind.CONFLICT_OF_INTEREST and self.source == self.target:
            raise ValueError("target: a CONFLICT_OF_INTEREST edge joins two different nodes")
        if self.kind is EdgeKind.INTRODUCED:
            if self.project is None or kind_of(self.project) is not NodeKind.PROJECT:
                raise ValueError("project: an INTRODUCED edge names the project (project:…)")
            if kind_of(self.provenance) is not NodeKind.LAB:
                raise ValueError("provenance: an INTRODUCED edge names the lab (lab:…)")
        elif self.project is not None:
            raise ValueError(f"project: only INTRODUCED edges name a project, not {self.kind}")
        return self

    @property
    def key(self) -> EdgeKey:
        return (self.kind, self.source, self.target)


EdgeKey = tuple[EdgeKind, str, str]
Record = Node | Edge
Direction = Literal["out", "in", "both"]


def matches(node: Node, attributes: Mapping[str, object]) -> bool:
    """The rule of ``GraphStore.find``: equal values, or membership for list attributes.

    >>> matches(Person(id="person:a", name="A", roles=("agent", "expert")), {"roles": "expert"})
    True
    """
    for name, wanted in attributes.items():
        value = getattr(node, name, None)
        if isinstance(value, tuple):
            if wanted not in value:
                return False
        elif value != wanted:
            return False
    return True


def display_label(node: Node) -> str:
    """A node's name, title or label with its id, for people reading an export."""
    for name in ("name", "title", "label"):
        value = getattr(node, name, None)
        if isinstance(value, str):
            return f"{value} ({node.id})"
    return node.id


def node_from_dict(kind: NodeKind, data: dict[str, object]) -> Node:
    """Validate one node record of the given kind (raises ``pydantic.ValidationError``)."""
    return NODE_MODELS[kind].model_validate(data)
