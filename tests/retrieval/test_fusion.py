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
