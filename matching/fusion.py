"""The fusion: how much each signal counts, learned from the network's own history.

Every past project is a draft whose members and partner organisations are the right answers.
``passerelle fit`` hides projects in turn (:mod:`matching.evaluation`), computes every signal for
the candidates of each, and fits a logistic regression per kind of candidate (people,
organisations) and per setting (the text alone, or the text with the draft's context). A
suggestion's score is the linear part ``sum of weight * signal``, so each signal's contribution
is one term and the contributions sum to the score; its probability of relevance,
``sigmoid(intercept + score)``, is comparable across drafts.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression

from graph.errors import InvalidInput, Problem
from matching.signals import CONTEXT_SIGNALS, SIGNALS, TEXT_SIGNALS, SignalName

Who = Literal["people", "organisations"]
Setting = Literal["text", "context"]
WHO: tuple[Who, ...] = ("people", "organisations")
SETTINGS: tuple[Setting, ...] = ("text", "context")

MIN_PROJECTS = 30
"""A model is fitted only from at least this many past projects with an answer to find..."""
MIN_POSITIVES = 50
"""...and at least this many right answers among their candidates; below, the defaults stay."""

MAX_PAIRS = 1_000_000
"""Pairs of a right answer and a wrong candidate the fit takes whole (beta.gouv.fr's 456 projects
make at most 671,061, fitted in 8.5 s); a larger history keeps an even share of each answer's
wrong candidates, drawn with the seed, so that the pairs' matrices stay under about 1 GB."""

FORMAT_VERSION = 1


def signals_for(setting: Setting) -> tuple[SignalName, ...]:
    """The signals a setting uses: the text ones, plus the context ones with a context."""
    return TEXT_SIGNALS if setting == "text" else TEXT_SIGNALS + CONTEXT_SIGNALS


def relative(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Each column divided by its best value in the pool (0 where the best is 0).

    >>> relative(np.array([[0.2, 0.0], [0.4, 0.0]])).tolist()
    [[0.5, 0.0], [1.0, 0.0]]
    """
    best = values.max(axis=0) if len(values) else np.zeros(values.shape[1])
    return np.divide(values, best, out=np.zeros_like(values), where=best > 0)


@dataclass(frozen=True)
class FusionModel:
    """Weights of the signals for one kind of candidate in one setting.

    A signal counts twice: by its value (comparable across drafts) and by its value relative to
    the best candidate of the draft (what makes the ranking within a draft). A signal's
    contribution is the sum of both terms, so the contributions still sum to the score.
    """

    weights: Mapping[str, float]
    intercept: float
    fitted: bool
    relative_weights: Mapping[str, float] = field(default_factory=dict)

    def contributions(
        self, values: Mapping[SignalName, npt.NDArray[np.float64]]
    ) -> dict[str, npt.NDArray[np.float64]]:
        """Each signal's contribution: ``w * value + w_rel * value / best value`` (absent signals
        count 0)."""
        out: dict[str, npt.NDArray[np.float64]] = {}
        for name, value in values.items():
            key = str(name)
            if key not in self.weights and key not in self.relative_weights:
                continue
            best = float(value.max()) if len(value) else 0.0
            scaled = value / best if best > 0 else np.zeros_like(value)
            out[key] = self.weights.get(key, 0.0) * value + self.relative_weights.get(key, 0.0) * scaled
        return out

    def probability(self, score: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """``sigmoid(intercept + score)``: the probability that a candidate is right."""
        return 1.0 / (1.0 + np.exp(-(self.intercept + score)))


_DEFAULT_TEXT: dict[str, float] = {
    "semantic": 3.0,
    "lexical": 6.0,
    "own_text": 1.0,
    "similar_projects": 2.0,
    "continuity": 0.0,
    "skills": 2.0,
    "named": 2.0,
    "experience": 0.5,
    "related_labs": 0.0,
    "related_partners": 0.0,
    "availability": 0.5,
}
_DEFAULT_CONTEXT: dict[str, float] = {
    **_DEFAULT_TEXT,
    "proximity": 1.0,
    "sponsors": 1.5,
    "lab": 1.5,
    "lab_similarity": 2.0,
    "territory": 0.5,
    "activity": 1.0,
}
DEFAULT_MODELS: dict[Setting, FusionModel] = {
    "text": FusionModel(_DEFAULT_TEXT, intercept=-7.0, fitted=False),
    "context": FusionModel(_DEFAULT_CONTEXT, intercept=-9.0, fitted=False),
}
"""Hand-set weights, used until the history is large enough to learn from. They favour the
lexical signal, as measured on real French data before any fit (``bench/README.md``)."""


@dataclass(frozen=True)
class Fusion:
    """The four models, and where they come from."""

    models: Mapping[str, FusionModel]
    """Keyed ``"people/text"``, ``"organisations/context"``…"""
    trained_at: str | None = None
    fingerprint: str | None = None
    hyperparameters: Mapping[str, object] = field(default_factory=dict)
    evaluation: Mapping[str, object] = field(default_factory=dict)
    examples: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def model(self, who: Who, setting: Setting) -> FusionModel:
        return self.models.get(f"{who}/{setting}") or DEFAULT_MODELS[setting]

    def to_json(self) -> str:
        data = asdict(self)
        data["format"] = FORMAT_VERSION
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str, *, source: str = "fusion") -> Fusion:
        """Read a fitted fusion; a file that is not one raises ``InvalidInput`` naming it."""
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT_VERSION:
                raise ValueError(f"format {data.get('format')!r}, expected {FORMAT_VERSION}")
            models = {
                key: FusionModel(
                    weights={str(k): _finite(v) for k, v in m["weights"].items() if k in SIGNALS},
                    intercept=_finite(m["intercept"]),
                    fitted=_boolean(m["fitted"]),
                    relative_weights={
                        str(k): _finite(v)
                        for k, v in (m.get("relative_weights") or {}).items()
                        if k in SIGNALS
                    },
                )
                for key, m in data["models"].items()
            }
            return cls(
                models=models,
                trained_at=data.get("trained_at"),
                fingerprint=data.get("fingerprint"),
                hyperparameters=data.get("hyperparameters") or {},
                evaluation=data.get("evaluation") or {},
                examples=data.get("examples") or {},
                notes=tuple(data.get("notes") or ()),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise InvalidInput([Problem(source, "fusion", f"not a fitted fusion model: {e}")]) from e


def _finite(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{value!r} is not a finite number")
    return float(value)


def _boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{value!r} is not true or false")
    return value


DEFAULT_FUSION = Fusion(models={})


def load_fusion(path: Path) -> Fusion:
    """The fusion stored at ``path``, or the defaults when there is none yet."""
    if not path.exists():
        return DEFAULT_FUSION
    return Fusion.from_json(path.read_text(encoding="utf-8"), source=str(path))


def save_fusion(fusion: Fusion, path: Path) -> None:
    """Write atomically: a reader never sees half a file, and a failed write leaves nothing behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, kept for the rename)
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".partial", delete=False
    )
    try:
        with handle:
            handle.write(fusion.to_json())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


@dataclass
class Examples:
    """Labelled rows for one kind and setting: signal values of pooled candidates, and whether
    each was a right answer, grouped by the past project that played the draft."""

    signals: tuple[SignalName, ...]
    rows: list[npt.NDArray[np.float64]] = field(default_factory=list)
    labels: list[npt.NDArray[np.int_]] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)

    def add(self, group: str, values: npt.NDArray[np.float64], labels: npt.NDArray[np.int_]) -> None:
        self.rows.append(values)
        self.labels.append(labels)
        self.groups.append(group)

    @property
    def projects(self) -> int:
        return sum(1 for y in self.labels if y.any())

    @property
    def positives(self) -> int:
        return int(sum(int(y.sum()) for y in self.labels))


HYPERPARAMETERS: dict[str, object] = {
    "model": "pairwise logistic regression, then Platt calibration",
    # Each right answer weighs 2 in the pairwise fit (its pairs, both orders); C 15 is the
    # regularisation the fit had on 30 sampled pairs an answer with C 1.
    "C": 15.0,
    "pairs": "each right answer against every wrong candidate of its draft (an even share drawn with "
    "the seed above MAX_PAIRS), weighing 1 per answer",
    "max_iter": 5000,
}


def _features(rows: npt.NDArray[np.float64], varies: Sequence[int]) -> npt.NDArray[np.float64]:
    return np.hstack([rows[:, varies], relative(rows)[:, varies]])


def fit_model(examples: Examples, *, seed: int = 0) -> FusionModel | None:
    """Fit the weights of one kind and setting; ``None`` when the history is below the thresholds.

    The weights are learned on pairs, as ranking needs: each right answer of a past draft
    against every wrong candidate of the same draft, each pair weighing ``1 / wrong candidates``
    so that every right answer counts alike, in a logistic regression without intercept on
    their differences (each pair in both orders). Taking every pair rather than a sample leaves
    nothing to chance: the weights depend on the history only, up to :data:`MAX_PAIRS` pairs;
    beyond, each answer keeps the same share of its wrong candidates, drawn with the seed. A
    one-variable logistic regression of the labels on the resulting scores then scales the
    weights and gives the intercept, so that ``sigmoid(intercept + score)`` is a probability of
    relevance. A signal that never varies in the history (no territory recorded, no introduction
    made) cannot be learned: its weights stay 0.
    """
    if examples.projects < MIN_PROJECTS or examples.positives < MIN_POSITIVES:
        return None
    n = len(examples.signals)
    values = np.vstack(examples.rows)
    varies = [j for j in range(n) if np.ptp(values[:, j]) > 0]
    pairs = sum(int(y.sum()) * int((y == 0).sum()) for y in examples.labels)
    share = min(1.0, MAX_PAIRS / max(pairs, 1))
    rng = np.random.RandomState(seed)
    differences: list[npt.NDArray[np.float64]] = []
    weighing: list[npt.NDArray[np.float64]] = []
    for rows, labels in zip(examples.rows, examples.labels, strict=True):
        features = _features(rows, varies)
        right, wrong = features[labels == 1], features[labels == 0]
        if not len(right) or not len(wrong):
            continue
        taken = max(1, math.ceil(share * len(wrong)))
        for answer in right:
            against = wrong if taken == len(wrong) else wrong[rng.choice(len(wrong), taken, replace=False)]
            differences.append(answer - against)
            weighing.append(np.full(taken, 1.0 / taken))
    if not differences:
        return None
    ahead, weight = np.vstack(differences), np.concatenate(weighing)
    ranking = LogisticRegression(
        C=float(HYPERPARAMETERS["C"]),  # type: ignore[arg-type]
        fit_intercept=False,
        max_iter=int(HYPERPARAMETERS["max_iter"]),  # type: ignore[call-overload]
        random_state=seed,
    ).fit(
        np.vstack([ahead, -ahead]),
        np.concatenate([np.ones(len(ahead), dtype=int), np.zeros(len(ahead), dtype=int)]),
        sample_weight=np.concatenate([weight, weight]),
    )
    direction = ranking.coef_[0]
    scores = np.concatenate([_features(rows, varies) @ direction for rows in examples.rows])
    calibration = LogisticRegression(max_iter=1000, random_state=seed).fit(
        scores[:, None], np.concatenate(examples.labels)
    )
    scale = float(calibration.coef_[0][0])
    weights = {str(name): 0.0 for name in examples.signals}
    relative_weights = dict(weights)
    for i, j in enumerate(varies):
        weights[str(examples.signals[j])] = scale * float(direction[i])
        relative_weights[str(examples.signals[j])] = scale * float(direction[len(varies) + i])
    return FusionModel(
        weights=weights,
        intercept=float(calibration.intercept_[0]),
        fitted=True,
        relative_weights=relative_weights,
    )


def fingerprint(parts: Sequence[str]) -> str:
    """A short, order-independent digest of the data a fusion was fitted on.

    >>> fingerprint(["b", "a"]) == fingerprint(["a", "b"])
    True
    """
    digest = hashlib.sha256()
    for part in sorted(parts):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))
