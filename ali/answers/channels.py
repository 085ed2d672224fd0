"""The ways to carry out a procedure, said in one sentence: online with its link (the council's sede
electrónica named as such), by phone with its number, in person with the offices' addresses.

A short answer names every channel briefly; an answer to "where?" or "online?" puts the channels
asked about first and gives their places and identification in full.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ali.answers.aspects import Aspect
from ali.answers.messages import message
from ali.answers.wording import lower_first, one_of, shortened
from ali.catalogue.profile import Office
from ali.catalogue.schema import Channel, Language, Procedure

_PLACES = ("in_person", "kiosk")
# Channels whose note, when they list no office, names the place or the portal ("Oficina de la
# ORA, C/ Pintor Velázquez, 15"; the kiosks' sites): it goes on in the channel's own sentence.
_NAMED_IN_NOTES = ("in_person", "online", "kiosk")
# A channel's note longer than this is cut to its first sentence.
NOTE_LIMIT = 120


def ordered(channels: Sequence[Channel], aspect: Aspect | None) -> list[Channel]:
    """The channels with those the aspect asks about first (catalogue order otherwise)."""
    found = list(channels)
    if aspect is Aspect.ONLINE:
        found.sort(key=lambda channel: channel.type != "online")
    elif aspect is Aspect.OFFLINE:  # "no tengo ordenador": the ways without internet first
        found.sort(key=lambda channel: channel.type == "online")
    elif aspect in (Aspect.WHERE, Aspect.IN_PERSON):  # an office (with its address) first
        found.sort(
            key=lambda channel: _PLACES.index(channel.type) if channel.type in _PLACES else 2
        )
    return found


class ChannelWriter:
    """Writes channels in a citizen's language, offices named with their address."""

    def __init__(self, offices: Mapping[str, Office], sede_url: str | None = None) -> None:
        """`sede_url`: the council's sede electrónica; an online channel there is named as
        such ("Por internet, en la sede electrónica (…)"), not only by its link."""
        self._offices = offices
        self._sede = sede_url.rstrip("/") if sede_url else None

    def ways(
        self, channels: Sequence[Channel], language: Language, aspect: Aspect | None = None
    ) -> str | None:
        """The channels in a sentence or a few (None when there is none).

        With no aspect, or "how?", every channel briefly. For "where?", "online?" or "without
        internet", the channels asked about first, one sentence each with their offices (name
        and address), identification and note; the others after them, briefly. A channel with
        no office listed (in person, online) has its place in its note: the note goes on in the
        channel's sentence, so that the first sentence names the place."""
        if not channels:
            return None
        if aspect not in (Aspect.WHERE, Aspect.IN_PERSON, Aspect.ONLINE, Aspect.OFFLINE):
            brief = [self._channel(c, language, identified=aspect is Aspect.HOW) for c in channels]
            return _listed(brief)
        found = ordered(channels, aspect)
        kind = found[0].type if _answers(found[0], aspect) else None
        wanted = [channel for channel in found if channel.type == kind] or found[:1]
        others = [channel for channel in found if channel not in wanted]
        sentences = [
            self._channel(channel, language, identified=True, placed=True) + "."
            for channel in wanted
        ]
        note = wanted[0].note
        if note and not wanted[0].offices and wanted[0].type in _NAMED_IN_NOTES:
            sentences[0] = (
                f"{sentences[0][:-1]}: {lower_first(shortened(note.get(language), NOTE_LIMIT))}"
            )
        elif note:
            sentences.insert(1, shortened(note.get(language), NOTE_LIMIT))
        if others:
            brief = [self._channel(channel, language) for channel in others]
            sentences.append(f"{message('also', language)}: {lower_first(_listed(brief))}")
        return " ".join(sentences)

    def _channel(
        self,
        channel: Channel,
        language: Language,
        *,
        identified: bool = False,
        placed: bool = False,
    ) -> str:
        line = message(channel.type, language)
        if channel.type == "online" and self._at_sede(channel):
            line = message("online_sede", language)
        if channel.appointment == "required":
            line += f" {message('appointment_required', language)}"
        elif channel.appointment == "not_required" and placed:
            line += f" {message('appointment_not_required', language)}"
        if channel.url:
            line += f" ({channel.url})"
        if channel.phone:
            line += f" ({channel.phone})"
        names = [message(f"id_{item}", language) for item in channel.identification]
        if identified and names and names != [message("id_none", language)]:
            line += f" {message('with', language)} {one_of(names, message('or', language))}"
        if placed and channel.offices:
            places = [self._office(office_id) for office_id in channel.offices]
            line += ": " + "; ".join(place for place in places if place)
        return line

    def _at_sede(self, channel: Channel) -> bool:
        return bool(self._sede and channel.url and str(channel.url).startswith(self._sede))

    def _office(self, office_id: str) -> str | None:
        office = self._offices.get(office_id)
        return f"{office.name}, {office.address}" if office else None


def has_place(procedure: Procedure) -> bool:
    """Whether one of the procedure's channels is a place to go (an office, a kiosk...)."""
    return any(channel.type in _PLACES for channel in procedure.channels)


def _answers(channel: Channel, aspect: Aspect) -> bool:
    if aspect is Aspect.ONLINE:
        return channel.type == "online"
    if aspect is Aspect.OFFLINE:
        return channel.type != "online"
    return channel.type in _PLACES


def _listed(parts: list[str]) -> str:
    unique = list(dict.fromkeys(parts))  # two offices' channels read the same when brief
    return "; ".join([unique[0], *(lower_first(part) for part in unique[1:])]) + "."
