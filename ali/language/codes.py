"""What a language is to ALI: a short code ("es", "va", "en", "gl"...) naming an installed pack.

The set is open: a language exists when its pack is installed (`ali.language.registry`), and a
council offers the subset its profile declares. The type checks the code's shape only; whether
a language is installed, or offered by a council, is checked where those are known (the
catalogue loader, the API). Valencian keeps its own code, "va", in the API and the catalogue.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

LANGUAGE_CODE = r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$"

Language = Annotated[str, StringConstraints(pattern=LANGUAGE_CODE)]
