"""Routing: what the message asks for, as one `Route` (or the "yes" to an offer)."""

from __future__ import annotations

from ali.answers.aspects import detect_aspects, strip_aspects
from ali.dialogue.followup import FollowupReader
from ali.dialogue.reply import Draft
from ali.dialogue.services import DialogueServices
from ali.dialogue.state import ChoiceAbout
from ali.dialogue.turn import Turn
from ali.intents.labels import Intent
from ali.intents.router import Route
from ali.language import commands
from ali.retrieval.hybrid import SearchResult


class Routing:
    """Reads the message, the signals and the conversation (its procedure, a pending choice or
    offer); writes `turn.route`, or `turn.accepted_offer` for a "yes" to an offer. Never ends
    the turn: the action and answer steps reply to the route.

    A message about the conversation's current procedure is a follow-up: an aspect ("¿y cuánto
    cuesta?") or "do it" ("hazlo ahora") without naming another procedure; any other question
    the router's route does not explain better is answered from the procedure's own text
    (`ali.dialogue.followup`, setting `turn.followup`); a request for another language ("in
    English please") repeats the last answer in it."""

    name = "routing"

    def __init__(self, services: DialogueServices) -> None:
        self._services = services
        self._reader = FollowupReader(
            services.catalogue, services.router, services.passages, services.followups
        )

    def run(self, turn: Turn) -> Draft | None:
        state, message = turn.state, turn.message
        offer, state.offer = state.offer, None
        if offer and commands.is_confirmation(message) and self._services.actions.get(offer):
            turn.accepted_offer = offer
            return None
        route = self._followup(turn) or self._route(turn)
        followup = self._reader.repeat(turn, route) or self._reader.reconsider(turn, route)
        if followup is None:  # asked first: an aspect the entry has no field for, from its text
            turn.followup = self._reader.unstated_aspect(turn, route)
        if followup is not None:
            turn.followup = followup
            route = Route(
                Intent.PROCEDURE_INFO, followup.procedure_id, confidence=0.9, followup=True
            )
        elif turn.language_request and route.procedure_id is None:
            route = Route(Intent.GREETING, confidence=1.0)  # nothing to repeat: a welcome in it
        turn.route = route
        return None

    def _route(self, turn: Turn) -> Route:
        retriever, pending = self._services.retriever, turn.state.pending

        def searcher(part: str) -> SearchResult:
            return retriever.search(part)

        return self._services.router.route(
            turn.message,
            turn.language,
            turn.signals.search,
            turn.signals.scores,
            searcher,
            pending=pending.candidates if pending else None,
            pending_action=pending is not None and pending.about is ChoiceAbout.ACTION,
            pending_status=pending is not None and pending.about is ChoiceAbout.STATUS,
            only_id_method=turn.signals.only_id_method,
            screened=True,  # the safety step has looked for a crisis and abuse
        )

    def _followup(self, turn: Turn) -> Route | None:
        services, message = self._services, turn.message
        search, scores = turn.signals.search, turn.signals.scores
        current = turn.conversation.procedure_id
        if not current or current not in services.catalogue:
            return None
        router = services.router
        if detect_aspects(message):
            # A follow-up unless what is left once the aspect is removed names another procedure.
            best = search.best
            switches = (
                search.confident
                and best is not None
                and best.procedure_id != current
                and router.names_a_procedure(
                    strip_aspects(message), turn.conversation.language, search, strict=True
                )
            )
            if not switches:
                return Route(Intent.PROCEDURE_INFO, current, confidence=0.9, followup=True)
        # A message that opens with a no declines: "no, gracias" is as near the action's
        # examples ("sí, quiero pedirlo") as their words are.
        label, similarity = scores.best(frozenset({"procedure_action"}))
        if (
            label
            and not commands.opens_with_denial(message)
            and similarity >= router.settings.conversational_similarity
            and not router.finds_a_procedure(search)
            and services.catalogue.get(current).action
        ):
            return Route(Intent.PROCEDURE_ACTION, current, confidence=similarity, followup=True)
        return None
