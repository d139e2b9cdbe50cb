"""Profile texts: what a candidate is known for, and what a project is about, built from the graph."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from graph.model import EdgeKind, NodeKind, Role
from graph.tables import GraphTables


@dataclass(frozen=True)
class Profile:
    """A candidate's own text (who they are, with their skills), their skills and their projects.

    The windows a candidate is embedded as are its own text's, then each project's: a project's
    windows are shared by all its members and embedded once.
    """

    owner_id: str
    kind: NodeKind
    name: str
    own_text: str
    skills: tuple[str, ...]
    projects: tuple[str, ...]

    @cached_property
    def has_text(self) -> bool:
        """Something is known about the candidate: a bio, a skill or a project."""
        return bool(self.own_text.strip() or self.projects)


def _skill_phrase(data: Mapping[str, object]) -> str:
    synonyms = data.get("synonyms") or []
    assert isinstance(synonyms, list | tuple)
    return ", ".join([str(data["label"]), *map(str, synonyms)])


def project_text(data: Mapping[str, object]) -> str:
    """A project (its node's attributes) as profile text: title, description and themes."""
    themes = data.get("themes") or []
    assert isinstance(themes, list | tuple)
    text = f"{data['title']}. {data.get('description', '')}"
    return f"{text} Thèmes : {', '.join(map(str, themes))}." if themes else text


def is_candidate(data: Mapping[str, object]) -> bool:
    """Who a lab may suggest: every expert and every organisation."""
    kind = data.get("node_kind")
    if kind == NodeKind.ORGANISATION.value:
        return True
    roles = data.get("roles")
    return kind == NodeKind.PERSON.value and isinstance(roles, list | tuple) and Role.EXPERT.value in roles


def build_profiles(graph: GraphTables | nx.MultiDiGraph) -> dict[str, Profile]:
    """Profiles of the candidates a lab can suggest: every expert and every organisation.

    A person's own text is their bio and their skills with synonyms; an organisation's is its
    name, acronym, description and skills. Their projects are those they contributed to (people)
    or were partners in (organisations).
    """
    tables = graph if isinstance(graph, GraphTables) else GraphTables.from_graph(graph)
    skills = tables.out(EdgeKind.HAS_SKILL)
    contributions = tables.out(EdgeKind.CONTRIBUTES_TO)
    partnerships = tables.out(EdgeKind.PARTNER_IN)
    profiles: dict[str, Profile] = {}
    for node_id, data in tables.nodes.items():
        if not is_candidate(data):
            continue
        kind = NodeKind(str(data["node_kind"]))
        held = [e.target for e in skills.get(node_id, []) if e.target in tables.nodes]
        if kind is NodeKind.PERSON:
            projects = [e.target for e in contributions.get(node_id, [])]
            own = str(data.get("bio", "") or "")
        else:
            projects = [e.target for e in partnerships.get(node_id, [])]
            acronym = f" ({data['acronym']})" if data.get("acronym") else ""
            own = f"{data['name']}{acronym}. {data.get('description', '') or ''}"
        if held:
            own += " Compétences : " + " ; ".join(_skill_phrase(tables.nodes[s]) for s in held) + "."
        profiles[node_id] = Profile(
            node_id,
            kind,
            str(data["name"]),
            own.strip(),
            tuple(held),
            tuple(p for p in projects if p in tables.nodes),
        )
    return profiles
