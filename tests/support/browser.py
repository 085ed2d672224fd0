"""What the browser tests share: the live servers they drive, and where screenshots go."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ali.settings import Settings
from ali_sandbox.settings import SandboxSettings

ARTIFACTS = Path(os.environ.get("ALI_TEST_ARTIFACTS", "test-artifacts")) / "screenshots"


@dataclass(frozen=True)
class Live:
    ali_url: str
    sandbox_url: str
    settings: Settings
    sandbox_settings: SandboxSettings
