"""FormFlow on its own: dynamic options, their absence, personal values."""

from __future__ import annotations

import datetime as dt

from ali.actions.forms import FormSpec, Option, Slot, SlotKind
from ali.dialogue.form_flow import FormFlow, new_form_state
from ali.dialogue.personal_values import PERSONAL, PersonalValues
from ali.dialogue.state import FormState
from ali.intents.labels import Intent

T = {"es": "x", "va": "x", "en": "x"}
TODAY = dt.date(2026, 11, 23)
SPEC = FormSpec(
    action="demo",
    title=T,
    slots=(
        Slot("date", SlotKind.DATE, T, T),
        Slot("time", SlotKind.CHOICE, T, T, dynamic=True),
        Slot("phone", SlotKind.PHONE, T, T, personal=True),
    ),
)


def times(slot: Slot, values: dict[str, str]) -> list[Option]:
    if values["date"] == "2026-11-24":
        return []  # fully booked
    label = {"es": "09:30", "va": "09:30", "en": "09:30"}
    return [Option("slot-1", label), Option("slot-2", {**label, "es": "10:00"})]


def test_dynamic_options_are_offered_and_chosen_by_number() -> None:
    flow = FormFlow(PersonalValues())
    state = new_form_state(SPEC, None)
    step = flow.handle(SPEC, state, "el miércoles", "es", TODAY, times)
    assert state.current == "time"
    assert "1. 09:30" in step.reply and "2. 10:00" in step.reply
    flow.handle(SPEC, state, "2", "es", TODAY, times)
    assert state.values["time"] == "slot-2"


def test_no_options_goes_back_to_the_previous_question() -> None:
    flow = FormFlow(PersonalValues())
    state = new_form_state(SPEC, None)
    step = flow.handle(SPEC, state, "mañana", "es", TODAY, times)
    assert step.reply.startswith("No hay opciones disponibles para el martes 24 de noviembre.")
    assert state.current == "date"
    assert "date" not in state.values


def test_personal_values_stay_out_of_the_state_until_confirmed() -> None:
    personal = PersonalValues()
    flow = FormFlow(personal)
    state = new_form_state(SPEC, None)
    for answer in ("el miércoles", "1", "612 345 678"):
        step = flow.handle(SPEC, state, answer, "es", TODAY, times)
    assert step.intent is Intent.CONFIRMATION
    assert state.values["phone"] == PERSONAL
    assert "612345678" not in str(state)
    done = flow.handle(SPEC, state, "sí", "es", TODAY, times)
    assert done.confirmed_values == {"date": "2026-11-25", "time": "slot-1", "phone": "612345678"}


def test_a_lost_personal_value_is_asked_again() -> None:
    flow = FormFlow(PersonalValues())
    state = new_form_state(SPEC, None)
    for answer in ("el miércoles", "1", "612 345 678"):
        flow.handle(SPEC, state, answer, "es", TODAY, times)
    restarted = FormFlow(PersonalValues())  # a new process: memory is empty
    step = restarted.handle(SPEC, state, "sí", "es", TODAY, times)
    assert step.confirmed_values is None
    assert state.current == "phone"


DETAIL_SPEC = FormSpec(
    action="report",
    title=T,
    slots=(
        Slot("service", SlotKind.CHOICE, T, T, options=(Option("lamp", T), Option("junk", T))),
        Slot("detail", SlotKind.CHOICE, T, T, dynamic=True, required=False),
        Slot("place", SlotKind.TEXT, T, T),
    ),
)


def details(slot: Slot, values: dict[str, str]) -> list[Option]:
    if values["service"] != "junk":
        return []
    return [Option("kind=sofa", T), Option("kind=bed", T)]


def test_an_optional_detail_without_options_is_skipped_and_asked_again_after_back() -> None:
    flow = FormFlow(PersonalValues())
    state = new_form_state(DETAIL_SPEC, None)
    flow.handle(DETAIL_SPEC, state, "1", "es", TODAY, details)  # lamp: no detail to ask
    assert state.current == "place"
    assert state.values["detail"] == ""
    flow.handle(DETAIL_SPEC, state, "atrás", "es", TODAY, details)
    assert state.current == "service" and "detail" not in state.values
    flow.handle(DETAIL_SPEC, state, "2", "es", TODAY, details)  # junk: what kind?
    assert state.current == "detail"
    flow.handle(DETAIL_SPEC, state, "2", "es", TODAY, details)
    assert state.values["detail"] == "kind=bed"


def _progress(flow: FormFlow, state: FormState) -> tuple[int, int]:
    view = flow.view(DETAIL_SPEC, state, "es")
    return view.step, view.total


def test_the_step_count_does_not_change_when_an_optional_detail_is_skipped() -> None:
    flow = FormFlow(PersonalValues())
    state = new_form_state(DETAIL_SPEC, None)
    assert _progress(flow, state) == (1, 3)
    flow.handle(DETAIL_SPEC, state, "1", "es", TODAY, details)  # lamp: the detail is skipped
    assert _progress(flow, state) == (3, 3)  # the count promised at the start still holds
    flow.handle(DETAIL_SPEC, state, "atrás", "es", TODAY, details)
    assert _progress(flow, state) == (1, 3)
    flow.handle(DETAIL_SPEC, state, "2", "es", TODAY, details)  # junk: the detail is asked
    assert _progress(flow, state) == (2, 3)
    flow.handle(DETAIL_SPEC, state, "1", "es", TODAY, details)
    assert _progress(flow, state) == (3, 3)
    flow.handle(DETAIL_SPEC, state, "calle Mayor 1", "es", TODAY, details)
    assert state.confirming and _progress(flow, state) == (3, 3)


def free(slot: Slot, values: dict[str, str]) -> list[Option]:
    return [Option("slot-1", {"es": "09:30", "va": "09:30", "en": "09:30"})]


def test_a_date_is_said_back_in_words_and_summarised_in_words() -> None:
    flow = FormFlow(PersonalValues())
    state = new_form_state(SPEC, None)
    step = flow.handle(SPEC, state, "el martes que viene", "es", TODAY, free)  # Mon 23 Nov
    assert step.reply.startswith("Anotado: martes 24 de noviembre.\n")
    assert "1. 09:30" in step.reply
    flow.handle(SPEC, state, "1", "es", TODAY, free)
    summary = flow.handle(SPEC, state, "612 345 678", "es", TODAY, free).reply
    assert "- x: martes 24 de noviembre" in summary
    assert "2026-11-24" not in summary
    view = flow.view(SPEC, state, "va")
    assert view.summary[0] == {"label": "x", "value": "dimarts 24 de novembre"}


def test_a_date_in_words_in_valencian_and_english() -> None:
    flow = FormFlow(PersonalValues())
    for language, said, noted in (
        ("va", "demà", "Anotat: dimarts 24 de novembre."),
        ("en", "tomorrow", "Noted: Tuesday 24 November."),
    ):
        state = new_form_state(SPEC, None)
        reply = flow.handle(SPEC, state, said, language, TODAY, free).reply
        assert reply.startswith(noted), reply


FILES_SPEC = FormSpec(
    action="apply",
    title=T,
    slots=(Slot("files", SlotKind.ATTACHMENTS, T, T, required=False),),
)


def test_an_attachments_step_takes_done_with_files_or_none() -> None:
    uploaded: dict[str, list[tuple[str, str]]] = {}
    flow = FormFlow(PersonalValues(), lambda form_id: uploaded.get(form_id, []))
    state = new_form_state(FILES_SPEC, None)
    assert flow.view(FILES_SPEC, state, "es").kind == "attachments"
    missing = flow.handle(FILES_SPEC, state, "listo", "es", TODAY)
    assert missing.reply.startswith("Todavía no has adjuntado")
    assert "(PDF, JPEG o PNG)" in missing.reply
    assert flow.handle(FILES_SPEC, state, "hola qué tal", "es", TODAY).reply.startswith("Adjunta")
    uploaded[state.id] = [("f1", "dni.pdf"), ("f2", "foto.jpg")]
    assert [f["filename"] for f in flow.view(FILES_SPEC, state, "es").files] == [
        "dni.pdf",
        "foto.jpg",
    ]
    step = flow.handle(FILES_SPEC, state, "ya está", "es", TODAY)
    assert step.intent is Intent.CONFIRMATION
    assert state.values["files"] == "f1,f2"
    assert "dni.pdf, foto.jpg" in step.reply
    other = new_form_state(FILES_SPEC, None)
    flow.handle(FILES_SPEC, other, "ninguno", "es", TODAY)
    assert other.values["files"] == "" and other.confirming


def test_a_photo_step_takes_only_images() -> None:
    photo = Slot(
        "photo", SlotKind.ATTACHMENTS, T, T,
        required=False, max_files=1, media_types=("image/png", "image/jpeg"),
    )  # fmt: skip
    spec = FormSpec(action="report", title=T, slots=(photo,))
    flow = FormFlow(PersonalValues(), lambda form_id: [])
    state = new_form_state(spec, None)
    assert flow.view(spec, state, "en").accept == ["image/jpeg", "image/png"]
    assert "(JPEG or PNG)" in flow.prompt(spec, state, "en")


def test_a_day_with_nothing_free_is_named_in_valencian() -> None:
    flow = FormFlow(PersonalValues())
    state = new_form_state(SPEC, None)
    reply = flow.handle(SPEC, state, "demà", "va", TODAY, times).reply  # the 24th is full
    assert reply.startswith("No hi ha opcions disponibles per al dimarts 24 de novembre.")
    assert state.current == "date"
