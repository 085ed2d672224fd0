"""Starting an action's form, and running the action once its form is confirmed (through the
`ActionExecutor`: exactly once, audited, reconciled) or, for a lookup, at once."""

from __future__ import annotations

from ali.actions.action import Action, ActionFailed, ActionRequest, Attachment, OptionsProvider
from ali.actions.forms import Option, Slot, SlotKind
from ali.dialogue.execution import ActionExecutor, Outcome, idempotency_key
from ali.dialogue.form_flow import OptionsLoader, new_form_state
from ali.dialogue.reply import Draft
from ali.dialogue.services import DialogueServices
from ali.dialogue.state import FormState
from ali.dialogue.status import TurnStatus
from ali.dialogue.texts import counted_text, text
from ali.dialogue.turn import Turn
from ali.identity.citizen import Citizen
from ali.intents.labels import Intent
from ali.language import Language


class FormActions:
    def __init__(self, services: DialogueServices) -> None:
        self._services = services
        audit, phone = services.audit, services.profile.contact.phone
        self._executor = ActionExecutor(audit, phone) if audit is not None else None

    def start(self, action_name: str, procedure_id: str | None, turn: Turn) -> Draft:
        """The form's first question; a lookup that needs nothing but the citizen ("my
        appointments") is answered at once."""
        services, language = self._services, turn.language
        action = services.actions.get(action_name)
        assert action is not None
        form = new_form_state(action.form, procedure_id)
        if not action.form.slots and not action.form.needs_confirmation:
            draft = self.look_up(action, form, {}, turn)
            draft.procedure_id = procedure_id
            return draft
        if form.current:
            loader = options_loader(action, turn.citizen, language)
            try:
                available = services.forms.load_options(action.form, form, form.current, loader)
            except ActionFailed as exc:
                return self.failed(exc, procedure_id, language, Intent.PROCEDURE_ACTION)
            if not available:
                reply = text("no_options", language)
                return Draft(Intent.PROCEDURE_ACTION, reply, procedure_id)
        turn.state.form = form
        intro = counted_text(
            "form_start", language, len(action.form.slots), title=action.form.title[language]
        )
        prompt = services.forms.prompt(action.form, form, language)
        # The first reply carries the citizen's intent; later ones are form steps.
        intent = Intent.PROCEDURE_ACTION if procedure_id else Intent.FORM_STEP
        return Draft(
            intent,
            f"{intro}\n\n{prompt}",
            procedure_id=procedure_id,
            confidence=1.0,
            status=TurnStatus.FORM_STEP,
        )

    def execute(self, action: Action, form: FormState, values: dict[str, str], turn: Turn) -> Draft:
        """Runs the confirmed form's action; a retryable failure keeps the form, awaiting the
        same confirmation (and so the same idempotency key)."""
        services, language, citizen = self._services, turn.language, turn.citizen
        procedure_id = form.procedure_id
        if action.requires_identity and citizen is None:
            reply = text("sign_in_needed", language)
            return Draft(Intent.PROCEDURE_ACTION, reply, procedure_id, needs_sign_in=True)
        if not action.form.needs_confirmation:  # a lookup: no side effect, nothing to audit
            return self.look_up(action, form, values, turn)
        if self._executor is None:
            raise RuntimeError("actions need an audit log")
        conversation_id = turn.conversation.id
        outcome = self._executor.run(
            action,
            ActionRequest(
                action=action.name,
                council_id=services.council_id,
                conversation_id=conversation_id,
                procedure_id=procedure_id,
                values=values,
                idempotency_key=idempotency_key(
                    services.council_id, conversation_id, form.id, action.name, values
                ),
                language=language,
                citizen=citizen,
                attachments=self._files_of(action, form.id, values),
            ),
            citizen_ref=services.owner_of(citizen),
        )
        if outcome.succeeded:
            self.forget_files(form.id)
        elif outcome.retryable:
            turn.state.form = form  # confirming again sends the same key
        return Draft(
            Intent.ACTION_RESULT,
            outcome.message,
            procedure_id,
            documents=outcome.documents,
            slip=outcome.slip,
            confidence=1.0,
            status=_status_of(outcome),
        )

    def look_up(self, action: Action, form: FormState, values: dict[str, str], turn: Turn) -> Draft:
        services, language = self._services, turn.language
        request = ActionRequest(
            action=action.name,
            council_id=services.council_id,
            conversation_id=turn.conversation.id,
            procedure_id=form.procedure_id,
            values=values,
            idempotency_key=form.id,
            language=language,
            citizen=turn.citizen,
        )
        try:
            result = action.execute(request)
        except ActionFailed as exc:
            return self.failed(exc, form.procedure_id, language, Intent.ACTION_RESULT)
        return Draft(
            Intent.ACTION_RESULT,
            result.message,
            form.procedure_id,
            documents=list(result.documents),
            confidence=1.0,
        )

    def failed(
        self, exc: ActionFailed, procedure_id: str | None, language: Language, intent: Intent
    ) -> Draft:
        status = TurnStatus.ERROR_TIMEOUT if _unknown(exc) else TurnStatus.ERROR_BACKOFFICE
        return Draft(intent, self._services.failure(exc, language), procedure_id, status=status)

    def forget_files(self, form_id: str) -> None:
        if self._services.attachments is not None:
            self._services.attachments.forget_form(form_id)

    def _files_of(
        self, action: Action, form_id: str, values: dict[str, str]
    ) -> tuple[Attachment, ...]:
        attachments = self._services.attachments
        if attachments is None:
            return ()
        names = [slot.name for slot in action.form.slots if slot.kind is SlotKind.ATTACHMENTS]
        ids = [item for name in names for item in values.get(name, "").split(",") if item]
        return tuple(attachments.contents(form_id, ids))


def options_loader(action: Action, citizen: Citizen | None, language: Language) -> OptionsLoader:
    """Loads a dynamic slot's options from the action (a back office call)."""

    def load(slot: Slot, values: dict[str, str]) -> list[Option]:
        if isinstance(action, OptionsProvider):
            return action.options(slot.name, values, citizen, language)
        return []

    return load


def _unknown(exc: ActionFailed) -> bool:
    return bool(getattr(exc, "outcome_unknown", False))


def _status_of(outcome: Outcome) -> TurnStatus:
    if outcome.succeeded:
        return TurnStatus.ACTION_RESULT
    return TurnStatus.ERROR_TIMEOUT if outcome.unconfirmed else TurnStatus.ERROR_BACKOFFICE
