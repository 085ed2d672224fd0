"""The composer's answers: the asked fact first, short, once, in plain words, current."""

import datetime as dt
import re
import statistics

import pytest

from ali.answers.aspects import Aspect, detect_aspects
from ali.answers.composer import AnswerComposer
from ali.catalogue import Catalogue
from ali.catalogue.schema import Procedure, ProcedureText

DECEMBER_2026 = dt.date(2026, 12, 2)
LANGUAGES = ("es", "va", "en")
INTERNAL_WORDS = re.compile(
    r"cat[aá]log|cat[aà]leg|editor|informaci[oó]n? disponible|information available", re.I
)


def composer(catalogue: Catalogue, today: dt.date = DECEMBER_2026) -> AnswerComposer:
    return AnswerComposer(catalogue, today=lambda: today)


def first_sentence(reply: str) -> str:
    """What a citizen reads first: up to the first ". " or line break, without bold."""
    plain = reply.replace("**", "")
    return re.split(r"(?<=[.?!])\s|\n", plain, maxsplit=1)[0]


def with_text(procedure: Procedure, language: str, **fields: object) -> Procedure:
    text: ProcedureText = procedure.text[language]
    edited = {**procedure.text, language: text.model_copy(update=fields)}
    return procedure.model_copy(update={"text": edited})


def test_an_unknown_fact_says_where_to_find_it_in_plain_words(catalogue: Catalogue) -> None:
    unknown_fee = next(
        p for p in catalogue if p.kind == "procedure" and not p.text["en"].fee and p.free is None
    )
    for language in LANGUAGES:
        reply = composer(catalogue).procedure_answer(unknown_fee, language, [Aspect.COST]).reply
        lead = first_sentence(reply)
        assert str(unknown_fee.source_url) in lead
        assert catalogue.profile.contact.phone in lead
        assert not INTERNAL_WORDS.search(reply)
        assert "€" not in reply


def test_editor_notes_are_never_shown(catalogue: Catalogue) -> None:
    base = catalogue.get("padron.volante")
    noted = base.model_copy(update={"editor_notes": ["Datos de una noticia de marzo de 2025"]})
    for language in LANGUAGES:
        for aspects in ([], *([aspect] for aspect in Aspect)):
            reply = composer(catalogue).procedure_answer(noted, language, aspects).reply
            assert "noticia" not in reply


def test_no_catalogue_editor_note_reaches_a_reply(catalogue: Catalogue) -> None:
    noted = [p for p in catalogue if p.editor_notes]
    assert noted, "the catalogue has editors' notes to keep out"
    for procedure in noted:
        for language in LANGUAGES:
            for aspects in ([], *([aspect] for aspect in Aspect)):
                reply = composer(catalogue).procedure_answer(procedure, language, aspects).reply
                for note in procedure.editor_notes:
                    assert note[:40] not in reply, procedure.id


def test_no_internal_words_in_any_reply(catalogue: Catalogue) -> None:
    for procedure in catalogue:
        for language in LANGUAGES:
            for aspects in ([], *([aspect] for aspect in Aspect)):
                reply = composer(catalogue).procedure_answer(procedure, language, aspects).reply
                assert not INTERNAL_WORDS.search(reply), (procedure.id, language, aspects)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_asked_cost_is_the_first_sentence(catalogue: Catalogue, language: str) -> None:
    procedure = catalogue.get("padron.volante")
    reply = composer(catalogue).procedure_answer(procedure, language, [Aspect.COST]).reply
    fee = procedure.text[language].fee
    assert fee is not None
    lead = first_sentence(reply)
    assert procedure.title(language) in lead  # the title stays, the fact with it
    assert fee.split(",")[0].lower() in lead.lower()
    assert len(reply) < 250  # "¿y cuánto cuesta?" -> "Gratuito", not two thousand characters


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("aspect", "field"),
    [
        (Aspect.COST, "fee"),
        (Aspect.DEADLINE, "deadlines"),
        (Aspect.DURATION, "processing_time"),
        (Aspect.WHO, "who"),
    ],
)
def test_each_asked_fact_leads_the_reply(
    catalogue: Catalogue, language: str, aspect: Aspect, field: str
) -> None:
    stated = [p for p in catalogue if p.kind == "procedure" and getattr(p.text[language], field)]
    assert len(stated) >= 3
    for procedure in stated:
        fact: str = getattr(procedure.text[language], field)
        reply = composer(catalogue).procedure_answer(procedure, language, [aspect]).reply
        words = first_sentence(fact).rstrip(".").split()[1:6]  # past its first (capital) word
        assert " ".join(words) in first_sentence(reply), (procedure.id, reply)


@pytest.mark.parametrize("language", LANGUAGES)
def test_documents_asked_lead_with_the_first_document(catalogue: Catalogue, language: str) -> None:
    for procedure in catalogue:
        requirements = procedure.text[language].requirements
        if procedure.kind != "procedure" or not requirements:
            continue
        reply = composer(catalogue).procedure_answer(procedure, language, [Aspect.DOCUMENTS]).reply
        first = first_sentence(requirements[0]).rstrip(".")
        assert first[1:] in reply.split("\n\n")[0], procedure.id
        assert first[1:30] in first_sentence(reply), procedure.id


@pytest.mark.parametrize("language", LANGUAGES)
def test_where_names_an_office_with_its_address_first(catalogue: Catalogue, language: str) -> None:
    offices = {office.id: office for office in catalogue.profile.offices}
    procedure = catalogue.get("padron.volante")  # online, kiosks and offices, in that order
    reply = composer(catalogue).procedure_answer(procedure, language, [Aspect.WHERE]).reply
    office = offices["saic-centro14"]
    lead = first_sentence(reply)
    assert office.name in lead and office.address.split(",")[0] in lead
    assert "sedeelectronica.alicante.es" in reply  # the other ways, briefly after it


@pytest.mark.parametrize(
    ("language", "portal"),
    [("es", "sede electrónica"), ("va", "seu electrònica"), ("en", "sede electrónica")],
)
def test_online_at_the_sede_names_the_sede_not_only_its_link(
    catalogue: Catalogue, language: str, portal: str
) -> None:
    # "¿el vado se puede pedir por internet?": the first sentence says where online, in words.
    procedure = catalogue.get("via-publica.vado")
    reply = composer(catalogue).procedure_answer(procedure, language, [Aspect.ONLINE]).reply
    lead = first_sentence(reply)
    assert portal in lead and "sedeelectronica.alicante.es" in lead


@pytest.mark.parametrize(
    ("language", "site"), [("es", "San Blas"), ("va", "Sant Blai"), ("en", "San Blas")]
)
def test_where_the_kiosks_are_names_some_of_their_sites(
    catalogue: Catalogue, language: str, site: str
) -> None:
    procedure = catalogue.get("otros.ciberkioscos")
    reply = composer(catalogue).procedure_answer(procedure, language, [Aspect.WHERE]).reply
    assert site in first_sentence(reply) and "Babel" in first_sentence(reply)


@pytest.mark.parametrize(("language", "words"), [("es", "50 %"), ("va", "50 %"), ("en", "50 %")])
def test_the_early_payment_reduction_of_a_fine_is_its_cost(
    catalogue: Catalogue, language: str, words: str
) -> None:
    # "si pago la multa rápido, ¿me hacen descuento?" asks the cost: the 50 % reduction.
    procedure = catalogue.get("multas.pago")
    reply = composer(catalogue).procedure_answer(procedure, language, [Aspect.COST]).reply
    assert words in first_sentence(reply)


def test_an_online_channel_elsewhere_is_not_called_the_sede(catalogue: Catalogue) -> None:
    procedure = catalogue.get("via-publica.recogida-enseres")  # booked on Tú haces Alicante
    reply = composer(catalogue).procedure_answer(procedure, "es", [Aspect.ONLINE]).reply
    assert "tuhacesalicante.com" in first_sentence(reply)
    assert "sede electrónica" not in first_sentence(reply)


@pytest.mark.parametrize("language", LANGUAGES)
def test_where_gives_the_place_a_channel_note_names_in_the_first_sentence(
    catalogue: Catalogue, language: str
) -> None:
    procedure = catalogue.get("movilidad.ora-residentes")  # no office listed: its note has it
    channel = next(c for c in procedure.channels if c.type == "in_person")
    assert not channel.offices and channel.note is not None
    reply = composer(catalogue).procedure_answer(procedure, language, [Aspect.WHERE]).reply
    assert "Pintor Velázquez, 15" in first_sentence(reply)


@pytest.mark.parametrize(
    ("language", "question", "lead"),
    [
        ("es", "quién paga la basura de un local alquilado", "en los locales alquilados paga"),
        ("en", "who pays it for rented premises?", "for rented business premises"),
    ],
)
def test_the_sentence_of_a_fact_closest_to_the_question_comes_first(
    catalogue: Catalogue, language: str, question: str, lead: str
) -> None:
    procedure = catalogue.get("tributos.tasa-residuos")
    writer = composer(catalogue)
    asked = writer.procedure_answer(procedure, language, [Aspect.WHO], question).reply
    plain = writer.procedure_answer(procedure, language, [Aspect.WHO]).reply
    assert lead in first_sentence(asked)
    assert lead not in first_sentence(plain)  # without the question, the entry's order
    owner = procedure.text[language].who
    assert owner is not None and owner.split(".")[0][1:] in asked  # nothing dropped


def test_a_question_does_not_reorder_the_channels(catalogue: Catalogue) -> None:
    procedure = catalogue.get("multas.pago")
    writer = composer(catalogue)
    asked = writer.procedure_answer(procedure, "es", [Aspect.WHERE], "dónde pago la multa")
    assert asked.reply == writer.procedure_answer(procedure, "es", [Aspect.WHERE]).reply


def test_a_note_on_the_asked_case_leads_the_fact(catalogue: Catalogue) -> None:
    writer = composer(catalogue)
    ibi = catalogue.get("tributos.ibi")
    question = "somos familia numerosa, nos rebajan algo la contribucion del piso?"
    reply = writer.procedure_answer(ibi, "es", detect_aspects(question), question).reply
    assert "90 %" in first_sentence(reply)
    # a question about the fee in general gets the fee; an alias naming a note's case counts
    # half, so "the new rubbish tax" is not the note on the new tax register
    plain = writer.procedure_answer(ibi, "es", [Aspect.COST], "cuánto cuesta el ibi").reply
    assert "0,61985 %" in first_sentence(plain)
    waste = catalogue.get("tributos.tasa-residuos")
    question = "how much is the new rubbish tax for an apartment?"
    assert "69.85" in first_sentence(
        writer.procedure_answer(waste, "en", [Aspect.COST], question).reply
    )
    question = "si uso la tarjeta del contenedor marron me descuentan algo de la basura?"
    reply = writer.procedure_answer(waste, "es", [Aspect.COST], question).reply
    assert "20 %" in first_sentence(reply)
    # a note leads only the aspect it speaks of, and the city's name tells no case apart
    question = (
        "We only use our apartment in Alicante in summer. Do we still have to pay the bin tax?"
    )
    reply = writer.procedure_answer(waste, "en", [Aspect.WHO], question).reply
    assert "20 %" not in reply.split("\n\n")[0]


def test_where_the_appointment_is_names_the_offices_first(catalogue: Catalogue) -> None:
    appointments = catalogue.get("citas.cita-previa")
    for language, office in (("es", "Labradores"), ("en", "Labradores")):
        reply = composer(catalogue).procedure_answer(appointments, language, [Aspect.WHERE]).reply
        assert office in first_sentence(reply)


@pytest.mark.parametrize("language", LANGUAGES)
def test_where_with_no_place_to_go_says_where_to_find_one(
    catalogue: Catalogue, language: str
) -> None:
    recycling = catalogue.get("via-publica.ecoparque")  # no office among its channels
    reply = composer(catalogue).procedure_answer(recycling, language, [Aspect.WHERE]).reply
    assert "alicante.es" in first_sentence(reply)


@pytest.mark.parametrize(
    ("language", "who"),
    [("es", "Servicios Sociales"), ("va", "Serveis Socials"), ("en", "Social Services")],
)
def test_a_service_says_first_who_gives_it(catalogue: Catalogue, language: str, who: str) -> None:
    for procedure_id in ("social.teleasistencia", "social.ayudas-emergencia"):
        procedure = catalogue.get(procedure_id)
        reply = composer(catalogue).procedure_answer(procedure, language).reply
        assert who in first_sentence(reply), procedure_id


def test_who_may_do_it_gives_its_exception_in_the_same_sentence(catalogue: Catalogue) -> None:
    registering = catalogue.get("padron.alta")
    for language, exception in (
        ("es", "fuerza mayor"),
        ("va", "força major"),
        ("en", "force majeure"),
    ):
        reply = composer(catalogue).procedure_answer(registering, language, [Aspect.WHO]).reply
        assert exception in first_sentence(reply)


@pytest.mark.parametrize(
    ("language", "question"),
    [
        ("es", "como cojo cita? no tengo ordenador y no me aclaro con la web"),
        ("va", "no tinc internet, com demane cita?"),
        ("en", "I don't have a computer, how do I book an appointment?"),
    ],
)
def test_without_internet_the_ways_without_it_come_first(
    catalogue: Catalogue, language: str, question: str
) -> None:
    aspects = detect_aspects(question)
    assert Aspect.OFFLINE in aspects
    appointments = catalogue.get("citas.cita-previa")
    reply = composer(catalogue).procedure_answer(appointments, language, aspects, question).reply
    lead = first_sentence(reply)
    assert "010" in lead and "citaprevia.alicante.es" not in lead
    assert "citaprevia.alicante.es" in reply  # online is still offered, last


def test_in_person_or_online_asks_every_way(catalogue: Catalogue) -> None:
    procedure = catalogue.get("urbanismo.obra-menor")
    writer = composer(catalogue)
    question = "hace falta ir en persona o vale por internet?"
    aspects = detect_aspects(question)
    assert {Aspect.IN_PERSON, Aspect.ONLINE} <= set(aspects)
    either = writer.procedure_answer(procedure, "es", aspects, question)
    assert either.reply == writer.procedure_answer(procedure, "es", [Aspect.HOW]).reply


@pytest.mark.parametrize("language", LANGUAGES)
def test_with_nothing_asked_it_says_what_it_is_and_how(catalogue: Catalogue, language: str) -> None:
    procedure = catalogue.get("padron.volante")
    answer = composer(catalogue).procedure_answer(procedure, language)
    text = procedure.text[language]
    assert text.summary.split(".")[0] in first_sentence(answer.reply)
    assert "sedeelectronica.alicante.es" in answer.reply
    assert str(procedure.source_url) in answer.reply
    assert answer.sources[0].url == str(procedure.source_url)
    assert text.requirements[0] not in answer.reply  # one question away, offered instead
    assert len(answer.follow_ups) == 3


def test_replies_are_short(catalogue: Catalogue) -> None:
    lengths = {
        aspect: [
            len(composer(catalogue).procedure_answer(p, language, [aspect] if aspect else []).reply)
            for p in catalogue
            for language in LANGUAGES
        ]
        for aspect in (None, Aspect.COST, Aspect.WHERE, Aspect.DOCUMENTS, Aspect.DEADLINE)
    }
    for aspect, found in lengths.items():
        assert statistics.median(found) <= 400, aspect
        assert max(found) <= 700, aspect


@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_is_said_twice(catalogue: Catalogue, language: str) -> None:
    every_channel_aspect = [Aspect.HOW, Aspect.WHERE, Aspect.ONLINE, Aspect.IN_PERSON]
    for procedure in catalogue:
        reply = composer(catalogue).procedure_answer(procedure, language, every_channel_aspect)
        paragraphs = reply.reply.split("\n\n")
        assert len(paragraphs) == len(set(paragraphs)), procedure.id
        labels = re.findall(r"(?:^|\n\n)(?:\*\*[^*]+\*\* — )?([^:\n]+):", reply.reply)
        assert len(labels) == len(set(labels)), (procedure.id, labels)


def test_how_to_do_it_is_said_once_in_english(catalogue: Catalogue) -> None:
    procedure = catalogue.get("padron.alta")
    for aspects in ([Aspect.HOW, Aspect.ONLINE], [Aspect.ONLINE, Aspect.WHERE, Aspect.HOW]):
        reply = composer(catalogue).procedure_answer(procedure, "en", aspects).reply
        assert reply.count("How to do it") + reply.count("Where:") == 1


@pytest.mark.parametrize(
    ("language", "wording"),
    [("es", "en 2025 fue"), ("va", "en 2025 va ser"), ("en", "in 2025 it was")],
)
def test_a_figure_of_a_year_that_is_over_says_so(
    catalogue: Catalogue, language: str, wording: str
) -> None:
    procedure = with_text(catalogue.get("tributos.ibi"), language, fee="Cuota de 100 €.")
    stale = procedure.model_copy(update={"fact_years": {"fee": 2025}})
    reply = composer(catalogue).procedure_answer(stale, language, [Aspect.COST]).reply
    lead = first_sentence(reply)
    assert wording in lead.lower() and "100 €" in lead
    assert catalogue.profile.contact.phone in reply  # where this year's figure is
    current = composer(catalogue, dt.date(2025, 11, 1)).procedure_answer(
        stale, language, [Aspect.COST]
    )
    assert wording not in current.reply.lower()


def test_a_figure_naming_its_past_year_is_not_given_the_year_twice(catalogue: Catalogue) -> None:
    waste = catalogue.get("tributos.tasa-residuos")
    assert waste.past_year("fee", DECEMBER_2026) == 2025
    reply = composer(catalogue).procedure_answer(waste, "es", [Aspect.COST]).reply
    assert "en 2025 fue en 2025" not in reply.lower()
    assert "69,85 €" in first_sentence(reply)
    assert "este año" in reply and "010" in reply


def test_this_years_figure_is_given_as_current(catalogue: Catalogue) -> None:
    ibi = catalogue.get("tributos.ibi")
    assert ibi.past_year("fee", DECEMBER_2026) is None
    reply = composer(catalogue).procedure_answer(ibi, "es", [Aspect.COST]).reply
    assert "fue" not in first_sentence(reply) and "este año" not in reply


@pytest.mark.parametrize("language", LANGUAGES)
def test_follow_ups_ask_for_the_aspects_not_given(catalogue: Catalogue, language: str) -> None:
    procedure = catalogue.get("padron.volante")
    answer = composer(catalogue).procedure_answer(procedure, language, [Aspect.COST])
    asked = [detect_aspects(question) for question in answer.follow_ups]
    assert asked and all(found for found in asked)  # each suggestion, sent, asks its aspect
    assert all(Aspect.COST not in found for found in asked)


def test_follow_ups_offer_only_facts_the_entry_has(catalogue: Catalogue) -> None:
    procedure = catalogue.get("padron.volante")
    assert not procedure.text["es"].deadlines
    answer = composer(catalogue).procedure_answer(procedure, "es", [Aspect.COST])
    assert all(Aspect.DEADLINE not in detect_aspects(q) for q in answer.follow_ups)


@pytest.mark.parametrize("language", LANGUAGES)
def test_referral_names_the_competent_administration_first(
    catalogue: Catalogue, language: str
) -> None:
    procedure = catalogue.get("externo.dni")
    assert procedure.referral is not None
    reply = composer(catalogue).procedure_answer(procedure, language).reply
    assert procedure.referral.administration.get(language) in first_sentence(reply)
    assert reply.count(str(procedure.source_url).rstrip("/")) == 1
    assert len(reply) < 450


@pytest.mark.parametrize(
    ("language", "place"), [("es", "centro de salud"), ("va", "centre de salut")]
)
def test_where_to_go_for_a_referral_comes_before_whose_matter_it_is(
    catalogue: Catalogue, language: str, place: str
) -> None:
    # "¿dónde se pide la tarjeta SIP?": at the health centre, first; the Conselleria's after.
    procedure = catalogue.get("externo.tarjeta-sanitaria")
    assert procedure.referral is not None
    reply = composer(catalogue).procedure_answer(procedure, language, [Aspect.WHERE]).reply
    assert place in first_sentence(reply)
    assert procedure.referral.administration.get(language) in reply.split("\n\n")[1]


def test_out_of_scope_offers_the_phone(catalogue: Catalogue) -> None:
    answer = composer(catalogue).out_of_scope_answer("en")
    assert catalogue.profile.contact.phone in answer.reply
    assert answer.sources == []
