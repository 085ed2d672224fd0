import pytest

from ali.answers.aspects import Aspect, detect_aspects, strip_aspects


@pytest.mark.parametrize(
    ("question", "aspect"),
    [
        ("¿y cuánto cuesta?", Aspect.COST),
        ("quant costa?", Aspect.COST),
        ("how much is it", Aspect.COST),
        ("¿qué papeles necesito?", Aspect.DOCUMENTS),
        ("what documents?", Aspect.DOCUMENTS),
        ("i on es fa?", Aspect.WHERE),
        ("¿se puede hacer por internet?", Aspect.ONLINE),
        ("hasta cuándo tengo de plazo", Aspect.DEADLINE),
        ("who can apply on my behalf", Aspect.WHO),
        ("¿quién paga la tasa si el piso está alquilado?", Aspect.WHO),
        ("qui paga la taxa?", Aspect.WHO),
        ("who pays it?", Aspect.WHO),
        ("quant és?", Aspect.COST),
        ("is the volante free?", Aspect.COST),
        ("quan es paga l'impost?", Aspect.DEADLINE),
        ("when do I have to pay it?", Aspect.DEADLINE),
        ("on trac el volant?", Aspect.WHERE),
        ("how fast will I get it?", Aspect.DURATION),
        ("what form do I fill in?", Aspect.DOCUMENTS),
        ("¿qué documento me piden?", Aspect.DOCUMENTS),
        ("como pido la tarjeta", Aspect.HOW),
        ("com presente la sol·licitud?", Aspect.HOW),
    ],
)
def test_detects_the_aspect_in_each_language(question: str, aspect: Aspect) -> None:
    assert aspect in detect_aspects(question)


def test_aspects_come_in_the_order_asked() -> None:
    assert detect_aspects("qué papeles necesito y dónde se hace") == [
        Aspect.DOCUMENTS,
        Aspect.WHERE,
    ]


def test_a_plain_question_has_no_aspect() -> None:
    assert detect_aspects("volante de empadronamiento") == []


def test_strip_aspects_leaves_what_names_the_procedure() -> None:
    assert strip_aspects("¿cuánto cuesta el vado?") == "el vado"
    assert strip_aspects("¿y cuánto cuesta?") == "y"


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("who pays the waste fee", Aspect.WHO),  # asks who, not the price
        ("how long do I have to contest a fine?", Aspect.DEADLINE),  # not the processing time
        ("quant de temps tinc per a recórrer una multa", Aspect.DEADLINE),
        ("hasta q dia se puede pagar el ibi", Aspect.DEADLINE),  # chat shorthand
        ("q necesito para la tarjeta ciudadana", Aspect.DOCUMENTS),
        ("am I eligible for the ORA resident card", Aspect.WHO),
        ("he de pagar res pel volant?", Aspect.COST),
        ("last day to pay property tax?", Aspect.DEADLINE),
    ],
)
def test_broader_phrasings_ask_the_right_aspect_first(question: str, first: Aspect) -> None:
    found = detect_aspects(question)
    assert found and found[0] is first


def test_a_phrase_inside_a_longer_one_is_no_second_aspect() -> None:
    assert detect_aspects("how long do I have to appeal?") == [Aspect.DEADLINE]


def test_a_payment_document_asks_no_price() -> None:
    assert detect_aspects("no tengo el documento de pago") == []
