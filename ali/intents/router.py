"""The intent router: one intent per message, from safety patterns, example similarity, fuzzy
matching, lexical cues and retrieval scores. It abstains (`clarify`) instead of guessing.

Order of precedence: crisis (112/016/024) > blocked > a pick among pending options >
conversational intents (greeting, help, handoff, status...) when they beat the best procedure
> procedures (several requests -> clarify; a fragment matching several -> clarify; another
administration's -> referral; "do it now" on an executable one -> procedure_action; else
procedure_info) > vague messages -> clarify > out_of_scope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ali.catalogue.catalogue import Catalogue
from ali.catalogue.schema import Language
from ali.dialogue import commands
from ali.intents import cues
from ali.intents.classifier import IntentScores
from ali.intents.labels import Intent
from ali.retrieval.hybrid import SearchResult
from ali.retrieval.text import analyze, fold
from ali.safety.crisis import Crisis, detect_crisis
from ali.safety.guard import is_blocked
from ali.settings import IntentSettings

CONVERSATIONAL = frozenset({"greeting", "goodbye", "thanks", "help", "handoff", "status_check"})
_CRISIS_LABELS = {
    "emergency_112": Crisis.EMERGENCY,
    "emergency_016": Crisis.GENDER_VIOLENCE,
    "emergency_024": Crisis.SUICIDE,
}
_STATUS_PROCEDURES = ("registro.estado-expediente", "via-publica.incidencia")
_INCIDENT_WORDS = frozenset(
    "incidencia incidencias aviso avise avisado farola bache averia incident avis fanal clot "
    "report reported pothole streetlight".split()
)
_FILE_WORDS = frozenset(
    "expediente solicitud instancia registro tramite expedient sollicitud registre application "
    "file request".split()
)
# Words that carry no topic: politeness and the verbs of asking.
_NON_CONTENT = frozenset(
    "quiero quisiera necesito necesitaria favor porfa gracias hola buenas vull voldria "
    "necessite necessito please want need hello thanks pedir solicitar sacar tener hacer fer "
    "demanar traure get do make tengo tinc have".split()
)


@dataclass(frozen=True)
class Route:
    intent: Intent
    procedure_id: str | None = None
    candidates: list[str] = field(default_factory=list)
    crisis: Crisis | None = None
    confidence: float = 0.0
    two_requests: bool = False


Searcher = Callable[[str], SearchResult]


class IntentRouter:
    def __init__(self, catalogue: Catalogue, settings: IntentSettings) -> None:
        self._catalogue = catalogue
        self._settings = settings

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
    ) -> Route:
        settings = self._settings
        crisis = detect_crisis(message)
        if crisis is None:
            label, similarity = scores.best(frozenset(_CRISIS_LABELS))
            if label and similarity >= settings.crisis_similarity:
                crisis = _CRISIS_LABELS[label]
        if crisis is not None:
            return Route(Intent.EMERGENCY, crisis=crisis, confidence=1.0)
        if (
            is_blocked(message)
            or scores.similarity.get("blocked", 0) >= settings.blocked_similarity
        ):
            return Route(Intent.BLOCKED, confidence=1.0)

        if pending:
            chosen = self._choose(message, pending, language)
            if chosen is not None:
                return self._procedure_route(chosen, message, confidence=1.0)

        conversational = self._conversational(message, scores, search)
        if conversational is not None:
            return conversational

        if search.confident and search.best is not None:
            two = self._two_requests(message, language, search, searcher)
            if two is not None:
                return two
            if self._ambiguous(message, language, search):
                return Route(Intent.CLARIFY, candidates=self._top(search), confidence=0.5)
            return self._procedure_route(search.best.procedure_id, message, search.best.dense)

        if self._content_words(message, language) <= settings.vague_max_words and (
            scores.similarity.get("out_of_scope", 0.0) < settings.out_of_scope_similarity
        ):
            candidates = self._top(search) if self._near_miss(search) else []
            return Route(Intent.CLARIFY, candidates=candidates, confidence=0.3)
        return Route(Intent.OUT_OF_SCOPE, confidence=0.0)

    def safety(self, message: str, scores: IntentScores) -> Route | None:
        """Crisis and abuse routes, which override everything (forms included)."""
        settings = self._settings
        crisis = detect_crisis(message)
        if crisis is None:
            label, similarity = scores.best(frozenset(_CRISIS_LABELS))
            if label and similarity >= settings.crisis_similarity:
                crisis = _CRISIS_LABELS[label]
        if crisis is not None:
            return Route(Intent.EMERGENCY, crisis=crisis, confidence=1.0)
        if (
            is_blocked(message)
            or scores.similarity.get("blocked", 0) >= settings.blocked_similarity
        ):
            return Route(Intent.BLOCKED, confidence=1.0)
        return None

    # -- pieces ------------------------------------------------------------------------------

    def _procedure_route(self, procedure_id: str, message: str, confidence: float) -> Route:
        procedure = self._catalogue.get(procedure_id)
        if procedure.kind == "referral":
            return Route(Intent.REFERRAL, procedure_id, confidence=confidence)
        if procedure.action and cues.wants_action(message):
            return Route(Intent.PROCEDURE_ACTION, procedure_id, confidence=confidence)
        return Route(Intent.PROCEDURE_INFO, procedure_id, confidence=confidence)

    def _conversational(
        self, message: str, scores: IntentScores, search: SearchResult
    ) -> Route | None:
        settings = self._settings
        fuzzy_label = max(
            (label for label in scores.fuzzy if label in CONVERSATIONAL),
            key=lambda label: scores.fuzzy[label],
            default=None,
        )
        if fuzzy_label and scores.fuzzy[fuzzy_label] >= settings.conversational_fuzzy:
            label, similarity = fuzzy_label, 1.0
        else:
            found, similarity = scores.best(CONVERSATIONAL)
            if found is None or similarity < settings.conversational_similarity:
                return None
            best = search.best
            procedure_signal = best.dense if best and search.confident else 0.0
            if best and search.confident and best.fuzzy >= 95:
                procedure_signal = max(procedure_signal, 1.0)  # an exact alias: a procedure
            if similarity < procedure_signal + settings.conversational_margin:
                return None
            label = found
        if label == "status_check":
            return self._status(message, search, similarity)
        return Route(Intent(label), confidence=similarity)

    def _status(self, message: str, search: SearchResult, similarity: float) -> Route:
        tokens = set(fold(message).split())
        if tokens & _INCIDENT_WORDS:
            return Route(Intent.STATUS_CHECK, "via-publica.incidencia", confidence=similarity)
        if tokens & _FILE_WORDS:
            return Route(Intent.STATUS_CHECK, "registro.estado-expediente", confidence=similarity)
        best = search.best
        if search.confident and best and best.procedure_id in _STATUS_PROCEDURES:
            return Route(Intent.STATUS_CHECK, best.procedure_id, confidence=similarity)
        return Route(Intent.CLARIFY, candidates=list(_STATUS_PROCEDURES), confidence=similarity)

    def _two_requests(
        self, message: str, language: Language, search: SearchResult, searcher: Searcher
    ) -> Route | None:
        parts = cues.request_parts(message, language)
        if len(parts) < 2:
            return None
        found: list[str] = []
        for part in parts[:3]:
            result = searcher(part)
            if result.confident and result.best and result.best.procedure_id not in found:
                found.append(result.best.procedure_id)
        if len(found) < 2:
            return None
        return Route(Intent.CLARIFY, candidates=found[:2], confidence=0.5, two_requests=True)

    def _ambiguous(self, message: str, language: Language, search: SearchResult) -> bool:
        """A fragment ("un certificado") matching several procedures about equally."""
        if self._content_words(message, language) > self._settings.fragment_max_words:
            return False
        hits = search.hits
        if len(hits) < 2 or hits[0].fuzzy >= 95:
            return False
        return hits[1].dense >= hits[0].dense - self._settings.ambiguity_margin

    def _near_miss(self, search: SearchResult) -> bool:
        best = search.best
        return best is not None and best.dense >= self._settings.near_miss_similarity

    def _top(self, search: SearchResult) -> list[str]:
        return [hit.procedure_id for hit in search.hits[:3]]

    def _content_words(self, message: str, language: Language) -> int:
        terms = [word for word in fold(message).split() if word not in _NON_CONTENT]
        return len(analyze(" ".join(terms), language))

    def _choose(self, message: str, pending: list[str], language: Language) -> str | None:
        position = commands.ordinal(message)
        if position is not None:
            return pending[position - 1] if 1 <= position <= len(pending) else None
        folded = fold(message)
        best: tuple[float, str] | None = None
        for procedure_id in pending:
            procedure = self._catalogue.get(procedure_id)
            text = procedure.text[language]
            for name in (text.title, *text.aliases):
                score = fuzz.token_set_ratio(folded, fold(name))
                if score >= 85 and (best is None or score > best[0]):
                    best = (score, procedure_id)
        return best[1] if best else None
