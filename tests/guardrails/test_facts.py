"""Facts are found in es, va and en writing, keyed alike, and bare numbers are no facts."""

from __future__ import annotations

import pytest

from ali.guardrails.facts import Fact, FactKind, find_facts, number, unsupported_facts


def keys(text: str, kind: FactKind | None = None) -> list[str]:
    return [fact.key for fact in find_facts(text) if kind is None or fact.kind is kind]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Cuesta 10,50 €.", "10.5 EUR"),
        ("It costs €10.50.", "10.5 EUR"),
        ("It costs 10.5 euros.", "10.5 EUR"),
        ("Costa 10,5 euros.", "10.5 EUR"),
        ("Total: 1.234,56 €", "1234.56 EUR"),
        ("Total: €1,234.56", "1234.56 EUR"),
        ("Son 1.234 €", "1234 EUR"),
        ("Son 1 234 €", "1234 EUR"),
        ("Tasa de 30 EUR", "30 EUR"),
        ("50 céntimos por hoja", "0.5 EUR"),
        ("50 cèntims per full", "0.5 EUR"),
    ],
)
def test_amounts_in_every_style_share_one_key(written: str, key: str) -> None:
    assert keys(written, FactKind.AMOUNT) == [key]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("un tipo del 0,61985 %", "0.61985 %"),
        ("a 10% discount", "10 %"),
        ("el 50 por ciento", "50 %"),
        ("un 5 per cent", "5 %"),
    ],
)
def test_percentages(written: str, key: str) -> None:
    assert keys(written, FactKind.PERCENTAGE) == [key]


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Llame al 965 14 91 00.", "965149100"),
        ("Call +34 965149100.", "965149100"),
        ("Truque al 0034 965.14.91.00", "965149100"),
        ("Llame al 96 514 91 00", "965149100"),
        ("Llame al 010", "010"),
        ("En una emergencia, el 112.", "112"),
    ],
)
def test_phones(written: str, key: str) -> None:
    assert keys(written, FactKind.PHONE) == [key]


def test_an_article_number_is_no_short_phone() -> None:
    assert find_facts("Lo dice el art. 112 de la ordenanza.") == []


def test_emails_and_urls() -> None:
    facts = find_facts("Escriba a Info@Alicante.es o vea https://Sede.Alicante.es/Tramites/.")
    assert [(fact.kind, fact.key) for fact in facts] == [
        (FactKind.EMAIL, "info@alicante.es"),
        (FactKind.URL, "sede.alicante.es/Tramites"),
    ]
    assert facts[1].text == "https://Sede.Alicante.es/Tramites/"


def test_urls_without_scheme() -> None:
    assert keys("Entre en www.alicante.es/sede o en sede.alicante.es.", FactKind.URL) == [
        "www.alicante.es/sede",
        "sede.alicante.es",
    ]


def test_a_urls_digits_are_no_phone_or_year() -> None:
    assert keys("https://sede.alicante.es/tramite/965149100/2026") == [
        "sede.alicante.es/tramite/965149100/2026"
    ]


@pytest.mark.parametrize(
    "written",
    ["el 15 de marzo", "el 15 de març", "on March 15", "on March 15th", "15/03", "el 15-03"],
)
def test_a_day_of_march_in_every_language(written: str) -> None:
    assert keys(written) == ["03-15"]


def test_a_written_year_is_a_date_of_its_own() -> None:
    assert keys("15 March 2026") == ["03-15", "2026"]
    assert keys("15/03/2026") == ["03-15", "2026"]
    assert keys("2026-03-15") == ["03-15", "2026"]
    assert keys("hasta 2026") == ["2026"]


def test_ranges_and_lists_of_days() -> None:
    assert keys("del 1 de septiembre al 31 de octubre") == ["09-01", "10-31"]
    assert keys("del 1 al 15 d'abril") == ["04-01", "04-15"]
    assert keys("el 1, 2 y 3 de mayo") == ["05-01", "05-02", "05-03"]


@pytest.mark.parametrize(
    "written",
    [
        "1. Rellene el formulario. 2. Preséntelo.",
        "Según el art. 27 de la ordenanza",
        "Traiga 3 copias y 2 fotos.",
        "Tarda 1.5 días.",
        "Ley 39/2015",
        "Hay 12 puntos de atención",
    ],
)
def test_bare_numbers_are_no_facts(written: str) -> None:
    assert find_facts(written) == []


def test_numbers_read_in_every_style() -> None:
    assert number("0,619") == number("0.619")
    assert number("1.234.567") == 1234567
    assert number("10,5") == number("10.50")


def test_unsupported_facts_are_those_no_source_states() -> None:
    sources = ["La tasa es de 10,50 € y se paga hasta el 15 de marzo.", "Teléfono 010."]
    answer = "Pague 10.5 euros antes del March 15; llame al 010 o al 965 14 91 00, en 2027."
    assert unsupported_facts(answer, sources) == [
        Fact(FactKind.PHONE, "965 14 91 00", "965149100"),
        Fact(FactKind.DATE, "2027", "2027"),
    ]


def test_a_key_supports_only_a_fact_of_its_kind() -> None:
    assert [fact.kind for fact in unsupported_facts("10 %", ["10 €"])] == [FactKind.PERCENTAGE]
