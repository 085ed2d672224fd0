"""A procedure's full text in one language, cut into the passages a follow-up is answered from.

"¿tiene descuento si pago pronto?" about a fine is answered by the sentence of the fine's entry
that says so, not by a fixed aspect. Every field a citizen reads becomes passages: the summary
and `how` sentence by sentence, each requirement and note, the fee, deadlines, processing time,
who can do it, and each channel. A passage's `key` ("summary.1", "requirements.0", "fee") is
the same in every language of the entry, so an answer can be given again in another language.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from ali.answers.messages import message
from ali.answers.wording import SENTENCE_END
from ali.catalogue.profile import Office
from ali.catalogue.schema import Channel, Language, Procedure
from ali.language.text import analyze

# A sentence ends at ". ", "? " or "! " followed by a capital, a digit or an opening mark.


class Section(StrEnum):
    """Where a passage comes from in the entry; it labels the passage when shown alone."""

    SUMMARY = "summary"
    REQUIREMENTS = "requirements"
    FEE = "fee"
    DEADLINES = "deadlines"
    DURATION = "processing_time"
    WHO = "who"
    HOW = "how"
    NOTES = "notes"
    CHANNELS = "channels"


# The answer message naming each section (None: the passage reads well without a label).
_LABELS: dict[Section, str | None] = {
    Section.SUMMARY: None,
    Section.REQUIREMENTS: "documents",
    Section.FEE: "cost",
    Section.DEADLINES: "deadline",
    Section.DURATION: "duration",
    Section.WHO: "who",
    Section.HOW: "channels",
    Section.NOTES: "notes",
    Section.CHANNELS: "channels",
}


@dataclass(frozen=True)
class ProcedurePassage:
    key: str  # the section and the position in it, the same in every language
    section: Section
    text: str  # as the catalogue words it
    label: str | None  # the section's name in the passage's language
    names: tuple[str, ...] = ()  # names citizens give what the sentence says (searched only)

    @property
    def searched(self) -> str:
        """What is ranked: the text with its section's name ("Cost: 3,50 €") and its names."""
        text = f"{self.label}: {self.text}" if self.label else self.text
        return "; ".join([text, *self.names])

    @property
    def shown(self) -> str:
        """What the citizen reads: the section's name in bold, then the text."""
        return f"**{self.label}**: {self.text}" if self.label else self.text


def sentences(text: str) -> list[str]:
    """The sentences of a catalogue text, in order."""
    return [part.strip() for part in SENTENCE_END.split(" ".join(text.split())) if part.strip()]


def procedure_passages(
    procedure: Procedure, language: Language, offices: dict[str, Office]
) -> list[ProcedurePassage]:
    """Every passage of `procedure` in `language`, in the entry's order."""
    text = procedure.text[language]
    found: list[ProcedurePassage] = []

    def add(section: Section, parts: list[str]) -> None:
        label_key = _LABELS[section]
        label = message(label_key, language) if label_key else None
        for number, part in enumerate(parts):
            found.append(ProcedurePassage(f"{section.value}.{number}", section, part, label))

    add(Section.SUMMARY, sentences(text.summary))
    _name_summary(found, text.title, text.aliases, language)
    fee = text.fee or (message("free", language) if procedure.free else None)
    for section, value in (
        (Section.FEE, fee),
        (Section.DEADLINES, text.deadlines),
        (Section.DURATION, text.processing_time),
        (Section.WHO, text.who),
    ):
        if value:
            add(section, [" ".join(value.split())])
    add(Section.REQUIREMENTS, [" ".join(item.split()) for item in text.requirements])
    add(Section.HOW, sentences(text.how or ""))
    add(Section.NOTES, [" ".join(note.split()) for note in text.notes])
    add(Section.CHANNELS, [channel_line(c, language, offices) for c in procedure.channels])
    return found


def _name_summary(
    found: list[ProcedurePassage], title: str, aliases: list[str], language: Language
) -> None:
    """Each alias ("descuento del 50 % de la multa") joins the summary sentence sharing most of
    its words beyond the title's ("...la reducción del 50 %"), so that a question in the
    alias's words finds that sentence."""
    if not found:
        return
    named: dict[int, list[str]] = {}
    titled = set(analyze(title, language))
    for alias in aliases:
        terms = set(analyze(alias, language)) - titled
        shared = [len(terms & set(analyze(p.text, language))) for p in found]
        best = max(range(len(found)), key=lambda index: shared[index])
        if shared[best]:
            named.setdefault(best, []).append(alias)
    for index, names in named.items():
        found[index] = replace(found[index], names=tuple(names))


def channel_line(channel: Channel, language: Language, offices: dict[str, Office]) -> str:
    """One channel in a sentence: how, where (offices with their address), its link or phone."""
    line = message(channel.type, language)
    if channel.appointment == "required":
        line += f" ({message('appointment_required', language)})"
    elif channel.appointment == "not_required":
        line += f" ({message('appointment_not_required', language)})"
    if channel.url:
        line += f": {channel.url}"
    if channel.phone:
        line += f": {channel.phone}"
    named = [offices[o] for o in channel.offices if o in offices]
    if named:
        line += " — " + "; ".join(f"{office.name}, {office.address}" for office in named)
    if channel.note:
        line += f". {' '.join(channel.note.get(language).split())}"
    return line
