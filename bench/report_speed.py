"""The network-health report on a national-size network, against python-igraph in the same run.

    .venv/bin/python -m bench.report_speed --nodes 100000 --edges 500000

The synthetic network has about 20 administrations, each a root organisation with its services
(``PART_OF``), people working in them, small projects drawn mostly (80 %) within one
administration, introductions by the lab, and dates over the two years before the period, so
that every section of the report has work to do. Its shape is printed with the figures.

Two timings, on the same machine and the same network:

* **report**: ``service.reports.health_report`` on the network's snapshot, staff audience, with
  everything the report computes (ties, groups, E-I, matrices, brokers, communities, silos,
  isolation, the lab's impact, twelve months of trends);
* **igraph**: python-igraph alone on the people's tie graph the report reads, for the heavy
  metrics only: betweenness from the same sampled sources, Louvain communities and connected
  components. The graph is handed to igraph already built, which is generous to igraph.

Target: report at most 3x igraph.
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from datetime import date, timedelta

import networkx as nx

from graph.model import (
    Edge,
    EdgeKind,
    Lab,
    Node,
    Organisation,
    OrgKind,
    Person,
    Project,
    Role,
)
from graph.snapshot import build_graph

ADMINISTRATIONS = 20
PERIOD = "2026-10"
START = date(2024, 11, 1)
DAYS = 730


def synthetic_report_network(nodes: int, edges: int, *, seed: int = 0) -> nx.MultiDiGraph:
    """About ``nodes`` nodes and ``edges`` edges: 70 % people, 1 % organisations, the rest
    projects; per person one ``WORKS_AT``; per project one ``SUBMITTED``, one ``SUPPORTED_BY`` and
    members (``CONTRIBUTES_TO``, half the remaining budget); the rest as the lab's introductions."""
    rng = random.Random(seed)
    people = int(nodes * 0.70)
    organisations = max(ADMINISTRATIONS * 2, nodes // 100)
    projects = nodes - people - organisations - 1
    kinds = [OrgKind.STATE_CENTRAL, OrgKind.STATE_DECONCENTRATED, OrgKind.LOCAL_AUTHORITY,
             OrgKind.ASSOCIATION, OrgKind.COMPANY, OrgKind.UNIVERSITY, OrgKind.PUBLIC_OPERATOR]  # fmt: skip
    made: list[Node] = [Lab(id="lab:bench", name="Laboratoire")]
    links: list[Edge] = []

    def day() -> date:
        return START + timedelta(days=rng.randrange(DAYS))

    administration = [o % ADMINISTRATIONS for o in range(organisations)]
    for o in range(organisations):
        made.append(
            Organisation(id=f"org:o{o}", name=f"Organisation {o}", kind=kinds[administration[o] % len(kinds)])
        )
        if o >= ADMINISTRATIONS:
            links.append(Edge(kind=EdgeKind.PART_OF, source=f"org:o{o}", target=f"org:o{administration[o]}"))
    staff: list[list[str]] = [[] for _ in range(ADMINISTRATIONS)]
    for i in range(people):
        person, o = f"person:n{i}", rng.randrange(organisations)
        made.append(Person(id=person, name=f"Personne {i}", roles=(Role.AGENT,)))
        links.append(Edge(kind=EdgeKind.WORKS_AT, source=person, target=f"org:o{o}", since=START))
        staff[administration[o]].append(person)
    fixed = len(links) + 2 * projects
    members = max(2, round((edges - fixed) * 0.5 / projects))
    for p in range(projects):
        project, home = f"project:p{p}", rng.randrange(ADMINISTRATIONS)
        started = day()
        made.append(Project(id=project, title=f"Projet {p}", start_date=started))
        team = {
            rng.choice(staff[home] if rng.random() < 0.8 else staff[rng.randrange(ADMINISTRATIONS)])
            for _ in range(rng.randint(2, 2 * members - 2))
        }
        lead, *_ = sorted(team)
        links.append(Edge(kind=EdgeKind.SUBMITTED, source=lead, target=project, since=started))
        links.append(Edge(kind=EdgeKind.SUPPORTED_BY, source=project, target="lab:bench"))
        links.extend(
            Edge(kind=EdgeKind.CONTRIBUTES_TO, source=m, target=project, since=started) for m in sorted(team)
        )
    introduced: set[tuple[str, str]] = set()
    while len(links) < edges:
        a, b = f"person:n{rng.randrange(people)}", f"person:n{rng.randrange(people)}"
        if a == b or (a, b) in introduced:
            continue
        introduced.add((a, b))
        links.append(
            Edge(
                kind=EdgeKind.INTRODUCED,
                source=a,
                target=b,
                since=day(),
                provenance="lab:bench",
                project=f"project:p{rng.randrange(projects)}",
            )
        )
    return build_graph(made, links)


def igraph_heavy_metrics(ties: nx.Graph, *, sources: int, seed: int) -> float:
    """Seconds python-igraph takes for sampled betweenness, Louvain and components."""
    from graph.analytics.ties import as_igraph

    nodes = list(ties)
    graph, _ = as_igraph(ties, nodes, None)
    chosen = [nodes.index(n) for n in random.Random(seed).sample(nodes, min(sources, len(nodes)))]
    started = time.perf_counter()
    graph.betweenness(sources=chosen, directed=False)
    graph.community_multilevel()
    graph.connected_components()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from graph.analytics import person_ties
    from graph.analytics.brokers import DEFAULT_SAMPLE
    from service.reports import health_report

    started = time.perf_counter()
    network = synthetic_report_network(args.nodes, args.edges, seed=args.seed)
    built = time.perf_counter() - started
    ties = person_ties(network)
    print(f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}")
    print(
        f"network: {network.number_of_nodes():,} nodes, {network.number_of_edges():,} edges, "
        f"{ADMINISTRATIONS} administrations (built in {built:.1f} s); people's ties: "
        f"{ties.number_of_nodes():,} people, {ties.number_of_edges():,} ties"
    )
    baseline = igraph_heavy_metrics(ties, sources=DEFAULT_SAMPLE, seed=args.seed)
    print(f"igraph (betweenness from {DEFAULT_SAMPLE} sources, Louvain, components): {baseline:.1f} s")
    started = time.perf_counter()
    report = health_report(network, period=PERIOD, audience="staff")
    whole = time.perf_counter() - started
    sample = report.to_json().get("betweenness_sample")
    print(f"report, staff audience, period {PERIOD} (betweenness sample {sample}): {whole:.1f} s")
    print(f"report / igraph: {whole / baseline:.2f}x (target at most 3x)")


if __name__ == "__main__":
    main()
