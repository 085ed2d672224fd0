"""Two requests in one message ("quiero casarme en el ayuntamiento y empadronarme"): the parts
of the message (`cues.request_parts`) that each name a different procedure, which the router
then asks the citizen to choose between."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ali.catalogue.catalogue import Catalogue
from ali.catalogue.schema import Language
from ali.intents import cues
from ali.intents.names import ProcedureNames
from ali.language.text import analyze
from ali.retrieval.hybrid import SearchResult

Searcher = Callable[[str], SearchResult]

_MAX_PARTS = 4  # parts of a message searched for a request of their own
_RANKED = 5  # a part's procedure is among this many best matches of the whole message


@dataclass(frozen=True)
class _Naming:
    """How a part of a message named a procedure: the part's words in its names, by strong
    lexical matching or not, and whether a conjunction stands next to the part."""

    words: set[str]
    strong: bool
    joined: bool


class TwoRequests:
    def __init__(
        self,
        catalogue: Catalogue,
        names: ProcedureNames,
        weak: Callable[[SearchResult], bool],
        channels: frozenset[str] = frozenset(),
    ) -> None:
        """`weak`: the router's test of a match accepted on a likeness in wording only.
        `channels`: the procedures that are ways of doing the others (the council's
        appointments, its kiosks: profile roles)."""
        self._catalogue = catalogue
        self._names = names
        self._weak = weak
        self._channels = channels

    def find(
        self, message: str, language: Language, search: SearchResult, searcher: Searcher
    ) -> list[str]:
        """The procedures two parts of the message name (none unless at least two). A part
        naming nothing ("y quién ganó el partido") leaves the other to be answered. A part
        names its best match when the part's own search is confident and not weak, and either
        lexical matching is strong or, for a part a conjunction joins, one of its words is in
        that procedure's names while the whole message ranks it among its best too (the second
        request of a message is seldom its best match). Such a weaker part whose words are all
        in the names of the other part's procedure is context for it, not a request ("tengo un
        bar y quiero poner una terraza": a bar's terrace)."""
        parts = cues.request_parts(message, language)
        if len(parts) < 2:
            return []
        names = self._names
        ranked = {hit.procedure_id for hit in search.hits[:_RANKED]}
        named: dict[str, _Naming] = {}  # procedure -> how a part named it
        for part in parts[:_MAX_PARTS]:
            if part.context:
                continue  # "si lo saco en el ciberkiosko": said of the request, not another
            terms = set(names.terms(part.text, language))
            if not terms:
                continue  # "y cuánto cuesta": no topic of its own
            result = searcher(part.text)
            best = result.best
            if not result.confident or best is None or self._weak(result):
                continue
            if best.procedure_id in result.rejected | search.rejected:
                continue  # "y el volante no le vale": named to say it is not the one wanted
            if best.procedure_id in named:
                continue
            words = terms & names.of(best.procedure_id, language)
            if names.strong(result):
                named[best.procedure_id] = _Naming(words, strong=True, joined=part.joined)
            elif part.joined and best.procedure_id in ranked and words:
                named[best.procedure_id] = _Naming(words, strong=False, joined=True)
        found = [
            procedure
            for procedure, naming in named.items()
            if not any(
                self._context_for(other, procedure, naming, language)
                for other in named
                if other != procedure
            )
        ]
        return found[:2] if len(found) >= 2 else []

    def _context_for(self, procedure: str, other: str, naming: _Naming, language: Language) -> bool:
        """The part that named `other` is context for `procedure`, not a request of its own:
        all its naming words are in `procedure`'s names (for a strong match, of the same
        topic: "me han puesto una multa de tráfico" before a question about appealing it), or
        it stands after a comma, with no conjunction, and names only what `procedure`
        requires ("¿qué necesito para los ciberkioscos?, ¿vale con el DNI?") or a way of
        doing it ("necesito el certificado de empadronamiento, ¿hay que pedir cita?")."""
        if other in self._channels and procedure not in self._channels and not naming.joined:
            return True
        words = naming.words
        if not words:
            return False
        catalogue = self._catalogue
        same_topic = catalogue.get(procedure).category == catalogue.get(other).category
        if words <= self._names.of(procedure, language) and (same_topic or not naming.strong):
            return True
        if naming.joined:
            return False
        required = catalogue.get(procedure).text[language].requirements
        return words <= set(analyze(" ".join(required), language))
