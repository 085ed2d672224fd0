"""`ali council new`: a new council's folder, ready for its editors to fill in.

It writes `council.yaml` (the profile: name, assistant, languages, branding, welcome, privacy
notice) and `procedures/inicio.yaml`, three starter entries that state no fact of the council:
they say where to check (its sede electrónica, its website, the padrón at the council) and carry
the editors' TODOs in `editor_notes`, which citizens never see. What ALI cannot know (the
council's website, its sede electrónica, its phone) comes from the options; one not given is
written as a placeholder that `ali council check` reports until an editor replaces it. The
profile's own TODOs are YAML comments.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ali.catalogue.base import base_folder, read_base
from ali.catalogue.loader import load_catalogue
from ali.catalogue.yaml_text import dump_yaml
from ali.errors import CatalogueError
from ali.language.registry import LanguagePacks, installed

PLACEHOLDER_WEB = "https://web-del-ayuntamiento.invalid/"
PLACEHOLDER_SEDE = "https://sede-electronica.invalid/"
PLACEHOLDER_PHONE = "TODO: the council's information phone"
STARTER_FILE = "inicio.yaml"
LOGO_SUFFIXES = (".svg", ".png", ".jpg")  # what the API serves as a logo
TODO = "TODO (editor):"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # a folder name, as CouncilProfile.id


@dataclass(frozen=True)
class NewCouncil:
    """What the editor told `ali council new`; None where they said nothing."""

    id: str
    name: str
    assistant_name: str
    languages: tuple[str, ...]
    today: dt.date
    default_language: str | None = None
    base: str | None = None
    web_url: str | None = None
    sede_url: str | None = None
    phone: str | None = None
    timezone: str = "Europe/Madrid"
    primary_color: str = "#1f4e79"
    secondary_color: str = "#f2b705"
    logo: Path | None = None  # a file copied next to council.yaml as logo.<svg|png|jpg>

    @property
    def default(self) -> str:
        return self.default_language or self.languages[0]


def scaffold_council(
    knowledge_dir: Path, council: NewCouncil, packs: LanguagePacks | None = None
) -> Path:
    """Write the new council's folder under `knowledge_dir` and return it."""
    folder = knowledge_dir / council.id
    _check(knowledge_dir, folder, council, packs or installed())
    inherited = _base_ids(folder, council.base)
    entries = [entry for entry in _starter_entries(council) if entry["id"] not in inherited]
    (folder / "procedures").mkdir(parents=True)
    try:
        if council.logo is not None:
            shutil.copyfile(council.logo, folder / _logo_name(council.logo))
        (folder / "council.yaml").write_text(_profile_text(council), encoding="utf-8")
        if entries:
            (folder / "procedures" / STARTER_FILE).write_text(
                _STARTER_HEADER + dump_yaml(entries), encoding="utf-8"
            )
        load_catalogue(folder, packs)  # what was written loads (a bad colour would not)
    except (CatalogueError, OSError) as exc:
        shutil.rmtree(folder)  # it did not exist before: leave nothing half-written
        if isinstance(exc, OSError):
            raise CatalogueError(f"{folder}: {exc.strerror or exc}") from exc
        raise
    return folder


def _logo_name(logo: Path) -> str:
    return f"logo{logo.suffix.lower()}"


def _check(knowledge_dir: Path, folder: Path, council: NewCouncil, packs: LanguagePacks) -> None:
    if not _ID.match(council.id):
        raise CatalogueError("a council id is lowercase letters, digits and hyphens")
    if not council.languages:
        raise CatalogueError("give at least one language")
    for code in council.languages:
        if code not in packs:
            raise CatalogueError(packs.not_installed(code))
    if council.default not in council.languages:
        raise CatalogueError(f"the default language {council.default!r} is not in --languages")
    if council.default not in _STARTER:
        known = ", ".join(_STARTER)
        raise CatalogueError(f"starter texts exist in {known}: make one of them the default")
    if council.logo is not None:
        if council.logo.suffix.lower() not in LOGO_SUFFIXES:
            raise CatalogueError(f"a logo is a {', '.join(LOGO_SUFFIXES)} file")
        if not council.logo.is_file():
            raise CatalogueError(f"{council.logo}: no such file")
    if folder.exists():
        raise CatalogueError(f"{folder} already exists: ALI does not overwrite a council")
    if not knowledge_dir.is_dir():
        raise CatalogueError(f"{knowledge_dir}: no such knowledge folder")


def _base_ids(folder: Path, base: str | None) -> set[str]:
    """The entry ids the base gives the council (its starter entries must not replace them)."""
    if base is None:
        return set()
    files = read_base(base_folder(folder, base))
    return {
        entry["id"]
        for _, entries in files.entries
        for entry in entries
        if isinstance(entry, dict) and "id" in entry
    }


def _profile(council: NewCouncil) -> dict[str, Any]:
    languages = list(council.languages)
    texts = {code: _STARTER[code] for code in languages if code in _STARTER}
    fill = {"name": council.name, "assistant": council.assistant_name}
    profile: dict[str, Any] = {
        "id": council.id,
        "name": council.name,
        "assistant_name": council.assistant_name,
        "languages": languages,
        "default_language": council.default,
        "timezone": council.timezone,
    }
    if council.base is not None:
        profile["base"] = council.base
    web = council.web_url or PLACEHOLDER_WEB
    profile |= {
        "featured": [],
        "web_url": web,
        "sede_url": council.sede_url or PLACEHOLDER_SEDE,
        "source_url": web,
        "last_reviewed": council.today,
        "contact": {"phone": council.phone or PLACEHOLDER_PHONE},
        "offices": [],
        "categories": {
            category: {code: text["categories"][category] for code, text in texts.items()}
            for category in ("informacion", "padron")
        },
        "welcome": {code: text["welcome"].format(**fill) for code, text in texts.items()},
        "branding": {
            "primary_color": council.primary_color,
            "secondary_color": council.secondary_color,
            **({"logo": _logo_name(council.logo)} if council.logo is not None else {}),
        },
        "privacy": {
            "version": f"draft-{council.today.isoformat()}",
            "text": {code: text["privacy"].format(**fill) for code, text in texts.items()},
        },
    }
    return profile


def _profile_text(council: NewCouncil) -> str:
    missing = [
        f"#   - {option}: {what} (now a placeholder)."
        for option, what, given in (
            ("web_url", "the council's website", council.web_url),
            ("sede_url", "the address of its sede electrónica", council.sede_url),
            ("contact.phone", "its information phone", council.phone),
        )
        if not given
    ]
    header = [
        f"# Council profile of {council.name}, written by `ali council new` on "
        f"{council.today.isoformat()}.",
        "# TODO (editor), then run `ali council check " + council.id + " --strict`:",
        *missing,
        "#   - source_url: the official page these facts were checked against.",
        *(
            []
            if council.logo is not None
            else ["#   - branding: the council's colours (#rrggbb), `logo: logo.svg` next to this."]
        ),
        "#   - privacy: have the notice approved (data protection officer), add its `url` and",
        "#     give it a version that is not a draft.",
        "#   - contact: phone_hours, hours, appointment_url; offices: where citizens are attended.",
        "#   - calendar: the region's holidays (`subdivision`) and the town's own.",
        "#   - featured: the procedures to offer first, once they are in procedures/.",
        "",
    ]
    return "\n".join(header) + dump_yaml(_profile(council))


def _starter_entries(council: NewCouncil) -> list[dict[str, Any]]:
    languages = [code for code in council.languages if code in _STARTER]
    web = council.web_url or PLACEHOLDER_WEB
    sede = council.sede_url or PLACEHOLDER_SEDE
    fill = {"name": council.name}
    entries = []
    for key, category, source, channel, notes in (
        (
            "sede-electronica",
            "informacion",
            sede,
            sede,
            [
                "Check the sede's own name for its catalogue of procedures and say how "
                "citizens sign in there (Cl@ve, certificado digital, DNIe) in `identification`.",
            ],
        ),
        (
            "atencion-ciudadana",
            "informacion",
            web,
            web,
            [
                "Add the citizen service office to council.yaml (offices) with its address and "
                "whether it needs an appointment, and an in_person channel naming it.",
                "Add the information phone as a phone channel once contact.phone is set.",
            ],
        ),
        (
            "empadronamiento",
            "padron",
            sede,
            None,
            [
                "Replace source_url with the council's padrón page; add the requirements, who "
                "may apply, whether it is free and the channels (in person, online) as that "
                "page states them, each with its source here.",
            ],
        ),
    ):
        entries.append(
            {
                "id": f"{category}.{key}",
                "category": category,
                "channels": [{"type": "online", "url": channel}] if channel else [],
                "editor_notes": [f"{TODO} {note}" for note in notes]
                + [
                    f"{TODO} Written by `ali council new`: check every sentence against "
                    "source_url, then set last_reviewed to that day."
                ],
                "source_url": source,
                "last_reviewed": council.today,
                "text": {
                    code: {
                        name: value.format(**fill) if isinstance(value, str) else value
                        for name, value in _STARTER[code]["entries"][key].items()
                    }
                    for code in languages
                },
            }
        )
    return entries


_STARTER_HEADER = (
    "# Starter entries written by `ali council new`: they state no fact of the council, only\n"
    "# where to check. Replace them with the council's procedures (or `ali catalogue import`).\n"
)

# The starter texts per language: general facts of every Spanish council, none of its own.
_STARTER: dict[str, dict[str, Any]] = {
    "es": {
        "categories": {"informacion": "Información general", "padron": "Padrón municipal"},
        "welcome": (
            "Hola, soy {assistant}, el asistente de {name}. Pregúntame por los trámites "
            "municipales y te digo dónde hacerlos."
        ),
        "privacy": (
            "{name} guarda esta conversación para atenderte y mejorar el asistente. Los datos "
            "personales que escribas (DNI, teléfono, correo, IBAN) se ocultan antes de "
            "guardarla, y la conversación se borra al acabar el plazo de conservación. No "
            "escribas datos de salud ni de terceras personas."
        ),
        "entries": {
            "sede-electronica": {
                "title": "Sede electrónica",
                "summary": (
                    "En la sede electrónica de {name} se presentan solicitudes por internet y se "
                    "consulta qué trámites se pueden hacer en línea."
                ),
                "how": "Busca el trámite en el catálogo de la sede electrónica.",
            },
            "atencion-ciudadana": {
                "title": "Información y atención a la ciudadanía",
                "summary": (
                    "Para una duda sobre un trámite que no encuentres aquí, consulta la web de "
                    "{name} o contacta con su servicio de atención a la ciudadanía."
                ),
            },
            "empadronamiento": {
                "title": "Empadronamiento",
                "summary": (
                    "Te empadronas en el ayuntamiento del municipio donde vives: consulta los "
                    "requisitos y cómo solicitarlo en la sede electrónica de {name} o en su "
                    "servicio de atención a la ciudadanía."
                ),
                "aliases": ["empadronarme", "alta en el padrón", "cambio de domicilio"],
            },
        },
    },
    "va": {
        "categories": {"informacion": "Informació general", "padron": "Padró municipal"},
        "welcome": (
            "Hola, soc {assistant}, l'assistent de {name}. Pregunta'm pels tràmits municipals "
            "i et diré on fer-los."
        ),
        "privacy": (
            "{name} guarda aquesta conversa per a atendre't i millorar l'assistent. Les dades "
            "personals que escrigues (DNI, telèfon, correu, IBAN) s'oculten abans de guardar-la, "
            "i la conversa s'esborra en acabar el termini de conservació. No escrigues dades de "
            "salut ni de terceres persones."
        ),
        "entries": {
            "sede-electronica": {
                "title": "Seu electrònica",
                "summary": (
                    "En la seu electrònica de {name} es presenten sol·licituds per internet i es "
                    "consulta quins tràmits es poden fer en línia."
                ),
                "how": "Busca el tràmit en el catàleg de la seu electrònica.",
            },
            "atencion-ciudadana": {
                "title": "Informació i atenció a la ciutadania",
                "summary": (
                    "Per a un dubte sobre un tràmit que no trobes ací, consulta la web de {name} "
                    "o contacta amb el seu servei d'atenció a la ciutadania."
                ),
            },
            "empadronamiento": {
                "title": "Empadronament",
                "summary": (
                    "T'empadrones a l'ajuntament del municipi on vius: consulta els requisits i "
                    "com sol·licitar-ho en la seu electrònica de {name} o en el seu servei "
                    "d'atenció a la ciutadania."
                ),
                "aliases": ["empadronar-me", "alta en el padró", "canvi de domicili"],
            },
        },
    },
    "en": {
        "categories": {"informacion": "General information", "padron": "Census register (padrón)"},
        "welcome": (
            "Hello, I'm {assistant}, the assistant of {name}. Ask me about council procedures "
            "and I'll tell you where to do them."
        ),
        "privacy": (
            "{name} keeps this conversation to help you and to improve the assistant. Personal "
            "data you type (ID number, phone, e-mail, IBAN) is hidden before it is stored, and "
            "the conversation is deleted when its retention period ends. Do not type health "
            "data or other people's data."
        ),
        "entries": {
            "sede-electronica": {
                "title": "Electronic office (sede electrónica)",
                "summary": (
                    "On the electronic office of {name} you file applications online and see "
                    "which procedures can be done online."
                ),
                "how": "Look the procedure up in the electronic office's catalogue.",
            },
            "atencion-ciudadana": {
                "title": "Information and citizen service",
                "summary": (
                    "For a question about a procedure you do not find here, see the website of "
                    "{name} or contact its citizen service."
                ),
            },
            "empadronamiento": {
                "title": "Registering on the census (empadronamiento)",
                "summary": (
                    "You register at the council of the town where you live: see the electronic "
                    "office of {name} or ask its citizen service for the requirements and how to "
                    "apply."
                ),
                "aliases": ["register on the padrón", "register my address", "change of address"],
            },
        },
    },
}
