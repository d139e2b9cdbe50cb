"""Profile texts: what a candidate is known for, built from the graph."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import networkx as nx

from graph.model import EdgeKind, NodeKind, Role


@dataclass(frozen=True)
class Profile:
    """A candidate's text in sections (who they are, then one per project), skills and projects.

    Sections are embedded separately, so a project's windows are shared by all its members and
    embedded once.
    """

    owner_id: str
    kind: NodeKind
    name: str
    sections: tuple[str, ...]
    skills: tuple[str, ...]
    projects: tuple[str, ...]

    @cached_property
    def text(self) -> str:
        return " ".join(self.sections)

    @cached_property
    def has_text(self) -> bool:
        return bool(self.text.strip())


def _skill_phrase(graph: nx.MultiDiGraph, skill_id: str) -> str:
    data: Mapping[str, object] = graph.nodes[skill_id]
    synonyms = data.get("synonyms") or []
    assert isinstance(synonyms, list)
    return ", ".join([str(data["label"]), *map(str, synonyms)])


def project_text(graph: nx.MultiDiGraph, project_id: str) -> str:
    """A project as profile text: title, description and themes."""
    data = graph.nodes[project_id]
    themes = data.get("themes") or []
    return f"{data['title']}. {data.get('description', '')} Thèmes : {', '.join(themes)}."


def _out(graph: nx.MultiDiGraph, node_id: str, kind: EdgeKind) -> list[str]:
    return sorted(t for _, t, k in graph.out_edges(node_id, keys=True) if k == kind.value)


def build_profiles(graph: nx.MultiDiGraph) -> dict[str, Profile]:
    """Profiles of the candidates a lab can suggest: every expert and every organisation.

    A person's text is their bio, their skills with synonyms, then the projects they
    contributed to; an organisation's is its name, description, skills and partner projects.
    """
    profiles: dict[str, Profile] = {}
    for node_id, data in graph.nodes(data=True):
        kind = NodeKind(data["node_kind"])
        if kind is NodeKind.PERSON and Role.EXPERT.value in data.get("roles", []):
            skills = _out(graph, node_id, EdgeKind.HAS_SKILL)
            projects = _out(graph, node_id, EdgeKind.CONTRIBUTES_TO)
            parts = [str(data.get("bio", ""))]
            name = str(data["name"])
        elif kind is NodeKind.ORGANISATION:
            skills = _out(graph, node_id, EdgeKind.HAS_SKILL)
            projects = _out(graph, node_id, EdgeKind.PARTNER_IN)
            acronym = f" ({data['acronym']})" if data.get("acronym") else ""
            parts = [f"{data['name']}{acronym}. {data.get('description', '')}"]
            name = str(data["name"])
        else:
            continue
        if skills:
            parts[0] += " Compétences : " + " ; ".join(_skill_phrase(graph, s) for s in skills) + "."
        parts.extend(project_text(graph, p) for p in projects)
        sections = tuple(p.strip() for p in parts if p.strip())
        profiles[node_id] = Profile(node_id, kind, name, sections, tuple(skills), tuple(projects))
    return profiles
