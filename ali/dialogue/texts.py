"""Fixed texts of the conversation itself (greetings, forms, confirmations, handoff), in es,
va and en. Catalogue facts never live here."""

from __future__ import annotations

from ali.catalogue.schema import Language

_TEXTS: dict[str, dict[Language, str]] = {
    "greeting": {
        "es": "¡Hola! Soy {assistant}. ¿Qué trámite quieres consultar o hacer?",
        "va": "Hola! Soc {assistant}. Quin tràmit vols consultar o fer?",
        "en": "Hello! I'm {assistant}. Which council procedure can I help you with?",
    },
    "goodbye": {
        "es": "¡Hasta pronto! Si necesitas algo más, aquí estaré.",
        "va": "Fins prompte! Si necessites alguna cosa més, ací estaré.",
        "en": "Goodbye! I'm here if you need anything else.",
    },
    "thanks": {
        "es": "¡De nada! ¿Puedo ayudarte con algo más?",
        "va": "De res! Et puc ajudar amb alguna cosa més?",
        "en": "You're welcome! Anything else I can help with?",
    },
    "help": {
        "es": (
            "Puedo informarte sobre los trámites del Ayuntamiento (padrón, impuestos y recibos, "
            "multas, cita previa, licencias, incidencias en la calle, servicios sociales...) y "
            "decirte qué documentos necesitas, cuánto cuesta y dónde se hace. Algunos trámites "
            "los puedo hacer contigo aquí mismo. Prueba, por ejemplo, con:"
        ),
        "va": (
            "Et puc informar sobre els tràmits de l'Ajuntament (padró, impostos i rebuts, multes, "
            "cita prèvia, llicències, incidències al carrer, serveis socials...) i dir-te quins "
            "documents necessites, quant costa i on es fa. Alguns tràmits els puc fer amb tu ací "
            "mateix. Prova, per exemple, amb:"
        ),
        "en": (
            "I can tell you about the council's procedures (census register, taxes and bills, "
            "fines, appointments, permits, street problems, social services...): what documents "
            "you need, what it costs and where to do it. Some procedures I can do with you right "
            "here. Try, for example:"
        ),
    },
    "clarify": {
        "es": "¿Cuál de estos trámites buscas? Responde con el número o el nombre:",
        "va": "Quin d'aquests tràmits busques? Respon amb el número o el nom:",
        "en": "Which of these are you looking for? Reply with the number or the name:",
    },
    "clarify_vague": {
        "es": "¿Puedes contarme un poco más? Por ejemplo, estos son los trámites más pedidos:",
        "va": "Em pots contar una mica més? Per exemple, aquests són els tràmits més demanats:",
        "en": "Could you tell me a bit more? These are the most requested procedures:",
    },
    "clarify_two": {
        "es": "Me pides dos cosas. ¿Por cuál empezamos?",
        "va": "Em demanes dues coses. Per quina comencem?",
        "en": "You're asking for two things. Which one shall we start with?",
    },
    "handoff": {
        "es": "Para hablar con una persona del Ayuntamiento llama al **{phone}**{alternatives}. {hours}",
        "va": "Per a parlar amb una persona de l'Ajuntament telefona al **{phone}**{alternatives}. {hours}",
        "en": "To talk to someone at the council call **{phone}**{alternatives}. {hours}",
    },
    "handoff_open": {
        "es": "Ahora mismo el teléfono está atendido.",
        "va": "Ara mateix el telèfon està atés.",
        "en": "The line is open right now.",
    },
    "handoff_closed": {
        "es": "Ahora está fuera de horario. ¿Quieres que te llamen? Responde «sí» y te pediré los datos.",
        "va": "Ara està fora d'horari. Vols que et telefonen? Respon «sí» i et demanaré les dades.",
        "en": 'The line is closed now. Would you like a callback? Reply "yes" and I\'ll take the details.',
    },
    "handoff_offices": {
        "es": "También puedes pedir cita previa en {url} para ir a una oficina.",
        "va": "També pots demanar cita prèvia a {url} per a anar a una oficina.",
        "en": "You can also book an appointment at {url} to visit an office.",
    },
    "status_check": {
        "es": "Para consultar el estado de tu solicitud:",
        "va": "Per a consultar l'estat de la teua sol·licitud:",
        "en": "To check the status of your request:",
    },
    "form_start": {
        "es": "Vamos con **{title}**. Te pediré {count} datos; escribe «cancelar» para dejarlo o «atrás» para corregir el anterior.",
        "va": "Anem amb **{title}**. Et demanaré {count} dades; escriu «cancel·lar» per a deixar-ho o «enrere» per a corregir l'anterior.",
        "en": 'Let\'s do **{title}**. I\'ll ask for {count} details; type "cancel" to stop or "back" to correct the previous one.',
    },
    "form_summary": {
        "es": "Revisa los datos de **{title}**:",
        "va": "Revisa les dades de **{title}**:",
        "en": "Please check the details of **{title}**:",
    },
    "form_confirm": {
        "es": "¿Lo confirmo? Responde «sí» para confirmar o «no» para cancelar.",
        "va": "Ho confirme? Respon «sí» per a confirmar o «no» per a cancel·lar.",
        "en": 'Shall I go ahead? Reply "yes" to confirm or "no" to cancel.',
    },
    "form_not_confirmed": {
        "es": "Todavía no he hecho nada. Responde «sí» para confirmar, «no» para cancelar o «atrás» para cambiar un dato.",
        "va": "Encara no he fet res. Respon «sí» per a confirmar, «no» per a cancel·lar o «enrere» per a canviar una dada.",
        "en": 'Nothing has been done yet. Reply "yes" to confirm, "no" to cancel or "back" to change a detail.',
    },
    "form_cancelled": {
        "es": "De acuerdo, lo he cancelado: no se ha hecho nada.",
        "va": "D'acord, ho he cancel·lat: no s'ha fet res.",
        "en": "OK, cancelled: nothing has been done.",
    },
    "form_resume": {
        "es": "Seguimos con **{title}**:",
        "va": "Continuem amb **{title}**:",
        "en": "Back to **{title}**:",
    },
    "sign_in_needed": {
        "es": "Para hacer este trámite tienes que identificarte (Cl@ve, certificado digital o DNIe). Cuando te hayas identificado, vuelve a pedírmelo.",
        "va": "Per a fer aquest tràmit t'has d'identificar (Cl@ve, certificat digital o DNIe). Quan t'hages identificat, torna a demanar-m'ho.",
        "en": "To do this you need to sign in (Cl@ve, digital certificate or DNIe). Once you have signed in, ask me again.",
    },
    "not_connected": {
        "es": "Este trámite todavía no puedo hacerlo desde aquí, pero te explico cómo hacerlo:",
        "va": "Aquest tràmit encara no el puc fer des d'ací, però t'explique com fer-lo:",
        "en": "I can't do this one from here yet, but here is how to do it:",
    },
    "action_in_progress": {
        "es": "Esta solicitud ya se está procesando; no la envío dos veces.",
        "va": "Aquesta sol·licitud ja s'està processant; no l'envie dues vegades.",
        "en": "This request is already being processed; I won't send it twice.",
    },
    "action_already_done": {
        "es": "Esta solicitud ya se hizo (no la repito). Referencia: {reference}.",
        "va": "Aquesta sol·licitud ja es va fer (no la repetisc). Referència: {reference}.",
        "en": "This request was already done (I won't repeat it). Reference: {reference}.",
    },
    "action_failed": {
        "es": "No he podido completarlo: {reason} No se ha hecho nada. Puedes intentarlo más tarde, llamar al {phone} o pedir cita previa.",
        "va": "No ho he pogut completar: {reason} No s'ha fet res. Pots intentar-ho més tard, telefonar al {phone} o demanar cita prèvia.",
        "en": "I couldn't complete it: {reason} Nothing has been done. You can try later, call {phone} or book an appointment.",
    },
    "blocked": {
        "es": "No puedo ayudarte con eso. Si necesitas un trámite municipal, cuéntame qué quieres hacer.",
        "va": "No et puc ajudar amb això. Si necessites un tràmit municipal, explica'm què vols fer.",
        "en": "I can't help with that. If you need a council procedure, tell me what you want to do.",
    },
    "privacy": {
        "es": "Por tu seguridad, no escribas en el chat tu DNI, tu cuenta bancaria, tu teléfono ni tu correo: no los necesito para informarte y no los guardo.",
        "va": "Per la teua seguretat, no escrigues al xat el teu DNI, el compte bancari, el telèfon ni el correu: no els necessite per a informar-te i no els guarde.",
        "en": "For your safety, please don't type your ID number, bank account, phone or e-mail in the chat: I don't need them to help you and I don't keep them.",
    },
    "invalid_choice": {
        "es": "No he entendido la opción.",
        "va": "No he entés l'opció.",
        "en": "I didn't understand that option.",
    },
    "invalid_date": {
        "es": "No he entendido la fecha (prueba con «el martes que viene» o «15/12»).",
        "va": "No he entés la data (prova amb «dimarts que ve» o «15/12»).",
        "en": 'I didn\'t understand the date (try "next Tuesday" or "15/12").',
    },
    "weekend_date": {
        "es": "Esa fecha cae en fin de semana y no hay atención.",
        "va": "Eixa data cau en cap de setmana i no hi ha atenció.",
        "en": "That date falls on a weekend, when there is no service.",
    },
    "date_too_far": {
        "es": "Esa fecha está demasiado lejos.",
        "va": "Eixa data és massa lluny.",
        "en": "That date is too far ahead.",
    },
    "invalid_number": {
        "es": "Necesito un número.",
        "va": "Necessite un número.",
        "en": "I need a number.",
    },
    "number_out_of_range": {
        "es": "Ese número no es válido aquí.",
        "va": "Eixe número no és vàlid ací.",
        "en": "That number isn't valid here.",
    },
    "invalid_phone": {
        "es": "Ese teléfono no parece válido (9 cifras, por ejemplo 612345678).",
        "va": "Eixe telèfon no sembla vàlid (9 xifres, per exemple 612345678).",
        "en": "That phone number doesn't look valid (9 digits, e.g. 612345678).",
    },
    "invalid_iban": {
        "es": "Esa cuenta no es un IBAN español válido (empieza por ES y tiene 24 caracteres).",
        "va": "Eixe compte no és un IBAN espanyol vàlid (comença per ES i té 24 caràcters).",
        "en": "That is not a valid Spanish IBAN (it starts with ES and has 24 characters).",
    },
    "invalid_location": {
        "es": "No entiendo esas coordenadas. Escribe la dirección, o latitud y longitud con "
        "punto decimal (por ejemplo: 38.3452, -0.4810).",
        "va": "No entenc eixes coordenades. Escriu l'adreça, o latitud i longitud amb punt "
        "decimal (per exemple: 38.3452, -0.4810).",
        "en": "I can't read those coordinates. Give the address, or latitude and longitude "
        "with a decimal point (for example: 38.3452, -0.4810).",
    },
    "text_too_short": {
        "es": "Necesito un poco más de texto.",
        "va": "Necessite una mica més de text.",
        "en": "I need a little more text.",
    },
    "text_too_long": {
        "es": "El texto es demasiado largo.",
        "va": "El text és massa llarg.",
        "en": "That text is too long.",
    },
    "no_options": {
        "es": "No hay opciones disponibles con esos datos.",
        "va": "No hi ha opcions disponibles amb eixes dades.",
        "en": "There are no options available for that.",
    },
    "confirm_label": {"es": "Confirmar", "va": "Confirmar", "en": "Confirm"},
    "cancel_label": {"es": "Cancelar", "va": "Cancel·lar", "en": "Cancel"},
    "confirm_value": {"es": "sí", "va": "sí", "en": "yes"},
    "cancel_value": {"es": "cancelar", "va": "cancel·lar", "en": "cancel"},
    "callback_label": {
        "es": "Sí, que me llamen",
        "va": "Sí, que em telefonen",
        "en": "Yes, call me back",
    },
    "do_it_label": {"es": "Hazlo ahora", "va": "Fes-ho ara", "en": "Do it now"},
    "files_expected": {
        "es": "Adjunta los archivos con el botón de adjuntar ({types}) y, cuando "
        "termines, escribe «listo». Si no necesitas adjuntar nada, escribe «ninguno».",
        "va": "Adjunta els fitxers amb el botó d'adjuntar ({types}) i, quan acabes, "
        "escriu «fet». Si no necessites adjuntar res, escriu «cap».",
        "en": "Attach the files with the attach button ({types}) and, when you "
        "have finished, type “done”. If you have nothing to attach, type “none”.",
    },
    "files_missing": {
        "es": "Todavía no has adjuntado ningún archivo.",
        "va": "Encara no has adjuntat cap fitxer.",
        "en": "You have not attached any file yet.",
    },
    "files_none": {"es": "ninguno", "va": "cap", "en": "none"},
    "files_done_label": {
        "es": "Ya he adjuntado",
        "va": "Ja he adjuntat",
        "en": "I have attached them",
    },
    "files_done_value": {"es": "listo", "va": "fet", "en": "done"},
    "files_none_label": {"es": "Sin adjuntos", "va": "Sense adjunts", "en": "No attachments"},
    "files_none_value": {"es": "ninguno", "va": "cap", "en": "none"},
}


def text(key: str, language: Language, **values: str) -> str:
    template = _TEXTS[key][language]
    return template.format(**values) if values else template
