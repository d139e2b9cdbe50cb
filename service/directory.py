"""The directory: the network's people, organisations, labs, projects, skills and territories,
searched by name and paged, for every role but reader.

A listing never shows contact details (a person's own page does, when allowed, and records it
in the audit log: ``service.people.view``). Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import NotFound
from graph.model import Node, NodeKind, Person, kind_of
from graph.store import GraphStore
from matching.text import fold
from service.accounts import Principal


@dataclass(frozen=True)
class Listing:
    items: list[Node]
    total: int
    limit: int
    offset: int


def label(node: Node) -> str:
    """A node's name, title or label (its id when it has none)."""
    for name in ("name", "title", "label"):
        value = getattr(node, name, None)
        if isinstance(value, str):
            return value
    return node.id


def _without_contact(node: Node) -> Node:
    if isinstance(node, Person):
        return node.model_copy(update={"email": None, "phone": None})
    return node


def search(
    store: GraphStore, principal: Principal, kind: NodeKind, *, q: str | None, limit: int, offset: int
) -> Listing:
    """Nodes of one kind whose name (title, label; acronym and synonyms too) holds every word of
    ``q``, accents and case aside; sorted by name, then id."""
    principal.require_network_access("l'annuaire")
    words = fold(q or "").split()
    found = []
    for node in store.nodes(kind):
        haystack = " ".join(
            [label(node), node.id, str(getattr(node, "acronym", "") or ""), *getattr(node, "synonyms", ())]
        )
        folded = fold(haystack)
        if all(word in folded for word in words):
            found.append(node)
    found.sort(key=lambda n: (fold(label(n)), n.id))
    page = [_without_contact(n) for n in found[offset : offset + limit]]
    return Listing(page, len(found), limit, offset)


def entry(store: GraphStore, principal: Principal, kind: NodeKind, node_id: str) -> Node:
    """One node of that kind; 404 otherwise (a person's page is ``service.people.view``)."""
    principal.require_network_access("l'annuaire")
    try:
        right_kind = kind_of(node_id) is kind
    except ValueError:
        right_kind = False
    if not right_kind:
        raise NotFound(f"no {kind.value.lower()} {node_id!r}")
    return _without_contact(store.get(node_id))
