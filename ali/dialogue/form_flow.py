"""Filling an action's form inside a conversation: one slot at a time, validated, with cancel,
back, side questions, and a summary that waits for an explicit confirmation.

The form's state is a `FormState` (persisted with the conversation); personal values (a phone)
wait in a `PersonalValueStore` (this process's memory, or Redis shared by the workers, sealed)
and are never written to the database.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from ali.actions.forms import FormSpec, Option, Slot, SlotKind
from ali.attachments.inspection import ACCEPTED_TYPES
from ali.catalogue.schema import Language
from ali.catalogue.working_days import WorkingDays
from ali.dialogue.personal_values import PERSONAL, PersonalValueStore
from ali.dialogue.slots import Parsed, parse_slot
from ali.dialogue.state import FormState, OfferedOption
from ali.dialogue.texts import text
from ali.i18n import N_
from ali.i18n.dates import iso_date_in_words
from ali.intents.labels import Intent
from ali.language import commands

# Supplies a dynamic slot's options from the values given so far; raises ActionFailed when the
# back office cannot answer.
OptionsLoader = Callable[[Slot, dict[str, str]], list[Option]]
# The files uploaded so far for a form (by form id), as (id, filename) pairs.
FileLister = Callable[[str], list[tuple[str, str]]]


@dataclass
class FormStep:
    """What one message did to the form."""

    intent: Intent
    reply: str
    done: bool = False  # the form is over (cancelled or confirmed)
    confirmed_values: dict[str, str] | None = None
    side_question: bool = False


@dataclass
class FormView:
    """The form's current step, for clients that render fields and buttons."""

    action: str
    title: str
    slot: str | None
    kind: str | None
    prompt: str | None
    options: list[dict[str, str]] = field(default_factory=list)
    step: int = 0
    total: int = 0
    confirming: bool = False
    summary: list[dict[str, str]] = field(default_factory=list)
    files: list[dict[str, str]] = field(default_factory=list)  # on an attachments step
    accept: list[str] = field(default_factory=list)  # the media types that step takes


_TYPE_NAMES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}
_OR = N_("or")


def accepted_types(slot: Slot) -> tuple[str, ...]:
    """The media types an attachments slot takes, in the order of ACCEPTED_TYPES."""
    return tuple(
        kind for kind in ACCEPTED_TYPES if not slot.media_types or kind in slot.media_types
    )


def _type_names(types: tuple[str, ...], language: Language) -> str:
    """("application/pdf", "image/jpeg", "image/png") → "PDF, JPEG o PNG"."""
    names = [_TYPE_NAMES[kind] for kind in types]
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} {_OR[language]} {names[-1]}"


def _files_expected(slot: Slot, language: Language) -> str:
    """How to attach, naming the types the slot takes."""
    return text("files_expected", language, types=_type_names(accepted_types(slot), language))


def new_form_state(spec: FormSpec, procedure_id: str | None) -> FormState:
    """A fresh form; a dynamic first slot needs `FormFlow.load_options` before it is asked."""
    return FormState(
        id=uuid.uuid4().hex,
        action=spec.action,
        procedure_id=procedure_id,
        current=spec.slots[0].name if spec.slots else None,
        confirming=not spec.slots,
    )


class FormFlow:
    def __init__(
        self,
        personal: PersonalValueStore,
        files: FileLister | None = None,
        calendar: WorkingDays | None = None,
    ) -> None:
        self._personal = personal
        self._files = files or (lambda form_id: [])
        # The council's working days: a date slot for working days refuses its holidays.
        self._calendar = calendar

    # -- dynamic options ---------------------------------------------------------------------

    def slot(self, spec: FormSpec, state: FormState, name: str) -> Slot:
        """The slot as the citizen sees it: a dynamic slot with the options it was offered."""
        slot = spec.slot(name)
        if not slot.dynamic:
            return slot
        options = tuple(Option(item.value, item.label) for item in state.offered(name))
        return dataclasses.replace(slot, kind=SlotKind.CHOICE, options=options)

    def load_options(
        self, spec: FormSpec, state: FormState, name: str, loader: OptionsLoader | None
    ) -> bool:
        """Fetches a dynamic slot's options into the state; False when there are none."""
        slot = spec.slot(name)
        if not slot.dynamic:
            return True
        values = {key: value for key, value in state.values.items() if value != PERSONAL}
        options = loader(slot, values) if loader else []
        state.offer(name, [OfferedOption.of(option) for option in options])
        return bool(options)

    # -- rendering ---------------------------------------------------------------------------

    def prompt(self, spec: FormSpec, state: FormState, language: Language) -> str:
        if state.confirming:
            return self.summary_text(spec, state, language)
        return self._slot_prompt(self.slot(spec, state, state.asking), language)

    def _slot_prompt(self, slot: Slot, language: Language) -> str:
        prompt = slot.prompt[language]
        if slot.kind is SlotKind.CHOICE and not any(ch.isdigit() for ch in prompt):
            listed = "\n".join(
                f"{number}. {option.label[language]}"
                for number, option in enumerate(slot.options, start=1)
            )
            prompt = f"{prompt}\n{listed}"
        if slot.kind is SlotKind.ATTACHMENTS:
            prompt = f"{prompt} {_files_expected(slot, language)}"
        return prompt

    def summary_text(self, spec: FormSpec, state: FormState, language: Language) -> str:
        lines = [text("form_summary", language, title=spec.title[language])]
        lines += [
            f"- {item['label']}: {item['value']}" for item in self._summary(spec, state, language)
        ]
        lines.append(text("form_confirm", language))
        return "\n".join(lines)

    def _summary(
        self, spec: FormSpec, state: FormState, language: Language
    ) -> list[dict[str, str]]:
        items = []
        for declared in spec.slots:
            slot = self.slot(spec, state, declared.name)
            value = state.values.get(slot.name)
            if value is None or (value == "" and slot.kind is not SlotKind.ATTACHMENTS):
                continue
            if value == PERSONAL:
                shown = self._personal.get(state.id, slot.name) or ""
                shown = f"···{shown[-3:]}" if shown else ""
            elif slot.kind is SlotKind.CHOICE and slot.option(value):
                shown = slot.option(value).label[language]  # type: ignore[union-attr]
            elif slot.kind is SlotKind.ATTACHMENTS:
                names = dict(self._files(state.id))
                chosen = [names[item] for item in value.split(",") if item in names]
                shown = ", ".join(chosen) or text("files_none", language)
            elif slot.kind is SlotKind.DATE:
                shown = iso_date_in_words(value, language)
            else:
                shown = value
            items.append({"label": slot.label[language], "value": shown})
        return items

    def view(self, spec: FormSpec, state: FormState, language: Language) -> FormView:
        current = None if state.confirming else self.slot(spec, state, state.asking)
        return FormView(
            action=spec.action,
            title=spec.title[language],
            slot=current.name if current else None,
            kind=current.kind.value if current else None,
            prompt=self._slot_prompt(current, language) if current else None,
            options=[
                {"label": option.label[language], "value": option.value}
                for option in (current.options if current else ())
            ],
            step=_step_number(spec, state),
            total=len(spec.slots),
            confirming=state.confirming,
            summary=self._summary(spec, state, language) if state.confirming else [],
            files=[{"id": file_id, "filename": name} for file_id, name in self._files(state.id)]
            if current is not None and current.kind is SlotKind.ATTACHMENTS
            else [],
            accept=list(accepted_types(current))
            if current is not None and current.kind is SlotKind.ATTACHMENTS
            else [],
        )

    # -- one message -------------------------------------------------------------------------

    def handle(
        self,
        spec: FormSpec,
        state: FormState,
        message: str,
        language: Language,
        today: dt.date,
        options: OptionsLoader | None = None,
    ) -> FormStep:
        if commands.is_cancel(message) or (state.confirming and commands.is_denial(message)):
            self._personal.forget(state.id)
            return FormStep(Intent.FORM_STEP, text("form_cancelled", language), done=True)
        if commands.is_back(message):
            return self._back(spec, state, language)
        if state.confirming:
            return self._confirm(spec, state, message, language)
        slot = self.slot(spec, state, state.asking)
        if slot.kind is SlotKind.ATTACHMENTS:
            return self._files_answer(spec, state, slot, message, language, options)
        parsed = _suggestion_taken(slot, state, message) or parse_slot(
            slot, message, language, today, self._calendar
        )
        if not parsed.ok:
            if _looks_like_question(message):
                return FormStep(Intent.FORM_STEP, "", side_question=True)
            if parsed.suggestion is not None:  # the next working day, taken by a "yes"
                state.offer(slot.name, [OfferedOption(parsed.suggestion, {})])
            reason = text(parsed.error or "invalid_choice", language, **parsed.params)
            return FormStep(Intent.FORM_STEP, f"{reason} {self._slot_prompt(slot, language)}")
        assert parsed.value is not None
        if slot.kind is SlotKind.DATE and state.options is not None:
            state.options.pop(slot.name, None)  # a date offered instead of a holiday, answered
        if slot.personal:
            self._personal.put(state.id, slot.name, parsed.value)
            state.values[slot.name] = PERSONAL
        else:
            state.values[slot.name] = parsed.value
        if slot.name not in state.filled:
            state.filled.append(slot.name)
        step = self._advance(spec, state, language, options)
        if slot.kind is SlotKind.DATE and step.reply and slot.name in state.values:
            # Said back in words: "el martes que viene" -> "Anotado: martes 8 de diciembre."
            noted = text("date_noted", language, date=iso_date_in_words(parsed.value, language))
            step.reply = f"{noted}\n{step.reply}"
        return step

    def _files_answer(
        self,
        spec: FormSpec,
        state: FormState,
        slot: Slot,
        message: str,
        language: Language,
        options: OptionsLoader | None,
    ) -> FormStep:
        """The files are uploaded beside the chat; the message says they are all there, or
        that there are none to attach."""
        uploaded = [file_id for file_id, _ in self._files(state.id)]
        if commands.is_files_done(message):
            if not uploaded:
                reason = text("files_missing", language)
                return FormStep(Intent.FORM_STEP, f"{reason} {_files_expected(slot, language)}")
            state.values[slot.name] = ",".join(uploaded[: slot.max_files])
        elif commands.is_no_files(message) and not slot.required:
            state.values[slot.name] = ""
        elif _looks_like_question(message):
            return FormStep(Intent.FORM_STEP, "", side_question=True)
        else:
            return FormStep(Intent.FORM_STEP, _files_expected(slot, language))
        if slot.name not in state.filled:
            state.filled.append(slot.name)
        return self._advance(spec, state, language, options)

    def _advance(
        self,
        spec: FormSpec,
        state: FormState,
        language: Language,
        options: OptionsLoader | None = None,
    ) -> FormStep:
        missing = self._missing(spec, state)
        if missing is None and not spec.needs_confirmation:
            return FormStep(
                Intent.ACTION_RESULT, "", done=True, confirmed_values=self._values(state)
            )
        if missing is None:
            state.current = None
            state.confirming = True
            return FormStep(Intent.CONFIRMATION, self.summary_text(spec, state, language))
        if not self.load_options(spec, state, missing.name, options):
            if not missing.required:  # an optional detail this case does not have
                state.values[missing.name] = ""
                return self._advance(spec, state, language, options)
            # Nothing to offer (no free times that day): ask the previous answer again.
            reason = self._nothing_offered(spec, state, language)
            step = self._back(spec, state, language)
            step.reply = f"{reason} {step.reply}"
            return step
        state.current = missing.name
        slot = self.slot(spec, state, missing.name)
        return FormStep(Intent.FORM_STEP, self._slot_prompt(slot, language))

    def _nothing_offered(self, spec: FormSpec, state: FormState, language: Language) -> str:
        """Why the previous answer is asked again, naming the day when it was a date."""
        previous = spec.slot(state.filled[-1]) if state.filled else None
        day = state.values.get(previous.name, "") if previous is not None else ""
        if previous is not None and previous.kind is SlotKind.DATE and day:
            return text("no_options_on", language, date=iso_date_in_words(day, language))
        return text("no_options", language)

    def _missing(self, spec: FormSpec, state: FormState) -> Slot | None:
        for slot in spec.slots:
            value = state.values.get(slot.name)
            if value is None:  # optional slots are asked too: "none" is then an answer
                return slot
            if value == PERSONAL and self._personal.get(state.id, slot.name) is None:
                return slot  # lost with a restart: ask again
        return None

    def _back(self, spec: FormSpec, state: FormState, language: Language) -> FormStep:
        if state.filled:
            previous = state.filled.pop()
            state.values.pop(previous, None)
            for skipped in [name for name in state.values if name not in state.filled]:
                state.values.pop(skipped)  # optional details skipped after it: ask anew
            state.current = previous
            state.confirming = False
            slot = self.slot(spec, state, previous)
            return FormStep(Intent.FORM_STEP, self._slot_prompt(slot, language))
        return FormStep(Intent.FORM_STEP, self.prompt(spec, state, language))

    def _confirm(
        self, spec: FormSpec, state: FormState, message: str, language: Language
    ) -> FormStep:
        if not commands.is_confirmation(message):
            if _looks_like_question(message):
                return FormStep(Intent.CONFIRMATION, "", side_question=True)
            return FormStep(Intent.CONFIRMATION, text("form_not_confirmed", language))
        missing = self._missing(spec, state)
        if missing is not None:  # a personal value was lost with a restart
            state.confirming = False
            state.current = missing.name
            return FormStep(Intent.FORM_STEP, self._slot_prompt(missing, language))
        return FormStep(Intent.ACTION_RESULT, "", done=True, confirmed_values=self._values(state))

    def _values(self, state: FormState) -> dict[str, str]:
        """The answers, personal ones included, for the action (then forgotten here)."""
        values = {
            name: (self._personal.get(state.id, name) or "") if value == PERSONAL else value
            for name, value in state.values.items()
        }
        self._personal.forget(state.id)
        return values


def _step_number(spec: FormSpec, state: FormState) -> int:
    """The question's place in the form, out of every slot: an optional detail this case does
    not have is passed over, so the count promised at the start ("paso 2 de 3") never changes."""
    if state.confirming or state.current is None:
        return len(spec.slots)
    names = [slot.name for slot in spec.slots]
    return names.index(state.current) + 1 if state.current in names else len(state.filled) + 1


def _suggestion_taken(slot: Slot, state: FormState, message: str) -> Parsed | None:
    """A "yes" to the date offered instead of a holiday: that date."""
    offered = state.offered(slot.name)
    if slot.kind is SlotKind.DATE and offered and commands.is_confirmation(message):
        return Parsed(offered[0].value)
    return None


def _looks_like_question(message: str) -> bool:
    stripped = message.strip()
    if "?" in stripped or "¿" in stripped:
        return True
    words = stripped.lower().split()
    starters = {"como", "cómo", "qué", "que", "dónde", "donde", "cuánto", "cuanto", "com", "què",
                "on", "quant", "what", "how", "where", "when", "can", "puedo", "puc"}  # fmt: skip
    return len(words) >= 3 and words[0] in starters
