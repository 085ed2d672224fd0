"""Languages as data: which languages are installed (`registry`, from the packs in `packs/` and
configured folders), what a language code is (`codes`), and the text analysis every layer shares:
folding and search terms (`text`), normalisation for pattern matching (`normalised`), language
detection (`detection`), short dialogue replies (`commands`) and dates (`dates`)."""

from ali.language.codes import Language
from ali.language.detection import LanguageDetection

__all__ = ["Language", "LanguageDetection"]
