"""A SYNTHETIC province for scale tests: N made-up towns on the real base catalogue.

Writes a knowledge directory (never the repository's `knowledge/`) holding the real
`_bases/` and the real councils asked for (linked, not copied) and N synthetic towns
`sintetico-001` ... on `base: alicante-provincia`. Every synthetic fact is marked as such:
the names say "(sintético)", the links are under the reserved `.invalid` domain, the phones
are 000 numbers and the holidays' source says SYNTHETIC. Each town has two local procedures
of its own text (so its index is not only the base's), every tenth replaces the base's IBI
entry, and the towns alternate es/va and es/va/en, as the real ones could.

    python benchmarks/synthetic_province.py /tmp/province [--towns 115] [--real agost polop]
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
BASE = "alicante-provincia"
REAL_TOWNS = ("agost", "polop", "altea")
REVIEWED = dt.date(2026, 12, 3)


def town_id(number: int) -> str:
    return f"sintetico-{number:03d}"


def _texts(languages: Sequence[str], es: str, va: str, en: str) -> dict[str, str]:
    return {code: {"es": es, "va": va, "en": en}[code] for code in languages}


def _procedure(number: int, languages: Sequence[str], kind: str) -> dict[str, Any]:
    name = f"Municipio sintético {number:03d}"
    url = f"https://{town_id(number)}.invalid/"
    if kind == "padron":
        titles = _texts(
            languages,
            f"Empadronarse en {name}",
            f"Empadronar-se a {name}",
            f"Registering on the padrón of {name}",
        )
        summaries = _texts(
            languages,
            f"Alta en el padrón de {name} (datos sintéticos de prueba, número {number}).",
            f"Alta en el padró de {name} (dades sintètiques de prova, número {number}).",
            f"Registering on the census of {name} (synthetic test data, number {number}).",
        )
        aliases = _texts(languages, "empadronarme", "empadronar-me", "register on the padron")
        identifier, category = "padron.empadronamiento", "padron"
    else:
        titles = _texts(
            languages,
            f"Contactar con el ayuntamiento de {name}",
            f"Contactar amb l'ajuntament de {name}",
            f"Contacting the town hall of {name}",
        )
        summaries = _texts(
            languages,
            f"Teléfono y dirección del ayuntamiento sintético número {number} (datos de prueba).",
            f"Telèfon i adreça de l'ajuntament sintètic número {number} (dades de prova).",
            f"Phone and address of synthetic town hall number {number} (test data).",
        )
        aliases = _texts(languages, "teléfono del ayuntamiento", "telèfon", "town hall phone")
        identifier, category = "registro.atencion-ayuntamiento", "registro"
    return {
        "id": identifier,
        "category": category,
        "source_url": url,
        "last_reviewed": REVIEWED,
        "editor_notes": ["SYNTHETIC test data (benchmarks/synthetic_province.py)."],
        "channels": [{"type": "phone", "phone": f"000 000 {number:03d}"}],
        "text": {
            code: {"title": titles[code], "summary": summaries[code], "aliases": [aliases[code]]}
            for code in languages
        },
    }


def _ibi_override(number: int, languages: Sequence[str]) -> dict[str, Any]:
    summary = _texts(
        languages,
        f"El IBI del municipio sintético {number:03d} lo cobra el propio ayuntamiento (prueba).",
        f"L'IBI del municipi sintètic {number:03d} el cobra el mateix ajuntament (prova).",
        f"Synthetic town {number:03d} collects its own IBI property tax (test data).",
    )
    return {
        "id": "tributos.ibi",
        "category": "tributos",
        "source_url": f"https://{town_id(number)}.invalid/ibi",
        "last_reviewed": REVIEWED,
        "editor_notes": ["SYNTHETIC override of the base entry."],
        "text": {
            code: {"title": "IBI", "summary": summary[code], "aliases": ["IBI"]}
            for code in languages
        },
    }


def _profile(number: int, languages: Sequence[str]) -> dict[str, Any]:
    name = f"Municipio sintético {number:03d}"
    url = f"https://{town_id(number)}.invalid/"
    say = _texts(
        languages,
        f"Hola, soy el asistente de prueba de {name} (datos sintéticos).",
        f"Hola, soc l'assistent de prova de {name} (dades sintètiques).",
        f"Hello, I am the test assistant of {name} (synthetic data).",
    )
    return {
        "id": town_id(number),
        "name": f"{name} (sintético)",
        "assistant_name": "ALI",
        "base": BASE,
        "languages": list(languages),
        "default_language": "es",
        "featured": ["tributos.pago", "padron.empadronamiento"],
        "calendar": {
            "country": "ES",
            "subdivision": "VC",
            "local_holidays": [
                {
                    "date": dt.date(2026, 1 + number % 12, 1 + number % 28),
                    "name": {"es": f"Fiesta sintética {number:03d}"},
                    "source": "SYNTHETIC test data",
                }
            ],
        },
        "web_url": url,
        "sede_url": url,
        "source_url": url,
        "last_reviewed": REVIEWED,
        "contact": {"phone": f"000 000 {number:03d}"},
        "categories": {
            "padron": {"es": "Padrón", "va": "Padró", "en": "Census register"},
            "registro": {"es": "Registro", "va": "Registre", "en": "Registry"},
        },
        "welcome": say,
        "branding": {"primary_color": "#555555", "secondary_color": "#aaaaaa"},
        "privacy": {"version": "synthetic", "text": say},
    }


def write_synthetic_province(
    target: Path, towns: int = 115, real: Sequence[str] = REAL_TOWNS
) -> list[str]:
    """Write the province into `target` (created); returns the ids of every council in it."""
    target.mkdir(parents=True, exist_ok=True)
    (target / "_bases").mkdir(exist_ok=True)
    base_link = target / "_bases" / BASE
    if not base_link.exists():
        base_link.symlink_to(KNOWLEDGE / "_bases" / BASE, target_is_directory=True)
    for council in real:
        link = target / council
        if not link.exists():
            link.symlink_to(KNOWLEDGE / council, target_is_directory=True)
    ids = list(real)
    for number in range(1, towns + 1):
        languages = ("es", "va", "en") if number % 2 else ("es", "va")
        folder = target / town_id(number)
        (folder / "procedures").mkdir(parents=True, exist_ok=True)
        (folder / "council.yaml").write_text(
            yaml.safe_dump(_profile(number, languages), allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
        entries = [
            _procedure(number, languages, "padron"),
            _procedure(number, languages, "contact"),
        ]
        if number % 10 == 0:
            entries.append(_ibi_override(number, languages))
        (folder / "procedures" / "local.yaml").write_text(
            yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        ids.append(town_id(number))
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--towns", type=int, default=115)
    parser.add_argument("--real", nargs="*", default=list(REAL_TOWNS))
    args = parser.parse_args()
    if args.target.resolve() == KNOWLEDGE.resolve():
        raise SystemExit("write the synthetic province elsewhere, never into knowledge/")
    ids = write_synthetic_province(args.target, args.towns, args.real)
    print(f"{len(ids)} councils in {args.target}")


if __name__ == "__main__":
    main()
