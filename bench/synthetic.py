"""Synthetic networks for benchmarks: N people, organisations, projects, skills and ~10 edges a
person, with French-looking texts drawn from a small vocabulary. Deterministic for a seed."""

from __future__ import annotations

import random
from collections.abc import Iterator

from graph.model import (
    Edge,
    EdgeKind,
    Organisation,
    OrgKind,
    Person,
    Project,
    Record,
    Role,
    Skill,
    Territory,
    TerritoryKind,
)

WORDS = tuple(
    (
        "données ouvertes plateforme usagers agents service public design accompagnement formation "
        "territoire mobilité santé éducation logement inclusion numérique médiation tiers-lieu "
        "culture bibliothèque participation citoyenne transition écologique eau agriculture "
        "alimentation simplification démarche dématérialisation accueil guichet ressources "
        "humaines managers outil évaluation politique publique expérimentation laboratoire "
        "innovation coopération association commune département région préfecture emploi insertion "
        "jeunesse solidarité énergie climat cartographie intelligence artificielle achat commande "
        "publique juridique financement européen "
    ).split()
)

DRAFTS = [
    "Nous voulons ouvrir les données de nos services sur un portail commun avec les communes.",
    "Créer un tiers-lieu culturel dans une bibliothèque de quartier avec des associations.",
    "Simplifier l'accueil des usagers au guichet de la préfecture grâce au design de service.",
    "Former les managers à l'accompagnement des agents dans la transition numérique.",
    "Un outil de cartographie des mobilités rurales pour le département et la région.",
    "Réduire le gaspillage alimentaire dans les cantines des collèges avec les agriculteurs locaux.",
    "Évaluer une expérimentation d'insertion des jeunes avec les missions locales.",
    "Mieux partager les achats publics entre petites communes d'une intercommunalité.",
]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def synthetic_network(people: int, *, seed: int = 0) -> Iterator[Record]:
    """Nodes first, then edges: per person one WORKS_AT, one LOCATED_IN, 3 HAS_SKILL and
    5 CONTRIBUTES_TO, which is 10 edges a person (1M edges for 100k people)."""
    rng = random.Random(seed)
    orgs = max(10, people // 100)
    projects = max(10, people // 5)
    skills = 200
    territories = 100
    for t in range(territories):
        yield Territory(
            id=f"territory:com-{10000 + t}",
            kind=TerritoryKind.COMMUNE,
            name=f"Commune {t}",
            code=f"{10000 + t}",
        )
    for s in range(skills):
        yield Skill(id=f"skill:s{s}", label=f"{rng.choice(WORDS)} {rng.choice(WORDS)} {s}")
    kinds = list(OrgKind)
    for o in range(orgs):
        yield Organisation(
            id=f"org:o{o}", name=f"Organisation {o}", kind=kinds[o % len(kinds)], description=_text(rng, 20)
        )
    for p in range(projects):
        yield Project(id=f"project:p{p}", title=_text(rng, 5), description=_text(rng, rng.randint(60, 200)))
    for i in range(people):
        roles = (Role.EXPERT,) if i % 3 == 0 else (Role.AGENT,)
        yield Person(
            id=f"person:n{i}", name=f"Personne {i}", roles=roles, bio=_text(rng, rng.randint(10, 40))
        )
    for i in range(people):
        source = f"person:n{i}"
        yield Edge(kind=EdgeKind.WORKS_AT, source=source, target=f"org:o{rng.randrange(orgs)}")
        yield Edge(
            kind=EdgeKind.LOCATED_IN,
            source=source,
            target=f"territory:com-{10000 + rng.randrange(territories)}",
        )
        for s in rng.sample(range(skills), 3):
            yield Edge(kind=EdgeKind.HAS_SKILL, source=source, target=f"skill:s{s}", level=rng.randint(1, 3))
        for p in rng.sample(range(projects), 5):
            yield Edge(kind=EdgeKind.CONTRIBUTES_TO, source=source, target=f"project:p{p}")
