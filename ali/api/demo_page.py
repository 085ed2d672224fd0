"""The try-out page of one council (`/demo/<council>/`): a mock council website, in Spanish like
the councils' own sites, with the council's name, assistant, colours, logo and featured
procedures from its profile, the widget for that council and a demo sign-in against the
council's own sandbox tenant (`/try-out.json?council=`). Rendered from
`ali/web/templates/demo/index.html` (Jinja2, autoescaped; nothing from the request)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ali.catalogue.catalogue import Catalogue
from ali.catalogue.profile import CouncilProfile
from ali.catalogue.schema import ProcedureText
from ali.language.registry import installed
from ali.web import WEB_DIR

TEMPLATES = WEB_DIR.parent / "templates"
PAGE_LANGUAGE = "es"
# The languages' names in the page's Spanish; another installed language by its own name.
SPANISH_NAMES = {"es": "castellano", "va": "valenciano", "ca": "catalán", "en": "inglés"}


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined
    )


def spoken(languages: Sequence[str]) -> str:
    """'castellano, valenciano o inglés'."""
    packs = installed()
    names = [SPANISH_NAMES.get(code) or packs.get(code).name for code in languages]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} o {names[-1]}"


def _featured(catalogue: Catalogue) -> list[ProcedureText]:
    language = PAGE_LANGUAGE if PAGE_LANGUAGE in catalogue.languages else None
    texts = []
    for procedure_id in catalogue.profile.featured:
        if procedure_id in catalogue:
            text = catalogue.get(procedure_id).text
            texts.append(text[language or catalogue.profile.default_language])
    return texts


def render_demo_page(catalogue: Catalogue, others: Sequence[CouncilProfile]) -> str:
    """The council's page; `others`, the deployment's other councils, are linked at its foot."""
    return (
        _environment()
        .get_template("demo/index.html")
        .render(
            council=catalogue.profile,
            languages=spoken(catalogue.profile.languages),
            featured=_featured(catalogue),
            others=others,
        )
    )
