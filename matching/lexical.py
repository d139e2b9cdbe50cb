"""Lexical weighting: TF-IDF over the analysed French features, with counts kept across revisions.

A new revision of the graph changes a handful of texts; re-analysing and re-counting every
project and profile each time would dominate the refresh. :class:`TermCounts` keeps each text's
feature counts (by text), so a refresh counts only new texts; :func:`fit_tfidf` then weighs them
with sparse algebra, as scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` would (smoothed
idf ``ln((1 + n) / (1 + df)) + 1``, tf ``1 + ln(count)``, rows L2-normalised, document-frequency
cut-offs) — ``tests/matching/test_lexical.py`` checks the equality.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matching.text import fold

__all__ = ["TermCounts", "TfIdf", "fit_tfidf", "fold"]

Analyzer = Callable[[str], list[str]]


class TermCounts:
    """Feature counts of texts, memoised by text.

    Args:
        analyzer: text -> features (``matching.text.analyze``).

    Columns are global and only ever added, so a text's counts stay valid for the life of the
    object; :meth:`keep_only` forgets texts that are gone.
    """

    def __init__(self, analyzer: Analyzer) -> None:
        self._analyzer = analyzer
        self.features: list[str] = []
        self._column: dict[str, int] = {}
        self._rows: dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]] = {}

    def counts(self, text: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """The text's (columns, counts), columns ascending."""
        row = self._rows.get(text)
        if row is None:
            counted = Counter(self._analyzer(text))
            for feature in counted:
                if feature not in self._column:
                    self._column[feature] = len(self.features)
                    self.features.append(feature)
            pairs = sorted((self._column[f], float(n)) for f, n in counted.items())
            row = (
                np.array([c for c, _ in pairs], dtype=np.int64),
                np.array([n for _, n in pairs], dtype=np.float64),
            )
            self._rows[text] = row
        return row

    def matrix(self, texts: Sequence[str]) -> sp.csr_matrix:
        """(texts x every feature seen so far) raw counts."""
        rows = [self.counts(t) for t in texts]
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(c) for c, _ in rows])
        indices = np.concatenate([c for c, _ in rows]) if rows else np.zeros(0, dtype=np.int64)
        data = np.concatenate([n for _, n in rows]) if rows else np.zeros(0)
        return sp.csr_matrix((data, indices, indptr), shape=(len(rows), len(self.features)))

    def keep_only(self, texts: Iterable[str]) -> None:
        """Forget the counts of texts not in ``texts`` (columns stay)."""
        wanted = set(texts)
        for text in [t for t in self._rows if t not in wanted]:
            del self._rows[text]


@dataclass(frozen=True)
class TfIdf:
    """The fitted weighting: which global columns are kept, in which local order, with their idf."""

    counts: TermCounts
    columns: npt.NDArray[np.int64]
    """Global column of each kept feature (local column = position here)."""
    idf: npt.NDArray[np.float64]

    @property
    def terms(self) -> list[str]:
        return [self.counts.features[c] for c in self.columns]

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """(texts x kept features) TF-IDF rows, L2-normalised."""
        raw = self.counts.matrix(texts)
        return self.weigh(raw)

    @cached_property
    def _local(self) -> npt.NDArray[np.int64]:
        """The local column of each global one, -1 for a feature not kept."""
        local = np.full(len(self.counts.features), -1, dtype=np.int64)
        local[self.columns] = np.arange(len(self.columns))
        return local

    def weigh(self, raw: sp.csr_matrix) -> sp.csr_matrix:
        """Raw counts (over every feature seen) to TF-IDF rows over the kept features:
        ``(1 + log count) * idf``, each row L2-normalised. Reads only the counts present, so a
        one-row draft costs its own words, not the vocabulary."""
        raw = sp.csr_matrix(raw)
        local = self._local
        known = raw.indices < len(local)  # a feature first seen after the fit is not kept
        columns = np.full(len(raw.indices), -1, dtype=np.int64)
        columns[known] = local[raw.indices[known]]
        kept = columns >= 0
        indptr = np.concatenate([[0], np.cumsum(kept)])[raw.indptr]
        data = (1.0 + np.log(raw.data[kept])) * self.idf[columns[kept]]
        rows = np.repeat(np.arange(raw.shape[0]), np.diff(indptr))
        norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=raw.shape[0]))
        norms[norms == 0] = 1.0
        data = data / norms[rows]
        out = sp.csr_matrix((data, columns[kept], indptr), shape=(raw.shape[0], len(self.columns)))
        out.sort_indices()
        return out


def fit_tfidf(counts: TermCounts, raw: sp.csr_matrix, *, min_df: int = 1, max_df: float = 1.0) -> TfIdf:
    """Fit the idf on a corpus's raw counts, dropping features in fewer than ``min_df`` texts or in
    more than ``max_df`` of them (a share).

    >>> counts = TermCounts(str.split)
    >>> model = fit_tfidf(counts, counts.matrix(["a b", "a c", "a"]), max_df=0.9)
    >>> sorted(model.terms)
    ['b', 'c']
    """
    n = raw.shape[0]
    df = np.bincount(raw.indices, minlength=raw.shape[1]) if raw.nnz else np.zeros(raw.shape[1], np.int64)
    most = max_df * n if isinstance(max_df, float) else max_df
    keep = np.flatnonzero((df >= min_df) & (df <= most) & (df > 0))
    idf = np.log((1.0 + n) / (1.0 + df[keep])) + 1.0
    return TfIdf(counts=counts, columns=keep.astype(np.int64), idf=idf.astype(np.float64))


def idf_of(n_texts: int, df: int) -> float:
    """Smoothed idf: ``ln((1 + n) / (1 + df)) + 1``.

    >>> round(idf_of(3, 1), 4)
    1.6931
    """
    return math.log((1 + n_texts) / (1 + df)) + 1
