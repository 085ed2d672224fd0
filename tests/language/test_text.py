from ali.language.text import analyze, fold, search_terms, words


def test_fold_strips_accents_and_case() -> None:
    assert fold("Padró ÁLTA") == "padro alta"
    assert fold("Sol·licitud d'informació") == "sollicitud d informacio"


def test_words_drop_punctuation() -> None:
    assert words("¿Cómo saco el volante?") == ["como", "saco", "el", "volante"]


def test_accented_and_unaccented_questions_analyse_alike() -> None:
    assert analyze("¿Cómo saco el volante de empadronamiento?", "es") == analyze(
        "como saco el volante de empadronamiento", "es"
    )


def test_stop_words_are_removed_and_words_stemmed_per_language() -> None:
    assert analyze("los certificados", "es") == analyze("certificado", "es")
    assert analyze("els certificats", "va") == analyze("certificat", "va")
    assert "the" not in analyze("the certificates", "en")


def test_search_terms_drop_every_language_s_stop_words() -> None:
    # An index every question is asked of: "la" and "de" are no English terms, "the" no
    # Spanish one, while each language still stems its own words.
    assert search_terms("la de la grúa", "en") == ["grua"]
    assert search_terms("the padrón certificate", "es") == ["padron", "certificat"]
    assert analyze("la de la grúa", "en") == ["la", "de", "la", "grua"]
