"""Interface texts through gettext catalogues (managed with Babel).

Source strings (msgids) are English and marked in the code: `N_("...")` for a text that is
translated when it is shown (a `Message`), `NP_("context", "...")` when one English text needs
two translations, `NN_("singular", "plural")` for a text with a count (a `Plural`, read with
`plural.format(language, count)`), `Verbatim(...)` for a text that reads the same in every
language (an office name from a back office). A `Message` is looked up with `message[language]`.

Catalogues: `ali/locale/ali.pot` (the template, from `make messages`), one
`ali/locale/<locale>/LC_MESSAGES/ali.po` per locale, compiled to `ali.mo` by `make` (a `.po`
without a fresh `.mo` is compiled in memory when it is loaded). Languages keep their API codes;
a code maps to a gettext locale (`va` is `ca@valencia`; any other code is its own locale).

Fallback chain, first match wins: the locale (`ca@valencia`), its base language (`ca`), the
fallback language (`es` unless configured), then the English source.

Adding a locale by data alone: drop `<dir>/<code>/LC_MESSAGES/ali.po` into a directory named in
`Settings.locale_dirs` (`ALI_LOCALE_DIRS='["/srv/ali/locale"]'`), or in code
`configure(locale_dirs=[tmp_path])`. Extra directories are searched before the package's own, so
they can also override single texts. See docs/localisation.md.
"""

from ali.i18n.catalogues import (
    DOMAIN,
    PACKAGE_LOCALE_DIR,
    Catalogues,
    catalogues,
    configure,
    translate,
)
from ali.i18n.message import N_, NN_, NP_, LocalText, Message, Plural, Verbatim

__all__ = [
    "DOMAIN",
    "NN_",
    "NP_",
    "N_",
    "PACKAGE_LOCALE_DIR",
    "Catalogues",
    "LocalText",
    "Message",
    "Plural",
    "Verbatim",
    "catalogues",
    "configure",
    "translate",
]
