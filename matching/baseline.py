"""The word TF-IDF baseline of ``../shared/FACTS.md``: the strongest simple method, which every
quality claim is compared with, in the same run and on the same history.

``TfidfVectorizer(strip_accents="unicode", token_pattern=r"(?u)\\b[^\\W\\d_]{2,}\\b",
ngram_range=(1, 2), stop_words=<French list>, min_df=2, max_df=0.5, sublinear_tf=True)``, fitted
on every project text and every candidate's own text; a candidate's vector is the L2-normalised
sum of the L2-normalised vectors of its projects, plus 0.3 times its own normalised text vector,
normalised again; the score is the cosine with the draft.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from stop_words import get_stop_words

from graph.model import NodeKind
from matching.index import DF_CUTOFFS_FROM, FloatArray, MatchingIndex
from matching.text import fold

FRENCH_STOP_WORDS = sorted({fold(w) for w in get_stop_words("french")})


class TfidfBaseline:
    """The baseline fitted on what an index holds (so a hidden project is hidden from it too)."""

    def __init__(self, index: MatchingIndex) -> None:
        self._index = index
        own = {kind: [p.own_text for p in c.profiles] for kind, c in index.candidates.items()}
        corpus = [*index.projects.texts, *(t for texts in own.values() for t in texts)]
        large = len(corpus) >= DF_CUTOFFS_FROM
        self._vectorizer = TfidfVectorizer(
            strip_accents="unicode",
            token_pattern=r"(?u)\b[^\W\d_]{2,}\b",
            ngram_range=(1, 2),
            stop_words=FRENCH_STOP_WORDS,
            # The recipe's cut-offs, from a corpus large enough for them (as the index does).
            min_df=2 if large else 1,
            max_df=0.5 if large else 1.0,
            sublinear_tf=True,
        )
        try:
            self._vectorizer.fit(corpus)
        except ValueError:  # no word at all: every score is 0
            self._vectorizer.fit(["vide"])
        projects = normalize(sp.csr_matrix(self._vectorizer.transform(index.projects.texts)))
        self._vectors: dict[NodeKind, sp.csr_matrix] = {}
        for kind, candidates in index.candidates.items():
            if len(candidates) == 0:
                self._vectors[kind] = sp.csr_matrix((0, len(self._vectorizer.vocabulary_)))
                continue
            summed = normalize(sp.csr_matrix(candidates.projects @ projects))
            mine = normalize(self._vectorizer.transform(own[kind]))
            self._vectors[kind] = sp.csr_matrix(normalize(summed + 0.3 * mine))

    def scores(self, text: str, kind: NodeKind) -> FloatArray:
        """Cosine of the draft with every candidate of a kind (aligned with ``candidates.ids``)."""
        query = normalize(self._vectorizer.transform([text]))
        return np.asarray((self._vectors[kind] @ query.T).todense(), dtype=np.float64).ravel()
