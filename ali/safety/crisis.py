"""Crisis routes that override everything else: emergencies (112), gender violence (016) and
suicidal thoughts (024). Patterns run on folded text in the three languages; the intent router
adds example similarity on top. When in doubt between a crisis and anything else, the crisis
answer wins: giving a helpline to someone who did not need it costs little.
"""

from __future__ import annotations

import re
from enum import StrEnum

from ali.catalogue.schema import Language
from ali.retrieval.text import fold


class Crisis(StrEnum):
    EMERGENCY = "112"
    GENDER_VIOLENCE = "016"
    SUICIDE = "024"


_PARTNER_ES = r"(marido|pareja|novio|ex|exmarido|expareja|esposo)"
_HARM_ES = r"(pega|ha pegado|pego|maltrata|amenaza|agrede|viola)"
_PARTNER_VA = r"(home|marit|parella|novio|xicot|ex)"
_HARM_VA = r"(pega|colpeja|maltracta|amenaca|agredeix)"

_PATTERNS: dict[Crisis, list[str]] = {
    Crisis.SUICIDE: [
        r"suicid",
        r"quitarme la vida",
        r"acabar con mi vida",
        r"no quiero (seguir )?vivir",
        r"no quiero seguir viviendo",
        r"quiero morirme",
        r"me quiero morir",
        r"matarme",
        r"llevar me la vida",
        r"acabar amb la meua vida",
        r"no vull (seguir )?viure",
        r"vull morir me",
        r"matar me",
        r"kill(ing)? myself",
        r"quiero desaparecer para siempre",
        r"ya nada tiene sentido",
        r"no vull seguir",
        r"(me|em) vull (morir|matar)",
        r"hurt(ing)? myself",
        r"end my life",
        r"take my (own )?life",
        r"(don t|do not|dont) want to (live|be alive)",
        r"want to die",
    ],
    Crisis.GENDER_VIOLENCE: [
        r"violencia de genero",
        r"violencia machista",
        r"violencia de genere",
        rf"(mi )?{_PARTNER_ES} me {_HARM_ES}",
        rf"me {_HARM_ES} (mi )?{_PARTNER_ES}",
        rf"(el meu |la meua )?{_PARTNER_VA} em {_HARM_VA}",
        rf"em {_HARM_VA} (el meu |la meua )?{_PARTNER_VA}",
        r"(husband|partner|boyfriend|ex) (hits|beats|abuses|threatens|hurts) me",
        r"domestic (violence|abuse)",
        r"(me|m) ha (vuelto a )?(pegado|pegar|pegat)",
        r"(partner|husband|boyfriend) (hit|beat|hurt) me",
        r"tengo miedo de volver a casa",
        r"scared to go home",
        r"maltrato",
        r"malos tratos",
        r"maltractament",
        r"mals tractes",
        rf"(mi )?{_PARTNER_ES} me (controla|empuja|empujo|insulta|golpea)",
        rf"(la meua |el meu )?{_PARTNER_VA} m (amenaca|empeny|insulta)",
        r"tengo miedo de (mi )?(marido|pareja|novio|ex)",
        r"tinc por de (tornar a casa|la meua parella|el meu home)",
    ],
    Crisis.EMERGENCY: [
        r"incendio",
        r"(hay|se ha declarado) (un )?fuego",
        r"esta ardiendo",
        r"no respira",
        r"(se ha|s ha) (desmayado|desmaiat)",
        r"inconscient",
        r"infarto",
        r"ataque al corazon",
        r"(accidente|accident) (de trafico |de transit |de coche |de cotxe )?"
        r"(con|amb) (heridos|ferits)",
        r"(hay|hi ha) (heridos|ferits)",
        r"me estan (robando|atacando|agrediendo)",
        r"m estan (robant|atacant|agredint)",
        r"socorro",
        r"dolor (muy )?fuerte en el pecho",
        r"dolor al pit",
        r"chest pain",
        r"(olor|olor) (de|a) gas",
        r"smell(s)? (of )?gas",
        r"gas leak",
        r"fuga de gas",
        r"no responde",
        r"no respon",
        r"(ha caido|s ha caigut|has fallen) .*(no responde|no respon|not responding)",
        r"(collapsed|desplomado|desplomat)",
        r"socors",
        r"se esta ahogando",
        r"s esta ofegant",
        r"sangrando mucho",
        r"incendi",
        r"crema l edifici",
        r"(there is|there s) a fire",
        r"on fire",
        r"(isn t|is not|not|isnt) breathing",
        r"unconscious",
        r"heart attack",
        r"(being|getting) (robbed|attacked)",
        r"bleeding (a lot|badly)",
        r"car crash",
    ],
}

_COMPILED: list[tuple[Crisis, re.Pattern[str]]] = [
    (crisis, re.compile(r"\b(?:" + "|".join(patterns) + r")"))
    for crisis, patterns in _PATTERNS.items()
]

_MESSAGES: dict[Crisis, dict[Language, str]] = {
    Crisis.EMERGENCY: {
        "es": (
            "**Si es una emergencia, llama ahora al 112** (gratuito, las 24 horas). "
            "El 112 coordina ambulancias, bomberos y policía. Este chat no puede avisar a nadie."
        ),
        "va": (
            "**Si és una emergència, telefona ara al 112** (gratuït, les 24 hores). "
            "El 112 coordina ambulàncies, bombers i policia. Aquest xat no pot avisar ningú."
        ),
        "en": (
            "**If this is an emergency, call 112 now** (free, 24 hours a day). "
            "112 dispatches ambulances, firefighters and police. This chat cannot alert anyone."
        ),
    },
    Crisis.GENDER_VIOLENCE: {
        "es": (
            "No estás sola. **Llama al 016**, el servicio de atención a víctimas de violencia de "
            "género (gratuito, 24 horas). **Si estás en peligro ahora, llama al 112.**"
        ),
        "va": (
            "No estàs sola. **Telefona al 016**, el servei d'atenció a víctimes de violència de "
            "gènere (gratuït, 24 hores). **Si estàs en perill ara, telefona al 112.**"
        ),
        "en": (
            "You are not alone. **Call 016**, Spain's helpline for victims of gender violence "
            "(free, 24 hours). **If you are in danger right now, call 112.**"
        ),
    },
    Crisis.SUICIDE: {
        "es": (
            "Siento que estés pasando por esto. **Llama al 024**, la línea de atención a la "
            "conducta suicida (gratuita, 24 horas): te escucharán. **Si tu vida corre peligro "
            "ahora, llama al 112.**"
        ),
        "va": (
            "Sent que estigues passant per això. **Telefona al 024**, la línia d'atenció a la "
            "conducta suïcida (gratuïta, 24 hores): t'escoltaran. **Si la teua vida corre perill "
            "ara, telefona al 112.**"
        ),
        "en": (
            "I'm sorry you are going through this. **Call 024**, Spain's suicide prevention line "
            "(free, 24 hours): someone will listen. **If your life is in danger right now, "
            "call 112.**"
        ),
    },
}

# A crisis worded two ways at once gets the most urgent line first.
_PRIORITY = [Crisis.SUICIDE, Crisis.GENDER_VIOLENCE, Crisis.EMERGENCY]


def detect_crisis(text: str) -> Crisis | None:
    folded = fold(text)
    found = {crisis for crisis, pattern in _COMPILED if pattern.search(folded)}
    return next((crisis for crisis in _PRIORITY if crisis in found), None)


def crisis_message(crisis: Crisis, language: Language) -> str:
    return _MESSAGES[crisis][language]
