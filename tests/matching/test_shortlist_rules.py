"""The shortlist's rules through the matcher, on small worlds in a real SQLite file.

Silo bridging (which outsider, from which probability, on both lists, with a short list),
conflicts of interest, the submitter's own administration up its ``PART_OF`` chain, and what
every suggestion's explanation carries. The hashing embedder stands in for the model.

The silo world: the submitter works at a DDT, part of the préfecture (their administration).
Experts of the préfecture and services of the préfecture match the draft best; an agent of the
Région (another administration) matches less; a volunteer of an association (civil society)
matches least. Organisations mirror the people: the Région and the association as outsiders.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from graph.embedded import EmbeddedStore
from graph.model import (
    Edge,
    EdgeKind,
    Organisation,
    OrgKind,
    Person,
    Project,
    Record,
    Role,
    Territory,
    TerritoryKind,
)
from matching.context import DraftContext
from matching.fusion import Who
from matching.matcher import Matcher, SuggestionSet
from matching.ranking import Options
from matching.text import fold
from tests.fakes import HashingEmbedder
from tests.world import tiny_world

DRAFT = "Ouvrir un tiers-lieu numérique dans la médiathèque municipale avec les associations du quartier."
STRONG = "Tiers-lieu numérique, médiathèque municipale, associations de quartier : ouvrir et animer."
MEDIUM = "Tiers-lieu numérique et médiathèque."
WEAK = "Tiers-lieu associatif."
FROM_THE_DDT = DraftContext(organisations=("org:ddt",))

REGION_AGENT = "person:agent-region"
VOLUNTEER = "person:benevole"
REGION = "org:region"
ASSOCIATION = "org:asso"


def silo_world(insiders: int) -> list[Record]:
    """``insiders`` experts and as many services of the préfecture, all with the strong text."""
    records: list[Record] = [
        Organisation(id="org:prefecture", name="Préfecture", kind=OrgKind.STATE_DECONCENTRATED),
        Organisation(id="org:ddt", name="DDT", kind=OrgKind.STATE_DECONCENTRATED),
        Edge(kind=EdgeKind.PART_OF, source="org:ddt", target="org:prefecture"),
        Organisation(id=REGION, name="Région Normandie", kind=OrgKind.LOCAL_AUTHORITY, description=MEDIUM),
        Organisation(id=ASSOCIATION, name="Lire ensemble", kind=OrgKind.ASSOCIATION, description=WEAK),
        Person(id=REGION_AGENT, name="Agent Région", roles=(Role.EXPERT,), bio=MEDIUM),
        Person(id=VOLUNTEER, name="Bénévole", roles=(Role.EXPERT,), bio=WEAK),
        Edge(kind=EdgeKind.WORKS_AT, source=REGION_AGENT, target=REGION),
        Edge(kind=EdgeKind.WORKS_AT, source=VOLUNTEER, target=ASSOCIATION),
    ]
    for i in range(insiders):
        expert, service = f"person:insider-{i}", f"org:service-{i}"
        records += [
            Person(id=expert, name=f"Expert {i}", roles=(Role.EXPERT,), bio=STRONG),
            Edge(kind=EdgeKind.WORKS_AT, source=expert, target="org:prefecture"),
            Organisation(
                id=service, name=f"Service {i}", kind=OrgKind.STATE_DECONCENTRATED, description=STRONG
            ),
            Edge(kind=EdgeKind.PART_OF, source=service, target="org:prefecture"),
        ]
    return records


def listed(result: SuggestionSet, who: Who) -> tuple[list[str], list[str]]:
    """The ids of one list, and of its alternates."""
    chosen = result.experts if who == "people" else result.organisations
    return [s.id for s in chosen], [s.id for s in result.alternates[who]]


def silo_matcher(store: EmbeddedStore, insiders: int) -> Matcher:
    """The silo world in the store, and a matcher for which every outsider is good enough."""
    store.upsert(silo_world(insiders))
    return Matcher(store, HashingEmbedder(), options=Options(silo_threshold=0.0))


# -- silo bridging -------------------------------------------------------------------------------


def test_silo_rule_prefers_civil_society_to_a_better_ranked_other_administration(
    sqlite_store: EmbeddedStore,
) -> None:
    result = silo_matcher(sqlite_store, insiders=6).suggest(DRAFT, k=5, context=FROM_THE_DDT)
    chosen, alternates = listed(result, "people")
    assert chosen[:4] == [f"person:insider-{i}" for i in range(4)]
    assert chosen[4] == VOLUNTEER
    # The Région's agent ranked above the volunteer and was good enough too, yet stays behind.
    assert alternates[-1] == REGION_AGENT
    by_id = {s.id: s for s in [*result.experts, *result.alternates["people"]]}
    assert by_id[REGION_AGENT].score > by_id[VOLUNTEER].score
    silo = result.silo["people"]
    assert (silo.applicable, silo.applied, silo.candidate) == (True, True, VOLUNTEER)
    assert "civil society" in silo.reason


@pytest.mark.parametrize("insiders", [6, 8], ids=["outsiders-among-alternates", "outsiders-past-alternates"])
def test_silo_rule_brings_no_one_below_the_threshold_and_someone_once_it_is_lowered(
    sqlite_store: EmbeddedStore, insiders: int
) -> None:
    # With eight insiders, both outsiders rank past the five places and the three alternates,
    # where the shortlist stops looking at candidates below the threshold.
    sqlite_store.upsert(silo_world(insiders))
    everyone = Matcher(sqlite_store, HashingEmbedder(), options=Options(silo_threshold=0.0)).suggest(
        DRAFT, k=20, context=FROM_THE_DDT
    )
    probability = {s.id: s.probability for s in everyone.experts}
    volunteer, agent = probability[VOLUNTEER], probability[REGION_AGENT]
    assert 0 < volunteer < agent < min(p for i, p in probability.items() if i.startswith("person:insider"))

    def answer(threshold: float) -> SuggestionSet:
        matcher = Matcher(sqlite_store, HashingEmbedder(), options=Options(silo_threshold=threshold))
        return matcher.suggest(DRAFT, k=5, context=FROM_THE_DDT)

    too_high = answer(agent + (1 - agent) / 2)
    chosen, alternates = listed(too_high, "people")
    assert chosen == [f"person:insider-{i}" for i in range(5)]
    # The plain ranking: the outsiders keep their places, among the alternates or past them.
    assert alternates == [*(f"person:insider-{i}" for i in range(5, insiders)), REGION_AGENT, VOLUNTEER][:3]
    silo = too_high.silo["people"]
    assert (silo.applicable, silo.applied, silo.candidate) == (True, False, None)
    assert "good enough" in silo.reason
    # Between the two: only the Région's agent is good enough, so the other administration it is.
    between = answer((volunteer + agent) / 2)
    assert listed(between, "people")[0][4] == REGION_AGENT
    assert between.silo["people"].candidate == REGION_AGENT
    assert "another administration" in between.silo["people"].reason
    lowered = answer(volunteer)
    assert listed(lowered, "people")[0][4] == VOLUNTEER
    assert lowered.silo["people"].applied
    assert lowered.silo["people"].candidate == VOLUNTEER


def test_silo_rule_applies_to_the_organisations_too(sqlite_store: EmbeddedStore) -> None:
    result = silo_matcher(sqlite_store, insiders=6).suggest(DRAFT, k=5, context=FROM_THE_DDT)
    chosen, alternates = listed(result, "organisations")
    assert all(o.startswith("org:service-") for o in chosen[:4])
    assert chosen[4] == ASSOCIATION
    assert REGION in alternates
    silo = result.silo["organisations"]
    assert (silo.applicable, silo.applied, silo.candidate) == (True, True, ASSOCIATION)
    assert "civil society" in silo.reason
    # Without the rule's reason to act (no administration known), the association stays out.
    plain = Matcher(sqlite_store, HashingEmbedder(), options=Options(silo_threshold=0.0)).suggest(DRAFT, k=5)
    assert ASSOCIATION not in listed(plain, "organisations")[0]
    assert not plain.silo["organisations"].applicable


@pytest.mark.parametrize("who", ["people", "organisations"])
def test_with_a_short_list_the_outsider_is_brought_into_the_top_k(
    sqlite_store: EmbeddedStore, who: Who
) -> None:
    result = silo_matcher(sqlite_store, insiders=6).suggest(DRAFT, k=3, context=FROM_THE_DDT)
    chosen, alternates = listed(result, who)
    outsider = VOLUNTEER if who == "people" else ASSOCIATION
    assert len(chosen) == 3
    assert chosen[2] == outsider
    assert outsider not in alternates
    silo = result.silo[who]
    assert silo.applied and silo.candidate == outsider


# -- conflicts of interest -----------------------------------------------------------------------

TIERS_LIEU = "Transformer la médiathèque municipale en tiers-lieu avec les associations du quartier."


@pytest.mark.parametrize(
    ("source", "target"),
    [("person:bruno-lefevre", "person:alice-martin"), ("person:alice-martin", "person:bruno-lefevre")],
)
def test_a_conflict_with_the_submitter_excludes_the_expert(
    sqlite_store: EmbeddedStore, source: str, target: str
) -> None:
    sqlite_store.upsert(tiny_world())
    matcher = Matcher(sqlite_store, HashingEmbedder())
    from_alice = DraftContext(submitter="person:alice-martin")
    assert "person:bruno-lefevre" in listed(matcher.suggest(TIERS_LIEU, context=from_alice), "people")[0]
    sqlite_store.upsert([Edge(kind=EdgeKind.CONFLICT_OF_INTEREST, source=source, target=target)])
    result = matcher.suggest(TIERS_LIEU, context=from_alice)
    chosen, alternates = listed(result, "people")
    assert "person:bruno-lefevre" not in chosen + alternates
    assert result.excluded["people"]["conflict_of_interest"] == 1
    # Without the submitter, the conflict is no reason to leave him out.
    assert "person:bruno-lefevre" in listed(matcher.suggest(TIERS_LIEU), "people")[0]


@pytest.mark.parametrize(
    "context",
    [DraftContext(organisations=("org:ddtm-eure",)), DraftContext(submitter="person:alice-martin")],
    ids=["context-organisation", "submitters-employer"],
)
def test_a_conflict_with_the_submitters_organisation_excludes_the_partner(
    sqlite_store: EmbeddedStore, context: DraftContext
) -> None:
    sqlite_store.upsert(tiny_world())
    matcher = Matcher(sqlite_store, HashingEmbedder())
    assert listed(matcher.suggest(TIERS_LIEU, context=context), "organisations")[0][0] == "org:ville-alencon"
    sqlite_store.upsert(
        [Edge(kind=EdgeKind.CONFLICT_OF_INTEREST, source="org:ddtm-eure", target="org:ville-alencon")]
    )
    result = matcher.suggest(TIERS_LIEU, context=context)
    chosen, alternates = listed(result, "organisations")
    assert "org:ville-alencon" not in chosen + alternates
    assert result.excluded["organisations"]["conflict_of_interest"] == 1
    assert "org:ville-alencon" in listed(matcher.suggest(TIERS_LIEU), "organisations")[0]


# -- the submitter's own administration ----------------------------------------------------------


def administration_world() -> list[Record]:
    """A préfecture (part of nothing) whose text matches best, its DDT with a water unit, and a
    sibling service (the DDPP); an agent of the DDT."""
    return [
        Organisation(
            id="org:prefecture", name="Préfecture", kind=OrgKind.STATE_DECONCENTRATED, description=STRONG
        ),
        Organisation(id="org:ddt", name="DDT", kind=OrgKind.STATE_DECONCENTRATED, description=MEDIUM),
        Organisation(
            id="org:ddt-eau", name="Service eau", kind=OrgKind.STATE_DECONCENTRATED, description=MEDIUM
        ),
        Organisation(id="org:ddpp", name="DDPP", kind=OrgKind.STATE_DECONCENTRATED, description=WEAK),
        Edge(kind=EdgeKind.PART_OF, source="org:ddt", target="org:prefecture"),
        Edge(kind=EdgeKind.PART_OF, source="org:ddt-eau", target="org:ddt"),
        Edge(kind=EdgeKind.PART_OF, source="org:ddpp", target="org:prefecture"),
        Person(id="person:agent-ddt", name="Agent DDT", roles=(Role.AGENT,)),
        Edge(kind=EdgeKind.WORKS_AT, source="person:agent-ddt", target="org:ddt"),
    ]


@pytest.mark.parametrize(
    ("context", "own"),
    [
        (DraftContext(organisations=("org:ddt",)), {"org:ddt", "org:prefecture"}),
        (DraftContext(organisations=("org:ddt-eau",)), {"org:ddt-eau", "org:ddt", "org:prefecture"}),
        (DraftContext(submitter="person:agent-ddt"), {"org:ddt", "org:prefecture"}),
    ],
    ids=["ddt", "unit-of-the-ddt", "agent-of-the-ddt"],
)
def test_the_submitters_administration_up_the_chain_is_never_a_partner(
    sqlite_store: EmbeddedStore, context: DraftContext, own: set[str]
) -> None:
    sqlite_store.upsert(administration_world())
    matcher = Matcher(sqlite_store, HashingEmbedder())
    by_text = listed(matcher.suggest(DRAFT, k=10), "organisations")[0]
    assert by_text[0] == "org:prefecture"
    assert own | {"org:ddpp"} <= set(by_text)
    result = matcher.suggest(DRAFT, k=10, context=context)
    chosen, alternates = listed(result, "organisations")
    assert own.isdisjoint(chosen + alternates)
    assert "org:ddpp" in chosen  # a sibling under the same préfecture is still a partner
    assert result.excluded["organisations"]["own_organisation"] == len(own)


# -- explanations --------------------------------------------------------------------------------

FILLED_DRAFT = (
    "Nous voulons vraiment, tout simplement, transformer une fois pour toutes la médiathèque "
    "d'Évreux en tiers-lieu : l'Eure peut en avoir besoin."
)
# The candidates' texts write the same words without accents and with the same filler.
UNACCENTED = (
    "Mediatheque et tiers-lieu a Evreux, dans l'Eure : on peut vraiment, simplement, transformer une fois."
)


def explanation_world() -> list[Record]:
    return [
        Territory(id="territory:dep-27", kind=TerritoryKind.DEPARTEMENT, name="Eure", code="27"),
        Territory(id="territory:evreux", kind=TerritoryKind.COMMUNE, name="Évreux", code="27229"),
        Edge(kind=EdgeKind.LOCATED_IN, source="territory:evreux", target="territory:dep-27"),
        # Claire: her own text, in Évreux.
        Person(id="person:claire", name="Claire Petit", roles=(Role.EXPERT,), bio=UNACCENTED),
        Edge(kind=EdgeKind.LOCATED_IN, source="person:claire", target="territory:evreux"),
        # Denis: no text of his own, one project; located nowhere.
        Person(id="person:denis", name="Denis Roy", roles=(Role.EXPERT,)),
        Project(id="project:tiers-lieu", title="Un tiers-lieu a la mediatheque", description=UNACCENTED),
        Edge(kind=EdgeKind.CONTRIBUTES_TO, source="person:denis", target="project:tiers-lieu"),
        # An association of the Eure, partner in the project.
        Organisation(id="org:asso", name="Lire ensemble", kind=OrgKind.ASSOCIATION, description=UNACCENTED),
        Edge(kind=EdgeKind.LOCATED_IN, source="org:asso", target="territory:dep-27"),
        Edge(kind=EdgeKind.PARTNER_IN, source="org:asso", target="project:tiers-lieu"),
    ]


def test_every_suggestion_shows_its_similarity_and_its_territory(sqlite_store: EmbeddedStore) -> None:
    sqlite_store.upsert(explanation_world())
    result = Matcher(sqlite_store, HashingEmbedder()).suggest(FILLED_DRAFT, k=10)
    suggestions = {s.id: s for s in [*result.experts, *result.organisations]}
    assert set(suggestions) == {"person:claire", "person:denis", "org:asso"}
    for s in suggestions.values():
        assert s.evidence.similarity is not None, s.id
        assert 0 < s.evidence.similarity <= 1, s.id
    assert suggestions["person:claire"].evidence.source == "profile"
    assert suggestions["person:denis"].evidence.source == "project"
    assert suggestions["person:claire"].evidence.territory == "Évreux"
    assert suggestions["org:asso"].evidence.territory == "Eure"
    assert suggestions["person:denis"].evidence.territory is None


def words_of(terms: Sequence[str]) -> set[str]:
    return {fold(word) for term in terms for word in term.replace("-", " ").split()}


def test_key_terms_leave_out_filler_and_places_and_keep_the_drafts_accents(
    sqlite_store: EmbeddedStore,
) -> None:
    sqlite_store.upsert(explanation_world())
    result = Matcher(sqlite_store, HashingEmbedder()).suggest(FILLED_DRAFT, k=10)
    suggestions = [*result.experts, *result.organisations]
    assert suggestions
    for s in suggestions:
        terms = s.evidence.key_terms
        assert "médiathèque" in terms, s.id
        assert "tiers-lieu" in terms, s.id
        assert "mediatheque" not in terms, s.id
        shown = words_of(terms)
        assert shown.isdisjoint({"simplement", "vraiment", "peut", "fois", "besoin"}), (s.id, terms)
        assert shown.isdisjoint({"eure", "evreux"}), (s.id, terms)
