"""The model suite's harness (ali.evaluation.model_answers) with a fake model: what it counts
(answered_by, fallbacks, checks fired, first tokens) and its independent check of the final
reply against the catalogue's text. The real model runs it in
tests/llm/test_local_model_in_chat.py."""

from __future__ import annotations

import dataclasses
import json

import pytest

from ali.councils import Councils
from ali.dialogue.engine import DialogueEngine
from ali.dialogue.model_writer import ModelSetup
from ali.dialogue.services import DialogueServices
from ali.evaluation import model_answers as harness
from ali.evaluation.answers import AnswerCase
from ali.guardrails.check import AnswerCheck
from ali.guardrails.facts import unsupported_facts
from ali.llm.client import ModelClient
from ali.llm.loop import ModelLoop
from ali.llm.prompts import SYSTEM_PROMPTS
from ali.storage.conversations import InMemoryConversationStore
from tests.llm.fakes import fake_model
from tests.llm.support import model_settings

VOLANTE = AnswerCase(
    question="¿Cuánto cuesta el volante de empadronamiento?",
    language="es",
    procedure="padron.volante",
    aspect="cost",
    fact=["gratis", "gratuito", "gratuita"],
)


@pytest.fixture
def services(hashing_councils: Councils) -> DialogueServices:
    shared = hashing_councils.runtime("alicante").engine.services
    return dataclasses.replace(shared, conversations=InMemoryConversationStore())


def composed(answer: str, coverage: str = "full") -> str:
    payload = {"coverage": coverage, "sources": ["S1"], "command": "none", "answer": answer}
    return json.dumps(payload, ensure_ascii=False)


def engine_with(services: DialogueServices, *replies: str) -> DialogueEngine:
    client = ModelClient(
        model_settings(),
        "alicante",
        chat_model=fake_model(*replies),
        metrics=harness.RecordingMetrics(),
    )
    check = AnswerCheck(None, (), protected=list(SYSTEM_PROMPTS.values()))
    model = ModelSetup(client, ModelLoop(), check)
    return DialogueEngine(dataclasses.replace(services, model=model))


def test_it_counts_the_models_replies_fallbacks_and_checks(services: DialogueServices) -> None:
    engine = engine_with(
        services,
        composed("El volante de empadronamiento es gratuito."),
        composed("Es gratuito. Llama al 965 99 99 99 para pedirlo."),
        composed("No lo sé.", coverage="none"),
    )
    report = harness.evaluate(engine, [VOLANTE, VOLANTE, VOLANTE])
    result = report.as_dict()
    # The sentence with the invented phone is held back; the supported one is shown.
    assert "965" not in report.outcomes[1].reply
    assert result["answered_by"] == {"model": 2, "catalogue": 1}
    assert result["fallbacks"] == {"not_covered": 1}
    assert result["checks"] == {"unsupported_phone": 1}
    assert result["unsupported_replies"] == 0
    assert result["streamed_not_in_reply"] == 0
    assert result["fact_rate_model"] == 1.0
    first = result["first_token_seconds"]
    assert isinstance(first, dict) and first["n"] == 3


def test_an_invented_phone_in_a_final_reply_is_found_again(services: DialogueServices) -> None:
    sources = harness.catalogue_sources(services.catalogue, "padron.volante")
    assert [f.text for f in unsupported_facts("Llama al 965 99 99 99.", sources)] == [
        "965 99 99 99"
    ]
    phone = services.catalogue.profile.contact.phone
    assert unsupported_facts(f"Llama al {phone}.", sources) == []


def test_an_engine_without_a_model_is_refused(services: DialogueServices) -> None:
    with pytest.raises(ValueError, match="ALI_LLM__PROVIDER"):
        harness.recording(DialogueEngine(dataclasses.replace(services, model=None)))
