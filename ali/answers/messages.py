"""Every fixed text the assistant writes, in es, va and en. Catalogue facts are never here."""

from __future__ import annotations

from ali.catalogue.schema import Language

_MESSAGES: dict[str, dict[Language, str]] = {
    "cost": {"es": "Coste", "va": "Cost", "en": "Cost"},
    "documents": {"es": "Qué necesitas", "va": "Què necessites", "en": "What you need"},
    "channels": {"es": "Cómo hacerlo", "va": "Com fer-ho", "en": "How to do it"},
    "deadline": {"es": "Plazos", "va": "Terminis", "en": "Deadlines"},
    "duration": {
        "es": "Tiempo de tramitación",
        "va": "Temps de tramitació",
        "en": "Processing time",
    },
    "who": {"es": "Quién puede hacerlo", "va": "Qui pot fer-ho", "en": "Who can do it"},
    "notes": {"es": "A tener en cuenta", "va": "Cal tindre en compte", "en": "Good to know"},
    "source": {"es": "Fuente", "va": "Font", "en": "Source"},
    "unknown": {
        "es": "El catálogo no recoge este dato; consúltalo en {url} o llamando al {phone}.",
        "va": "El catàleg no recull aquesta dada; consulta-la a {url} o telefonant al {phone}.",
        "en": "The catalogue does not state this; check {url} or call {phone}.",
    },
    "free": {"es": "Es gratuito.", "va": "És gratuït.", "en": "It is free of charge."},
    "online": {"es": "Por internet", "va": "Per internet", "en": "Online"},
    "in_person": {"es": "En persona", "va": "En persona", "en": "In person"},
    "kiosk": {
        "es": "En los ciberkioscos municipales",
        "va": "Als ciberquioscos municipals",
        "en": "At the council's street kiosks",
    },
    "phone": {"es": "Por teléfono", "va": "Per telèfon", "en": "By phone"},
    "whatsapp": {"es": "Por WhatsApp", "va": "Per WhatsApp", "en": "By WhatsApp"},
    "email": {"es": "Por correo electrónico", "va": "Per correu electrònic", "en": "By e-mail"},
    "post": {"es": "Por correo postal", "va": "Per correu postal", "en": "By post"},
    "with": {"es": "con", "va": "amb", "en": "with"},
    "or": {"es": "o", "va": "o", "en": "or"},
    "appointment_required": {
        "es": "con cita previa",
        "va": "amb cita prèvia",
        "en": "by appointment",
    },
    "appointment_not_required": {
        "es": "sin cita previa",
        "va": "sense cita prèvia",
        "en": "no appointment needed",
    },
    "id_clave": {"es": "Cl@ve", "va": "Cl@ve", "en": "Cl@ve"},
    "id_certificado_digital": {
        "es": "certificado digital",
        "va": "certificat digital",
        "en": "a digital certificate",
    },
    "id_dnie": {"es": "DNIe", "va": "DNIe", "en": "electronic ID card (DNIe)"},
    "id_csv": {
        "es": "el código CSV del documento",
        "va": "el codi CSV del document",
        "en": "the document's CSV code",
    },
    "id_none": {
        "es": "sin identificación electrónica",
        "va": "sense identificació electrònica",
        "en": "without electronic ID",
    },
    "referral": {
        "es": "Este trámite no lo gestiona el Ayuntamiento: corresponde a {administration}.",
        "va": "Aquest tràmit no el gestiona l'Ajuntament: correspon a {administration}.",
        "en": "The council does not handle this: it is a matter for {administration}.",
    },
    "referral_web": {
        "es": "Más información: {url}",
        "va": "Més informació: {url}",
        "en": "More: {url}",
    },
    "out_of_scope": {
        "es": (
            "No tengo información sobre eso. Puedo ayudarte con trámites municipales: padrón, "
            "impuestos, multas, cita previa, licencias, incidencias en la vía pública y más. "
            "También puedes llamar al {phone}."
        ),
        "va": (
            "No tinc informació sobre això. Et puc ajudar amb tràmits municipals: padró, "
            "impostos, multes, cita prèvia, llicències, incidències a la via pública i més. "
            "També pots telefonar al {phone}."
        ),
        "en": (
            "I don't have information about that. I can help with council procedures: the "
            "census register, taxes, fines, appointments, permits, street problems and more. "
            "You can also call {phone}."
        ),
    },
    "see_also": {"es": "Quizá buscabas", "va": "Potser buscaves", "en": "You may be looking for"},
    "privacy_hint": {
        "es": "No escribas en el chat tu DNI, cuenta bancaria ni otros datos personales.",
        "va": "No escrigues al xat el teu DNI, compte bancari ni altres dades personals.",
        "en": "Please don't type your ID number, bank account or other personal data in the chat.",
    },
    "suggest_cost": {"es": "¿Cuánto cuesta?", "va": "Quant costa?", "en": "How much is it?"},
    "suggest_documents": {
        "es": "¿Qué documentos necesito?",
        "va": "Quins documents necessite?",
        "en": "What documents do I need?",
    },
    "suggest_where": {"es": "¿Dónde se hace?", "va": "On es fa?", "en": "Where is it done?"},
}


def message(key: str, language: Language, **values: str) -> str:
    """The text `key` in `language`, with `{placeholders}` filled."""
    template = _MESSAGES[key][language]
    return template.format(**values) if values else template
