"""Lexical similarity: TF-IDF over accent-folded French words (scikit-learn)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.text import fold as fold  # re-exported: fold lived here first

# Short French function words; folded (no accents) because the analyser folds before it filters.
FRENCH_STOP_WORDS = frozenset(
    {
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cet",
        "cette",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "elles",
        "en",
        "et",
        "eux",
        "il",
        "ils",
        "je",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "ma",
        "mais",
        "me",
        "meme",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "c",
        "d",
        "j",
        "l",
        "m",
        "n",
        "s",
        "t",
        "y",
        "ete",
        "etre",
        "avoir",
        "est",
        "sont",
        "ont",
        "fait",
        "faire",
        "plus",
        "tres",
        "tout",
        "tous",
        "toute",
        "toutes",
        "sans",
        "sous",
        "entre",
        "comme",
        "dont",
        "aussi",
        "ainsi",
        "afin",
        "car",
        "si",
        "deja",
        "encore",
        "ici",
        "cela",
        "celle",
        "celui",
        "ceux",
        "chez",
        "lors",
        "apres",
        "avant",
        "depuis",
        "pendant",
        "vers",
        "notamment",
        "nbsp",
    }
)


class LexicalIndex:
    """Cosine similarity of TF-IDF vectors between a query and each owner's text.

    Args:
        texts: owner id -> text. Owners with empty text get score 0.
    """

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.owner_ids: list[str] = sorted(texts)
        self._vectorizer = TfidfVectorizer(
            preprocessor=fold,
            token_pattern=r"(?u)\b[a-z0-9][a-z0-9]+\b",
            stop_words=sorted(FRENCH_STOP_WORDS),
            sublinear_tf=True,
            ngram_range=(1, 2),
            min_df=1,
        )
        self._row = {owner: i for i, owner in enumerate(self.owner_ids)}
        corpus = [texts[o] for o in self.owner_ids]
        self._matrix = self._vectorizer.fit_transform(corpus) if any(c.strip() for c in corpus) else None
        self._terms = self._vectorizer.get_feature_names_out() if self._matrix is not None else None

    def scores(self, query: str) -> dict[str, float]:
        """Cosine between the query and each owner, in [0, 1]."""
        if self._matrix is None:
            return {o: 0.0 for o in self.owner_ids}
        q = self._vectorizer.transform([query])
        # Sparse matrix times a dense vector is a plain mat-vec, far cheaper than sparse x sparse.
        sims = self._matrix @ q.toarray().ravel()
        return {o: float(s) for o, s in zip(self.owner_ids, sims, strict=True)}

    def top_terms(self, query: str, owner_ids: Sequence[str], *, n: int = 5) -> dict[str, list[str]]:
        """For each owner, the shared terms that weigh most in its score (explanations)."""
        if self._matrix is None or self._terms is None:
            return {owner: [] for owner in owner_ids}
        q = self._vectorizer.transform([query])
        out = {}
        for owner in owner_ids:
            product = self._matrix[self._row[owner]].multiply(q).tocoo()
            order = np.argsort(-product.data)[:n]
            out[owner] = [str(self._terms[product.col[i]]) for i in order]
        return out
