"""The fusion: contributions that sum to the score, a reproducible fit, and a file that survives."""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path

import numpy as np
import pytest

from graph.errors import InvalidInput
from matching import fusion
from matching.fusion import (
    DEFAULT_FUSION,
    DEFAULT_MODELS,
    MIN_POSITIVES,
    MIN_PROJECTS,
    Examples,
    Fusion,
    FusionModel,
    fit_model,
    load_fusion,
    relative,
    save_fusion,
)
from matching.ranking import Pool, fuse
from matching.signals import SignalName

MODEL = FusionModel(
    weights={"lexical": 2.0, "skills": 1.0},
    intercept=-1.0,
    fitted=True,
    relative_weights={"lexical": 0.5},
)
VALUES: dict[SignalName, np.ndarray] = {
    "lexical": np.array([0.2, 0.4, 0.0]),
    "skills": np.array([0.0, 1.0, 0.5]),
    "territory": np.array([1.0, 1.0, 1.0]),  # not in the model
}


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


# -- contributions and probability ---------------------------------------------------------------


def test_contributions_add_the_relative_term() -> None:
    contributions = MODEL.contributions(VALUES)
    # lexical: 2 * value + 0.5 * value / 0.4 (the pool's best) = [0.4 + 0.25, 0.8 + 0.5, 0]
    np.testing.assert_allclose(contributions["lexical"], [0.65, 1.3, 0.0])
    # skills: 1 * value, no relative weight
    np.testing.assert_allclose(contributions["skills"], [0.0, 1.0, 0.5])


def test_a_signal_the_model_does_not_weigh_contributes_nothing() -> None:
    assert set(MODEL.contributions(VALUES)) == {"lexical", "skills"}


def test_a_signal_weighed_only_relatively_still_contributes() -> None:
    model = FusionModel(weights={}, intercept=0.0, fitted=True, relative_weights={"skills": 2.0})
    # skills / 1.0 (the best) * 2
    np.testing.assert_allclose(model.contributions(VALUES)["skills"], [0.0, 2.0, 1.0])


def test_the_relative_term_of_a_signal_zero_for_everyone_is_zero() -> None:
    model = FusionModel(
        weights={"lexical": 1.0}, intercept=0.0, fitted=True, relative_weights={"lexical": 3.0}
    )
    contributions = model.contributions({"lexical": np.zeros(3)})
    assert contributions["lexical"].tolist() == [0.0, 0.0, 0.0]


def test_fused_contributions_sum_to_the_score_and_order_the_pool() -> None:
    pool = Pool("people", np.array([0, 1, 2], dtype=np.intp), VALUES, {})
    ranked = fuse(pool, MODEL, ["person:a", "person:b", "person:c"])
    # Scores: a 0.65 + 0 = 0.65, b 1.3 + 1 = 2.3, c 0 + 0.5 = 0.5.
    assert ranked.rows.tolist() == [1, 0, 2]
    np.testing.assert_allclose(ranked.scores, [2.3, 0.65, 0.5])
    np.testing.assert_allclose(sum(ranked.contributions.values()), ranked.scores)
    assert "territory" in ranked.values and "territory" not in ranked.contributions


def test_fuse_breaks_ties_on_id() -> None:
    pool = Pool("people", np.array([0, 1], dtype=np.intp), {"lexical": np.array([0.5, 0.5])}, {})
    ranked = fuse(pool, MODEL, ["person:z", "person:a"])
    assert ranked.rows.tolist() == [1, 0]


def test_probability_is_the_sigmoid_of_intercept_plus_score() -> None:
    probabilities = MODEL.probability(np.array([0.65, 2.3, 0.5, 1.0]))
    expected = [sigmoid(-0.35), sigmoid(1.3), sigmoid(-0.5), 0.5]
    np.testing.assert_allclose(probabilities, expected)


def test_relative_divides_each_column_by_its_best() -> None:
    values = np.array([[0.2, 0.0, 1.0], [0.4, 0.0, 0.5]])
    assert relative(values).tolist() == [[0.5, 0.0, 1.0], [1.0, 0.0, 0.5]]
    assert relative(np.zeros((0, 2))).shape == (0, 2)


# -- fitting ---------------------------------------------------------------------------------------

SIGNALS: tuple[SignalName, ...] = ("lexical", "skills", "territory")


def history(projects: int, positives_each: int, *, empty: int = 0, seed: int = 1) -> Examples:
    """Pools of six candidates per past project; the right answers have a higher lexical value.

    ``territory`` is the same everywhere (none was ever recorded); ``empty`` more projects have
    no right answer at all.
    """
    rng = np.random.RandomState(seed)
    examples = Examples(SIGNALS)
    for p in range(projects + empty):
        labels = np.zeros(6, dtype=np.int_)
        if p < projects:
            labels[:positives_each] = 1
        lexical = np.clip(0.2 + 0.4 * labels + rng.normal(0, 0.15, 6), 0, 1)
        skills = rng.uniform(0, 1, 6)
        territory = np.full(6, 0.5)
        examples.add(f"project:{p}", np.column_stack([lexical, skills, territory]), labels)
    return examples


def test_examples_count_projects_with_an_answer_and_positives() -> None:
    examples = history(3, 2, empty=4)
    assert (examples.projects, examples.positives) == (3, 6)


def test_fit_needs_enough_projects() -> None:
    # 29 projects with 2 answers each: 58 positives, but one project short.
    assert fit_model(history(MIN_PROJECTS - 1, 2)) is None
    # Projects without an answer do not count.
    assert fit_model(history(MIN_PROJECTS - 1, 2, empty=5)) is None


def test_fit_needs_enough_positives() -> None:
    # 30 projects, 1 answer each: 30 positives, below 50.
    examples = history(MIN_PROJECTS, 1)
    assert examples.positives < MIN_POSITIVES
    assert fit_model(examples) is None


def test_fit_above_the_thresholds_learns_the_informative_signal() -> None:
    model = fit_model(history(MIN_PROJECTS, 2))
    assert model is not None and model.fitted
    assert set(model.weights) == set(SIGNALS) == set(model.relative_weights)
    assert model.weights["lexical"] > 0
    assert model.weights["lexical"] + model.relative_weights["lexical"] > abs(model.weights["skills"])


def test_a_constant_signal_gets_weight_zero() -> None:
    model = fit_model(history(40, 2))
    assert model is not None
    assert model.weights["territory"] == 0.0
    assert model.relative_weights["territory"] == 0.0


def test_fitting_twice_with_the_same_seed_gives_the_same_weights() -> None:
    first = fit_model(history(40, 2), seed=7)
    second = fit_model(history(40, 2), seed=7)
    assert first is not None and second is not None
    assert first == second


def direction(model: FusionModel | None) -> np.ndarray:
    """The fitted weights as a unit vector: what orders candidates, whatever the calibration."""
    assert model is not None
    vector = np.array([*model.weights.values(), *model.relative_weights.values()])
    unit: np.ndarray = vector / np.linalg.norm(vector)
    return unit


def test_the_weights_depend_on_the_history_not_on_the_seed() -> None:
    assert fit_model(history(40, 2), seed=0) == fit_model(history(40, 2), seed=5)


def test_every_right_answer_counts_alike_however_many_wrong_candidates_its_draft_has() -> None:
    examples = history(40, 2)
    crowded = Examples(SIGNALS)
    for p, (rows, labels) in enumerate(zip(examples.rows, examples.labels, strict=True)):
        # The first ten drafts list each wrong candidate three times.
        copies = 3 if p < 10 else 1
        wrong = labels == 0
        crowded.add(
            f"project:{p}",
            np.vstack([rows[~wrong], *[rows[wrong]] * copies]),
            np.concatenate([labels[~wrong], *[labels[wrong]] * copies]),
        )
    np.testing.assert_allclose(direction(fit_model(crowded)), direction(fit_model(examples)), atol=1e-4)


def test_a_history_above_the_pair_limit_is_sampled_with_the_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = fit_model(history(40, 2))
    monkeypatch.setattr(fusion, "MAX_PAIRS", 100)  # the history has 40 x 2 x 4 = 320 pairs
    sampled, again, other = (fit_model(history(40, 2), seed=s) for s in (0, 0, 1))
    assert sampled is not None and sampled.weights["lexical"] > 0
    assert sampled == again
    assert sampled != other != whole


# -- the stored fusion -----------------------------------------------------------------------------


def fitted_fusion() -> Fusion:
    return Fusion(
        models={
            "people/text": MODEL,
            "organisations/context": FusionModel(
                weights={"proximity": 1.25, "lab": -0.5}, intercept=-4.0, fitted=True
            ),
        },
        trained_at="2026-12-01",
        fingerprint="0123456789abcdef",
        hyperparameters={"C": 1.0, "seed": 0, "protocol": "10 folds (seed 0)"},
        evaluation={"people/text/fusion": {"ndcg@10": 0.5, "recall@10": 0.25, "mrr": 0.4, "n": 31}},
        examples={"people/text": {"projects": 31, "positives": 60, "rows": 900}},
        notes=("organisations/text: below the thresholds: default weights kept",),
    )


def test_fusion_json_round_trips() -> None:
    fusion = fitted_fusion()
    assert Fusion.from_json(fusion.to_json()) == fusion
    assert json.loads(fusion.to_json())["format"] == 1


def test_a_fusion_falls_back_to_the_defaults_for_a_missing_model() -> None:
    fusion = fitted_fusion()
    assert fusion.model("people", "text") == MODEL
    assert fusion.model("people", "context") is DEFAULT_MODELS["context"]


def test_unknown_signal_names_are_dropped_when_read() -> None:
    data = json.loads(fitted_fusion().to_json())
    data["models"]["people/text"]["weights"]["astrology"] = 9.0
    read = Fusion.from_json(json.dumps(data))
    assert "astrology" not in read.models["people/text"].weights


def one_model(**fields: object) -> str:
    """A fusion file of one model, with some of its fields replaced."""
    model: dict[str, object] = {"weights": {"lexical": 1.0}, "intercept": 0.0, "fitted": True, **fields}
    return json.dumps({"format": 1, "models": {"people/text": model}})


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        "[]",
        "null",
        '{"format": 2, "models": {}}',
        '{"format": 1}',
        one_model(weights=[]),
        one_model(intercept="x"),
        one_model(weights={"lexical": None}),
    ],
    ids=[
        "not-json",
        "a-list",
        "null",
        "other-format",
        "no-models",
        "weights-list",
        "bad-intercept",
        "null-weight",
    ],
)
def test_a_corrupted_file_raises_invalid_input_naming_the_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fusion.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        load_fusion(path)
    assert [p.record for p in caught.value.problems] == [str(path)]
    assert str(path) in str(caught.value)


def test_the_corruptions_above_start_from_a_readable_file() -> None:
    assert Fusion.from_json(one_model()).models["people/text"].weights == {"lexical": 1.0}


@pytest.mark.parametrize(
    "text",
    [one_model(weights={"lexical": math.nan}), one_model(intercept=math.inf), one_model(fitted="no")],
    ids=["nan-weight", "infinite-intercept", "fitted-as-text"],
)
def test_a_file_with_unusable_numbers_raises_invalid_input(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fusion.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput):
        load_fusion(path)


def test_a_truncated_file_raises_invalid_input(tmp_path: Path) -> None:
    path = tmp_path / "fusion.json"
    text = fitted_fusion().to_json()
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(InvalidInput, match=re.escape(str(path))):
        load_fusion(path)


def test_load_fusion_of_a_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    fusion = load_fusion(tmp_path / "nowhere" / "fusion.json")
    assert fusion is DEFAULT_FUSION
    assert fusion.model("organisations", "text") is DEFAULT_MODELS["text"]
    assert not fusion.model("people", "context").fitted


def test_save_then_load_gives_the_same_fusion_and_no_partial_file(tmp_path: Path) -> None:
    path = tmp_path / "models" / "fusion.json"
    save_fusion(fitted_fusion(), path)
    assert load_fusion(path) == fitted_fusion()
    assert sorted(p.name for p in path.parent.iterdir()) == ["fusion.json"]


def test_a_save_that_fails_midway_leaves_the_previous_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "fusion.json"
    save_fusion(fitted_fusion(), path)
    before = path.read_bytes()

    def fail_after_writing(fd: int) -> None:
        raise OSError("disk full")

    # The new file is written in full, then the flush to disk fails: nothing replaces the old one.
    monkeypatch.setattr(os, "fsync", fail_after_writing)
    with pytest.raises(OSError, match="disk full"):
        save_fusion(Fusion(models={"people/text": DEFAULT_MODELS["text"]}), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert load_fusion(path) == fitted_fusion()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fusion.json"]  # no partial file left
