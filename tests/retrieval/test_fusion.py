from ali.retrieval.fusion import reciprocal_rank_fusion
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
