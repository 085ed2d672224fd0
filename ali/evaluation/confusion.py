"""The intents confusion matrices as a picture: ALI and the baseline side by side, each row
normalised to the share of that expected intent (matplotlib, Agg backend, no display needed)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ali.evaluation.intent_baseline import IntentScores


def labels_of(scores: Sequence[IntentScores]) -> list[str]:
    found: set[str] = set()
    for system in scores:
        for expected, row in system.confusion.items():
            found.add(expected)
            found.update(row)
    return sorted(found)


def matrix(system: IntentScores, labels: Sequence[str]) -> list[list[float]]:
    """Row-normalised shares: `matrix[i][j]` of the messages labelled i were predicted j."""
    rows = []
    for expected in labels:
        counts = system.confusion.get(expected, {})
        total = sum(counts.values())
        rows.append([counts.get(predicted, 0) / total if total else 0.0 for predicted in labels])
    return rows


def draw(scores: Sequence[IntentScores], path: Path) -> Path:
    """Write the PNG to `path` and return it."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = labels_of(scores)
    figure, axes = plt.subplots(1, len(scores), figsize=(6.2 * len(scores), 6.0), squeeze=False)
    for axis, system in zip(axes[0], scores, strict=True):
        shares = matrix(system, labels)
        axis.imshow(shares, cmap="Blues", vmin=0.0, vmax=1.0)
        axis.set_title(f"{system.system}: accuracy {system.accuracy:.3f}", fontsize=10)
        axis.set_xticks(range(len(labels)), labels, rotation=60, ha="right", fontsize=7)
        axis.set_yticks(range(len(labels)), labels, fontsize=7)
        axis.set_xlabel("predicted")
        axis.set_ylabel("expected")
        for i, row in enumerate(shares):
            for j, share in enumerate(row):
                if share:
                    colour = "white" if share > 0.5 else "black"
                    axis.text(
                        j, i, f"{share:.2f}", ha="center", va="center", fontsize=5.5, color=colour
                    )
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path
