"""The catalogue of one council: its procedures, looked up by id, checked as a whole."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ali.catalogue.profile import CouncilProfile
from ali.catalogue.schema import Language, Procedure
from ali.errors import CatalogueError, UnknownProcedure


@dataclass(frozen=True)
class Catalogue:
    """The procedures of a council, in file order, with cross-references checked."""

    profile: CouncilProfile
    procedures: Sequence[Procedure]
    _by_id: dict[str, Procedure] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id: dict[str, Procedure] = {}
        problems: list[str] = []
        office_ids = {office.id for office in self.profile.offices}
        for procedure in self.procedures:
            if procedure.id in by_id:
                problems.append(f"{procedure.id}: duplicate id")
            by_id[procedure.id] = procedure
            if procedure.category not in self.profile.categories:
                problems.append(f"{procedure.id}: unknown category {procedure.category!r}")
            problems.extend(
                f"{procedure.id}: no text in {language!r}"
                for language in self.profile.languages
                if language not in procedure.text
            )
            for channel in procedure.channels:
                problems.extend(
                    f"{procedure.id}: unknown office {office!r}"
                    for office in channel.offices
                    if office not in office_ids
                )
        problems.extend(
            f"procedures.{role}: {procedure_id!r} is not in the catalogue"
            for role, procedure_id in self.profile.procedures.assigned().items()
            if procedure_id not in by_id
        )
        problems.extend(
            f"featured id {featured!r} is not in the catalogue"
            for featured in self.profile.featured
            if featured not in by_id
        )
        for procedure in self.procedures:
            problems.extend(
                f"{procedure.id}: related id {related!r} is not in the catalogue"
                for related in procedure.related
                if related not in by_id
            )
        if problems:
            raise CatalogueError("; ".join(problems))
        object.__setattr__(self, "_by_id", by_id)

    def __iter__(self) -> Iterator[Procedure]:
        return iter(self.procedures)

    def __len__(self) -> int:
        return len(self.procedures)

    def __contains__(self, procedure_id: object) -> bool:
        return procedure_id in self._by_id

    def get(self, procedure_id: str) -> Procedure:
        try:
            return self._by_id[procedure_id]
        except KeyError:
            raise UnknownProcedure(procedure_id) from None

    @property
    def languages(self) -> list[Language]:
        """The languages the council offers, its texts complete in each."""
        return self.profile.languages

    def ids(self) -> list[str]:
        return [procedure.id for procedure in self.procedures]

    def category_label(self, category: str, language: Language) -> str:
        return self.profile.categories[category].get(language)

    def fingerprint(self) -> str:
        """A stable hash of the whole catalogue: indexes built from it stay valid while it holds."""
        payload = {
            "profile": self.profile.model_dump(mode="json"),
            "procedures": [procedure.model_dump(mode="json") for procedure in self.procedures],
        }
        encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()
