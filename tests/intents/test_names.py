from ali.intents.names import in_names


def test_a_term_matches_a_name_term_by_its_start() -> None:
    assert in_names("obras", {"licenci", "obra", "menor"})
    assert in_names("obr", {"obr"})
    assert not in_names("obras", {"licenci", "mayor"})


def test_short_terms_match_only_whole() -> None:
    assert not in_names("ib", {"ibi"})
    assert not in_names("bar", {"barri"})
