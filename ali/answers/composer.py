"""Grounded answers without a language model: every fact comes from the catalogue entry.

The answer leads with the aspect the citizen asked about (cost, documents, where...), then gives
the essentials, and always ends with the source. A fact the entry does not state is never guessed:
the answer says where to check it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ali.answers.aspects import Aspect
from ali.answers.messages import message
from ali.catalogue.catalogue import Catalogue
from ali.catalogue.schema import Channel, Language, Procedure, ProcedureText


@dataclass(frozen=True)
class Source:
    procedure_id: str
    title: str
    url: str


@dataclass(frozen=True)
class Answer:
    reply: str
    sources: list[Source]


class AnswerComposer:
    def __init__(self, catalogue: Catalogue) -> None:
        self._catalogue = catalogue
        profile = catalogue.profile
        self._offices = {office.id: office for office in profile.offices}
        self._phone = profile.contact.phone

    def source(self, procedure: Procedure, language: Language) -> Source:
        return Source(procedure.id, procedure.title(language), str(procedure.source_url))

    def procedure_answer(
        self, procedure: Procedure, language: Language, aspects: Sequence[Aspect] = ()
    ) -> Answer:
        if procedure.kind == "referral":
            return self.referral_answer(procedure, language)
        text = procedure.text[language]
        sections: list[str] = []
        answered: set[Aspect] = set()
        for aspect in aspects:
            section = self._aspect_section(procedure, text, aspect, language)
            if section and section not in sections:
                sections.append(section)
            answered.add(aspect)
        lead = f"**{text.title}**. {text.summary}"
        sections.append(lead)
        for aspect in (Aspect.COST, Aspect.HOW, Aspect.DOCUMENTS):
            if aspect not in answered and not self._same_group(aspect, answered):
                section = self._aspect_section(procedure, text, aspect, language, essential=True)
                if section:
                    sections.append(section)
        if text.notes:
            notes = "\n".join(f"- {note}" for note in text.notes)
            sections.append(f"**{message('notes', language)}**:\n{notes}")
        sections.append(self._source_line(procedure, language))
        return Answer("\n\n".join(sections), [self.source(procedure, language)])

    def referral_answer(self, procedure: Procedure, language: Language) -> Answer:
        assert procedure.referral is not None
        text = procedure.text[language]
        referral = procedure.referral
        lines = [
            message("referral", language, administration=referral.administration.get(language)),
            f"**{text.title}**. {text.summary}",
        ]
        if text.how:
            lines.append(text.how)
        if referral.url:
            lines.append(message("referral_web", language, url=str(referral.url)))
        if referral.phone:
            lines.append(f"{message('phone', language)}: {referral.phone}")
        lines.append(self._source_line(procedure, language))
        return Answer("\n\n".join(lines), [self.source(procedure, language)])

    def out_of_scope_answer(self, language: Language) -> Answer:
        return Answer(message("out_of_scope", language, phone=self._phone), [])

    @staticmethod
    def _same_group(aspect: Aspect, answered: set[Aspect]) -> bool:
        channel_aspects = {Aspect.HOW, Aspect.WHERE, Aspect.ONLINE, Aspect.IN_PERSON}
        return aspect in channel_aspects and bool(answered & channel_aspects)

    def _aspect_section(
        self,
        procedure: Procedure,
        text: ProcedureText,
        aspect: Aspect,
        language: Language,
        *,
        essential: bool = False,
    ) -> str | None:
        unknown = message("unknown", language, url=str(procedure.source_url), phone=self._phone)
        if aspect is Aspect.COST:
            fee = text.fee or (message("free", language) if procedure.free else None)
            if fee is None and essential:
                return None
            return f"**{message('cost', language)}**: {fee or unknown}"
        if aspect is Aspect.DOCUMENTS:
            if not text.requirements:
                return None if essential else f"**{message('documents', language)}**: {unknown}"
            items = "\n".join(f"- {item}" for item in text.requirements)
            return f"**{message('documents', language)}**:\n{items}"
        if aspect in (Aspect.HOW, Aspect.WHERE, Aspect.ONLINE, Aspect.IN_PERSON):
            return self._channels_section(procedure, text, aspect, language, unknown)
        if aspect is Aspect.DEADLINE:
            return f"**{message('deadline', language)}**: {text.deadlines or unknown}"
        if aspect is Aspect.DURATION:
            return f"**{message('duration', language)}**: {text.processing_time or unknown}"
        if aspect is Aspect.WHO:
            return f"**{message('who', language)}**: {text.who or unknown}"
        return None

    def _channels_section(
        self,
        procedure: Procedure,
        text: ProcedureText,
        aspect: Aspect,
        language: Language,
        unknown: str,
    ) -> str:
        channels = list(procedure.channels)
        if aspect is Aspect.ONLINE:
            channels.sort(key=lambda channel: channel.type != "online")
        elif aspect in (Aspect.IN_PERSON, Aspect.WHERE):
            channels.sort(key=lambda channel: channel.type not in ("in_person", "kiosk"))
        lines = [f"- {self._channel_line(channel, language)}" for channel in channels]
        body = "\n".join(lines) if lines else unknown
        how = f"\n{text.how}" if text.how else ""
        return f"**{message('channels', language)}**:\n{body}{how}"

    def _channel_line(self, channel: Channel, language: Language) -> str:
        parts = [message(channel.type, language)]
        if channel.appointment == "required":
            parts.append(message("appointment_required", language))
        elif channel.appointment == "not_required":
            parts.append(message("appointment_not_required", language))
        line = " ".join(parts)
        if channel.url:
            line += f": {channel.url}"
        if channel.phone:
            line += f": {channel.phone}"
        if channel.identification:
            names = [message(f"id_{item}", language) for item in channel.identification]
            joined = f" {message('or', language)} ".join(
                [", ".join(names[:-1]), names[-1]] if len(names) > 1 else names
            )
            line += f" ({message('with', language)} {joined})"
        if channel.offices:
            offices = "; ".join(
                f"{self._offices[o].name}, {self._offices[o].address}" for o in channel.offices
            )
            line += f" — {offices}"
        if channel.note:
            line += f". {channel.note.get(language)}"
        return line

    def _source_line(self, procedure: Procedure, language: Language) -> str:
        return (
            f"{message('source', language)}: {procedure.title(language)} — {procedure.source_url}"
        )
