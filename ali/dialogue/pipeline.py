"""The steps of a chat turn, in order, built in this one place.

    input guard → conversation → language → signals → safety → active form → routing
    → action → answer, then (always) output check → persist

Each step is a class in `ali.dialogue.steps`; the runner (`ali.dialogue.runner`) times them and
stops at the first that ends the turn. Seams for what is to come:

- a step that rephrases the message (a model turning "and for my son?" into a question that
  stands alone) goes before `signals`, replacing `turn.message`, so that the one embedding,
  the search and the intent scores are computed on the rephrased question;
- a model-composed answer goes in place of `CatalogueAnswer` (or after it, rewriting the
  catalogue's reply from `turn.draft` and `turn.signals`); the output check still runs after
  it, and is where checking a model's reply against the catalogue belongs.

Inserting one is adding it to the list below; a step is any object with a `name` and a
`run(turn) -> Draft | None` (see `ali.dialogue.runner.Step`).
"""

from __future__ import annotations

from ali.dialogue.form_actions import FormActions
from ali.dialogue.runner import Pipeline
from ali.dialogue.services import DialogueServices
from ali.dialogue.steps.action import StartAction
from ali.dialogue.steps.active_form import ActiveForm
from ali.dialogue.steps.answer import CatalogueAnswer
from ali.dialogue.steps.conversation import LoadConversation
from ali.dialogue.steps.input_guard import InputGuard
from ali.dialogue.steps.language import DetectLanguage
from ali.dialogue.steps.output_check import OutputCheck
from ali.dialogue.steps.persist import Persist
from ali.dialogue.steps.routing import Routing
from ali.dialogue.steps.safety import Safety
from ali.dialogue.steps.signals import ReadSignals


def chat_pipeline(services: DialogueServices) -> Pipeline:
    actions = FormActions(services)
    return Pipeline(
        steps=[
            InputGuard(),
            LoadConversation(services),
            DetectLanguage(services),
            # (the LLM issue's rephrasing step goes here)
            ReadSignals(services),
            Safety(services),
            ActiveForm(services, actions),
            Routing(services),
            StartAction(services, actions),
            CatalogueAnswer(services),  # (or a model-composed answer)
        ],
        closing=[OutputCheck(services), Persist(services)],
    )
