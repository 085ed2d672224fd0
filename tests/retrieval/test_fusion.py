from ali.retrieval.fusion import Scale, reciprocal_rank_fusion, score_fusion
from ali.retrieval.hits import Hit


def test_agreement_between_lists_wins() -> None:
    fused = reciprocal_rank_fusion(
        {"a": [Hit("x", 9), Hit("y", 8)], "b": [Hit("y", 0.9), Hit("z", 0.5)]},
        weights={"a": 1.0, "b": 1.0},
    )
    assert [pid for pid, _ in fused] == ["y", "x", "z"]


def test_weights_scale_a_list() -> None:
    fused = reciprocal_rank_fusion(
        {"a": [Hit("x", 1)], "b": [Hit("y", 1)]}, weights={"a": 0.5, "b": 1.0}
    )
    assert fused[0][0] == "y"


def test_equal_scores_share_a_rank_and_the_tie_breaker_decides() -> None:
    # Both names matched in full (fuzzy 100): equal evidence, not the catalogue's order; the
    # words only one entry has (BM25) then decide between the equal sums.
    rankings = {
        "dense": [Hit("multas.pago", 0.87), Hit("multas.alegaciones", 0.85)],
        "bm25": [Hit("multas.alegaciones", 5.8), Hit("multas.pago", 4.7)],
        "fuzzy": [Hit("multas.pago", 100.0), Hit("multas.alegaciones", 100.0)],
    }
    fused = reciprocal_rank_fusion(rankings, {}, tie_breaker="bm25")
    assert [procedure for procedure, _ in fused] == ["multas.alegaciones", "multas.pago"]
    assert fused[0][1] == fused[1][1]


def test_score_fusion_lets_two_strong_lists_beat_one_weak_match_in_all_three() -> None:
    # "just finished building our villa, what licence do we need before we can live in it":
    # BM25 and the embeddings rank the first-occupancy licence first; a word window fuzzy-matches
    # "dog licence" barely. RRF put the dog licence first, for being in all three lists.
    rankings = {
        "dense": [Hit("occupancy", 0.86), Hit("works", 0.84), Hit("dog", 0.80), Hit("z", 0.70)],
        "bm25": [Hit("occupancy", 9.0), Hit("works", 6.0), Hit("dog", 5.0), Hit("z", 1.0)],
        "fuzzy": [Hit("dog", 78.0)],
    }
    weights = {"dense": 1.0, "bm25": 1.0, "fuzzy": 0.75}
    assert reciprocal_rank_fusion(rankings, weights)[0][0] == "dog"
    scales = {"fuzzy": Scale(low=50.0, high=100.0)}
    assert score_fusion(rankings, weights, scales)[0][0] == "occupancy"


def test_score_fusion_normalises_each_list_between_its_last_and_first_hit() -> None:
    fused = dict(score_fusion({"bm25": [Hit("a", 12.0), Hit("b", 7.0), Hit("c", 2.0)]}, {}))
    assert fused == {"a": 1.0, "b": 0.5, "c": 0.0}


def test_a_fixed_scale_keeps_a_score_absolute_and_clips_it() -> None:
    scale = Scale(low=75.0, high=100.0)
    assert scale.normalise([Hit("a", 100.0), Hit("b", 80.0), Hit("c", 60.0)]) == [
        ("a", 1.0),
        ("b", 0.2),
        ("c", 0.0),
    ]
    # A single hit, or hits all equal, count in full.
    assert Scale().normalise([Hit("a", 3.0), Hit("b", 3.0)]) == [("a", 1.0), ("b", 1.0)]


def test_score_fusion_weights_and_tie_breaker() -> None:
    rankings = {"a": [Hit("x", 2.0), Hit("y", 1.0)], "b": [Hit("y", 2.0), Hit("x", 1.0)]}
    assert score_fusion(rankings, {"a": 0.5})[0][0] == "y"
    tied = score_fusion(rankings, {}, tie_breaker="b")
    assert [procedure for procedure, _ in tied] == ["y", "x"]
    assert tied[0][1] == tied[1][1]
