"""Network health: where the administrative silos are, read from the graph of people's ties.

A store's snapshot becomes an undirected graph of people (:func:`person_ties`: shared projects,
introductions, optionally shared organisations); each person gets a group
(:func:`person_groups`: organisation, administration, sector or territory); the metrics read
both: the E-I index (:mod:`graph.analytics.ei`), the group-to-group tie matrix
(:mod:`graph.analytics.mixing`), isolation (:mod:`graph.analytics.isolation`), brokers
(:mod:`graph.analytics.brokers`: betweenness, Burt's constraint and effective size,
Gould-Fernandez roles) and communities set against the organisation chart
(:mod:`graph.analytics.communities`). networkx is the reference every metric is tested against;
the heavy ones run on python-igraph or scipy.sparse behind the same functions.
"""

from graph.analytics.brokers import (
    BetweennessResult,
    betweenness,
    brokerage_roles,
    constraint,
    effective_size,
)
from graph.analytics.communities import Silo, communities, modularity, nmi, silos
from graph.analytics.ei import (
    GroupedTies,
    TieArrays,
    TieCounts,
    ei_counts,
    ei_index,
    group_ei,
    group_ei_counts,
    grouped_ties,
    person_ei,
)
from graph.analytics.groups import (
    administration_of,
    organisation_of,
    person_groups,
    sector_of,
    territory_of,
)
from graph.analytics.isolation import isolates, reach_within, without_outside_ties
from graph.analytics.mixing import TieMatrix, tie_matrix
from graph.analytics.ties import person_ties

__all__ = [
    "BetweennessResult",
    "GroupedTies",
    "Silo",
    "TieArrays",
    "TieCounts",
    "TieMatrix",
    "administration_of",
    "betweenness",
    "brokerage_roles",
    "communities",
    "constraint",
    "effective_size",
    "ei_counts",
    "ei_index",
    "group_ei",
    "group_ei_counts",
    "grouped_ties",
    "isolates",
    "modularity",
    "nmi",
    "organisation_of",
    "person_ei",
    "person_groups",
    "person_ties",
    "reach_within",
    "sector_of",
    "silos",
    "territory_of",
    "tie_matrix",
    "without_outside_ties",
]
