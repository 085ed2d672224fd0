"""Reading an evaluation set: one JSON object a line, each checked against its case model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

Case = TypeVar("Case", bound=BaseModel)


class DatasetError(ValueError):
    """A line of a set is not JSON or not a case: `ali eval` names the file and line."""


def read_cases(path: Path, model: type[Case]) -> list[Case]:
    cases: list[Case] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                cases.append(model.model_validate(json.loads(line)))
            except (json.JSONDecodeError, ValidationError) as exc:
                raise DatasetError(f"{path}:{number}: {exc}") from exc
    return cases
