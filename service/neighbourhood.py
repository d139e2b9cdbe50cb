"""The neighbourhood of a draft or a person: the people, organisations, projects and labs
around them, as nodes and edges a page draws.

Around a person: everyone and everything within two links of them (``HOPS``), skills and
territories aside (every project of the Eure would otherwise be a neighbour of every other).
Around a draft: the same around its submitter, the draft itself (a node of its own: it is not
in the network yet), the lab it was sent to and, for staff, the candidates suggested for it
(those declined for it left out).

Who sees what: a draft only as ``service.drafts.find`` allows it (staff of its lab, admins, the
agent who submitted it); its suggestions only for staff. No node carries contact details, for
anyone: a person's page shows them when allowed (``service.people.view``). A declared conflict
of interest is shown to staff only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from graph.model import Edge, EdgeKind, Node, NodeKind, kind_of
from graph.store import GraphStore
from matching.explanations import Suggestion
from matching.matcher import Matcher
from service import decisions, directory, introductions
from service import drafts as draft_cases
from service.accounts import Principal
from service.desk import Desk

NodeType = Literal["personne", "organisation", "projet", "laboratoire"]

NODE_TYPES: dict[NodeKind, NodeType] = {
    NodeKind.PERSON: "personne",
    NodeKind.ORGANISATION: "organisation",
    NodeKind.PROJECT: "projet",
    NodeKind.LAB: "laboratoire",
}
"""The kinds a neighbourhood shows, as its pages name them."""

EDGE_LABELS: dict[str, str] = {
    EdgeKind.WORKS_AT.value: "travaille à",
    EdgeKind.PART_OF.value: "fait partie de",
    EdgeKind.CONTRIBUTES_TO.value: "contribue à",
    EdgeKind.SUBMITTED.value: "a déposé",
    EdgeKind.PARTNER_IN.value: "partenaire de",
    EdgeKind.SUPPORTED_BY.value: "accompagné par",
    EdgeKind.MEMBER_OF_NETWORK.value: "membre du réseau",
    EdgeKind.INTRODUCED.value: "mis en relation avec",
    EdgeKind.CONFLICT_OF_INTEREST.value: "conflit d'intérêts avec",
    "SENT_TO": "adressé à",
    "SUGGESTED": "suggestion",
}
"""Each edge type, as a French phrase read from its source to its target."""

HOPS = 2
MAX_NODES = 80
"""Past this many nodes a graph is no longer read; the rest is counted, not drawn."""
SUGGESTIONS = 5
"""Candidates of each kind (experts, organisations) shown around a draft."""


@dataclass(frozen=True)
class GraphNode:
    id: str
    type: NodeType
    label: str
    center: bool = False
    """The person or draft the neighbourhood is drawn around."""
    candidate: bool = False
    """Suggested for the draft."""
    draft: int | None = None
    """For the draft's own node: its number at the desk."""


@dataclass(frozen=True)
class GraphEdge:
    source: str
    target: str
    type: str
    """An ``EdgeKind`` value, or ``SENT_TO`` (draft → lab) and ``SUGGESTED`` (draft → candidate)."""

    @property
    def label(self) -> str:
        return EDGE_LABELS.get(self.type, self.type)


@dataclass(frozen=True)
class Neighbourhood:
    center: str
    title: str
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    left_out: int = 0
    """Nodes within reach that were not drawn (past ``MAX_NODES``)."""
    draft: int | None = None
    """The draft it is drawn around, if it is a draft's."""

    def label_of(self, node_id: str) -> str:
        return next((n.label for n in self.nodes if n.id == node_id), node_id)


def draft_node_id(draft_id: int) -> str:
    return f"brouillon:{draft_id}"


def names(store: GraphStore, principal: Principal, ids: Iterable[str]) -> dict[str, str]:
    """The name of each of these nodes that exists (for pages listing ids: candidates,
    introduced people); the others are left out."""
    principal.require_network_access("l'annuaire")
    wanted = sorted(set(ids))
    found = store.existing(wanted)
    return {node_id: directory.label(store.get(node_id)) for node_id in wanted if node_id in found}


class _Walk:
    """Nodes and edges gathered breadth first, at most ``MAX_NODES`` nodes."""

    def __init__(self, store: GraphStore, principal: Principal) -> None:
        self.store = store
        self.staff = principal.is_staff()
        self.nodes: dict[str, GraphNode] = {}
        self.edges: dict[tuple[str, str, str], GraphEdge] = {}
        self.skipped: set[str] = set()

    def add(self, node: GraphNode) -> bool:
        if node.id in self.nodes:
            if node.candidate and not self.nodes[node.id].candidate:
                self.nodes[node.id] = node
            return True
        if len(self.nodes) >= MAX_NODES:
            self.skipped.add(node.id)
            return False
        self.nodes[node.id] = node
        return True

    def link(self, source: str, target: str, kind: str) -> None:
        if source in self.nodes and target in self.nodes:
            self.edges[(kind, source, target)] = GraphEdge(source, target, kind)

    def around(self, start: str, hops: int) -> None:
        frontier = [start]
        for _ in range(hops):
            reached: list[str] = []
            for node_id in frontier:
                for neighbour in self.store.neighbours(node_id):
                    if not self._shown(neighbour.edge, neighbour.node):
                        continue
                    other = neighbour.node
                    known = other.id in self.nodes
                    if (
                        self.add(GraphNode(other.id, NODE_TYPES[other.node_kind], directory.label(other)))
                        and not known
                    ):
                        reached.append(other.id)
                    edge = neighbour.edge
                    self.link(edge.source, edge.target, edge.kind.value)
            frontier = reached

    def _shown(self, edge: Edge, node: Node) -> bool:
        if node.node_kind not in NODE_TYPES:
            return False
        return self.staff or edge.kind is not EdgeKind.CONFLICT_OF_INTEREST

    def result(self, center: str, title: str, draft: int | None = None) -> Neighbourhood:
        return Neighbourhood(
            center=center,
            title=title,
            nodes=list(self.nodes.values()),
            edges=list(self.edges.values()),
            left_out=len(self.skipped - set(self.nodes)),
            draft=draft,
        )


def around_person(store: GraphStore, principal: Principal, person_id: str) -> Neighbourhood:
    """The people, organisations, projects and labs within ``HOPS`` links of a person.

    Raises:
        NotFound: no such person.
        Forbidden: a reader (the network is not theirs to browse).
    """
    person = directory.entry(store, principal, NodeKind.PERSON, person_id)
    walk = _Walk(store, principal)
    walk.add(GraphNode(person.id, "personne", directory.label(person), center=True))
    walk.around(person.id, HOPS)
    return walk.result(person.id, directory.label(person))


def around_draft(
    store: GraphStore, matcher: Matcher, desk: Desk, principal: Principal, draft_id: int
) -> Neighbourhood:
    """A draft, its lab, its submitter's neighbourhood and (staff) its suggested candidates.

    Raises:
        NotFound: no such draft, or one the principal may not see.
        NotReady: staff asked while the matcher prepares its first index.
    """
    draft = draft_cases.find(desk.drafts, principal, draft_id)
    walk = _Walk(store, principal)
    # A draft whose first introduction made it a project of the network is that project.
    project = introductions.project_of(draft)
    present = store.existing([project, draft.lab, *([draft.submitter] if draft.submitter else [])])
    center = project if project in present else draft_node_id(draft.id)
    walk.add(GraphNode(center, "projet", draft.title, center=True, draft=draft.id))
    if draft.lab in present:
        walk.add(GraphNode(draft.lab, "laboratoire", directory.label(store.get(draft.lab))))
        walk.link(center, draft.lab, "SENT_TO")
    if draft.submitter is not None and draft.submitter in present:
        submitter = store.get(draft.submitter)
        walk.add(GraphNode(submitter.id, "personne", directory.label(submitter)))
        walk.link(submitter.id, center, EdgeKind.SUBMITTED.value)
    if principal.is_staff():
        found = decisions.suggestions_without_declined(
            matcher, desk.drafts, desk.decisions, principal, draft.id, k=SUGGESTIONS
        )
        _add_candidates(walk, center, [*found.experts, *found.organisations])
    if draft.submitter is not None and draft.submitter in present:
        walk.around(draft.submitter, HOPS)
    return walk.result(center, draft.title, draft.id)


def _add_candidates(walk: _Walk, center: str, suggestions: Sequence[Suggestion]) -> None:
    for suggestion in suggestions:
        try:
            kind = kind_of(suggestion.id)
        except ValueError:
            continue
        if kind not in NODE_TYPES:
            continue
        if walk.add(GraphNode(suggestion.id, NODE_TYPES[kind], suggestion.name, candidate=True)):
            walk.link(center, suggestion.id, "SUGGESTED")
