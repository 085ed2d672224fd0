"""The baselines report: ALI beside each baseline, as Markdown and as JSON-ready data.

Retrieval: a table per set (rows: language x system; recall@1, recall@3, MRR on in-scope
rows). Intents: accuracy overall and per language. `beaten` lists every place a baseline is
ahead of ALI as served, so a report never hides one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ali.evaluation.baselines import ALI_RANKING, ALI_SERVED, SuiteComparison
from ali.evaluation.intent_baseline import IntentScores

_METRICS = (("recall@1", "recall_at_1"), ("recall@3", "recall_at_3"), ("MRR", "mrr"))


@dataclass
class BaselinesReport:
    embedder: str
    retrieval: list[SuiteComparison]
    intents: tuple[IntentScores, IntentScores] | None = None
    training_examples: int = 0
    confusion_png: str | None = None
    notes: list[str] = field(default_factory=list)

    def beaten(self) -> list[str]:
        """Each (set, language, metric) where a baseline scores above ALI as served."""
        found = []
        for suite in self.retrieval:
            ali = suite.system(ALI_SERVED)
            for system in suite.systems:
                if system.system in (ALI_SERVED, ALI_RANKING):
                    continue
                for language, scores in [("all", system.overall), *system.by_language.items()]:
                    mine = ali.overall if language == "all" else ali.by_language[language]
                    for label, attribute in _METRICS:
                        theirs, ours = getattr(scores, attribute), getattr(mine, attribute)
                        if theirs > ours:
                            found.append(
                                f"{suite.name} {language} {label}: {system.system} "
                                f"{theirs:.3f} > ALI {ours:.3f}"
                            )
        if self.intents is not None:
            ali_intents, baseline = self.intents
            for language, theirs in [("all", baseline.accuracy), *baseline.by_language.items()]:
                ours = (
                    ali_intents.accuracy if language == "all" else ali_intents.by_language[language]
                )
                if theirs > ours:
                    found.append(
                        f"intents {language} accuracy: {baseline.system} {theirs:.3f} "
                        f"> ALI {ours:.3f}"
                    )
        return found

    def level(self) -> list[str]:
        """Each (set, language) where a baseline's recall@1 equals ALI's: not ahead of it."""
        found = []
        for suite in self.retrieval:
            ali = suite.system(ALI_SERVED)
            for system in suite.systems[2:]:
                for language, scores in system.by_language.items():
                    if scores.recall_at_1 == ali.by_language[language].recall_at_1:
                        found.append(
                            f"{suite.name} {language} recall@1: {system.system} "
                            f"{scores.recall_at_1:.3f} = ALI"
                        )
        return found

    def as_dict(self) -> dict[str, object]:
        return {
            "embedder": self.embedder,
            "retrieval": [suite.as_dict() for suite in self.retrieval],
            "intents": (
                {
                    "training_examples": self.training_examples,
                    "systems": [scores.as_dict() for scores in self.intents],
                }
                if self.intents
                else None
            ),
            "confusion_png": self.confusion_png,
            "baselines_ahead_of_ali": self.beaten(),
            "baselines_level_with_ali_on_recall_at_1": self.level(),
            "notes": self.notes,
        }


def _retrieval_table(suite: SuiteComparison) -> list[str]:
    lines = [
        f"### {suite.name}",
        "",
        f"{suite.in_scope} in-scope questions (baselines cannot abstain, so the "
        f"{suite.out_of_scope} out-of-scope ones are left out; ALI abstains on "
        f"{suite.ali_abstains_when_it_should:.3f} of them).",
        "",
        "| language | system | n | recall@1 | recall@3 | MRR |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    languages = sorted(suite.systems[0].by_language)
    for language in [*languages, "all"]:
        for system in suite.systems:
            scores = system.overall if language == "all" else system.by_language[language]
            name = f"**{system.system}**" if system.system == ALI_SERVED else system.system
            lines.append(
                f"| {language} | {name} | {scores.count} | {scores.recall_at_1:.3f} | "
                f"{scores.recall_at_3:.3f} | {scores.mrr:.3f} |"
            )
    return [*lines, ""]


def _intent_table(scores: Sequence[IntentScores], training: int) -> list[str]:
    languages = sorted(scores[0].by_language)
    header = " | ".join(["system", "n", "accuracy", *languages])
    lines = [
        "### Intents (evals/intents.jsonl)",
        "",
        f"The baseline is trained on {training} texts (ALI's intent examples and the "
        "catalogue's titles and aliases), none of them in the eval set.",
        "",
        f"| {header} |",
        "| --- | " + " | ".join(["---:"] * (2 + len(languages))) + " |",
    ]
    for system in scores:
        cells = [f"{system.by_language.get(language, 0.0):.3f}" for language in languages]
        lines.append(
            f"| {system.system} | {system.count} | {system.accuracy:.3f} | {' | '.join(cells)} |"
        )
    return [*lines, ""]


def markdown(report: BaselinesReport) -> str:
    lines = [
        "## ALI beside the baselines",
        "",
        f"Embedder: {report.embedder}. Scores on in-scope rows; ALI as served counts an "
        "abstention as a miss, ALI (ranking only) ignores its abstention thresholds.",
        "",
    ]
    for suite in report.retrieval:
        lines += _retrieval_table(suite)
    if report.intents is not None:
        lines += _intent_table(report.intents, report.training_examples)
    if report.confusion_png:
        lines += [f"![Intent confusion matrices]({report.confusion_png})", ""]
    beaten = report.beaten()
    lines += ["### Where a baseline is ahead of ALI", ""]
    lines += [f"- {line}" for line in beaten] if beaten else ["- Nowhere."]
    level = report.level()
    lines += ["", "### Where a baseline is level with ALI on recall@1", ""]
    lines += [f"- {line}" for line in level] if level else ["- Nowhere."]
    lines += ["", *[f"- {note}" for note in report.notes]]
    return "\n".join(lines).rstrip() + "\n"
