"""Drafts the front desk may receive that are not plain French, through the real model on the
seed network in a real SQLite file: the answer says so rather than pretending to match."""

from __future__ import annotations

import pytest

from graph.embedded import EmbeddedStore
from matching.embedder import Embedder
from matching.matcher import Matcher, SuggestionSet

pytestmark = pytest.mark.model

OPEN_DATA_FR = (
    "Notre communauté d'agglomération voudrait publier en données ouvertes les jeux de données de "
    "ses services (équipements, subventions, horaires) sur un portail commun avec les communes."
)
OPEN_DATA_EN = (
    "We would like to publish our departments' datasets as open data on a shared portal with the "
    "municipalities, and help staff keep them up to date."
)
OPEN_DATA_EXPERTS = {"person:julien-duhamel", "person:pierre-lemoine"}
"""The seed's open-data people (the labelled draft q02 names them first)."""


@pytest.fixture(scope="module")
def matcher(seed_store: EmbeddedStore, real_embedder: Embedder) -> Matcher:
    return Matcher(seed_store, real_embedder)


def codes(result: SuggestionSet) -> list[str]:
    return [n.code for n in result.notices]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("🙂🚀🎉📊🤝", id="emoji"),
        pytest.param("نريد فتح بيانات خدماتنا على بوابة مشتركة مع البلديات", id="arabic"),
        pytest.param("我们希望与各市镇共同建立一个开放数据门户，公开各部门的数据。", id="chinese"),
    ],
)
def test_a_draft_without_a_french_word_gets_nothing_matched_and_no_picks(matcher: Matcher, text: str) -> None:
    result = matcher.suggest(text, k=10)
    assert not result.matched
    assert "nothing_matched" in codes(result)
    assert "not_french" in codes(result)
    assert result.experts == [] and result.organisations == []
    assert all(rows == [] for rows in result.alternates.values())


def test_an_english_draft_is_told_matching_is_tuned_for_french(matcher: Matcher) -> None:
    result = matcher.suggest(OPEN_DATA_EN, k=10)
    assert "not_french" in codes(result)
    notice = next(n for n in result.notices if n.code == "not_french")
    assert "français" in notice.message


def test_a_french_open_data_draft_is_matched_without_a_language_notice(matcher: Matcher) -> None:
    result = matcher.suggest(OPEN_DATA_FR, k=10)
    assert result.matched
    assert not {"not_french", "nothing_matched"} & set(codes(result))
    top = [s.id for s in result.experts[:3]]
    assert OPEN_DATA_EXPERTS & set(top), top
    assert result.experts[0].signals["semantic"] > 0  # the real model took part
    assert result.organisations


OPEN_DATA_UNACCENTED = (
    "Notre communaute d'agglomeration voudrait publier en donnees ouvertes les jeux de donnees de "
    "ses services (equipements, subventions, horaires) sur un portail commun avec les communes."
)


def test_a_draft_typed_without_accents_meets_skills_and_shows_accented_terms(matcher: Matcher) -> None:
    result = matcher.suggest(OPEN_DATA_UNACCENTED, k=10)
    assert result.matched and "not_french" not in codes(result)
    top = [s for s in result.experts[:3] if s.id in OPEN_DATA_EXPERTS]
    assert top, [s.id for s in result.experts[:3]]
    assert top[0].signals["skills"] > 0
    assert "Données ouvertes" in top[0].evidence.shared_skills
    shown = {t for s in result.experts for t in s.evidence.key_terms}
    assert "données" in shown and "donnees" not in shown
