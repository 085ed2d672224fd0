"""Whether an `ALI_*` variable is one the Settings know (`ALI_LLM__MODEL` -> `llm.model`)."""

from __future__ import annotations

from pydantic import BaseModel

from ali.settings import Settings


def knows(model: type[BaseModel], path: list[str]) -> bool:
    fields = dict(model.model_fields)
    aliases = {str(field.validation_alias).lower(): field for field in fields.values()}
    field = fields.get(path[0]) or aliases.get(path[0])
    if field is None:
        return False
    if len(path) == 1:
        return True
    nested = field.annotation
    return isinstance(nested, type) and issubclass(nested, BaseModel) and knows(nested, path[1:])


def is_setting(variable: str) -> bool:
    if not variable.startswith("ALI_"):
        return False
    return knows(Settings, variable.removeprefix("ALI_").lower().split("__"))
