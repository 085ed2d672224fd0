"""The intent router: one intent per message, from safety patterns, example similarity, fuzzy
matching, lexical cues and retrieval scores. It abstains (`clarify`) instead of guessing.

Order of precedence: crisis (112/016/024) > blocked > a pick among pending options >
conversational intents (greeting, help, handoff, status...) when they beat the best procedure
> procedures (several requests -> clarify; a fragment matching several -> clarify; another
administration's -> referral; "do it now" on an executable one -> procedure_action; else
procedure_info) > vague messages -> clarify > out_of_scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ali.answers.aspects import detect_aspects
from ali.catalogue.catalogue import Catalogue
from ali.catalogue.schema import Language
from ali.intents import cues
from ali.intents.classifier import IntentScores
from ali.intents.labels import Intent
from ali.intents.names import ProcedureNames, in_names
from ali.intents.two_requests import Searcher, TwoRequests
from ali.language import commands
from ali.language.text import fold
from ali.retrieval.hybrid import SearchResult
from ali.safety.crisis import Crisis, detect_crisis
from ali.safety.guard import is_blocked
from ali.settings import IntentSettings

# Recognised by example similarity. Status questions are recognised by their wording instead
# (cues.asks_status): embeddings of short messages confuse "how is my request going" with help.
CONVERSATIONAL = frozenset({"greeting", "goodbye", "thanks", "help", "handoff"})
_CRISIS_LABELS = {
    "emergency_112": Crisis.EMERGENCY,
    "emergency_016": Crisis.GENDER_VIOLENCE,
    "emergency_024": Crisis.SUICIDE,
}


@dataclass(frozen=True)
class Route:
    intent: Intent
    procedure_id: str | None = None
    candidates: list[str] = field(default_factory=list)
    crisis: Crisis | None = None
    confidence: float = 0.0
    two_requests: bool = False
    wants_action: bool = False
    about_status: bool = False  # a clarification between things whose status was asked
    followup: bool = False  # about the conversation's current procedure


class IntentRouter:
    def __init__(
        self,
        catalogue: Catalogue,
        settings: IntentSettings,
        lexical_thresholds: tuple[float, float] = (6.0, 90.0),
        dense_floor: float | None = None,
    ) -> None:
        self._catalogue = catalogue
        self._roles = catalogue.profile.procedures  # status routing goes to these
        self._settings = settings
        self._names = ProcedureNames(catalogue, lexical_thresholds)
        self._dense_floor = dense_floor  # the retriever's: below it, it abstains
        channels = frozenset(c for c in (self._roles.kiosks, self._roles.appointments) if c)
        self._two = TwoRequests(catalogue, self._names, self._weak, channels)

    @property
    def settings(self) -> IntentSettings:
        return self._settings

    def route(
        self,
        message: str,
        language: Language,
        search: SearchResult,
        scores: IntentScores,
        searcher: Searcher,
        pending: list[str] | None = None,
        *,
        pending_action: bool = False,
        pending_status: bool = False,
        only_id_method: bool = False,
        screened: bool = False,
    ) -> Route:
        """`screened`: the caller has already asked `safety` about this message (which is then
        not asked twice)."""
        settings = self._settings
        safety = None if screened else self.safety(message, scores)
        if safety is not None:
            return safety

        if pending:
            chosen = self._choose(message, pending, language)
            if chosen is not None and pending_status:
                return Route(Intent.STATUS_CHECK, chosen, confidence=1.0)
            if chosen is not None:
                return self._procedure_route(chosen, message, confidence=1.0, action=pending_action)

        if only_id_method:  # "con Cl@ve": how, but not what
            return Route(Intent.CLARIFY, confidence=0.3, wants_action=cues.wants_action(message))
        if cues.asks_status(message):
            return self._status(message, language, search, 1.0)
        appointments = self._roles.appointments
        if cues.asks_my_appointments(message) and self._has_status(appointments):
            return Route(Intent.STATUS_CHECK, appointments, confidence=1.0)

        named = self.names_a_procedure(message, language, search)
        conversational = self._conversational(message, language, scores, search, named)
        if conversational is not None:
            return conversational

        short = self._names.count(message, language) <= settings.fragment_max_words
        confident = self.finds_a_procedure(search)
        if confident and search.best is not None and (named or not short):
            two = self._two.find(message, language, search, searcher)
            if two:
                return Route(
                    Intent.CLARIFY,
                    candidates=two,
                    confidence=0.5,
                    two_requests=True,
                    wants_action=cues.wants_action(message),
                )
            sharing = self._ambiguous(message, language, search)
            if sharing:
                return Route(
                    Intent.CLARIFY,
                    candidates=sharing,
                    confidence=0.5,
                    wants_action=cues.wants_action(message),
                )
            chosen = self._thing_asked(message, language, search)
            return self._procedure_route(chosen, message, search.best.dense)

        content = self._names.count(message, language)
        # Short and unspecific ("tengo un problema"): ask. A real question about something we
        # do not cover ("¿quién ganó la liga?") is out of scope.
        specific_question = cues.asks_question(message) and content >= 2
        if (
            content <= settings.vague_max_words
            and not specific_question
            and scores.similarity.get("out_of_scope", 0.0) < settings.out_of_scope_similarity
        ):
            named = self._names.count(message, language) > 0
            candidates = self._top(search) if named and self._near_miss(search) else []
            return Route(
                Intent.CLARIFY,
                candidates=candidates,
                confidence=0.3,
                wants_action=cues.wants_action(message),
            )
        return Route(Intent.OUT_OF_SCOPE, confidence=0.0)

    def safety(
        self, message: str, scores: IntentScores, *, hidden_characters: bool = False
    ) -> Route | None:
        """Crisis and abuse routes, which override everything (forms included)."""
        settings = self._settings
        crisis = detect_crisis(message)
        if crisis is None:
            label, similarity = scores.best(frozenset(_CRISIS_LABELS))
            if label and similarity >= settings.crisis_similarity:
                crisis = _CRISIS_LABELS[label]
        if crisis is not None:
            return Route(Intent.EMERGENCY, crisis=crisis, confidence=1.0)
        blocked = scores.similarity.get("blocked", 0) >= settings.blocked_similarity
        if hidden_characters or blocked or is_blocked(message):
            return Route(Intent.BLOCKED, confidence=1.0)
        return None

    # -- pieces ------------------------------------------------------------------------------

    def _procedure_route(
        self, procedure_id: str, message: str, confidence: float, *, action: bool = False
    ) -> Route:
        procedure = self._catalogue.get(procedure_id)
        if procedure.kind == "referral":
            return Route(Intent.REFERRAL, procedure_id, confidence=confidence)
        cancelling = procedure.cancel_action is not None and cues.wants_cancel(message)
        # "hay una farola fundida en mi calle": said, not asked, a street problem is reported
        reporting = (
            procedure_id == self._roles.incident_report
            and not cues.asks_question(message)
            and not detect_aspects(message)
        )
        if procedure.action and (action or cancelling or reporting or cues.wants_action(message)):
            return Route(Intent.PROCEDURE_ACTION, procedure_id, confidence=confidence)
        return Route(Intent.PROCEDURE_INFO, procedure_id, confidence=confidence)

    def names_a_procedure(
        self, message: str, language: Language, search: SearchResult, *, strict: bool = False
    ) -> bool:
        """Lexical evidence that the message is about a catalogue procedure (see
        `ProcedureNames.named`)."""
        return self._names.named(message, language, search, strict=strict)

    def _conversational(
        self,
        message: str,
        language: Language,
        scores: IntentScores,
        search: SearchResult,
        named: bool,
    ) -> Route | None:
        settings = self._settings
        fuzzy_label = max(
            (label for label in scores.fuzzy if label in CONVERSATIONAL),
            key=lambda label: scores.fuzzy[label],
            default=None,
        )
        if cues.wants_person(message):
            return Route(Intent.HANDOFF, confidence=1.0)
        if named and detect_aspects(message):
            # A procedure named and a fact of it asked ("em puc empadronar per internet?") is
            # a question about it, however much its wording looks like "em pots ajudar?".
            return None
        if fuzzy_label and scores.fuzzy[fuzzy_label] >= settings.conversational_fuzzy:
            label, similarity = fuzzy_label, 1.0
        else:
            found, similarity = scores.best(CONVERSATIONAL)
            if found is None or similarity < settings.conversational_similarity:
                return None
            if found == "handoff" and named:
                # Asking for a person says so (`cues.wants_person`, above); a procedure named
                # politely ("un certificado, por favor") only looks like "una persona, por favor".
                return None
            best = search.best
            procedure_signal = best.dense if best and search.confident else 0.0
            if best and search.confident and best.fuzzy >= 95:
                procedure_signal = max(procedure_signal, 1.0)  # an exact alias: a procedure
            if named:
                procedure_signal += settings.named_margin
            if similarity < procedure_signal + settings.conversational_margin:
                return None
            label = found
        return Route(Intent(label), confidence=similarity)

    def _thing_asked(self, message: str, language: Language, search: SearchResult) -> str:
        """The best match, unless it is only the way the citizen means to do another procedure
        the message names: the kiosks (profile role `kiosks`) for "el certificado de padrón en
        el ciberkiosko", the council's appointments (`appointments`) for another
        administration's procedure ("an appointment for my TIE": the TIE's own)."""
        best = search.best
        assert best is not None
        channel = best.procedure_id
        if channel not in (self._roles.kiosks, self._roles.appointments):
            return channel
        # named strongly, by words of its own ("cita" names the DNI's appointment and the
        # council's alike; "casa" or "use" name nothing)
        terms = set(self._names.terms(message, language)) - self._names.of(channel, language)
        for hit in search.hits[1:3]:
            other = self._catalogue.get(hit.procedure_id)
            if other.id in (self._roles.kiosks, self._roles.appointments):
                continue
            if channel == self._roles.appointments and other.kind != "referral":
                continue  # the council's own appointment is booked through its procedure
            if channel == self._roles.kiosks and other.kind == "referral":
                continue  # the kiosks do the council's procedures ("¿vale el DNI?" is no DNI's)
            strong = hit.bm25 >= self._names.lexical[0] or hit.fuzzy >= self._names.lexical[1]
            if strong and terms & self._names.of(other.id, language):
                return other.id
        return channel

    def _has_status(self, procedure_id: str | None) -> bool:
        if procedure_id is None or procedure_id not in self._catalogue:
            return False
        return self._catalogue.get(procedure_id).status_action is not None

    def _status(
        self, message: str, language: Language, search: SearchResult, similarity: float
    ) -> Route:
        """The state of something already filed: an incident report or any other file (the
        profile's `procedures.incident_status` and `procedures.file_status`)."""
        incident, file = self._roles.incident_status, self._roles.file_status
        tokens = set(fold(message).split())
        if incident and tokens & cues.words("incident"):
            return Route(Intent.STATUS_CHECK, incident, confidence=similarity)
        best = search.best
        if incident and search.confident and best and best.procedure_id == incident:
            return Route(Intent.STATUS_CHECK, incident, confidence=similarity)
        topic = [word for word in fold(message).split() if word not in cues.words("status")]
        if file and (
            tokens & cues.words("file") or self._names.count(" ".join(topic), language) > 0
        ):
            return Route(Intent.STATUS_CHECK, file, confidence=similarity)
        return Route(
            Intent.CLARIFY,
            candidates=[procedure for procedure in (file, incident) if procedure],
            confidence=similarity,
            about_status=True,
        )

    def _ambiguous(self, message: str, language: Language, search: SearchResult) -> list[str]:
        """A bare noun ("un certificado", "la tarjeta", "a fine") naming several procedures:
        the word is in the names of at least two of the best matches, which are the options
        (none when it is not ambiguous). An exact name of the best one ("pedir cita",
        "volante") settles it, unless another of the same topic carries the word in its names
        too ("una multa": paying or appealing; "IBI": the tax, or paying it in instalments).
        A question ("¿estoy empadronado?") is no bare noun."""
        terms = self._names.terms(message, language)
        if not terms or len(terms) > self._settings.fragment_max_words:
            return []
        if cues.wants_action(message) or (cues.asks_question(message) and len(terms) >= 2):
            return []  # says what to do ("quiero pagar un recibo", "how do I pay my IBI?")
        if "?" in message and search.hits[0].fuzzy >= 100:
            return []  # a question that is, in full, a name of several words of the best one
        sharing = [
            hit.procedure_id
            for hit in search.hits[:3]
            if all(in_names(term, self._names.of(hit.procedure_id, language)) for term in terms)
        ]
        if len(sharing) < 2:
            return []
        best = search.hits[0]
        if best.fuzzy < 95:
            return sharing
        topic = self._catalogue.get(best.procedure_id).category
        same_topic = any(
            self._catalogue.get(other).category == topic
            for other in sharing
            if other != best.procedure_id
        )
        return sharing if same_topic else []

    def finds_a_procedure(self, search: SearchResult) -> bool:
        """Whether the search's best hit is evidence enough to answer from: confident, and not
        on a likeness in wording alone (`_weak`)."""
        return search.confident and not self._weak(search)

    def _weak(self, search: SearchResult) -> bool:
        """Accepted on dense similarity alone, barely above the retriever's floor, with no
        keyword or name behind it: a likeness in wording, not evidence ("¿cómo me apunto a la
        bici pública?" is no street incident). Never answered as that procedure."""
        best = search.best
        if best is None or self._dense_floor is None:
            return False
        settings = self._settings
        if best.bm25 >= settings.weak_bm25 or best.fuzzy >= self._names.lexical[1]:
            return False
        if best.dense < self._dense_floor + settings.weak_dense_margin:
            return True
        # No procedure at all is named by a keyword or a name: the embeddings alone say it.
        named = any(
            hit.bm25 >= settings.weak_bm25 or hit.fuzzy >= self._names.lexical[1]
            for hit in search.hits
        )
        return not named and best.dense < self._dense_floor + settings.unnamed_dense_margin

    def _near_miss(self, search: SearchResult) -> bool:
        best = search.best
        return best is not None and best.dense >= self._settings.near_miss_similarity

    def _top(self, search: SearchResult) -> list[str]:
        return [hit.procedure_id for hit in search.hits[:3]]

    def _choose(self, message: str, pending: list[str], language: Language) -> str | None:
        position = commands.ordinal(message)
        if position is not None:
            return pending[position - 1] if 1 <= position <= len(pending) else None
        if not self._names.terms(message, language):
            return None  # "no", "vale": no name to match (token_set_ratio finds "no" in any)
        folded = fold(message)
        best: tuple[float, str] | None = None
        for procedure_id in pending:
            procedure = self._catalogue.get(procedure_id)
            text = procedure.text[language]
            for name in (text.title, *text.aliases):
                score = fuzz.token_set_ratio(folded, fold(name))
                if score >= 85 and (best is None or score > best[0]):
                    best = (score, procedure_id)
        return best[1] if best else self._named_among(message, pending, language)

    def _named_among(self, message: str, pending: list[str], language: Language) -> str | None:
        """The one option whose names share the most words with the message, not counting the
        words every option's names have ("pagarla" and "recurrirla" after "tengo una multa":
        "pagar" is only the payment's, "recurrir" only the appeal's; "multa" is both's)."""
        terms = set(self._names.terms(message, language))
        names = {procedure_id: self._names.of(procedure_id, language) for procedure_id in pending}
        common = set.intersection(*names.values()) if names else set()
        shared = {
            procedure_id: len((terms & words) - common) for procedure_id, words in names.items()
        }
        most = max(shared.values(), default=0)
        chosen = [procedure_id for procedure_id, count in shared.items() if count == most]
        return chosen[0] if most > 0 and len(chosen) == 1 else None
