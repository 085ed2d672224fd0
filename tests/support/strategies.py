"""Hypothesis strategies for personal data as citizens type it, and for text that has none.

Values are valid where validity is checkable (stdnum check letters and IBAN check digits,
Luhn), and written the many ways people write them: random groupings and separators, Unicode
spaces and dashes, fullwidth digits, either case, with an expiry, a CVV or words after them.
Each strategy draws `(value, written)`: the compact value and the text that carries it.
"""

from __future__ import annotations

import re

from hypothesis import strategies as st
from stdnum import iban, luhn
from stdnum.es import dni, nie

WORDS = [
    # Spanish
    "hola", "quiero", "pagar", "recibo", "padrón", "empadronamiento", "cita", "previa", "mañana",
    "gracias", "por", "favor", "ayuntamiento", "calle", "mayor", "número", "mi", "tu", "el", "la",
    "los", "para", "con", "sin", "de", "en", "y", "o", "que", "cómo", "dónde", "impuesto", "tasa",
    "basura", "vado", "multa", "licencia", "obras", "señora", "niño", "año", "punto", "cuenta",
    # Valencian
    "bon", "dia", "vull", "demanar", "l'Ajuntament", "d'empadronament", "rebut", "carrer", "però",
    "també", "açò", "això", "volant", "tràmit", "veïnat", "gràcies", "dilluns", "i",
    # English
    "hello", "please", "pay", "my", "the", "council", "tax", "bill", "appointment", "at", "to",
    "from", "street", "thanks", "with", "and", "or", "number", "dot",
]  # fmt: skip

SPACES = [" ", "\u00a0", "\u2009", "\u202f", "\u3000"]
DASHES = ["-", "\u2010", "\u2011", "\u2013", "\u2014", "\u2212", "\uff0d"]
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

word = st.sampled_from(WORDS)
space = st.sampled_from(SPACES)
dash = st.sampled_from(DASHES)


@st.composite
def before(draw: st.DrawFn) -> str:
    """Words leading up to a value, ending where a value can start."""
    words = draw(st.lists(word, max_size=5))
    ending = draw(st.sampled_from([" ", ": ", " (", " «", ' "', ", ", "\n", " ¿"]))
    return " ".join(words) + ending if words else draw(st.sampled_from(["", "¿", "("]))


@st.composite
def after(draw: st.DrawFn) -> str:
    """Words that follow a value, starting where a value can end."""
    start = draw(st.sampled_from(["", " ", ", ", ". ", "? ", "! ", ") ", "; ", "\n", "» "]))
    words = draw(st.lists(word, max_size=5))
    if not words:
        return start.rstrip()
    return (start or " ") + " ".join(words)


@st.composite
def digits_variant(draw: st.DrawFn, text: str) -> str:
    """`text` with its digits fullwidth, sometimes."""
    return text.translate(_FULLWIDTH) if draw(st.booleans()) and draw(st.booleans()) else text


def _case(draw: st.DrawFn, text: str) -> str:
    return text.lower() if draw(st.booleans()) else text.upper()


@st.composite
def grouped(draw: st.DrawFn, value: str, separators: st.SearchStrategy[str]) -> str:
    """`value` cut into groups of random sizes joined by drawn separators."""
    pieces, rest = [], value
    while rest:
        size = draw(st.integers(1, 6))
        pieces.append(rest[:size])
        rest = rest[size:]
    written = pieces[0]
    for piece in pieces[1:]:
        written += draw(separators) + piece
    return written


@st.composite
def dnis(draw: st.DrawFn) -> tuple[str, str]:
    number = f"{draw(st.integers(0, 99_999_999)):08d}"
    letter = dni.calc_check_digit(number)
    if draw(st.integers(0, 9)) == 0:  # a typo in the letter: still somebody's number
        letter = draw(st.sampled_from("ABCDEFGHJKLMNPQRSTVWXYZ"))
    sep = draw(st.sampled_from(["", ".", " ", *SPACES]))
    body = number if not sep else f"{number[:2]}{sep}{number[2:5]}{sep}{number[5:]}"
    letter_sep = draw(st.sampled_from(["", "-", " ", " - ", ".", *DASHES, *SPACES]))
    written = draw(digits_variant(body)) + letter_sep + _case(draw, letter)
    return number + letter, written


@st.composite
def nies(draw: st.DrawFn) -> tuple[str, str]:
    number = draw(st.sampled_from("XYZ")) + f"{draw(st.integers(0, 9_999_999)):07d}"
    letter = nie.calc_check_digit(number)
    sep = draw(st.sampled_from(["", "-", " ", ".", *DASHES, *SPACES]))
    written = _case(draw, number[0]) + sep + draw(digits_variant(number[1:])) + sep
    return number + letter, written + _case(draw, letter)


_BBAN = {
    "ES": "4!n4!n1!n1!n10!n", "DE": "8!n10!n", "FR": "5!n5!n11!c2!n", "GB": "4!a6!n8!n",
    "IT": "1!a5!n5!n12!c", "NL": "4!a10!n", "PT": "4!n4!n11!n2!n", "BE": "3!n7!n2!n",
    "NO": "4!n6!n1!n", "MT": "4!a5!n18!c", "IE": "4!a6!n8!n",
}  # fmt: skip
_ALPHABETS = {"n": "0123456789", "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_ALPHABETS["c"] = _ALPHABETS["n"] + _ALPHABETS["a"]


@st.composite
def ibans(draw: st.DrawFn) -> tuple[str, str]:
    country = draw(st.sampled_from(sorted(_BBAN)))
    bban = ""
    for count, kind in re.findall(r"(\d+)!([nac])", _BBAN[country]):
        alphabet = _ALPHABETS[kind]
        bban += "".join(draw(st.sampled_from(alphabet)) for _ in range(int(count)))
    number = country + iban.calc_check_digits(country + "00" + bban) + bban
    assert iban.is_valid(number, check_country=False)
    separators = st.sampled_from(["", " ", " ", ".", "-", "  ", " - ", *SPACES, *DASHES])
    head = number[:2] + draw(st.sampled_from(["", " "])) + number[2:4]
    written = head + draw(separators) + draw(grouped(bban, separators))
    return number, _case(draw, draw(digits_variant(written)))


_CARD_PREFIXES = ["4", "51", "55", "22", "27", "34", "37", "6011", "65"]


@st.composite
def cards(draw: st.DrawFn) -> tuple[str, str]:
    prefix = draw(st.sampled_from(_CARD_PREFIXES))
    length = 15 if prefix in ("34", "37") else draw(st.sampled_from([16, 16, 16, 13, 19]))
    body = prefix + "".join(str(draw(st.integers(0, 9))) for _ in range(length - len(prefix) - 1))
    number = body + luhn.calc_check_digit(body)
    sep = draw(st.sampled_from(["", " ", "-", ".", " - ", *SPACES, *DASHES]))
    sizes = [4, 6, 5] if length == 15 else [4] * (length // 4) + [length % 4]
    groups, rest = [], number
    for size in sizes:
        groups.append(rest[:size])
        rest = rest[size:]
    written = draw(digits_variant(sep.join(group for group in groups if group)))
    if draw(st.booleans()):
        month = f"{draw(st.integers(1, 12)):02d}"
        year = draw(
            st.sampled_from([f"{draw(st.integers(24, 39))}", f"20{draw(st.integers(24, 39))}"])
        )
        label = draw(st.sampled_from(["", "exp ", "caduca ", "cad. ", "vence ", "exp: "]))
        written += (
            draw(st.sampled_from([" ", ", ", " - "]))
            + label
            + month
            + draw(st.sampled_from(["/", "-", " / "]))
            + year
        )
    if draw(st.booleans()):
        code = "".join(str(draw(st.integers(0, 9))) for _ in range(draw(st.sampled_from([3, 4]))))
        label = draw(st.sampled_from(["", "cvv ", "CVV: ", "cvc ", "CVC2 "]))
        written += draw(st.sampled_from([" ", ", ", " "])) + label + code
    return number, written


_SPANISH_GROUPINGS = [[9], [3, 3, 3], [3, 2, 2, 2], [2, 3, 2, 2], [3, 6], [2, 2, 2, 3]]


@st.composite
def spanish_phones(draw: st.DrawFn) -> tuple[str, str]:
    first = draw(st.sampled_from("6789"))
    second = draw(st.sampled_from("123456789" if first in "89" else "0123456789"))
    number = first + second + "".join(str(draw(st.integers(0, 9))) for _ in range(7))
    sep = draw(st.sampled_from([" ", ".", "-", "/", " / ", " - ", *SPACES, *DASHES]))
    groups, rest = [], number
    for size in draw(st.sampled_from(_SPANISH_GROUPINGS)):
        groups.append(rest[:size])
        rest = rest[size:]
    written = sep.join(groups)
    prefix = draw(
        st.sampled_from(["", "", "+34 ", "+34", "0034 ", "(+34) ", "+34-", "34 ", "＋34 "])
    )
    return number, draw(digits_variant(prefix + written))


_COUNTRY_CODES = ["1", "33", "39", "44", "49", "351", "212", "52", "54", "380", "86"]


@st.composite
def international_phones(draw: st.DrawFn) -> tuple[str, str]:
    code = draw(st.sampled_from(_COUNTRY_CODES))
    length = draw(st.integers(max(7, 8 - len(code)), 15 - len(code)))
    number = str(draw(st.integers(1, 9))) + "".join(
        str(draw(st.integers(0, 9))) for _ in range(length - 1)
    )
    separators = st.sampled_from([" ", "-", ".", " ", *SPACES])
    plus = draw(st.sampled_from(["+", "00", "＋"]))
    between = (
        draw(st.sampled_from([" ", "-", *SPACES]))
        if plus == "00"
        else draw(st.sampled_from(["", " ", "-", "\u00a0"]))
    )
    written = plus + code + between + draw(grouped(number, separators))
    if plus == "+" and draw(st.booleans()) and draw(st.booleans()):
        written = "(" + plus + code + ") " + draw(grouped(number, separators))
    return code + number, written


_AT = [
    "@",
    "(at)",
    " (at) ",
    "[at]",
    " [at] ",
    " at ",
    "＠",
    "﹫",
    "{at}",
    " (arroba) ",
    " arroba ",
]
_DOT = [".", ".", ".", "(dot)", "[dot]", " (dot) ", " [punto] "]
_LOCAL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10)
_LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=10).filter(
    lambda label: label[0] != "-" and label[-1] != "-"
)
_TLD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=6)


@st.composite
def emails(draw: st.DrawFn) -> tuple[str, str]:
    local = draw(_LOCAL) + "".join(
        draw(st.sampled_from([".", "_", "+", "-"])) + draw(_LOCAL)
        for _ in range(draw(st.integers(0, 2)))
    )
    labels = [*draw(st.lists(_LABEL, min_size=1, max_size=3)), draw(_TLD)]
    at = draw(st.sampled_from(_AT))
    dot = draw(st.sampled_from(_DOT)) if at.strip() not in ("at", "arroba") else "."
    address = local + "@" + ".".join(labels)
    written = local + at + dot.join(labels)
    return address.upper(), _case(draw, written) if draw(st.booleans()) else written


personal_data = st.one_of(
    dnis().map(lambda found: ("[DNI]", *found)),
    nies().map(lambda found: ("[NIE]", *found)),
    ibans().map(lambda found: ("[IBAN]", *found)),
    cards().map(lambda found: ("[CARD]", *found)),
    spanish_phones().map(lambda found: ("[PHONE]", *found)),
    international_phones().map(lambda found: ("[PHONE]", *found)),
    emails().map(lambda found: ("[EMAIL]", *found)),
)

_MONTHS = ["enero", "març", "abril", "May", "junio", "de octubre"]


@st.composite
def harmless(draw: st.DrawFn) -> str:
    """Something a message says that is not personal data."""
    integer = st.integers
    thing: str = draw(
        st.one_of(
            word,
            integer(0, 9999).map(str),
            integer(1990, 2035).map(str),
            st.tuples(integer(1, 31), integer(1, 12), integer(1990, 2035)).map(
                lambda d: f"{d[0]:02d}/{d[1]:02d}/{d[2]}"
            ),
            st.tuples(integer(1990, 2035), integer(1, 12), integer(1, 28)).map(
                lambda d: f"{d[0]}-{d[1]:02d}-{d[2]:02d}"
            ),
            st.tuples(integer(1, 31), st.sampled_from(_MONTHS)).map(lambda d: f"{d[0]} {d[1]}"),
            st.tuples(integer(0, 999_999_999), integer(0, 99)).map(
                lambda a: f"{a[0]:,}".replace(",", ".") + f",{a[1]:02d} €"
            ),
            integer(0, 9999).map(lambda a: f"{a} €"),
            integer(3000, 3099).map(lambda postcode: f"{postcode:05d}"),
            st.tuples(integer(0, 23), integer(0, 59)).map(lambda t: f"{t[0]}:{t[1]:02d}"),
            st.tuples(integer(2000, 2035), integer(0, 999_999)).map(lambda r: f"{r[0]}/{r[1]:06d}"),
            st.sampled_from(["010", "060", "112", "092", "900 153 862", "902 12 34 56"]),
            integer(1, 999).map(lambda n: f"nº {n}"),
            st.sampled_from(["3º B", "2-A", "45%", "1,5 km", "Cl@ve", "Cl@ve PIN", "v2.1"]),
        )
    )
    return thing


@st.composite
def ordinary_text(draw: st.DrawFn) -> str:
    """A message without personal data: words, small numbers, dates, amounts, public phones.
    Numbers never stand next to each other: "700 12 34 56" is a phone however it came about."""
    parts = [draw(word)]
    for _ in range(draw(st.integers(0, 12))):
        thing = draw(harmless())
        if not thing.isalpha() and not parts[-1].isalpha():
            parts.append(draw(word))
        parts.append(thing)
    joins = st.sampled_from([" ", " ", " ", ", ", ". ", "? ", "\n", " (", ") ", ": "])
    return "".join(part + draw(joins) for part in parts[:-1]) + parts[-1]
