"""The Dockerfile read as its instructions, stage by stage (continuation lines joined, comments
left out), for the tests that check and replay its steps."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Instruction:
    keyword: str  # upper case: FROM, RUN, COPY...
    arguments: str

    def words(self) -> list[str]:
        return shlex.split(self.arguments)

    def options(self) -> dict[str, str]:
        """`--from=build --chown=1:1`-style options at the start (COPY, HEALTHCHECK...)."""
        found = {}
        for word in self.words():
            if not word.startswith("--"):
                break
            name, _, value = word[2:].partition("=")
            found[name] = value
        return found

    def operands(self) -> list[str]:
        """The words after the options."""
        words = self.words()
        while words and words[0].startswith("--"):
            words.pop(0)
        return words


@dataclass
class Stage:
    name: str
    base: str
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]


def instructions(text: str) -> list[Instruction]:
    found: list[Instruction] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue  # a comment inside a continued instruction
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        whole = pending + line
        pending = ""
        keyword, _, arguments = whole.partition(" ")
        found.append(Instruction(keyword.upper(), arguments.strip()))
    return found


def stages(path: Path = ROOT / "Dockerfile") -> list[Stage]:
    """The build stages in order (instructions before the first FROM, the global ARGs, are
    left out)."""
    result: list[Stage] = []
    for instruction in instructions(path.read_text()):
        if instruction.keyword == "FROM":
            words = instruction.words()
            name = words[2] if len(words) > 2 and words[1].upper() == "AS" else str(len(result))
            result.append(Stage(name=name, base=words[0]))
        elif result:
            result[-1].instructions.append(instruction)
    return result
