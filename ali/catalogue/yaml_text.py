"""Catalogue YAML as editors write it, for the files ALI writes (`ali council new`,
`ali catalogue import`): keys in the order given, accents as they are, and a value repeated
written again rather than as an `&id001` alias."""

from __future__ import annotations

from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
