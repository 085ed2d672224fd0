"""How a chat turn ended: one taxonomy for every step that can end it, logged on the canonical
`chat_turn` line and returned to clients as `status` (beside the finer-grained `intent`)."""

from __future__ import annotations

from enum import StrEnum

from ali.intents.labels import Intent


class TurnStatus(StrEnum):
    ANSWERED = "answered"  # information, or a conversational reply (greeting, help, thanks)
    CLARIFY = "clarify"  # the assistant asks which of several things was meant
    REFERRAL = "referral"  # another administration handles it
    HANDOFF = "handoff"  # the citizen is pointed to a person (phone, office)
    OUT_OF_SCOPE = "out_of_scope"
    BLOCKED = "blocked"  # abuse, or an attempt to subvert the assistant
    EMERGENCY = "emergency"  # a crisis: the helpline
    SIGN_IN = "sign_in"  # the request needs a signed-in citizen
    FORM_STEP = "form_step"  # a form started, asked its next slot or its confirmation
    ACTION_RESULT = "action_result"  # an action ran (or its earlier result was replayed)
    ERROR_BACKOFFICE = "error_backoffice"  # the back office refused, failed or was busy
    ERROR_TIMEOUT = "error_timeout"  # the back office did not answer: outcome not known yet
    ERROR = "error"  # a step of the turn failed unexpectedly

    @classmethod
    def of(cls, intent: Intent) -> TurnStatus:
        """The status a reply of this intent ends the turn with, when nothing went wrong."""
        return _BY_INTENT.get(intent, cls.ANSWERED)


_BY_INTENT: dict[Intent, TurnStatus] = {
    Intent.CLARIFY: TurnStatus.CLARIFY,
    Intent.REFERRAL: TurnStatus.REFERRAL,
    Intent.HANDOFF: TurnStatus.HANDOFF,
    Intent.OUT_OF_SCOPE: TurnStatus.OUT_OF_SCOPE,
    Intent.BLOCKED: TurnStatus.BLOCKED,
    Intent.EMERGENCY: TurnStatus.EMERGENCY,
    Intent.FORM_STEP: TurnStatus.FORM_STEP,
    Intent.CONFIRMATION: TurnStatus.FORM_STEP,
    Intent.ACTION_RESULT: TurnStatus.ACTION_RESULT,
}
