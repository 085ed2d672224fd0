"""Base catalogues (`knowledge/_bases/`): inheritance, overrides, the real towns on the province's
base, shared passages embedded once, and the synthetic province's generator."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml

from ali.catalogue import council_folders, load_catalogue
from ali.catalogue.working_days import WorkingDays
from ali.councils import Councils
from ali.errors import CatalogueError
from ali.retrieval.embedders import HashingEmbedder, Vectors
from ali.retrieval.passages import dense_passages
from ali.retrieval.vector_cache import PassageVectorCache
from ali.retrieval.vector_index import load_or_build
from ali.settings import DEFAULT_KNOWLEDGE_DIR, EmbedderSettings, Settings
from ali.storage.conversations import InMemoryConversationStore
from benchmarks.synthetic_province import town_id, write_synthetic_province

BASE = DEFAULT_KNOWLEDGE_DIR / "_bases" / "alicante-provincia"
TOWNS = ("agost", "polop", "altea")


class CountingEmbedder(HashingEmbedder):
    """The hashing embedder, recording every passage text it is asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.passage_texts: list[str] = []

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        self.passage_texts.extend(texts)
        return super().embed_passages(texts)


def _base_ids() -> list[str]:
    entries = yaml.safe_load((BASE / "procedures" / "suma.yaml").read_text(encoding="utf-8"))
    return [entry["id"] for entry in entries]


def _town(
    knowledge: Path, name: str = "agost", entries: list[dict[str, object]] | None = None
) -> Path:
    """A copy of a real town in `knowledge` (next to the real base), with `entries` as an
    extra procedures file."""
    (knowledge / "_bases").mkdir(parents=True, exist_ok=True)
    if not (knowledge / "_bases" / BASE.name).exists():
        (knowledge / "_bases" / BASE.name).symlink_to(BASE, target_is_directory=True)
    folder = knowledge / name
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR / name, folder)
    if entries is not None:
        (folder / "procedures" / "zz-override.yaml").write_text(
            yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8"
        )
    return folder


def _override_of_ibi(summary: str) -> dict[str, object]:
    return {
        "id": "tributos.ibi",
        "category": "tributos",
        "source_url": "https://www.agost.es/",
        "last_reviewed": dt.date(2026, 12, 3),
        "text": {"es": {"title": "IBI de Agost", "summary": summary}},
    }


def test_a_profile_naming_an_unknown_base_is_refused(tmp_path: Path) -> None:
    folder = _town(tmp_path)
    raw = yaml.safe_load((folder / "council.yaml").read_text(encoding="utf-8"))
    raw["base"] = "no-such-base"
    (folder / "council.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True))
    with pytest.raises(CatalogueError, match="no base catalogue here"):
        load_catalogue(folder)


def test_a_base_entry_overridden_twice_is_refused(tmp_path: Path) -> None:
    twice = [_override_of_ibi("Primera versión del IBI."), _override_of_ibi("Segunda versión.")]
    with pytest.raises(CatalogueError, match=r"tributos\.ibi: duplicate id"):
        load_catalogue(_town(tmp_path, entries=twice))


def test_council_discovery_skips_the_bases_and_underscore_folders(tmp_path: Path) -> None:
    _town(tmp_path)
    draft = tmp_path / "_draft"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR / "agost", draft)
    assert [folder.name for folder in council_folders(tmp_path)] == ["agost"]
    assert "_bases" not in {folder.name for folder in council_folders(DEFAULT_KNOWLEDGE_DIR)}


def test_a_town_inherits_the_base_entries_and_categories() -> None:
    catalogue = load_catalogue(DEFAULT_KNOWLEDGE_DIR / "agost")
    ids = catalogue.ids()
    assert ids[: len(_base_ids())] == _base_ids()  # the base's first, in its order
    assert "padron.empadronamiento" in ids  # then the town's own
    assert catalogue.category_label("tributos", "va") == "Tributs i impostos"
    assert catalogue.profile.base == "alicante-provincia"
    paying = catalogue.get("tributos.pago")
    assert any(channel.phone == "965 292 000" for channel in paying.channels)


def test_a_town_entry_replaces_the_base_entry_of_the_same_id_in_its_place(
    tmp_path: Path,
) -> None:
    summary = "En Agost el IBI lo cobra el propio ayuntamiento (prueba)."
    catalogue = load_catalogue(_town(tmp_path, entries=[_override_of_ibi(summary)]))
    assert catalogue.ids().count("tributos.ibi") == 1
    assert catalogue.ids().index("tributos.ibi") == _base_ids().index("tributos.ibi")
    ibi = catalogue.get("tributos.ibi")
    assert ibi.text["es"].summary == summary
    assert ibi.text["va"].summary == summary  # completed from the default language
    untouched = load_catalogue(DEFAULT_KNOWLEDGE_DIR / "agost").get("tributos.pago")
    assert catalogue.get("tributos.pago") == untouched


@pytest.mark.parametrize("town", TOWNS)
def test_the_real_towns_load_on_the_province_base(town: str) -> None:
    catalogue = load_catalogue(DEFAULT_KNOWLEDGE_DIR / town)
    profile = catalogue.profile
    assert profile.base == "alicante-provincia"
    assert profile.languages == ["es", "va", "en"]
    assert profile.calendar.subdivision == "VC"
    assert profile.contact.phone
    assert set(_base_ids()) <= set(catalogue.ids())
    assert len(catalogue) > len(_base_ids())  # local procedures of its own


def test_the_towns_keep_their_own_local_holidays() -> None:
    agost = WorkingDays(load_catalogue(DEFAULT_KNOWLEDGE_DIR / "agost").profile.calendar)
    altea = WorkingDays(load_catalogue(DEFAULT_KNOWLEDGE_DIR / "altea").profile.calendar)
    assert not agost.is_working_day(dt.date(2026, 3, 11))  # Dia de la Vella, a Wednesday
    assert altea.is_working_day(dt.date(2026, 3, 11))
    assert not altea.is_working_day(dt.date(2026, 9, 29))
    assert agost.is_working_day(dt.date(2026, 9, 29))
    assert not agost.is_working_day(dt.date(2026, 3, 19))  # San José, Comunitat Valenciana


def test_shared_base_passages_are_embedded_once(tmp_path: Path) -> None:
    embedder = CountingEmbedder()
    cache = PassageVectorCache()
    agost = load_catalogue(DEFAULT_KNOWLEDGE_DIR / "agost")
    polop = load_catalogue(DEFAULT_KNOWLEDGE_DIR / "polop")
    first, _ = load_or_build(agost, embedder, tmp_path, cache=cache)
    second, _ = load_or_build(polop, embedder, tmp_path, cache=cache)
    shared = {p.text for p in first.passages} & {p.text for p in second.passages}
    assert len(shared) >= 2 * 3 * len(_base_ids())  # both passages of each base entry, 3 languages
    counts = Counter(embedder.passage_texts)
    assert all(counts[text] == 1 for text in shared)
    assert max(counts.values()) == 1
    assert len(embedder.passage_texts) == len(
        {p.text for p in [*dense_passages(agost), *dense_passages(polop)]}
    )
    assert cache.reused >= len(shared)
    # The reused vectors are the ones the model gives: the indexes still find their entries.
    query = embedder.embed_queries(["domiciliar recibos en SUMA"])
    assert second.search(query, 1)[0][0].key == "tributos.domiciliacion"


def _province_councils(tmp_path: Path, towns: int) -> tuple[Councils, CountingEmbedder]:
    knowledge = tmp_path / "knowledge"
    write_synthetic_province(knowledge, towns, real=("agost",))
    settings = Settings(
        _env_file=None,
        knowledge_dir=knowledge,
        data_dir=tmp_path / "data",
        embedder=EmbedderSettings(backend="hashing"),
    )
    embedder = CountingEmbedder()
    councils = Councils(settings, embedder=embedder, conversations=InMemoryConversationStore())
    return councils, embedder


def test_one_process_shares_the_embedder_the_intent_examples_and_base_vectors(
    tmp_path: Path,
) -> None:
    councils, embedder = _province_councils(tmp_path, towns=4)
    councils.warm_up()
    assert councils.ready and len(councils.ids) == 5
    runtimes = [councils.runtime(council) for council in councils.ids]
    assert len({id(runtime.engine.services.classifier) for runtime in runtimes}) == 1
    counts = Counter(embedder.passage_texts)
    assert max(counts.values()) == 1  # no text embedded twice across 5 councils
    base_title = load_catalogue(DEFAULT_KNOWLEDGE_DIR / "agost").get("tributos.pago").title("es")
    assert sum(1 for text in counts if text.startswith(f"{base_title}.")) == 1


def test_the_generator_writes_115_loadable_synthetic_councils(tmp_path: Path) -> None:
    ids = write_synthetic_province(tmp_path, 115, real=())
    folders = council_folders(tmp_path)
    assert [folder.name for folder in folders] == ids == [town_id(n) for n in range(1, 116)]
    catalogues = [load_catalogue(folder) for folder in folders]
    for catalogue in catalogues:
        profile = catalogue.profile
        assert "sintético" in profile.name
        assert str(profile.web_url).endswith(".invalid/")
        assert profile.base == "alicante-provincia"
        assert "tributos.pago" in catalogue and "padron.empadronamiento" in catalogue
    overridden = catalogues[9].get("tributos.ibi")  # every tenth town replaces the base's IBI
    assert "sintético 010" in overridden.text["es"].summary
    assert {tuple(c.profile.languages) for c in catalogues} == {("es", "va"), ("es", "va", "en")}
