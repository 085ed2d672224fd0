"""The installed languages: the packs in `ali/language/packs/` plus those in configured folders.

A deployment adds a language by dropping `<code>.yaml` into a folder named in
`ALI_LANGUAGE_PACK_DIRS` (and its interface texts into a locale folder, see `ali.i18n`); no code
changes. `install()` is called once at start-up by whoever builds the councils from the
settings; until then, and in code that never calls it, the packs shipped with ALI are installed.
The word lists ALI matches are the union of every installed pack's and `common.yaml`'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from ali.errors import LanguagePackError
from ali.language.packs import LanguagePack, WordLists, expand, read_pack, read_word_lists

PACKS_DIR = Path(__file__).resolve().parent / "packs"
COMMON = "common"
# The packs shipped with ALI, in the order their languages are listed.
BUILT_IN = ("es", "va", "en")


class LanguagePacks:
    """Every installed language's pack, by code, and the common word lists."""

    def __init__(self, packs: Sequence[LanguagePack], common: WordLists) -> None:
        self._packs: dict[str, LanguagePack] = {}
        for pack in packs:
            if pack.code in self._packs:
                raise LanguagePackError(f"language {pack.code!r} is installed twice")
            self._packs[pack.code] = pack
        self.common = common
        self._check_crisis_wording()

    @classmethod
    def load(cls, extra_dirs: Sequence[Path] = ()) -> LanguagePacks:
        """The built-in packs, then every `*.yaml` pack in `extra_dirs`."""
        packs = [read_pack(PACKS_DIR / f"{code}.yaml") for code in BUILT_IN]
        for folder in extra_dirs:
            if not folder.is_dir():
                raise LanguagePackError(f"{folder}: language pack folder not found")
            packs.extend(read_pack(path) for path in sorted(folder.glob("*.yaml")))
        return cls(packs, read_word_lists(PACKS_DIR / f"{COMMON}.yaml"))

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._packs)

    def __contains__(self, code: object) -> bool:
        return code in self._packs

    def __iter__(self) -> Iterator[LanguagePack]:
        return iter(self._packs.values())

    def get(self, code: str) -> LanguagePack:
        try:
            return self._packs[code]
        except KeyError:
            raise LanguagePackError(self.not_installed(code)) from None

    def not_installed(self, code: str) -> str:
        return (
            f"language {code!r} is not installed (installed: {', '.join(self.codes)}; add "
            f"{code}.yaml to a folder in ALI_LANGUAGE_PACK_DIRS)"
        )

    def _check_crisis_wording(self) -> None:
        """Every crisis pattern compiles once its fragments are written out, and every topic
        that packs add to names one crisis line."""
        lines: dict[str, set[str]] = {}
        worded: set[str] = set()
        for lists in self.word_lists():
            where = getattr(lists, "code", COMMON)
            fragments = {**self.common.crisis.fragments, **lists.crisis.fragments}
            patterns = [p for found in lists.crisis.always.values() for p in found]
            for name, topic in lists.crisis.topics.items():
                patterns.extend([*topic.patterns, *topic.frames])
                lines.setdefault(name, set()).update([topic.crisis] if topic.crisis else [])
                worded.update([name] if topic.patterns else [])
            for pattern in patterns:
                try:
                    re.compile(expand(pattern, fragments, where))
                except re.error as exc:
                    message = f"{where}: crisis pattern {pattern!r} is not valid: {exc}"
                    raise LanguagePackError(message) from None
        for name, found in lines.items():
            if len(found) != 1 or name not in worded:
                message = f"crisis topic {name!r} needs patterns and exactly one crisis line"
                raise LanguagePackError(message)

    def word_lists(self) -> list[WordLists]:
        """What every pack contributes, in order, `common.yaml` last."""
        return [*self._packs.values(), self.common]


_loaded: dict[tuple[Path, ...], LanguagePacks] = {}
_installed: tuple[Path, ...] = ()


def installed() -> LanguagePacks:
    """The packs installed by `install()`, or the built-in ones."""
    return _load(_installed)


def install(extra_dirs: Sequence[Path] = ()) -> LanguagePacks:
    """Install the built-in packs and those of `extra_dirs` (the settings' `language_pack_dirs`).
    Installing the same folders again keeps the packs already read."""
    global _installed
    folders = tuple(Path(folder).resolve() for folder in extra_dirs)
    packs = _load(folders)
    _installed = folders
    return packs


def _load(folders: tuple[Path, ...]) -> LanguagePacks:
    packs = _loaded.get(folders)
    if packs is None:
        packs = _loaded[folders] = LanguagePacks.load(folders)
    return packs
