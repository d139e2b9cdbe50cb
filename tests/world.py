"""Networks for tests: a tiny hand-made one (two administrations, one lab, two projects), the
seed network, and random dated ones."""

from __future__ import annotations

import random
from datetime import date, timedelta

import networkx as nx

from graph.model import (
    Edge,
    EdgeKind,
    Lab,
    LabMission,
    Organisation,
    OrgKind,
    Person,
    Project,
    ProjectStatus,
    Record,
    Role,
    Skill,
    Territory,
    TerritoryKind,
)


def tiny_world() -> list[Record]:
    return [
        Territory(id="territory:dep-27", kind=TerritoryKind.DEPARTEMENT, name="Eure", code="27"),
        Territory(id="territory:dep-61", kind=TerritoryKind.DEPARTEMENT, name="Orne", code="61"),
        Organisation(
            id="org:ddtm-eure", name="DDTM de l'Eure", kind=OrgKind.STATE_DECONCENTRATED, acronym="DDTM"
        ),
        Organisation(id="org:ville-alencon", name="Ville d'Alençon", kind=OrgKind.LOCAL_AUTHORITY),
        Lab(id="lab:innovmandie", name="Innov'mandie", opened_on="2022-02-24"),
        Skill(id="skill:donnees-ouvertes", label="Données ouvertes", synonyms=("open data",)),
        Skill(id="skill:tiers-lieux", label="Tiers-lieux", synonyms=("lieu hybride",)),
        Person(
            id="person:alice-martin",
            name="Alice Martin",
            roles=(Role.AGENT,),
            bio="Chargée de mission données à la DDTM.",
            email="alice.martin@normandie.example",
            contact_consent=True,
        ),
        Person(
            id="person:bruno-lefevre",
            name="Bruno Lefèvre",
            roles=(Role.EXPERT, Role.AGENT),
            bio="Spécialiste des tiers-lieux et de la lecture publique.",
        ),
        Project(
            id="project:opendata-eure",
            title="Plateforme de données ouvertes de l'Eure",
            description="Publier les données des administrations de l'Eure.",
            status=ProjectStatus.ACCOMPANIED,
            start_date="2023-03-01",
            themes=("données ouvertes",),
            missions=(LabMission.ACCOMPANIMENT_INCUBATION, LabMission.NETWORKING),
        ),
        Project(
            id="project:mediatheque-alencon",
            title="La médiathèque d'Alençon devient tiers-lieu",
            status=ProjectStatus.INCUBATED,
        ),
        Edge(
            kind=EdgeKind.WORKS_AT, source="person:alice-martin", target="org:ddtm-eure", since="2019-09-01"
        ),
        Edge(kind=EdgeKind.WORKS_AT, source="person:bruno-lefevre", target="org:ville-alencon"),
        Edge(kind=EdgeKind.HAS_SKILL, source="person:bruno-lefevre", target="skill:tiers-lieux", level=3),
        Edge(
            kind=EdgeKind.CONTRIBUTES_TO,
            source="person:alice-martin",
            target="project:opendata-eure",
            role="porteuse",
        ),
        Edge(kind=EdgeKind.SUBMITTED, source="person:alice-martin", target="project:opendata-eure"),
        Edge(
            kind=EdgeKind.CONTRIBUTES_TO, source="person:bruno-lefevre", target="project:mediatheque-alencon"
        ),
        Edge(kind=EdgeKind.PARTNER_IN, source="org:ville-alencon", target="project:mediatheque-alencon"),
        Edge(kind=EdgeKind.SUPPORTED_BY, source="project:opendata-eure", target="lab:innovmandie"),
        Edge(kind=EdgeKind.LOCATED_IN, source="org:ddtm-eure", target="territory:dep-27"),
        Edge(kind=EdgeKind.LOCATED_IN, source="person:alice-martin", target="territory:dep-27"),
        Edge(kind=EdgeKind.ABOUT, source="project:opendata-eure", target="skill:donnees-ouvertes"),
        Edge(
            kind=EdgeKind.INTRODUCED,
            source="person:alice-martin",
            target="person:bruno-lefevre",
            since="2023-05-10",
            provenance="lab:innovmandie",
            project="project:opendata-eure",
        ),
    ]


def seed_network() -> nx.MultiDiGraph:
    """The fictional Normandy network of ``seed_data/network``, as a store's snapshot looks."""
    from graph.bundle import read_bundle
    from graph.model import Node
    from graph.snapshot import build_graph
    from service.wiring import seed_folder

    records = read_bundle(seed_folder())
    return build_graph(
        [r for r in records if isinstance(r, Node)], [r for r in records if isinstance(r, Edge)]
    )


def random_dated_network(seed: int, *, people: int = 30, projects: int = 12) -> nx.MultiDiGraph:
    """A random snapshot over 2026 where every dating case meets: projects with or without a
    start, members with dated, undated or several edges (some dated before the start),
    introductions by two labs or by an import, dated or not, and people who change organisation
    (``WORKS_AT`` with ``since`` and ``until``), some with none."""
    rng = random.Random(seed)

    def day() -> str | None:
        return (
            None
            if rng.random() < 0.15
            else (date(2026, 1, 1) + timedelta(days=rng.randrange(365))).isoformat()
        )

    g = nx.MultiDiGraph()
    units = [f"org:o{i}" for i in range(4)] + ["lab:x"]
    g.add_nodes_from(units[:-1], node_kind="Organisation")
    g.add_node("lab:x", node_kind="Lab")
    for i in range(people):
        person = f"person:p{i:02d}"
        g.add_node(person, node_kind="Person", name=f"P{i}")
        if rng.random() < 0.9:
            g.add_edge(person, rng.choice(units), key="WORKS_AT", since=day())
        if rng.random() < 0.3:
            moved = date(2026, 1, 1) + timedelta(days=rng.randrange(365))
            for *_, data in list(g.out_edges(person, data=True)):
                data["until"] = (moved - timedelta(days=1)).isoformat()
            g.add_edge(person, rng.choice(units), key="WORKS_AT", since=moved.isoformat())
    everyone = [n for n, kind in g.nodes(data="node_kind") if kind == "Person"]
    for j in range(projects):
        project = f"project:j{j:02d}"
        g.add_node(project, node_kind="Project", start_date=day())
        for member in rng.sample(everyone, rng.randint(1, 6)):
            for kind in rng.sample(["CONTRIBUTES_TO", "SUBMITTED"], rng.randint(1, 2)):
                g.add_edge(member, project, key=kind, since=day())
    for _ in range(people):
        u, v = rng.sample(everyone, 2)
        provenance = rng.choice(["lab:x", "lab:y", "import"])
        g.add_edge(u, v, key="INTRODUCED", since=day(), provenance=provenance, project="project:j00")
    return g
