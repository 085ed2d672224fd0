"""Language packs: the built-in ones load and agree with the code that reads them; a broken pack
is refused at start-up with its file and what is wrong."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest

from ali.answers.aspects import Aspect
from ali.errors import LanguagePackError
from ali.language.packs import AspectName, CrisisLine
from ali.language.registry import PACKS_DIR, LanguagePacks, install, installed
from ali.language.text import fold
from ali.safety.crisis import Crisis

MINIMAL = "code: xx\nname: Test\n"


def _pack(folder: Path, text: str, name: str = "xx") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


def test_the_built_in_languages() -> None:
    packs = LanguagePacks.load()
    assert packs.codes == ("es", "va", "en")
    assert [pack.gettext_locale for pack in packs] == ["es", "ca@valencia", "en"]
    assert {path.stem for path in PACKS_DIR.glob("*.yaml")} == {"es", "va", "en", "common"}


def test_the_packs_name_what_the_code_knows() -> None:
    assert set(typing.get_args(AspectName)) == {aspect.value for aspect in Aspect}
    assert set(typing.get_args(CrisisLine)) == {crisis.value for crisis in Crisis}


def test_every_word_is_written_folded() -> None:
    for lists in LanguagePacks.load().word_lists():
        words = [
            *lists.commands.confirm,
            *lists.commands.deny,
            *lists.commands.ordinals,
            *lists.dates.weekdays,
            *lists.dates.relative,
            *(phrase for phrases in lists.aspects.values() for phrase in phrases),
            *lists.crisis.vocabulary,
        ]
        assert [word for word in words if fold(word) != word] == []


def test_a_pack_in_a_configured_folder_is_installed(tmp_path: Path) -> None:
    folder = _pack(tmp_path, MINIMAL + "commands: {confirm: [yesyes]}\n")
    try:
        packs = install([folder])
        assert installed() is packs
        assert packs.codes == ("es", "va", "en", "xx")
        assert install([folder]) is packs  # the same folders: the packs already read
    finally:
        install()
    assert "xx" not in installed()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (MINIMAL + "colour: blue\n", "colour"),
        (MINIMAL + "commands: {cancel: ['(unclosed']}\n", "not a regular expression"),
        (MINIMAL + "lingua: KLINGON\n", "lingua has no language 'KLINGON'"),
        (MINIMAL + "stemmer: klingon\n", "no Snowball stemmer 'klingon'"),
        (MINIMAL + "dates: {weekdays: {someday: 7}}\n", "0 \\(Monday\\) to 6"),
        (MINIMAL + "aspects: {colour: [blue]}\n", "aspects.colour"),
        (MINIMAL + "crisis: {always: {'999': [help]}}\n", "crisis.always.999"),
        ("code: Klingon\nname: Test\n", "code"),
        ("code: xx\nname: [unclosed\n", "invalid YAML"),
    ],
)
def test_a_broken_pack_is_refused_with_its_file(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(LanguagePackError, match=problem) as raised:
        LanguagePacks.load([_pack(tmp_path, text)])
    assert "xx.yaml" in raised.value.detail


@pytest.mark.parametrize(
    ("crisis", "problem"),
    [
        ("{always: {'112': ['{nowhere} fire']}}", r"xx: unknown fragment \{nowhere\}"),
        ("{fragments: {open: '('}, always: {'112': ['{open}fire']}}", "is not valid"),
        ("{topics: {floods: {patterns: [flood]}}}", "'floods' needs patterns and exactly one"),
        ("{topics: {fire: {crisis: '016', frames: [fireworks]}}}", "'fire' needs patterns and"),
        ("{topics: {floods: {crisis: '112', frames: [insurance]}}}", "'floods' needs patterns"),
    ],
)
def test_broken_crisis_wording_is_refused_at_load(
    tmp_path: Path, crisis: str, problem: str
) -> None:
    with pytest.raises(LanguagePackError, match=problem):
        LanguagePacks.load([_pack(tmp_path, MINIMAL + f"crisis: {crisis}\n")])


def test_a_language_may_add_frames_to_a_shared_topic(tmp_path: Path) -> None:
    frames = "crisis: {topics: {fire: {frames: ['fogo de artificio']}}}\n"
    packs = LanguagePacks.load([_pack(tmp_path, MINIMAL + frames)])
    assert packs.get("xx").crisis.topics["fire"].frames == ["fogo de artificio"]


def test_a_pack_is_named_after_its_code(tmp_path: Path) -> None:
    with pytest.raises(LanguagePackError, match="must match the file name"):
        LanguagePacks.load([_pack(tmp_path, MINIMAL, name="yy")])


def test_a_language_installed_twice_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LanguagePackError, match="'es' is installed twice"):
        LanguagePacks.load([_pack(tmp_path, "code: es\nname: Otra\n", name="es")])


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LanguagePackError, match="folder not found"):
        LanguagePacks.load([tmp_path / "nowhere"])


def test_no_and_si_are_words_not_booleans(tmp_path: Path) -> None:
    packs = LanguagePacks.load([_pack(tmp_path, MINIMAL + "commands: {deny: [no, off]}\n")])
    assert packs.get("xx").commands.deny == ["no", "off"]


def test_an_unknown_language_is_named_with_the_installed_ones() -> None:
    with pytest.raises(LanguagePackError, match=r"'gl' is not installed \(installed: es, va, en"):
        installed().get("gl")
