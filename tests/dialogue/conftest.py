"""The hashing-embedder council's dialogue services, with a fresh in-memory conversation store
for each test."""

from __future__ import annotations

import dataclasses

import pytest

from ali.councils import Councils
from ali.dialogue.services import DialogueServices
from ali.storage.conversations import InMemoryConversationStore


@pytest.fixture
def services(hashing_councils: Councils) -> DialogueServices:
    shared = hashing_councils.runtime("alicante").engine.services
    return dataclasses.replace(shared, conversations=InMemoryConversationStore())
