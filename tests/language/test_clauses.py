"""A message cut into clauses: which ask (a question mark), which open with a condition."""

from ali.language.clauses import asks, clauses, is_condition, question_words


def test_clauses_end_at_punctuation_but_not_in_a_number() -> None:
    found = clauses("se me pasó el plazo de 3,50 €, ¿y ahora dónde lo pago?")
    texts = [clause.text.strip() for clause in found if clause.text.strip()]
    assert texts == ["se me pasó el plazo de 3,50 €", "y ahora dónde lo pago"]
    assert [c.marked for c in found if c.text.strip()] == [False, True]


def test_a_condition_opens_with_a_condition_word_of_any_pack() -> None:
    assert is_condition("Si lo saco en el ciberkiosco")
    assert is_condition("if I pay early")
    assert not is_condition("necesito el volante")
    assert not is_condition("")


def test_question_words_are_folded() -> None:
    assert {"donde", "quant", "which"} <= question_words()


def test_a_clause_asks_by_its_question_mark_or_a_question_word() -> None:
    asked = [asks(clause) for clause in clauses("se me pasó el plazo, dnd lo pago")]
    assert asked == [False, True]  # "dnd" written out is "donde"
    assert asks(clauses("do I need an appointment?")[0])
    assert not asks(clauses("I want to book an appointment")[0])
