"""The TF-IDF + logistic regression intent baseline: what it trains on, and how it is scored."""

from __future__ import annotations

import pytest

from ali.catalogue import Catalogue
from ali.evaluation.intent_baseline import NAME, compare_intents, score, train, training_set
from ali.evaluation.intents import IntentCase
from ali.retrieval.passages import Passage
from tests.evaluation.tiny import tiny_catalogue

EXAMPLES = [
    Passage("greeting", "es", "hola"),
    Passage("greeting", "es", "buenos días"),
    Passage("greeting", "en", "hello there"),
    Passage("thanks", "es", "muchas gracias"),
    Passage("thanks", "en", "thank you so much"),
    Passage("emergency_112", "es", "hay un incendio en mi edificio"),
    Passage("emergency_016", "es", "mi pareja me pega"),
]


@pytest.fixture(scope="module")
def tiny(catalogue: Catalogue) -> Catalogue:
    return tiny_catalogue(catalogue)


def test_training_set_never_holds_an_eval_text(tiny: Catalogue) -> None:
    title = tiny.get("via-publica.vado").text["es"].title
    pairs = training_set(EXAMPLES, tiny, exclude=["HOLA", title.upper()])
    texts = [text for text, _ in pairs]
    assert "hola" not in texts  # compared accent-folded and lower-cased
    assert title not in texts
    assert "buenos días" in texts


def test_training_set_labels_the_catalogue_and_folds_the_crisis_routes(tiny: Catalogue) -> None:
    labels = dict(training_set(EXAMPLES, tiny))
    assert labels["mi pareja me pega"] == "emergency"
    assert labels[tiny.get("padron.volante").text["va"].title] == "procedure_info"
    assert labels[tiny.get("externo.dni").text["en"].title] == "referral"
    assert "clarify" not in set(labels.values())


def test_the_classifier_learns_its_labels(tiny: Catalogue) -> None:
    model = train(training_set(EXAMPLES, tiny))
    assert list(model.predict(["hola buenos días", "gracias"])) == ["greeting", "thanks"]


def test_score_is_per_language_with_confusion_counts() -> None:
    cases = [
        IntentCase(text="a", language="es", intent="greeting"),
        IntentCase(text="b", language="es", intent="thanks"),
        IntentCase(text="c", language="en", intent="greeting"),
    ]
    scores = score("x", cases, ["greeting", "greeting", "thanks"])
    assert scores.accuracy == pytest.approx(1 / 3)
    assert scores.by_language == {"en": 0.0, "es": 0.5}
    assert scores.confusion == {"greeting": {"greeting": 1, "thanks": 1}, "thanks": {"greeting": 1}}


def test_compare_scores_ali_and_the_baseline_on_the_same_cases(tiny: Catalogue) -> None:
    cases = [
        IntentCase(text="hola, buenas", language="es", intent="greeting"),
        IntentCase(text="thank you", language="en", intent="thanks"),
    ]
    ali, baseline, training = compare_intents(lambda _: "greeting", EXAMPLES, tiny, cases)
    assert (ali.system, baseline.system) == ("ALI", NAME)
    assert ali.accuracy == 0.5
    assert ali.count == baseline.count == 2
    assert training == len(training_set(EXAMPLES, tiny))
