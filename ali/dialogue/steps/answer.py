"""The catalogue's answer to a route: a procedure's information (or referral), a clarifying
question, a conversational reply (greeting, help, thanks), the way to a person, or "not
something the council does"."""

from __future__ import annotations

from ali.answers.aspects import Aspect, detect_aspects, procedure_names
from ali.dialogue.handoff import handoff_reply
from ali.dialogue.reply import Draft, Suggestion
from ali.dialogue.services import DialogueServices
from ali.dialogue.state import ChoiceAbout, LastAnswer, PendingChoice
from ali.dialogue.steps.safety import safety_reply
from ali.dialogue.texts import text
from ali.dialogue.turn import Turn
from ali.intents.labels import Intent
from ali.intents.router import Route
from ali.language import Language


class CatalogueAnswer:
    """Reads the route; ends the turn with the answer the catalogue and the council's profile
    give (`answered`, `clarify`, `referral`, `handoff`, `out_of_scope`). A clarification
    leaves its candidates pending in the state, for the citizen's pick."""

    name = "answer"

    def __init__(self, services: DialogueServices) -> None:
        self._services = services

    def run(self, turn: Turn) -> Draft | None:
        route, language = turn.route, turn.language
        if route is None:
            return None
        intent = route.intent
        if intent in (Intent.EMERGENCY, Intent.BLOCKED):
            return safety_reply(route, language)
        if intent in (Intent.GREETING, Intent.GOODBYE, Intent.THANKS):
            reply = text(intent.value, language, assistant=self._services.profile.assistant_name)
            suggestions = self.featured(language) if intent is Intent.GREETING else []
            return Draft(intent, reply, suggestions=suggestions, confidence=route.confidence)
        if intent is Intent.HELP:
            featured = self.featured(language)
            listed = "\n".join(f"- {s.label}" for s in featured)
            reply = f"{text('help', language)}\n{listed}"
            return Draft(intent, reply, suggestions=featured, confidence=route.confidence)
        if intent is Intent.HANDOFF:
            return handoff_reply(self._services, turn)
        if intent is Intent.CLARIFY:
            return self._clarify(route, turn)
        if intent is Intent.OUT_OF_SCOPE:
            answer = self._services.composer.out_of_scope_answer(language)
            return Draft(intent, answer.reply, suggestions=self.featured(language))
        return self._info(route, turn)

    def _info(self, route: Route, turn: Turn) -> Draft:
        services, language, intent = self._services, turn.language, route.intent
        assert route.procedure_id is not None
        procedure = services.catalogue.get(route.procedure_id)
        aspects = detect_aspects(turn.message, procedure_names(procedure))
        followup = turn.followup
        quoted: tuple[str, ...] = ()
        if followup is not None and followup.repeat is not None:  # in the language asked for
            aspects = [Aspect(name) for name in followup.repeat.aspects if name in set(Aspect)]
            quoted = tuple(followup.repeat.passages)
            answer = (
                services.followups.quoted(procedure, language, quoted)
                if quoted
                else services.composer.procedure_answer(procedure, language, aspects)
            )
        elif followup is not None:  # from the procedure's own text, or that it does not say
            quoted = followup.passages
            answer = services.followups.quoted(procedure, language, quoted)
        else:
            answer = services.composer.procedure_answer(procedure, language, aspects, turn.message)
        turn.state.answer = LastAnswer(procedure.id, [a.value for a in aspects], list(quoted))
        reply = answer.reply
        if intent is Intent.STATUS_CHECK:  # the fact first, the label line after it
            lead, _, rest = reply.partition("\n\n")
            reply = "\n\n".join(
                part for part in (lead, text("status_check", language), rest) if part
            )
        others = [
            h.procedure_id for h in turn.signals.search.hits if h.procedure_id != procedure.id
        ]
        suggestions: list[Suggestion] = []
        if intent is not Intent.REFERRAL:
            suggestions = [Suggestion(question, question) for question in answer.follow_ups]
            if services.actions.get(procedure.action):
                label = text("do_it_label", language)
                suggestions.insert(0, Suggestion(label, label))
        return Draft(
            intent,
            reply,
            procedure_id=procedure.id,
            candidates=[] if route.followup else others[: services.max_candidates - 1],
            sources=answer.sources,
            suggestions=suggestions,
            confidence=route.confidence,
        )

    def _clarify(self, route: Route, turn: Turn) -> Draft:
        services, language = self._services, turn.language
        candidates = route.candidates or list(services.profile.featured[:3])
        about = (
            ChoiceAbout.STATUS
            if route.about_status
            else ChoiceAbout.ACTION
            if route.wants_action
            else ChoiceAbout.INFO
        )
        turn.state.pending = PendingChoice(candidates, about)
        titles = [services.catalogue.get(pid).title(language) for pid in candidates]
        if route.two_requests:
            head = text("clarify_two", language)
        elif route.candidates:
            head = text("clarify", language)
        else:
            head = text("clarify_vague", language)
        listed = "\n".join(f"{number}. {title}" for number, title in enumerate(titles, start=1))
        return Draft(
            Intent.CLARIFY,
            f"{head}\n{listed}",
            candidates=candidates,
            suggestions=[Suggestion(title, title) for title in titles],
            confidence=route.confidence,
        )

    def featured(self, language: Language) -> list[Suggestion]:
        catalogue = self._services.catalogue
        titles = [catalogue.get(pid).title(language) for pid in self._services.profile.featured]
        return [Suggestion(title, title) for title in titles]
