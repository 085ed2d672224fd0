"""The intents every chat response carries."""

from __future__ import annotations

from enum import StrEnum


class Intent(StrEnum):
    GREETING = "greeting"
    GOODBYE = "goodbye"
    THANKS = "thanks"
    HELP = "help"
    PROCEDURE_INFO = "procedure_info"
    PROCEDURE_ACTION = "procedure_action"
    STATUS_CHECK = "status_check"
    REFERRAL = "referral"
    CLARIFY = "clarify"
    HANDOFF = "handoff"
    EMERGENCY = "emergency"
    OUT_OF_SCOPE = "out_of_scope"
    BLOCKED = "blocked"
    FORM_STEP = "form_step"
    CONFIRMATION = "confirmation"
    ACTION_RESULT = "action_result"
