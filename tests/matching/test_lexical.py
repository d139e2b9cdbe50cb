"""The cached TF-IDF weighs exactly as scikit-learn's TfidfVectorizer, and counts each text once."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.lexical import TermCounts, fit_tfidf
from matching.text import analyze

TEXTS = [
    "Ouvrir les données publiques de l'Eure sur un portail commun.",
    "Un guichet d'état civil plus simple pour les usagers.",
    "La médiathèque devient un tiers-lieu avec les associations.",
    "Les données des associations et des tiers-lieux du département.",
    "Former les agents de l'État à l'accueil des usagers.",
]


def sklearn_matrix(min_df: int, max_df: float) -> tuple[list[str], np.ndarray]:
    vectorizer = TfidfVectorizer(analyzer=analyze, sublinear_tf=True, min_df=min_df, max_df=max_df)
    matrix = vectorizer.fit_transform(TEXTS).toarray()
    return list(vectorizer.get_feature_names_out()), matrix


def test_weights_equal_scikit_learns_with_and_without_cut_offs() -> None:
    for min_df, max_df in ((1, 1.0), (2, 0.5)):
        counts = TermCounts(analyze)
        model = fit_tfidf(counts, counts.matrix(TEXTS), min_df=min_df, max_df=max_df)
        ours = model.transform(TEXTS).toarray()
        names, theirs = sklearn_matrix(min_df, max_df)
        order = [model.terms.index(name) for name in names]
        np.testing.assert_allclose(ours[:, order], theirs, atol=1e-12)
        assert sorted(model.terms) == names


def test_each_text_is_analysed_once_across_fits() -> None:
    seen: list[str] = []

    def counting(text: str) -> list[str]:
        seen.append(text)
        return analyze(text)

    counts = TermCounts(counting)
    fit_tfidf(counts, counts.matrix(TEXTS))
    fit_tfidf(counts, counts.matrix([*TEXTS, "Un nouveau texte sur les données."]))
    assert len(seen) == len(TEXTS) + 1
    counts.keep_only(TEXTS[:2])
    counts.matrix(TEXTS[:3])
    assert len(seen) == len(TEXTS) + 2  # the third text was forgotten, then counted again


def test_a_query_of_unknown_words_is_an_empty_row() -> None:
    counts = TermCounts(analyze)
    model = fit_tfidf(counts, counts.matrix(TEXTS))
    row = model.transform(["zzzz qqqq"])
    assert row.nnz == 0 and row.shape == (1, len(model.terms))


def test_new_texts_weigh_as_scikit_learns_transform_with_words_first_seen_after_the_fit() -> None:
    counts = TermCounts(analyze)
    model = fit_tfidf(counts, counts.matrix(TEXTS), min_df=2, max_df=0.9)
    model.transform(TEXTS[:1])  # the mapping to kept columns is built before the new words arrive
    drafts = ["Des données ouvertes pour les usagers du guichet, et un mot neuf : zzzz.", "qqqq", TEXTS[3]]
    ours = model.transform(drafts).toarray()
    vectorizer = TfidfVectorizer(analyzer=analyze, sublinear_tf=True, min_df=2, max_df=0.9).fit(TEXTS)
    order = [model.terms.index(name) for name in vectorizer.get_feature_names_out()]
    np.testing.assert_allclose(ours[:, order], vectorizer.transform(drafts).toarray(), atol=1e-12)
    assert ours[1].sum() == 0.0 and ours[0].any()
