"""The model writes procedure answers (issue 13): from the catalogue's text only, checked before
the citizen reads them, the catalogue's reply whenever it fails, and never an action.

A fake LangChain chat model (tests/llm/fakes.py) plays the model, so every reply is the one a
test gives; tests/llm/test_local_model_in_chat.py does the same with the real small model."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from langchain_core.messages import AIMessage
from prometheus_client import CollectorRegistry

from ali.answers.passages import procedure_passages
from ali.dialogue.engine import DialogueEngine
from ali.dialogue.model_writer import CONTEXT_PASSAGES, ModelSetup
from ali.dialogue.services import DialogueServices
from ali.dialogue.texts import text
from ali.guardrails.check import AnswerCheck
from ali.guardrails.support import DEFAULT_FLOOR, SentenceSupport
from ali.intents import cues
from ali.llm.client import ModelClient
from ali.llm.loop import ModelLoop
from ali.llm.metrics import ModelMetrics
from ali.llm.prompts import SYSTEM_PROMPTS
from ali.retrieval.embedders import HashingEmbedder
from tests.llm.fakes import FakeStructuredChatModel, fake_model
from tests.llm.support import model_settings

LOOP = ModelLoop()
VOLANTE = "https://www.alicante.es/es/contenidos/padron-municipal-habitantes"


def composed(answer: str, coverage: str = "full", command: str = "none") -> str:
    return json.dumps(
        {"coverage": coverage, "sources": ["S1"], "command": command, "answer": answer},
        ensure_ascii=False,
    )


@dataclasses.dataclass
class Setup:
    engine: DialogueEngine
    model: FakeStructuredChatModel
    registry: CollectorRegistry

    def count(self, metric: str, **labels: str) -> float:
        value = self.registry.get_sample_value(metric, {"council": "alicante", **labels})
        return value or 0.0


def with_model(
    services: DialogueServices,
    *replies: str | AIMessage,
    forbidden: tuple[str, ...] = (),
    **config: Any,
) -> Setup:
    registry = CollectorRegistry()
    model = fake_model(*replies)
    client = ModelClient(
        model_settings(**config), "alicante", chat_model=model, metrics=ModelMetrics(registry)
    )
    check = AnswerCheck(None, forbidden, protected=list(SYSTEM_PROMPTS.values()))
    setup = ModelSetup(client, LOOP, check)
    return Setup(DialogueEngine(dataclasses.replace(services, model=setup)), model, registry)


def test_a_supported_answer_is_the_models_with_the_catalogues_sources(
    services: DialogueServices,
) -> None:
    made = with_model(services, composed("El volante de empadronamiento es gratuito."))
    reply = made.engine.chat("¿cuánto cuesta el volante de empadronamiento?")
    assert reply.answered_by == "model"
    assert reply.procedure_id == "padron.volante"
    assert reply.reply == "El volante de empadronamiento es gratuito."
    assert [source.url for source in reply.sources] == [VOLANTE]
    assert made.count("ali_llm_replies_total", answered_by="model") == 1


def test_the_model_sees_the_procedures_text_with_links_as_tokens(
    services: DialogueServices,
) -> None:
    made = with_model(services, composed("Consulta la página oficial: [L1]."))
    reply = made.engine.chat("¿cuánto cuesta el volante de empadronamiento?")
    system = made.model.calls[0]["messages"][0].content
    assert "Volante de empadronamiento" in system
    assert "http" not in system.split("Passages:")[1]  # every link is a token
    assert "[L1]" in system
    assert reply.answered_by == "model"
    assert "https://" in reply.reply  # the token is the catalogue's link again


def test_personal_data_in_the_question_never_reaches_the_model(services: DialogueServices) -> None:
    made = with_model(services, composed("El volante de empadronamiento es gratuito."))
    made.engine.chat(
        "soy 12345678Z, mi móvil 612345678: ¿cuánto cuesta el volante de empadronamiento?"
    )
    sent = " ".join(str(message.content) for message in made.model.calls[0]["messages"])
    assert "12345678Z" not in sent and "612345678" not in sent
    assert "volante de empadronamiento" in sent


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ("El volante cuesta 10,50 euros.", "unsupported_amount"),
        ("Llama al 965 99 99 99 para pedirlo.", "unsupported_phone"),
        ("Pídelo antes del 15 de marzo.", "unsupported_date"),
        ("Escribe a padron@example.org y te lo envían.", "unsupported_email"),
    ],
)
def test_an_invented_fact_gives_the_catalogues_reply(
    services: DialogueServices, answer: str, problem: str
) -> None:
    made = with_model(services, composed(f"Es muy fácil. {answer}"))
    reply = made.engine.chat("¿cuánto cuesta el volante de empadronamiento?")
    catalogue = services_reply(services, "¿cuánto cuesta el volante de empadronamiento?")
    assert reply.answered_by == "catalogue"
    assert reply.reply == catalogue
    assert made.count("ali_llm_checks_total", problem=problem) == 1
    assert made.count("ali_llm_fallbacks_total", reason="failed_check") == 1


def test_a_link_the_model_wrote_itself_never_reaches_the_citizen(
    services: DialogueServices,
) -> None:
    made = with_model(services, composed("Es gratuito. Pídelo en https://tramites-falsos.example"))
    reply = made.engine.chat("¿cuánto cuesta el volante de empadronamiento?")
    assert "tramites-falsos" not in reply.reply
    assert reply.answered_by == "catalogue"


def test_a_forbidden_term_of_the_council_refuses_the_answer(services: DialogueServices) -> None:
    made = with_model(
        services,
        composed("Es gratuito, a diferencia de otra Administración."),
        forbidden=("otra administracion",),
    )
    reply = made.engine.chat("¿cuánto cuesta el volante de empadronamiento?")
    assert reply.answered_by == "catalogue"
    assert made.count("ali_llm_checks_total", problem="forbidden_term") == 1


def test_passages_that_do_not_answer_give_the_catalogues_reply(services: DialogueServices) -> None:
    made = with_model(services, composed("No lo sé.", coverage="none"))
    reply = made.engine.chat("¿cuánto cuesta el volante de empadronamiento?")
    assert reply.answered_by == "catalogue"
    assert made.count("ali_llm_fallbacks_total", reason="not_covered") == 1


def test_garbage_twice_gives_the_catalogues_reply(services: DialogueServices) -> None:
    made = with_model(services, "no soy JSON", "tampoco")
    reply = made.engine.chat("¿cuánto cuesta el volante de empadronamiento?")
    assert reply.answered_by == "catalogue"
    assert reply.status == "answered"
    assert made.count("ali_llm_fallbacks_total", reason="invalid_output") == 1


def test_a_start_command_only_puts_the_do_it_button_first(services: DialogueServices) -> None:
    made = with_model(services, composed("Puedes pedirlo ahora, es gratuito.", command="start"))
    reply = made.engine.chat("quiero información del volante de empadronamiento")
    assert reply.answered_by == "model"
    assert reply.suggestions[0].label == "Hazlo ahora"
    assert reply.form is None  # no form started, nothing asked, nothing done
    assert reply.status == "answered"


def test_a_handoff_command_offers_the_way_to_a_person_which_the_citizen_may_take(
    services: DialogueServices,
) -> None:
    made = with_model(
        services, composed("El volante es gratuito.", command="handoff"), composed("x")
    )
    reply = made.engine.chat("¿cuánto cuesta el volante de empadronamiento?")
    assert reply.answered_by == "model"
    assert reply.suggestions[0].label == "Hablar con una persona"
    assert reply.form is None and reply.status == "answered"  # only offered, nothing done
    pressed = made.engine.chat(reply.suggestions[0].value, reply.conversation_id)
    assert pressed.intent == "handoff"
    assert "010" in pressed.reply


@pytest.mark.parametrize("language", ["es", "va", "en"])
def test_the_person_button_is_a_request_for_a_person_in_every_language(language: str) -> None:
    assert cues.wants_person(text("person_label", language))


def test_what_is_not_a_procedure_question_never_goes_to_the_model(
    services: DialogueServices,
) -> None:
    made = with_model(services, composed("Hola"))
    for message in ("hola", "gracias", "quiero suicidarme", "quiero pedir el volante"):
        made.engine.chat(message)
    assert made.model.calls == []


def test_the_reply_never_quotes_the_system_prompt_when_the_model_does(
    services: DialogueServices,
) -> None:
    leaked = SYSTEM_PROMPTS["answer"].split("\n")[0]
    made = with_model(services, composed(f"Es gratuito. {leaked}"))
    reply = made.engine.chat("¿cuánto cuesta el volante de empadronamiento?")
    assert "virtual assistant of" not in reply.reply
    assert reply.answered_by == "catalogue"
    assert made.count("ali_llm_checks_total", problem="prompt_leak") >= 1


def test_the_stream_sends_each_checked_sentence_and_holds_back_an_invented_one(
    services: DialogueServices,
) -> None:
    made = with_model(
        services,
        composed(
            "El volante es gratuito. Cuesta 3 euros en la oficina. Lo emiten los ciberkioscos."
        ),
    )
    events: list[tuple[str, str]] = []
    reply = made.engine.chat(
        "¿cuánto cuesta el volante de empadronamiento?", stream=lambda k, t: events.append((k, t))
    )
    sent = "".join(text for kind, text in events if kind == "delta")
    assert reply.answered_by == "model"
    assert "3 euros" not in sent and "3 euros" not in reply.reply
    assert sent.strip() == reply.reply
    assert reply.reply.startswith("El volante es gratuito.")
    assert made.count("ali_llm_checks_total", problem="unsupported_amount") == 1


def test_a_stream_that_fails_half_way_is_reset_to_the_catalogues_reply(
    services: DialogueServices,
) -> None:
    # The JSON is cut off: the first sentence was sent, then the reply turns out invalid.
    made = with_model(
        services, '{"coverage": "full", "sources": ["S1"], "answer": "El volante es gratuito. Y'
    )
    events: list[tuple[str, str]] = []
    reply = made.engine.chat(
        "¿cuánto cuesta el volante de empadronamiento?", stream=lambda k, t: events.append((k, t))
    )
    assert [kind for kind, _ in events] == ["delta", "reset"]
    assert reply.answered_by == "catalogue"


def services_reply(services: DialogueServices, message: str) -> str:
    """The catalogue's reply to `message`, without a model."""
    return DialogueEngine(services).chat(message).reply


def test_a_follow_up_is_rephrased_then_routed_and_the_citizens_words_are_kept(
    services: DialogueServices,
) -> None:
    made = with_model(
        services,
        composed("El volante de empadronamiento es gratuito."),
        json.dumps({"question": "¿Cuánto cuesta el volante de empadronamiento?"}),
        composed("Es gratuito."),
    )
    first = made.engine.chat("volante de empadronamiento")
    second = made.engine.chat("¿y eso cuánto vale?", first.conversation_id)
    assert second.procedure_id == "padron.volante"
    assert second.reply == "Es gratuito."
    rephrase_call = made.model.calls[1]["messages"]
    assert "volante de empadronamiento" in rephrase_call[1].content  # the history was given
    stored = services.conversations.turns("alicante", first.conversation_id)
    assert [turn.text for turn in stored if turn.role == "citizen"] == [
        "volante de empadronamiento",
        "¿y eso cuánto vale?",
    ]


def test_a_crisis_is_answered_before_any_rephrasing(services: DialogueServices) -> None:
    made = with_model(services, composed("El volante es gratuito."))
    first = made.engine.chat("volante de empadronamiento")
    crisis = made.engine.chat("no puedo más, quiero morirme", first.conversation_id)
    assert crisis.status == "emergency"
    assert "024" in crisis.reply
    assert len(made.model.calls) == 1  # only the first answer


@pytest.mark.parametrize(
    "behaviour",
    [
        {"first_token_delay": 5.0},  # hung before its first token
        {"status": 500},  # broken
        {"replies": ["ñsdkjf {{{ garbage"]},  # garbage
    ],
)
def test_a_slow_broken_or_garbage_server_gives_the_catalogue_within_the_budget(
    services: DialogueServices, behaviour: dict[str, Any]
) -> None:
    import time

    from tests.llm.openai_stub import Behaviour, openai_stub

    with openai_stub(Behaviour(**behaviour)) as stub:
        registry = CollectorRegistry()
        config = model_settings(
            base_url=stub.url, first_token_seconds=0.5, total_seconds=1.5, breaker_failures=50
        )
        client = ModelClient(config, "alicante", metrics=ModelMetrics(registry))
        setup = ModelSetup(client, LOOP, AnswerCheck(None))
        engine = DialogueEngine(dataclasses.replace(services, model=setup))
        started = time.monotonic()
        reply = engine.chat("¿cuánto cuesta el volante de empadronamiento?")
        took = time.monotonic() - started
    assert reply.answered_by == "catalogue"
    assert reply.status == "answered"
    assert "gratuito" in reply.reply.lower()
    assert took < 1.5 + 1.0  # the budget, and the loop's grace at most


def test_a_stopped_server_gives_the_catalogue_at_once(services: DialogueServices) -> None:
    from tests.support.servers import free_port

    config = model_settings(base_url=f"http://127.0.0.1:{free_port()}/v1")
    client = ModelClient(config, "alicante", metrics=ModelMetrics(CollectorRegistry()))
    engine = DialogueEngine(
        dataclasses.replace(services, model=ModelSetup(client, LOOP, AnswerCheck(None)))
    )
    reply = engine.chat("¿cuánto cuesta el volante de empadronamiento?")
    assert reply.answered_by == "catalogue"
    assert reply.status == "answered"


# -- the context: only the passages chosen for the question ---------------------------------

FEE_QUESTION = "¿cuánto cuesta el volante de empadronamiento?"


def with_chosen_passages(services: DialogueServices, *replies: str) -> Setup:
    """The model given the passages ranked best for the question (as a council's is), and
    checked as a council's is: facts, and each sentence's support (the hashing embedder's
    vectors: a sentence copied from a passage scores 1)."""
    registry = CollectorRegistry()
    model = fake_model(*replies)
    client = ModelClient(
        model_settings(), "alicante", chat_model=model, metrics=ModelMetrics(registry)
    )
    support = SentenceSupport(HashingEmbedder().embed_passages, DEFAULT_FLOOR)
    check = AnswerCheck(support, protected=list(SYSTEM_PROMPTS.values()))
    setup = ModelSetup(client, LOOP, check, services.passages)
    return Setup(DialogueEngine(dataclasses.replace(services, model=setup)), model, registry)


def passage_lines(services: DialogueServices) -> list[str]:
    """The volante's passages in Spanish, as the model is given them."""
    procedure = services.catalogue.get("padron.volante")
    offices = {office.id: office for office in services.profile.offices}
    return [
        f"{p.label}: {p.text}" if p.label else p.text
        for p in procedure_passages(procedure, "es", offices)
    ]


def sent_lines(made: Setup) -> list[str]:
    """The lines of the context, without their ids ("[S1] ")."""
    system = str(made.model.calls[0]["messages"][0].content)
    block = system.split("Passages:\n")[1].split("\n\n")[0]
    return [line.split("] ", 1)[1] for line in block.split("\n")]


def test_the_model_is_given_only_the_passages_chosen_for_the_question(
    services: DialogueServices,
) -> None:
    made = with_chosen_passages(services, composed("No lo sé.", coverage="none"))
    made.engine.chat(FEE_QUESTION)
    lines = passage_lines(services)
    sent = sent_lines(made)
    assert len(lines) > CONTEXT_PASSAGES + 1  # there is something to leave out
    assert len(sent) == CONTEXT_PASSAGES + 1
    assert all(line in lines for line in sent[:-1])
    assert sent[-1] == "Official page: [L1]"
    system = str(made.model.calls[0]["messages"][0].content)
    assert [line for line in lines if line not in sent and line in system] == []
    assert "Council information phone" not in system  # the contact details are not sent


def test_a_sentence_copied_from_a_passage_is_shown_and_an_invented_fee_masked(
    services: DialogueServices,
) -> None:
    probe = with_chosen_passages(services, composed("No lo sé.", coverage="none"))
    probe.engine.chat(FEE_QUESTION)
    copied = sent_lines(probe)[0]
    left_out = next(line for line in passage_lines(services) if line not in sent_lines(probe))
    made = with_chosen_passages(
        services, composed(f"{copied} El volante cuesta 12 euros. {left_out}")
    )
    events: list[tuple[str, str]] = []
    reply = made.engine.chat(FEE_QUESTION, stream=lambda k, t: events.append((k, t)))
    assert reply.answered_by == "model"
    assert reply.reply == copied
    assert "12 euros" not in "".join(text for _, text in events)
    assert made.count("ali_llm_checks_total", problem="unsupported_amount") == 1
    # A passage of the procedure the model was not given is no source of this answer.
    assert made.count("ali_llm_checks_total", problem="unsupported_sentence") >= 1
