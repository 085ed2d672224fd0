"""The intent baseline: TF-IDF (character n-grams) and logistic regression (scikit-learn),
trained on the examples ALI itself learns from, scored on `evals/intents.jsonl` beside ALI.

Training texts: the intent examples (package defaults plus the council's `intents.yaml`; the
three crisis routes folded into `emergency`, the label the eval set uses) and, for the two
retrieval-driven intents, the catalogue's titles and aliases (`procedure_info`, or `referral`
for a referral entry). Any training text that also appears in the eval set is dropped, so the
classifier is never trained on what it is scored on. `clarify` has no training examples (ALI
decides it from retrieval ambiguity), so the baseline never predicts it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline

from ali.catalogue.catalogue import Catalogue
from ali.evaluation.intents import IntentCase
from ali.language.text import fold
from ali.retrieval.passages import Passage

NAME = "TF-IDF + logistic regression"


def _label(example: str) -> str:
    return "emergency" if example.startswith("emergency_") else example


def training_set(
    examples: Sequence[Passage], catalogue: Catalogue, exclude: Sequence[str] = ()
) -> list[tuple[str, str]]:
    """(text, intent) pairs, without any text that is in `exclude` (compared accent-folded)."""
    held_out = {fold(text.strip()) for text in exclude}
    pairs = [(example.text, _label(example.key)) for example in examples]
    for procedure in catalogue:
        label = "referral" if procedure.kind == "referral" else "procedure_info"
        for language in catalogue.languages:
            entry = procedure.text[language]
            pairs.extend((name, label) for name in [entry.title, *entry.aliases])
    seen: set[tuple[str, str]] = set()
    kept = []
    for text, label in pairs:
        key = (fold(text.strip()), label)
        if key[0] not in held_out and key not in seen:
            seen.add(key)
            kept.append((text, label))
    return kept


def train(pairs: Sequence[tuple[str, str]]) -> Pipeline:
    pipeline = make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True),
        LogisticRegression(max_iter=2000, C=10.0, class_weight="balanced"),
    )
    pipeline.fit([text for text, _ in pairs], [label for _, label in pairs])
    return pipeline


@dataclass
class IntentScores:
    """One system's intent accuracy overall and per language, and its confusion counts."""

    system: str
    count: int
    accuracy: float
    by_language: dict[str, float]
    confusion: dict[str, dict[str, int]]

    def as_dict(self) -> dict[str, object]:
        return vars(self)


def score(system: str, cases: Sequence[IntentCase], predicted: Sequence[str]) -> IntentScores:
    right: dict[str, list[bool]] = defaultdict(list)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for case, label in zip(cases, predicted, strict=True):
        right[case.language].append(case.intent == label)
        confusion[case.intent][label] += 1
    flat = [ok for oks in right.values() for ok in oks]
    return IntentScores(
        system=system,
        count=len(flat),
        accuracy=sum(flat) / len(flat) if flat else 0.0,
        by_language={lang: sum(oks) / len(oks) for lang, oks in sorted(right.items())},
        confusion={label: dict(row) for label, row in sorted(confusion.items())},
    )


def compare_intents(
    ali: Callable[[str], str],
    examples: Sequence[Passage],
    catalogue: Catalogue,
    cases: Sequence[IntentCase],
) -> tuple[IntentScores, IntentScores, int]:
    """ALI's and the baseline's scores on `cases`, and how many training texts were used."""
    pairs = training_set(examples, catalogue, exclude=[case.text for case in cases])
    model = train(pairs)
    baseline = [str(label) for label in model.predict([case.text for case in cases])]
    ours = [ali(case.text) for case in cases]
    return score("ALI", cases, ours), score(NAME, cases, baseline), len(pairs)
