import pytest

from ali.answers.aspects import Aspect, detect_aspects, procedure_names, strip_aspects
from ali.catalogue import Catalogue


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
        # wanting to pay is asking how
        ("quiero pagar el recibo de la contribución", Aspect.HOW),
        ("kiero paga un resibo", Aspect.HOW),
        ("vull pagar el rebut del fem", Aspect.HOW),
        ("I want to pay my IBI", Aspect.HOW),
        # asked in everyday words (a blind set of 2026-12-03)
        ("como me quito del padron?", Aspect.HOW),
        ("tengo que entregar un escrito, que me llevo?", Aspect.DOCUMENTS),
        ("en que meses toca pagar el vado?", Aspect.DEADLINE),
        ("la grua s'ha emportat el cotxe, on el recupere?", Aspect.WHERE),
        ("si pague la multa de seguida, em fan descompte?", Aspect.COST),
        ("què porte per a llevar-me del padró?", Aspect.DOCUMENTS),
        ("can I pay at the pound with a card or only cash?", Aspect.HOW),
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


@pytest.mark.parametrize(
    ("question", "first"),
    [
        # cost: what was paid, a percentage, a discount, interest
        ("¿cuánto se pagaba de basura el año pasado?", Aspect.COST),
        ("quant es paga de taxa de fem?", Aspect.COST),
        ("¿qué porcentaje se aplica?", Aspect.COST),
        ("quin percentatge s'aplica al rebut?", Aspect.COST),
        ("what percentage of the value is charged?", Aspect.COST),
        ("si pago pronto, ¿cuánto me descuentan?", Aspect.COST),
        ("quant em descompten si domicilie?", Aspect.COST),
        ("is there a discount for paying early?", Aspect.COST),
        ("do I pay interest if I split it?", Aspect.COST),
        ("¿la recogida es gratuita?", Aspect.COST),
        # who: myself or someone else, on my behalf, who pays
        ("¿puedo hacerlo yo o tiene que ser el titular?", Aspect.WHO),
        ("¿lo puede hacer un familiar en mi nombre?", Aspect.WHO),
        ("¿la pago yo o el propietario?", Aspect.WHO),
        ("ho pot fer un familiar en nom meu?", Aspect.WHO),
        ("ha de ser jo o ho pot demanar el meu fill?", Aspect.WHO),
        ("can a relative do it for me?", Aspect.WHO),
        ("does the tenant pay it, me or the owner?", Aspect.WHO),
        # documents: what data or identification to give
        ("¿qué datos tengo que dar?", Aspect.DOCUMENTS),
        ("quines dades he de donar?", Aspect.DOCUMENTS),
        ("what ID do I need to show?", Aspect.DOCUMENTS),
        ("do I have to bring anything?", Aspect.DOCUMENTS),
        # how: paying, reporting
        ("¿cómo se paga la tasa?", Aspect.HOW),
        ("hay un bache, ¿cómo lo aviso?", Aspect.HOW),
        ("com ho avise a l'ajuntament?", Aspect.HOW),
        ("com es paga l'impost?", Aspect.HOW),
        ("I want to report a broken bench", Aspect.HOW),
        # deadline: how long in advance
        ("¿con cuánta antelación hay que pedirlo?", Aspect.DEADLINE),
        ("amb quanta antelació cal demanar-ho?", Aspect.DEADLINE),
        ("how long before the event must I apply?", Aspect.DEADLINE),
        ("how far in advance do I apply?", Aspect.DEADLINE),
        # duration: on the spot or wait
        ("¿me lo dan en el momento?", Aspect.DURATION),
        ("how long before I get the card?", Aspect.DURATION),
        # where: Valencian pronoun after "on"
        ("on em puc empadronar?", Aspect.WHERE),
        ("on hi ha un ciberquiosc?", Aspect.WHERE),
        # and a few more ways of asking
        ("¿cuánto me va a costar?", Aspect.COST),
        ("em cal el DNI?", Aspect.DOCUMENTS),
        ("do I need my passport?", Aspect.DOCUMENTS),
        ("¿puede ir alguien en mi lugar?", Aspect.WHO),
        ("pot anar el meu germà per mi?", Aspect.WHO),
        ("does it have to be me?", Aspect.WHO),
        ("com ho puc pagar?", Aspect.HOW),
        ("¿con cuántos días de antelación?", Aspect.DEADLINE),
        ("tarden molt?", Aspect.DURATION),
        # the blind set of 2026-12-03: ways of asking no phrase covered
        ("el sello del coche asta cuando se puede pagar", Aspect.DEADLINE),  # "asta" for "hasta"
        ("kuanto kuesta el vado", Aspect.COST),  # spelt as the phrases spell it
        ("como me hago el carnet de la biblioteca", Aspect.HOW),
        ("mi madre no puede ir, puedo pedir yo su certificado?", Aspect.WHO),
        ("si pago la multa rapido me hacen descuento?", Aspect.COST),  # "rápido" is no duration
        ("que he de posar en la sol·licitud?", Aspect.DOCUMENTS),
        ("per a una llicència d'obra major què s'ha de presentar", Aspect.DOCUMENTS),
        ("el pin de cl@ve quant dura", Aspect.DURATION),
        ("per a la renovació del padró cal pagar?", Aspect.COST),
        ("can I register my new address online", Aspect.ONLINE),  # "address" is what, not where
        ("how does he get one of those alarm pendants", Aspect.HOW),
        ("when does the wedding calendar open for bookings", Aspect.DEADLINE),
        ("who needs to apply for permission to put a skip, me or the builder?", Aspect.WHO),
        ("when do I get my card", Aspect.DURATION),
        ("soy colombiana, tengo que renovar la inscripcion, eso se paga?", Aspect.COST),
        ("somos familia numerosa, nos rebajan algo la contribucion?", Aspect.COST),
        ("si la pague prompte me fan rebaixa?", Aspect.COST),
        ("mi hermano puede ir a empadronarme?", Aspect.WHO),
        ("pot el meu germa empadronar-me?", Aspect.WHO),
        ("we only use it in summer. do we still have to pay the bin tax?", Aspect.WHO),
        ("para el volante hay que pedir cita?", Aspect.IN_PERSON),
        ("I want to pay my IBI, do I need an appointment?", Aspect.IN_PERSON),
    ],
)
def test_everyday_phrasings_of_each_aspect(question: str, first: Aspect) -> None:
    found = detect_aspects(question)
    assert found and found[0] is first


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("cuánto tiempo tarda el volante", Aspect.DURATION),  # "cuánto" alone is no price
        ("lo necesito cuanto antes, ¿dónde voy?", Aspect.WHERE),
        ("cuándo se paga el IBI", Aspect.DEADLINE),  # not the price, not how
        ("dónde se paga el IBI", Aspect.WHERE),
        ("quiero el descuento de familia numerosa, ¿qué papeles necesito?", Aspect.DOCUMENTS),
        ("¿tiene que ser el original? ¿qué documentos?", Aspect.DOCUMENTS),
        ("where do I report a broken streetlight?", Aspect.WHERE),
        ("quines dades, on es fa?", Aspect.DOCUMENTS),
    ],
)
def test_new_phrases_leave_other_aspects_first(question: str, first: Aspect) -> None:
    found = detect_aspects(question)
    assert found and found[0] is first


@pytest.mark.parametrize(
    "question",
    [
        "fraccionar el pago sin problemas",  # "sin intereses" states a cost, "sin" alone does not
        "canviar el compte on em carreguen els rebuts",  # "on" relative, not where
        "the bill is in my name",  # registered to me, not on my behalf
        "empadronar a un familiar",  # naming the procedure, not asking who
        "obriu per la tarda?",  # Valencian "tarda" is the afternoon, not "it takes"
    ],
)
def test_words_that_only_look_like_an_aspect(question: str) -> None:
    assert detect_aspects(question) == []


def test_a_condition_before_a_comma_is_context_for_the_question() -> None:
    assert detect_aspects("si trac el volant per internet, quant tarda?") == [
        Aspect.DURATION,
        Aspect.ONLINE,
    ]
    assert detect_aspects("if I do it online, how long does it take?")[0] is Aspect.DURATION
    # no condition: the order they are asked in
    assert detect_aspects("¿cuánto cuesta, si lo pido online?")[0] is Aspect.COST


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("quiero pagar el ibi en varios plazos, hasta cuando tengo para pedirlo?", Aspect.DEADLINE),
        ("se me paso el plazo de un recibo, y ahora donde lo pago?", Aspect.WHERE),
        ("vull pagar l'ibi en terminis, fins quan puc demanar-ho?", Aspect.DEADLINE),
        ("quiero pagar el ibi en plazos, hasta cuando tengo", Aspect.DEADLINE),  # no mark
        ("cuanto cuesta, y donde se pide?", Aspect.COST),  # both ask: in their order
    ],
)
def test_the_clause_that_asks_comes_before_what_happened(question: str, first: Aspect) -> None:
    found = detect_aspects(question)
    assert found and found[0] is first


def test_a_phrase_that_is_the_procedures_name_asks_nothing(catalogue: Catalogue) -> None:
    appointments = procedure_names(catalogue.get("citas.cita-previa"))
    assert detect_aspects("cita previa") == [Aspect.IN_PERSON]
    assert detect_aspects("cita previa", appointments) == []
    assert detect_aspects("como pido cita previa", appointments) == [Aspect.HOW]
    # an alias worded as a question still asks
    ibi = procedure_names(catalogue.get("tributos.ibi"))
    assert detect_aspects("¿Cuál es el plazo para pagar el IBI?", ibi) == [Aspect.DEADLINE]


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("se puede cambiar la direccion del padron por internet?", False),  # the address changed
        ("direccion de la ora", True),
        ("cual es ahora la oficina principal de atencion al ciudadano?", True),
        ("quina és l'adreça de l'ecoparc?", True),
    ],
)
def test_an_address_asked_for_is_where_an_address_changed_is_not(
    question: str, where: bool
) -> None:
    assert (Aspect.WHERE in detect_aspects(question)) is where


@pytest.mark.parametrize(
    "question",
    ["¿a qué hora abre la oficina?", "¿qué horario tiene?", "quin horari té?", "opening hours?"],
)
def test_opening_hours_are_an_aspect(question: str) -> None:
    assert detect_aspects(question)[:1] == [Aspect.HOURS]


@pytest.mark.parametrize(
    "question", ["quiero abrir una tienda", "I want to open a bar", "vull obrir una botiga"]
)
def test_opening_a_business_asks_no_hours(question: str) -> None:
    assert Aspect.HOURS not in detect_aspects(question)
