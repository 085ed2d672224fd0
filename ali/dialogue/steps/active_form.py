"""The active form's answer to the message: the next slot, a validation error, the summary,
the action's result once confirmed, or a cancellation."""

from __future__ import annotations

from ali.actions.action import ActionFailed
from ali.dialogue.form_actions import FormActions, options_loader
from ali.dialogue.reply import Draft
from ali.dialogue.services import DialogueServices
from ali.dialogue.turn import Turn
from ali.intents.labels import Intent


class ActiveForm:
    """Reads the conversation's form and the message; ends the turn with the form's step or
    the action's result (`form_step`, `action_result`, `error_backoffice`...). Passes on when
    there is no form, when its action is no longer configured (the form is dropped), and for a
    side question ("¿cuánto cuesta?" in the middle of it), setting `resume_form` so the form
    is asked again after the answer."""

    name = "form"

    def __init__(self, services: DialogueServices, actions: FormActions) -> None:
        self._services = services
        self._actions = actions

    def run(self, turn: Turn) -> Draft | None:
        state, form = turn.state, turn.state.form
        if form is None:
            return None
        services, language = self._services, turn.language
        action = services.actions.get(form.action)
        if action is None:  # the action was removed from the configuration
            state.form = None
            return None
        today = services.profile.now().date()
        loader = options_loader(action, turn.citizen, language)
        try:
            step = services.forms.handle(action.form, form, turn.message, language, today, loader)
        except ActionFailed as exc:  # the back office could not list the options
            state.form = None
            return self._actions.failed(exc, form.procedure_id, language, Intent.FORM_STEP)
        if step.side_question:
            turn.resume_form = True
            return None
        if not step.done:
            return Draft(step.intent, step.reply, procedure_id=form.procedure_id, confidence=1.0)
        state.form = None
        if step.confirmed_values is None:  # cancelled: its files go too
            self._actions.forget_files(form.id)
            return Draft(step.intent, step.reply, procedure_id=form.procedure_id, confidence=1.0)
        return self._actions.execute(action, form, step.confirmed_values, turn)
