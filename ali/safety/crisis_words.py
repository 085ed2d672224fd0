"""How a crisis is worded, in Spanish, Valencian and English: the patterns `ali.safety.crisis`
runs on folded text ("s'ha desmaiat" -> "s ha desmaiat", "isn't" -> "isn t") after the words of
`VOCABULARY` have been spelt right.

`ALWAYS` patterns are a crisis whatever else the message says: "le ha dado un paro cardíaco y
necesito el certificado" is an emergency. `TOPICS` name what an emergency is about (a fire, an
accident, drowning, abuse) but also what a procedure is about; a topic is a crisis unless one of
its `FRAMES` says the message is about paperwork or a figure of speech ("licencia de quema",
"seguro de incendios", "tuve un accidente", "ahogado en deudas", "maltrato animal"). A frame
never silences an `ALWAYS` pattern: "hay humo en la escalera, ¿necesito licencia?" is a fire.

Borderline cases, decided on purpose (see tests/safety and evals/emergencies.jsonl):
- "paro" alone is unemployment (a referral); "paro"/"parada"/"aturada" with "cardiaco",
  "cardiorrespiratorio" or "respiratorio", and "le ha dado un paro", are cardiac arrest.
- "incendio"/"fuego"/"humo" alone is a fire, unless framed as a permit, a safety rule, insurance,
  fireworks or the Hogueras, or a fire in the past ("hubo un incendio").
- "accidente" alone is an emergency unless it is in the past ("tuve un accidente") or about a
  claim, an insurance, a police report or a fine; with injured people it always is.
- "violencia de género" is 016 even in a question about a procedure that names it: the helpline
  costs nothing to give. "violencia" alone is not a crisis.
- "no responde" is an emergency about a person ("mi padre no responde"), not about a website.
"""

from __future__ import annotations

# -- shared pieces -------------------------------------------------------------------------

_GAP = r"(?: \w+){0,5}"  # up to five words in between
# Someone who can stop responding (not "la web", not "he" as in "he llamado").
_PERSON = (
    r"(padre|madre|papa|mama|hijo|hija|abuelo|abuela|vecino|vecina|marido|mujer|esposo|esposa|"
    r"bebe|nino|nina|hombre|senor|senora|chico|chica|amigo|amiga|hermano|hermana|tio|tia|"
    r"pare|mare|fill|filla|iaio|iaia|avi|avia|vei|veina|germa|germana|xiquet|xiqueta|xic|xica|"
    r"dona|home|conductor|conductora|ciclista|motorista|peaton|vianant|obrero|trabajador|"
    r"treballador|paciente|pacient|victima|anciano|anciana|senyor|senyora|jove|joven)"
)
_PERSON_EN = (
    r"(father|mother|dad|mum|mom|son|daughter|grandad|grandpa|grandma|grandfather|grandmother|"
    r"neighbour|neighbor|husband|wife|baby|child|kid|man|woman|boy|girl|friend|brother|sister|"
    r"driver|cyclist|rider|pedestrian|worker|patient|victim|he|she)"
)
# "no responde a mis correos" is about a reply, not about someone who has collapsed.
_NOT_A_REPLY = r"\b(?! (a|al|als|a les|a los|a las|a mis|mis|les|ante|to|my)\b)"
# "me ha pegado la gripe" passes on a cold, "me ha pegado el coche" parks too close: not a blow.
_NOT_A_BLOW = (
    r"(?! (la|el|un|una|los|las) (gripe|resfriado|catarro|virus|covid|piojos|susto|coche|cotxe|"
    r"cartel|pegatina|chicle|sello))"
)
# "me quiero morir de la risa" is a joke.
_NOT_A_JOKE = r"(?!(me)? de (la )?(risa|ganas|hambre|asco|verguenza|pena|envidia)\b)"
# "no quiero vivir en este barrio" is about housing.
_NOT_A_PLACE = (
    r"(?! (en|con|aqui|ahi|alli|alla|solo|sola|cerca|lejos|de alquiler|a|amb|aci|alli|sol|in|"
    r"with|here|there|near|alone)\b)"
)
_PARTNER_ES = (
    r"(marido|pareja|novio|ex|exmarido|expareja|exnovio|esposo|companero|el padre de mis hijos)"
)
_HARM_ES = (
    r"(peg(a|o|ado|ar|ando)|maltrat\w*|amenaz\w*|agred\w*|viol(a|o|ado|ada)|golpe\w*|"
    r"empuj\w*|insult\w*|humill\w*|control\w*|persig\w*|persegu\w*|acos\w*|encierr\w*|"
    r"encerr\w*|seguido|hecho dano|hace dano|va a matar|quiere matar|matar|"
    r"(dado|pegado) una (paliza|bofetada|torta)|dado un (bofeton|punetazo|golpe)|da palizas)"
)
_PARTNER_VA = r"(home|marit|parella|novio|nuvi|xicot|ex|exmarit|exparella|company)"
_HARM_VA = (
    r"(peg(a|at|ant)|colpej\w*|maltract\w*|amenac\w*|agred\w*|insult\w*|empeny|espent\w*|"
    r"control\w*|humili\w*|persegu\w*|perseguix|seguit|tancat|fet mal|fa mal|"
    r"matara|vol matar|violat|(donat|pegat) una (pallissa|bufetada|hostia))"
)
_PARTNER_EN = r"(husband|partner|boyfriend|ex|wife|girlfriend)"
_HARM_EN = (
    r"(hits|hit|beats|beat|abuses|abused|threatens|threatened|hurts|hurt|pushed|pushes|kicks|"
    r"kicked|chokes|choked|strangled|rapes|raped|stalks|stalking|locked|slapped|punched|"
    r"insults|humiliates|controls|followed)"
)

# -- crises that win whatever else the message says ------------------------------------------

ALWAYS: dict[str, list[str]] = {
    "024": [
        r"suicid",
        r"(quitarme|quitarse|quitarte) la vida",
        r"acabar con (mi|su|tu) vida",
        r"acabar con todo(?! (el|la|los|las|lo|esto|este|esta|eso|ese|esa)\b)",
        rf"no (quiero|quiere) (seguir )?vivir\b{_NOT_A_PLACE}",
        r"no quiero seguir viviendo",
        r"(quiero|solo quiero|ganas de) morir" + _NOT_A_JOKE,
        r"me quiero morir" + _NOT_A_JOKE,
        r"me quiero matar\b(?! a)",
        r"quiero estar muerto",
        r"(quiero|voy a|pienso en|pensando en|pensado en|ganas de|intentar|intentado|podria) "
        r"matarme\b",
        r"me voy a matar\b(?! a)",
        r"(tirarme|me voy a tirar) (por|de|desde|a) (la|el|un|una|las) "
        r"(ventana|balcon|puente|azotea|terraza|tren|vias)",
        r"cortarme las venas",
        r"(quiero|voy a|ganas de|pienso en|pensando en) (hacerme|hacer me) dano",
        r"me hago dano (a proposito|aposta|yo misma|yo mismo)",
        r"autolesion",
        r"desaparecer para siempre",
        r"ya nada tiene sentido",
        r"no le veo sentido a (la vida|vivir|seguir)",
        r"(estarian|estarias) mejor sin mi",
        r"no quiero (volver a )?despertar(me)? (manana|nunca|mas)\b",
        r"dejar de existir",
        r"no puedo mas con (la|mi) vida",
        r"no tengo fuerzas para seguir vivo",
        r"(hacer|hare|voy a hacer) una (tonteria|locura) conmigo",
        r"nadie me echaria de menos",
        r"me he despedido de todos",
        r"(llevar me|llevar se|llevar te) la vida",
        r"acabar amb (la meua|la seua|la teua) vida",
        r"acabar amb tot(?! (el|la|els|les|lo|aixo|aquest|aquesta|aquell)\b)",
        rf"no (vull|vol) (seguir )?(viure|vivint)\b{_NOT_A_PLACE}",
        r"(vull|ganes de) morir",
        r"(me|em) vull (morir|matar)",
        r"(vull|vaig a|pense en|pensant en|pensat en|ganes de|intentar) matar me\b",
        r"tirar me (per|de|des de) (la|el|un|una) (finestra|balco|pont|terrassa)",
        r"deixar d existir",
        r"desapareixer per sempre",
        r"no vull (tornar a )?despertar( me)? (dema|mai|mes)\b",
        r"no tinc forces per a? ?seguir viu",
        r"ningu em trobaria a faltar",
        r"(m he acomiadat|me n he acomiadat) de tots",
        r"fare una (bestiesa|bogeria) amb mi",
        r"no li veig sentit a (la vida|viure)",
        r"estarien millor sense mi",
        r"ja no puc mes amb la vida",
        r"kill(ing)? (myself|himself|herself|themselves)",
        r"(end|ending|take|taking) (my|his|her|their) (own )?life",
        rf"(don t|do not|dont) want to (live|be alive|wake up)\b{_NOT_A_PLACE}",
        r"(want to|wanna|going to|gonna) die\b",
        r"no (strength|reason|will) (left )?to (keep living|live|go on)",
        r"(disappear|vanish) forever",
        r"(nobody|no one|noone) (would|will) miss me",
        r"(said|say|saying) goodbye to (everyone|everybody)",
        r"something (stupid|silly) (to|with) myself",
        r"(want to|wanna|going to|gonna|thinking (of|about)|urge to|keep|been) "
        r"(hurt|hurting|harm|harming) (myself|himself|herself)",
        r"self harm",
        r"end(ing)? it all",
        r"(want|going) to end it$",
        r"(better off|be better) without me",
        r"stop existing",
        r"(don t|do not|dont) see the point (of|in) (living|life)",
        r"no reason to live",
        r"can t go on (with life|living|anymore)",
        r"jump (off|from) (a|the) (bridge|building|roof|balcony)",
    ],
    "016": [
        r"violencia (de genero|machista|domestica|en la pareja)",
        r"violencia de genere",
        r"violencia (masclista|domestica)",
        r"(gender|gender based|domestic|intimate partner) (violence|abuse)",
        rf"{_PARTNER_ES}(?: \w+){{0,3}} (me|la|le|nos) (ha |a |han )?(vuelto a )?{_HARM_ES}\b"
        + _NOT_A_BLOW,
        rf"me (ha |a )?{_HARM_ES} (mi |el |su )?{_PARTNER_ES}\b",
        rf"{_PARTNER_VA}(?: \w+){{0,3}} (em|m|la|li|ens) (ha |han )?{_HARM_VA}\b",
        rf"(em|m) (ha )?{_HARM_VA} (el meu |la meua |el seu |la seua )?{_PARTNER_VA}\b",
        rf"{_PARTNER_EN}(?: \w+){{0,4}} (has |is |keeps )?{_HARM_EN} (me|her)\b",
        rf"{_PARTNER_ES}(?: \w+){{0,4}} (amenazandome|amenazarme|me amenaz\w*|matarme|me matara|"
        r"me va a matar)",
        rf"{_PARTNER_VA}(?: \w+){{0,4}} (amenacant me|amenacar me|m amenac\w*|matar me|em matara)",
        rf"{_PARTNER_EN}(?: \w+){{0,5}} (threaten\w* (me|her|to kill|to take)|threatening messages|"
        r"(kill|hurt|hit|beat) (me|her))\b",
        r"(me obliga|m obliga) a (hacer|fer) (cosas|coses) que no (quiero|vull)",
        r"(forces|forced) me to do things",
        r"(me|m) (ha|a) (vuelto a )?(pegado|pegar|pegat)\b" + _NOT_A_BLOW,
        r"(being|been) (abused|beaten) (at home|by (my|her) )",
        r"abusive (relationship|partner|husband|boyfriend)",
        r"malos tratos",
        r"mals tractes",
        r"(orden|ordre) (de|d) (alejamiento|allunyament)",
        r"restraining order",
        r"(tengo|tiene) miedo de (volver a casa|(mi|su) (marido|pareja|novio|ex))",
        r"(me|le) da miedo (mi|su) (marido|pareja|novio|ex)",
        r"tinc por de (tornar a casa|la meua parella|el meu (home|marit|novio|ex))",
        r"(em|li) fa por (el meu|la meua|el seu|la seua) (home|marit|parella|novio|ex)",
        r"(scared|afraid|frightened) (to go home|of (my|her) (husband|partner|boyfriend|ex))",
    ],
    "112": [
        # the heart
        r"(paro|parada) (cardiac|cardio|respirator|del corazon)",
        r"aturada (cardiac|cardio|respirat)",
        r"(cardiac|cardiorespiratory|cardiopulmonary|respiratory) arrest",
        r"(le|li|me|m|te|t|les) (ha |han )?(dado|donat|da|dona|dio) un (paro|aturada|ataque|atac|"
        r"infarto|infart|ictus|derrame|jamacuco)",
        r"(se le|se li) ha (parado|aturat) el (corazon|cor)",
        r"(his|her|my) heart (has )?stopped",
        r"infart",
        r"(ataque|atac) (al|de|del) (corazon|cor)",
        r"(ataque|atac) (cardiac|epilep)",
        r"heart attack",
        r"ictus",
        r"(ha tenido|ha tingut|has had|had|esta teniendo|esta tenint|is having|tiene|te) "
        r"(un |una |a )?(ataque|atac|infarto|infart|ictus|derrame|convulsion|seizure|stroke|"
        r"heart attack)\b",
        r"(had|having|has had|is having) a stroke",
        r"dolor(?: \w+){0,2} (en el|al|del) (pecho|pit)",
        r"(chest pain|pain in (his|her|my) chest)",
        r"se le duerme el brazo",
        # breathing, consciousness
        r"no (puede |pot |puc |puedo |podia |puede casi )?(respira|respirar)\b",
        r"(isn t|is not|not|isnt|stopped|can t|cannot|cant|can not|couldn t) (breathing|breathe)",
        r"(me|le|te|em|li) falta (el aire|la respiracion|l aire|la respiracio)",
        r"sin respiracion",
        r"(se asfixia|asfixiando|asfixiant)",
        r"(choking|atragant|ennuegat|ennuegant)",
        r"inconscient",
        r"unconscious",
        r"unresponsive",
        r"(desmay|desmai|se ha caido redondo)",
        r"(fainted|passed out)",
        rf"{_PERSON}{_GAP} no (responde|reacciona|respon|se mueve|es mou|despierta|desperta|"
        rf"es desperta|se despierta|contesta){_NOT_A_REPLY}",
        r"(people|someone|somebody|persons|several people) (are|is|got|has been|have been) "
        r"(badly )?(hurt|injured)",
        rf"{_PERSON_EN}{_GAP} (isn t|is not|isnt|not|won t|wont|doesn t|does not|hasn t) "
        r"(responding|respond|waking|wake|moving|move|come up|react)",
        r"(collapsed|desplomad|desplomat)",
        r"convuls",
        r"(having|had|has|is having) (a )?seizure",
        r"(sobredosis|overdose)",
        r"(ha tomado|se ha tomado|se ha bebido|ha ingerido|s ha pres|ha pres|s ha begut|took|"
        r"has taken|swallowed)(?: \w+){0,2} (pastillas|pastilles|pills|tablets|medicamentos|"
        r"medicaments|lejia|lleixiu|bleach|veneno|veri|poison)",
        r"(cara|boca) torcida|face (is )?drooping|slurred speech|arrastra las palabras",
        r"(envenenad|poisoned)",
        r"(caido|caigut|fallen|fell)(?: \w+){0,3} (encima de|sobre|damunt de|on top of) "
        r"(un|una|a|el|la|mi|my|someone|alguien|algu)\b",
        # water
        r"(caido|caigut|fell|fallen)(?: \w+){0,2} (a|en|al|into|in) (la |the |el )?"
        r"(piscina|pool|agua|aigua|mar|sea|rio|riu|river|water)",
        # fire, gas, explosions
        r"(hay|ha habido|se ha declarado|se ha producido|tengo|tenemos|veo) (un )?(incendio|fuego)",
        r"(hi ha|s ha declarat|tinc|veig) (un )?(incendi|foc)\b",
        r"(esta|estan|se esta|se estan) (ardiendo|quemando)",
        r"(s esta cremant|esta cremant|estan cremant)",
        r"cremant se",
        r"(there is|there s|theres) (a )?fire",
        r"on fire",
        r"(is|are|s) burning\b(?! (calories|question|issue|desire))",
        r"(hay|sale|salen|veo|huele a|hi ha|ix|isc|fa olor de|olor a|olor de)"
        r"(?: mucho| molt de| muchisimo| un)? (humo|fum|quemado|cremat)\b",
        r"(there s|there is|i can see|i see|thick|black) smoke",
        r"smoke (is )?(coming|everywhere|pouring|filling)",
        r"(smell|smells|smelling) (of )?(smoke|burning)",
        r"(huele|olor|pudor|smell|smells|smelling)(?: \w+){0,2} (a |de |of )?gas\b",
        r"(fuga|escape|fuita|leak|leaking)(?: \w+){0,1} (de |of )?gas\b",
        r"gas leak",
        r"(explosion|explosio|exploded|ha explotado|ha explotat)",
        # accidents, violence in the street
        r"(accident\w*|choque|pelea|baralla|fight)(?: \w+){0,4} (con|amb|with) (varios |molts )?"
        r"(heridos|herido|ferits|ferit|injured|injuries|victimas|victims|gente atrapada|"
        r"people trapped|people hurt)",
        r"(hay|hi ha|there are|there s|there is)(?: \w+){0,1} (heridos|herido grave|ferits|"
        r"injured|people hurt|gente herida|persones ferides)",
        r"(acabo de tener|acabamos de tener|acaba de haber|ha habido|hemos tenido) un accidente",
        r"(hi ha hagut|acabe de tindre|acabem de tindre) un accident",
        r"(there s been|there has been|i ve just had|just had) an? (\w+ )?accident",
        r"accidente grave",
        r"accident greu",
        r"(serious|bad|terrible) (car |road )?accident",
        r"car crash",
        r"atropell(ado|ada|ados|adas|ar|at|ats|ades|en|aron)\b",
        r"(ha habido|hay|hi ha hagut|hi ha) un atropell",
        r"(hit|run over|knocked down) by a (car|bus|van|truck|lorry|motorbike)",
        r"me estan (robando|atacando|agrediendo|pegando|siguiendo)",
        r"m estan (robant|atacant|agredint|pegant)",
        r"(being|getting) (robbed|attacked|mugged|stabbed|followed)",
        r"(intentando|intenta|intentant|quiere|vol) entrar (en|a) (mi |ma |la |el )?"
        r"(casa|piso|vivienda|portal|finca|local|habitacion|pis)\b",
        r"(hay|hi ha) (alguien|algu|un ladron|ladrones|un lladre|lladres) "
        r"(dentro|dins|en (mi )?casa|a (ma )?casa)",
        r"(trying to|is trying to|someone s|someone is) break(ing)? in",
        r"(someone|somebody) is in my (house|flat|home)",
        r"(me han|m han|le han|li han) (atracado|apunalado|disparado|atracat|apunyalat|disparat)",
        r"(apunal|apunyal|stabbed|been shot|shots fired|gunshots|tiroteo|disparos)",
        r"(a|there s a|there is a) shooting\b(?! (permit|licence|license|location))",
        r"(amenazando|amenacant|threatening)(?: \w+){0,3} (con|amb|with) (un |una |a )?"
        r"(cuchillo|ganivet|navaja|pistola|arma|knife|gun|weapon)",
        # bleeding
        r"sangr(ando|a) (mucho|muchisimo|sin parar|por todas partes)",
        r"sagn(ant|a) (molt|sense parar)",
        r"bleeding (a lot|badly|heavily|profusely|everywhere)",
        r"hemorragia",
        r"(pierde|perdiendo|perd|losing) (mucha |molta |a lot of )?(sangre|sang|blood)",
        r"(sale|salen|ix|mucha|molta|lots of|so much|a lot of) (sangre|sang|blood)\b",
        # collapse, trapped
        r"se ha (derrumbado|desplomado) (el|la|un|una|parte)",
        r"s ha (esfondrat|ensorrat|enfonsat) (el|la|l|un|una|part)",
        r"(atrapad[oa]s?|atrapats?|trapped) (en|dins|dentro|bajo|debajo|davall|in|under|inside)",
        r"gente debajo|gent davall",
        r"(hay|hi ha|there are|there s|there is|con|amb|with) (gente|gent|people|alguien|algu|"
        r"someone|una persona|un nino|ninos|nens|children|kids) (dentro|dins|atrapad\w*|"
        r"atrapat\w*|inside|trapped)",
        r"(inundando|inundado|inundacion|inundacio|flooding|flooded)(?: \w+){0,6} (gente|gent|"
        r"people|alguien|algu|someone|persona) (dentro|dins|atrapad\w*|atrapat\w*|inside|trapped)",
        r"(han entrado|ha entrado|han entrat|ha entrat|broke into|broken into)(?: \w+){0,6} "
        r"(siguen dentro|sigue dentro|estan dentro|encara (estan|son) dins|still inside|still in)",
        r"(ladron|ladrones|lladre|lladres|burglar|burglars|intruso|intruder)(?: \w+){0,3} "
        r"(dentro|dins|inside|in my)",
        # asking for help itself
        r"socorro",
        r"auxilio\b(?! (judicial|social|en carretera))",
        r"socors",
        r"auxili\b",
        r"(llama|llamad|llamen|llamar|avisa|avisad|que vengan|necesito|necesitamos|envien|"
        r"cridar|crida|telefona|truca|necessite|call|get|send|need) (a )?(a los |los |una |an |"
        r"the |als |els |una )?(bomberos|ambulancia|bombers|fire brigade|ambulance|"
        r"fire department)",
        r"(es una|this is an|it s an|es tracta d una|es una) emergencia medica|"
        r"(es una|this is an|it s an|es tracta d una) emergenc",
        r"(emergencia medica|medical emergency)",
    ],
}

# -- topics: a crisis unless framed as paperwork or a figure of speech -------------------------

_FIRE_FRAMES = [
    r"contra ?incendi",
    r"anti ?incendi",
    r"(prevencion|proteccion|prevencio|proteccio|seguridad|seguretat) (de |contra |d )?"
    r"(los )?incendi",
    r"(seguro|asseguranca|poliza|polissa|insurance) (\w+ ){0,2}(incendi|fuego|foc|fire)",
    r"extintor",
    r"fire (safety|certificate|insurance|regulations|extinguisher|alarm|drill|station|hydrant|"
    r"exit|escape|door|code|risk assessment)",
    r"smoke (detector|alarm|detectors|alarms)",
    r"detector(es)? de (humo|fum)",
    r"(licencia|permiso|autorizacion|permis|llicencia|autoritzacio|permit|licence|license|"
    r"tasa|taxa) (\w+ ){0,2}(quema|quemar|crema|cremar|burning|burn|hoguera|foguera|fuego|"
    r"foc|barbacoa|bonfire|fire)",
    r"(quema|quemas|crema|cremes) (agricola|de rastrojos|de restos|de podas|de rostoll)",
    r"quemar (rastrojos|restos|podas|ramas)",
    r"(fuegos|focs) artificial",
    r"(pirotecnia|pirotecnica|fireworks)",
    r"(hogueras|fogueres|foguera|hoguera)",
    r"(hubo|hi va haver) un (incendio|incendi|fuego|foc)",
    r"(tras|despues|despres|after) (de |d )?(el |l |the |un |una |a )?(incendio|incendi|fire)",
    r"(ayuda|ayudas|ajuda|ajudes|subvencion|subvenciones|grant|grants|aid) (\w+ ){0,3}"
    r"(incendi|fire)",
    r"(burning|burn|bonfire|fire|quema|crema) (permit|licence|license)",
    r"(el|the|l) (incendio|incendi|fire) (de|d|of|del)( \w+)? (ayer|hace|pasado|passat|last)",
    r"(humo|fum|smoke) (de|del|dels|of|from) (la |el |les |the )?(tabaco|cigarro|cigarros|"
    r"barbacoa|barbacoas|chimenea|coches|trafico|tabac|barbecue|cigarettes|traffic)",
    r"(fuma|fumar|fumen|fumadores|smoking|smokers)\b",
    r"fire (someone|my|an|the|a) (employee|worker|staff|cleaner)",
]
_ACCIDENT_FRAMES = [
    r"(tuve|tuvimos|tuvo|tuviste|vaig tindre|vaig tenir|i had|we had) (\w+ ){0,1}accident",
    r"(hubo|hi va haver) un (accidente|accident)",
    r"(tras|despues|despres|after) (de |d )?(el |l |the |my |mi )?accident",
    r"(el|the|l) (accidente|accident) (de|d|of|del)( \w+)? (ayer|hace|pasado|passat|last)",
    r"parte (amistoso )?(de|del) accidente",
    r"(atestado|atestat|seguro|aseguradora|asseguradora|insurance|insurer|claim|reclamar|"
    r"reclamacion|reclamacio|reclamo|indemniz|responsabilidad patrimonial|responsabilitat "
    r"patrimonial|multa|multaron|sancion|sancio|fined|denuncia|estadistica|statistics)",
    r"accident\w* (laboral|de trabajo|in itinere)",
]
_DROWNING_FRAMES = [
    r"(ahog\w*|ofeg\w*|drown\w*) (en|amb|in|with|de|by) (\w+ ){0,2}(deudas|deutes|papeles|"
    r"papers|papeleo|trabajo|feina|faena|impuestos|facturas|factures|gastos|debt|debts|"
    r"paperwork|work|bills|tasks|emails|correos|trabajos|deberes|homework)",
    r"(pasar|passar|pass) (el |la |the )?(ahogo|ofec)",
]
# "la web se ha caído y no responde": a machine, not a person.
_MACHINE_FRAMES = [
    r"(web|pagina|sede|app|aplicacion|aplicacio|sistema|servidor|plataforma|conexion|connexio|"
    r"internet|website|site|server|page|portal web|online|xarxa|ordenador|pantalla|cajero|"
    r"datafono)\b",
]
# "me están sangrando a impuestos": money, not blood.
_BLEEDING_FRAMES = [
    r"(sangr\w*|sagn\w*|bleed\w*) (a|con|amb|de|with|me|us) (\w+ ){0,1}(impuestos|tasas|multas|"
    r"imposts|taxes|fees|dinero|diners|money|recibos|rebuts)",
    r"bleeding (money|cash)",
]
_AMBULANCE_FRAMES = [
    r"(ambulancia|ambulancies|ambulancias|ambulances|ambulance) "
    r"(privada|privadas|privades|private)",
    r"(aparcamiento|aparcament|parking|vado|gual|tarjeta|targeta) (\w+ ){0,4}ambulanc",
    r"ambulanc\w* (\w+ ){0,2}(factura|recibo|rebut|invoice|bill|tasa|taxa|oposici)",
    r"(factura|recibo|rebut|invoice|bill|tasa|taxa) (\w+ ){0,2}ambulanc",
]
_ANIMAL_FRAMES = [
    r"(maltrat|maltract)\w* (\w+ ){0,2}(animal|animals|animales|perro|perros|gato|gatos|gos|"
    r"gossos|gat|gats|caballo|mascota|mascotes|dog|cat)",
    r"(animal|animals|animales|perro|gato|gos|gat|mascota) (\w+ ){0,2}(maltrat|maltract)",
]

# (crisis, topic, frames): the topic is a crisis unless one of its frames is in the message.
TOPICS: list[tuple[str, str, list[str]]] = [
    (
        "112",
        r"(incendi|fuego\b|foc\b|fire\b|llamas\b|flames\b|humo\b|fum\b|smoke\b|quemando|"
        r"cremant|burning\b|ardiendo|arde\b|se quema\b|es crema\b)",
        _FIRE_FRAMES,
    ),
    ("112", r"accident", _ACCIDENT_FRAMES),
    ("112", r"(ahog|ofeg|drown)", _DROWNING_FRAMES),
    ("112", r"ambulanc", _AMBULANCE_FRAMES),
    ("112", r"(sangrando|sagnant|bleeding)", _BLEEDING_FRAMES),
    (
        "112",
        r"((caido|cayo|caigut|caure|caer|fallen|fell)(?: \w+){0,6} (no (se )?(mueve|levanta|"
        r"puede levantar|responde|reacciona|respon|es pot alcar|es mou)|can t get up|cannot get up|"
        r"isn t moving|not moving|bleeding|sangra|sagna)|no (reacciona|despierta|desperta|"
        rf"es desperta){_NOT_A_REPLY})",
        _MACHINE_FRAMES,
    ),
    ("016", r"(maltrat|maltract)", _ANIMAL_FRAMES),
]

# Words a crisis pattern needs, whose misspellings are corrected before matching.
VOCABULARY = """
respira respirar respirando respiracion respiracio breathing breathe desmayado desmayada desmayo
desmaiat desmaiada inconsciente inconscient unconscious unresponsive infarto infart cardiaco
cardiaca cardiac cardiorrespiratorio cardiorrespiratoria cardiorespiratoria respiratorio
respiratoria incendio incendios incendi ardiendo quemando cremant ahogando ahogado ahogada
ahogandose ofegant asfixia asfixiando atragantado atragantada ennuegat drowning sangrando
sagnant bleeding hemorragia convulsiones convulsions convulsionando seizure atropellado
atropellada atropellat atropellar atropello accidente accident heridos herido ferits injured
ambulancia ambulance bomberos bombers collapsed desplomado desplomada reacciona responde
responding suicidarme suicidar suicidio suicidi suicide suicidal matarme maltrata maltrato
maltratan maltracta socorro explosion derrumbado apunalado apunalada stabbed emergencia
emergency violencia violence machista masclista genero domestica domestic myself himself herself
ataque corazon arrest sobredosis overdose envenenado abusive
""".split()

# Real words within a typo of a vocabulary word, which must stay as they are.
NOT_TYPOS = """
infant infants respire respiro respond responder respondo respondes respondi respuesta
ahorrando ahogar heredad heredero herida heridas herir emergente emergentes emergencias
incendiar incendiario suicida suicidas violenci violencias violenta violento violent domestico
domesticos domesticas domestics cardiologo cardiologia cardiologa generos general generar
generico genera geners ataques atacar corazones arrested arrests subsidi subsidio subsidios
quedando checking choosing ajuntament reaccion response responses violenza comando auxiliar
auxiliares inconsistente inconsistentes inconsistent blending subside subsides
""".split()
