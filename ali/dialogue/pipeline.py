"""The steps of a chat turn, in order, built in this one place.

    input guard → conversation → language → signals → safety → active form → [rephrase]
    → routing → action → answer, then (always) output check → persist

(`rephrase`, and the model writing the answer, only for a council with a language model.)

Each step is a class in `ali.dialogue.steps`; the runner (`ali.dialogue.runner`) times them and
stops at the first that ends the turn. With a model (docs/llm.md):

- `rephrase` rewrites a short follow-up as a question that stands alone and reads its signals
  again; it comes after `safety`, so crises are detected in the citizen's own words;
- `ModelAnswer` takes the place of `CatalogueAnswer`: it composes the catalogue's answer first,
  then has the model write one from the procedure's text, checked sentence by sentence, and
  keeps the catalogue's when the model's fails.

Inserting a step is adding it to the list below; a step is any object with a `name` and a
`run(turn) -> Draft | None` (see `ali.dialogue.runner.Step`).
"""

from __future__ import annotations

from ali.dialogue.form_actions import FormActions
from ali.dialogue.runner import Pipeline, Step
from ali.dialogue.services import DialogueServices
from ali.dialogue.steps.action import StartAction
from ali.dialogue.steps.active_form import ActiveForm
from ali.dialogue.steps.answer import CatalogueAnswer
from ali.dialogue.steps.conversation import LoadConversation
from ali.dialogue.steps.input_guard import InputGuard
from ali.dialogue.steps.language import DetectLanguage
from ali.dialogue.steps.model_answer import ModelAnswer
from ali.dialogue.steps.output_check import OutputCheck
from ali.dialogue.steps.persist import Persist
from ali.dialogue.steps.rephrase import Rephrase
from ali.dialogue.steps.routing import Routing
from ali.dialogue.steps.safety import Safety
from ali.dialogue.steps.signals import ReadSignals


def chat_pipeline(services: DialogueServices) -> Pipeline:
    """The steps; a council with a language model also rephrases follow-ups (after safety has
    screened the citizen's own words) and has the model write procedure answers."""
    actions = FormActions(services)
    model = services.writer is not None
    answer: Step = (
        ModelAnswer(services, CatalogueAnswer(services)) if model else CatalogueAnswer(services)
    )
    return Pipeline(
        steps=[
            InputGuard(),
            LoadConversation(services),
            DetectLanguage(services),
            ReadSignals(services),
            Safety(services),
            ActiveForm(services, actions),
            *([Rephrase(services)] if model else []),
            Routing(services),
            StartAction(services, actions),
            answer,
        ],
        closing=[OutputCheck(services), Persist(services)],
    )
