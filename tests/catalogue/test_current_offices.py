"""The Alicante catalogue names the citizen offices as they are after the move of 9 January 2026.

Source: ../shared/reference/municipal-facts-2026.md §1.4 — the SAIC office at C/ Cervantes, 3
(former Hotel Palas) was replaced by SAIC "Centro 14", C/ Labradores, 14; the 010 hours follow
the newer source of §0 (Mon-Thu 9-17, Fri 9-16).
"""

from __future__ import annotations

import datetime as dt
import re

from ali.catalogue import Catalogue

OLD_OFFICE = re.compile(r"cervantes", re.IGNORECASE)
# A mention of the old office is only allowed when the same text says it moved or names the new one.
MOVED = re.compile(
    r"centro 14|labradores|trasl|moved|the move|en lugar de|en lloc de|taking over",
    re.IGNORECASE,
)


def _citizen_texts(catalogue: Catalogue) -> list[str]:
    texts: list[str] = []
    for office in catalogue.profile.offices:
        texts.append(office.name)
        texts.append(office.address)
        for localized in (office.note, office.services):
            if localized is not None:
                texts.extend(localized.root.values())
    if catalogue.profile.contact.note is not None:
        texts.extend(catalogue.profile.contact.note.root.values())
    for procedure in catalogue:
        for text in procedure.text.values():
            texts.extend(part for part in (text.summary, text.how, *text.notes) if part)
        for channel in procedure.channels:
            if channel.note is not None:
                texts.extend(channel.note.root.values())
    return texts


def test_the_main_office_is_centro_14_in_calle_labradores(catalogue: Catalogue) -> None:
    main = catalogue.profile.offices[0]
    assert main.id == "saic-centro14"
    assert "Labradores, 14" in main.address
    assert not OLD_OFFICE.search(main.address)
    assert all(not OLD_OFFICE.search(office.address) for office in catalogue.profile.offices)


def test_every_in_person_channel_lists_the_main_office_first(catalogue: Catalogue) -> None:
    for procedure in catalogue:
        for channel in procedure.channels:
            if channel.offices and "saic-centro14" in channel.offices:
                assert channel.offices[0] == "saic-centro14", procedure.id


def test_the_old_office_is_named_only_as_the_one_that_moved(catalogue: Catalogue) -> None:
    stale = [
        text
        for text in _citizen_texts(catalogue)
        if OLD_OFFICE.search(text) and not MOVED.search(text)
    ]
    assert stale == []


def test_the_010_hours_are_the_current_ones(catalogue: Catalogue) -> None:
    contact = catalogue.profile.contact
    thursday_evening = dt.datetime(2026, 12, 3, 17, 30)
    friday_afternoon = dt.datetime(2026, 12, 4, 16, 30)
    friday_morning = dt.datetime(2026, 12, 4, 10, 0)
    assert not any(period.contains(thursday_evening) for period in contact.hours)
    assert not any(period.contains(friday_afternoon) for period in contact.hours)
    assert any(period.contains(friday_morning) for period in contact.hours)
