"""How a call to a back office can fail, as `ActionFailed` subclasses the dialogue can tell apart.

What matters for a write is whether the back office may have received it: a call refused
before it left (circuit open, too busy, connection refused) certainly had no effect, while a
call that timed out waiting for the answer, or got a 5xx or an answer that is not what the API
promises, may well have. The latter are `outcome_unknown`: the action is reconciled later by
its idempotency key instead of being reported as "nothing was done".
"""

from __future__ import annotations

from ali.actions.action import ActionFailed


class BackOfficeUnavailable(ActionFailed):
    """The back office did not answer (timeout, network, 5xx, or the circuit is open)."""

    public_detail = "The council's system is not responding right now."
    outcome_unknown = False


class BackOfficeNoAnswer(BackOfficeUnavailable):
    """The request was sent but no usable answer came back (read timeout, connection lost,
    5xx): the back office may or may not have acted on it."""

    outcome_unknown = True


class BackOfficeInvalidAnswer(BackOfficeNoAnswer):
    """The back office answered something its API does not promise (an HTML page, truncated
    JSON, missing fields): as good as no answer."""

    public_detail = "The council's system gave an answer that could not be read."


class BackOfficeBusy(BackOfficeUnavailable):
    """Too many calls to this back office (or to all of them) are in flight already: this one
    was not sent. The citizen is asked to try again in a minute."""

    public_detail = "The council's system is busy right now; please try again in a minute."
