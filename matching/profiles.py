"""Profile texts: what a candidate is known for, and what a project is about, built from the graph."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from graph.model import EdgeKind, NodeKind, Role


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


def _skill_phrase(graph: nx.MultiDiGraph, skill_id: str) -> str:
    data: Mapping[str, object] = graph.nodes[skill_id]
    synonyms = data.get("synonyms") or []
    assert isinstance(synonyms, list)
    return ", ".join([str(data["label"]), *map(str, synonyms)])


def project_text(graph: nx.MultiDiGraph, project_id: str) -> str:
    """A project as profile text: title, description and themes."""
    data = graph.nodes[project_id]
    themes = data.get("themes") or []
    text = f"{data['title']}. {data.get('description', '')}"
    return f"{text} Thèmes : {', '.join(themes)}." if themes else text


def _out(graph: nx.MultiDiGraph, node_id: str, kind: EdgeKind) -> list[str]:
    return sorted(t for _, t, k in graph.out_edges(node_id, keys=True) if k == kind.value)


def is_candidate(data: Mapping[str, object]) -> bool:
    """Who a lab may suggest: every expert and every organisation."""
    kind = data.get("node_kind")
    if kind == NodeKind.ORGANISATION.value:
        return True
    roles = data.get("roles")
    return kind == NodeKind.PERSON.value and isinstance(roles, list) and Role.EXPERT.value in roles


def build_profiles(graph: nx.MultiDiGraph) -> dict[str, Profile]:
    """Profiles of the candidates a lab can suggest: every expert and every organisation.

    A person's own text is their bio and their skills with synonyms; an organisation's is its
    name, acronym, description and skills. Their projects are those they contributed to (people)
    or were partners in (organisations).
    """
    profiles: dict[str, Profile] = {}
    for node_id, data in graph.nodes(data=True):
        if not is_candidate(data):
            continue
        kind = NodeKind(data["node_kind"])
        skills = _out(graph, node_id, EdgeKind.HAS_SKILL)
        if kind is NodeKind.PERSON:
            projects = _out(graph, node_id, EdgeKind.CONTRIBUTES_TO)
            own = str(data.get("bio", ""))
        else:
            projects = _out(graph, node_id, EdgeKind.PARTNER_IN)
            acronym = f" ({data['acronym']})" if data.get("acronym") else ""
            own = f"{data['name']}{acronym}. {data.get('description', '')}"
        if skills:
            own += " Compétences : " + " ; ".join(_skill_phrase(graph, s) for s in skills) + "."
        profiles[node_id] = Profile(
            node_id, kind, str(data["name"]), own.strip(), tuple(skills), tuple(projects)
        )
    return profiles
