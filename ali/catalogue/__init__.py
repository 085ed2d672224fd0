"""A council's knowledge: profile and catalogue of procedures."""

from ali.catalogue.catalogue import Catalogue
from ali.catalogue.loader import council_folders, load_catalogue
from ali.catalogue.profile import CouncilProfile
from ali.catalogue.schema import Language, Procedure

__all__ = [
    "Catalogue",
    "CouncilProfile",
    "Language",
    "Procedure",
    "council_folders",
    "load_catalogue",
]
