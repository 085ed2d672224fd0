"""The Alicante catalogue, an appointment form using every kind of slot, and a factory of
`Councils` on a given database (SQLite storage, real actions, the embedder of the settings)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import yaml

from ali.actions.forms import FormSpec, Option, Slot, SlotKind
from ali.actions.registry import ActionRegistry
from ali.catalogue import Catalogue
from ali.catalogue.working_days import CalendarProfile, WorkingDays
from ali.connectors.callback import CallbackAction
from ali.connectors.rehearsal import RehearsalAction
from ali.councils import Councils
from ali.retrieval.embedders import build_embedder
from ali.settings import DEFAULT_KNOWLEDGE_DIR, Settings
from ali.storage.audit import AuditLog
from ali.storage.database import Database
from ali.storage.sql_conversations import SqlConversationStore
from ali.storage.tickets import TicketRepository

ALICANTE = DEFAULT_KNOWLEDGE_DIR / "alicante"


def bookable_day() -> str:
    """A day one can book at Alicante's offices, as a citizen writes it ("9/12"): the first
    working day after tomorrow (Madrid's date), so that all its times are still ahead. Not "el
    martes que viene", which is a holiday in some weeks (8 December 2026)."""
    profile = yaml.safe_load((ALICANTE / "council.yaml").read_text())
    calendar = WorkingDays(CalendarProfile.model_validate(profile["calendar"]))
    tomorrow = dt.datetime.now(ZoneInfo("Europe/Madrid")).date() + dt.timedelta(days=1)
    day = calendar.next_working_day(tomorrow)
    return f"{day.day}/{day.month}"


# An appointment form exercising every kind of slot the engine validates; it is performed by a
# RehearsalAction, which has no external effect and records what it was asked to do.
APPOINTMENT_FORM = FormSpec(
    action="citas.book_appointment",
    title={"es": "Cita previa", "va": "Cita prèvia", "en": "Appointment"},
    slots=(
        Slot(
            name="service",
            kind=SlotKind.CHOICE,
            label={"es": "Servicio", "va": "Servei", "en": "Service"},
            prompt={
                "es": "¿Para qué servicio?",
                "va": "Per a quin servei?",
                "en": "Which service?",
            },
            options=(
                Option("padron", {"es": "Padrón", "va": "Padró", "en": "Census"}, ("empadrono",)),
                Option(
                    "tributos", {"es": "Tributos", "va": "Tributs", "en": "Taxes"}, ("impuestos",)
                ),
            ),
        ),
        Slot(
            name="date",
            kind=SlotKind.DATE,
            label={"es": "Fecha", "va": "Data", "en": "Date"},
            prompt={"es": "¿Qué día?", "va": "Quin dia?", "en": "Which day?"},
            weekdays_only=True,
            max_days_ahead=60,
        ),
        Slot(
            name="people",
            kind=SlotKind.NUMBER,
            label={"es": "Personas", "va": "Persones", "en": "People"},
            prompt={
                "es": "¿Cuántas personas?",
                "va": "Quantes persones?",
                "en": "How many people?",
            },
            minimum=1,
            maximum=4,
        ),
    ),
)


def make_councils(
    settings: Settings, database: Database, rehearsal: RehearsalAction, **overrides: object
) -> Councils:
    tickets = TicketRepository(database)

    def actions(catalogue: Catalogue) -> ActionRegistry:
        return ActionRegistry([CallbackAction(tickets), rehearsal])

    options: dict[str, object] = {
        "embedder": build_embedder(settings.embedder),
        "conversations": SqlConversationStore(database),
        "audit": AuditLog(database),
        "actions": actions,
        "database": database,
    }
    options.update(overrides)
    return Councils(settings, **options)  # type: ignore[arg-type]
