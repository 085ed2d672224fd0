"""The last look at the reply before it goes out: the form it interrupted asked again, a
privacy note when personal data was written where none was asked for, the form's buttons."""

from __future__ import annotations

from ali.actions.forms import SlotKind
from ali.dialogue.form_flow import FormView
from ali.dialogue.reply import Draft, Suggestion
from ali.dialogue.services import DialogueServices
from ali.dialogue.texts import text
from ali.dialogue.turn import Turn
from ali.intents.labels import Intent
from ali.language import Language
from ali.safety.redaction import contains_personal_data


class OutputCheck:
    """A closing step (it runs however the turn ended). Reads the turn's reply and state;
    writes `turn.form_view`, the conversation's current procedure, and adds to the reply. A
    pending clarification is dropped unless this reply is one."""

    name = "output"

    def __init__(self, services: DialogueServices) -> None:
        self._services = services

    def run(self, turn: Turn) -> Draft | None:
        services, draft, state = self._services, turn.draft, turn.state
        language = turn.language_or(services.profile.default_language)
        if draft.intent is not Intent.CLARIFY:
            state.pending = None
        form = state.form
        action = services.actions.get(form.action) if form is not None else None
        view = None
        if form is not None and action is not None:
            view = services.forms.view(action.form, form, language)
            if turn.resume_form:
                title = action.form.title[language]
                draft.reply += "\n\n" + text("form_resume", language, title=title)
                draft.reply += "\n" + services.forms.prompt(action.form, form, language)
            draft.suggestions = _form_suggestions(view, language)
        if contains_personal_data(turn.message) and not turn.asking_personal:
            draft.reply += "\n\n" + text("privacy", language)
        if draft.procedure_id and draft.intent is not Intent.EMERGENCY:
            turn.conversation.procedure_id = draft.procedure_id
        turn.form_view = view
        return None


def _form_suggestions(view: FormView, language: Language) -> list[Suggestion]:
    if view.confirming:
        return [
            Suggestion(text("confirm_label", language), text("confirm_value", language)),
            Suggestion(text("cancel_label", language), text("cancel_value", language)),
        ]
    if view.kind == SlotKind.ATTACHMENTS.value:
        return [
            Suggestion(text("files_done_label", language), text("files_done_value", language)),
            Suggestion(text("files_none_label", language), text("files_none_value", language)),
        ]
    return [Suggestion(option["label"], option["label"]) for option in view.options]
