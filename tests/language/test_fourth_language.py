"""A fourth language, Galician, added with data files alone: a language pack, a gettext
catalogue and a council that declares it. No line of ALI's code names Galician."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ali import i18n
from ali.api.app import create_app
from ali.composition import build_councils
from ali.errors import CatalogueError
from ali.intents.cues import wants_person
from ali.language.commands import is_confirmation, ordinal
from ali.language.dates import parse_date
from ali.language.registry import install, installed
from ali.safety.crisis import Crisis, detect_crisis
from ali.settings import EmbedderSettings, Settings

GL_PACK = """\
# Galician: the words ALI reads in what citizens write.
code: gl
name: Galego
# lingua has no Galician; Portuguese is its nearest language, and the markers tell them apart.
lingua: PORTUGUESE
stemmer: portuguese
dateparser: [gl, es]
markers: [
  ola, bos, boas, onde, canto, custa, quero, podo, teno, facer, grazas, non, mina, tamen, xa,
  unha, cunha, falar, persoa, empadroamento, vostede, solicitar, meu
]
stopwords: [
  a, o, as, os, de, do, da, dos, das, en, no, na, nos, nas, e, que, un, unha, por, para, con,
  cun, cunha, me, se, te, meu, mina, teu, seu, sua, eu, ti, el, ela, isto, iso, como, onde
]
commands:
  confirm: [si, de acordo, adiante, confirmo, vale, si de acordo, si por favor, faino]
  deny: [non, non grazas, mellor non]
  cancel: ['cancela(?:r)?', 'anula(?:r)?', deixao, esqueceo]
  back: [atras, volver, anterior, paso anterior]
  files_done: [xa, listo, feito, xa esta, seguinte]
  no_files: [non, ningun, ningunha, nada, non teno]
  ordinals: {primeiro: 1, primeira: 1, o primeiro: 1, a primeira: 1, segundo: 2, segunda: 2,
             o segundo: 2, a segunda: 2, terceiro: 3, terceira: 3}
  option_prefixes: [o, a, opcion]
dates:
  weekdays: {luns: 0, martes: 1, mercores: 2, xoves: 3, venres: 4, sabado: 5, domingo: 6}
  relative: {hoxe: 0, mana: 1, pasado mana: 2}
  filler: [o, a, este, esta, que ven, proximo, proxima, seguinte]
aspects:
  cost: [canto custa, canto vale, prezo, custa, gratuito, de balde]
  documents: [que documentos, que necesito levar, requisitos]
  where: [onde, en que oficina, enderezo]
  deadline: [prazo, ata cando]
  duration: [canto tarda, canto tempo]
  how: [como se fai, como podo, como o solicito]
cues:
  question: [onde, canto, cando, 'como (?:se|podo)', 'que (?:documentos|necesito)']
  person: ['falar (?:cunha|con unha|cun|con un) (?:persoa|traballador|funcionario)']
  cancel_request: [anular, cancelar]
  non_content: [quero, necesito, grazas, ola, por favor, podo]
crisis:
  always:
    '112':
      - 'non (pode |podo )?respira'
      - 'chamade? (a|unha) ambulancia'
    '024':
      - 'quero morrer'
      - 'quitarme a vida'
  vocabulary: [respira, ambulancia]
"""

GL_PO = r"""# Galician interface texts of ALI (some of them: the others fall back to Spanish).
msgid ""
msgstr ""
"Language: gl\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"

msgid "Hello! I'm {assistant}. Which council procedure can I help you with?"
msgstr "Ola! Son {assistant}. En que trámite do concello podo axudarte?"

msgid "Cost"
msgstr "Custo"

msgid "How to do it"
msgstr "Como facelo"

msgid "Online"
msgstr "Por internet"

msgid "Source"
msgstr "Fonte"

msgid "To talk to someone at the council call **{phone}**{alternatives}. {hours}"
msgstr "Para falar cunha persoa do concello chama ao **{phone}**{alternatives}. {hours}"

msgid "The line is closed now. Would you like a callback? Reply \"yes\" and I'll take the details."
msgstr "Agora a liña está pechada. Queres que te chamen? Responde \"si\" e tomo os datos."

msgid ""
"Let's do **{title}**. I'll ask for {count} detail; type \"cancel\" to stop or \"back\" to "
"correct the previous one."
msgid_plural ""
"Let's do **{title}**. I'll ask for {count} details; type \"cancel\" to stop or \"back\" to "
"correct the previous one."
msgstr[0] ""
"Imos con **{title}**. Pedireiche {count} dato; escribe \"cancelar\" para deixalo ou "
"\"atrás\" para corrixir o anterior."
msgstr[1] ""
"Imos con **{title}**. Pedireiche {count} datos; escribe \"cancelar\" para deixalo ou "
"\"atrás\" para corrixir o anterior."

msgid "Callback request from the council"
msgstr "Solicitude de chamada do concello"

msgid "What should they call you about? One sentence is enough."
msgstr "Sobre que te deben chamar? Abonda cunha frase."

msgid "When should they call? 1) In the morning 2) In the afternoon"
msgstr "Cando te deben chamar? 1) Pola mañá 2) Pola tarde"

msgid "Which phone number should they call? It is used only for this call."
msgstr "A que teléfono te deben chamar? Só se usa para esta chamada."

msgid "Topic"
msgstr "Motivo"

msgid "Time of day"
msgstr "Franxa"

msgid "Phone"
msgstr "Teléfono"

msgid "In the morning"
msgstr "Pola mañá"

msgid "Please check the details of **{title}**:"
msgstr "Revisa os datos de **{title}**:"

msgid "Shall I go ahead? Reply \"yes\" to confirm or \"no\" to cancel."
msgstr "Confírmoo? Responde \"si\" para confirmar ou \"non\" para cancelar."

msgid "Done: the council will call you {time}. Your request's reference: {reference}."
msgstr "Feito: o concello chamarate {time}. Referencia da túa solicitude: {reference}."

msgid ""
"**If this is an emergency, call 112 now** (free, 24 hours a day). 112 dispatches ambulances, "
"firefighters and police. This chat cannot alert anyone."
msgstr ""
"**Se é unha emerxencia, chama agora ao 112** (de balde, as 24 horas). O 112 coordina "
"ambulancias, bombeiros e policía. Este chat non pode avisar a ninguén."
"""

COUNCIL = """\
id: concello
name: Concello de Exemplo
assistant_name: Xiana
languages: [es, gl]
default_language: es
web_url: https://concello.example.gal/
sede_url: https://sede.concello.example.gal/
source_url: https://concello.example.gal/atencion
last_reviewed: 2026-01-09
contact:
  phone: "010"
categories:
  padron: {es: Padrón, gl: Padrón}
welcome:
  es: Hola, soy Xiana, la asistente del Concello.
  gl: Ola, son Xiana, a asistente do Concello.
branding: {primary_color: "#004a99", secondary_color: "#ffffff"}
privacy:
  version: "1"
  text:
    es: Tus mensajes se guardan para atenderte.
    gl: As túas mensaxes gárdanse para atenderte.
"""

PROCEDURES = """\
- id: padron.certificado
  category: padron
  source_url: https://concello.example.gal/padron/certificado
  last_reviewed: 2026-01-09
  free: true
  channels:
    - {type: online, url: "https://sede.concello.example.gal/padron"}
  text:
    es:
      title: Certificado de empadronamiento
      summary: Documento oficial que acredita dónde vives y desde cuándo.
      aliases: [certificado de padrón]
      fee: Gratuito.
    gl:
      title: Certificado de empadroamento
      summary: Documento oficial que acredita onde vives e dende cando.
      aliases: [certificado do padrón]
      fee: De balde.
# Written in Spanish only: Galician readers get the default language's text.
- id: padron.baja
  category: padron
  source_url: https://concello.example.gal/padron/baixa
  last_reviewed: 2026-01-09
  text:
    es:
      title: Baja en el padrón
      summary: Darte de baja del padrón municipal al dejar de vivir en el municipio.
"""

INTENTS = """\
greeting:
  gl: ["ola", "ola, bos días", "boas tardes", "ola, podo facer unha pregunta?"]
handoff:
  gl: ["quero falar cunha persoa", "podo falar cun traballador do concello?"]
"""

BASE = "/api/v1/councils/concello"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def galician(tmp_path: Path) -> Iterator[Settings]:
    """Settings of a deployment with Galician dropped in, as data files only."""
    _write(tmp_path / "languages" / "gl.yaml", GL_PACK)
    _write(tmp_path / "locale" / "gl" / "LC_MESSAGES" / "ali.po", GL_PO)
    council = tmp_path / "knowledge" / "concello"
    _write(council / "council.yaml", COUNCIL)
    _write(council / "intents.yaml", INTENTS)
    _write(council / "procedures" / "padron.yaml", PROCEDURES)
    yield Settings(
        _env_file=None,
        environment="test",
        knowledge_dir=tmp_path / "knowledge",
        data_dir=tmp_path / "data",
        language_pack_dirs=[tmp_path / "languages"],
        locale_dirs=[tmp_path / "locale"],
        embedder=EmbedderSettings(backend="hashing"),
    )
    install()
    i18n.configure()


def test_without_the_pack_galician_words_mean_nothing() -> None:
    assert "gl" not in installed()
    assert not is_confirmation("de acordo")
    assert ordinal("o primeiro") is None
    assert not wants_person("quero falar cunha persoa")
    assert detect_crisis("o meu pai non respira") is None


def test_the_pack_teaches_every_reader_its_words(galician: Settings) -> None:
    install(galician.language_pack_dirs)
    assert installed().codes == ("es", "va", "en", "gl")
    assert is_confirmation("De acordo")
    assert ordinal("o primeiro") == 1
    assert wants_person("Quero falar cunha persoa")
    assert detect_crisis("O meu pai non respira!") is Crisis.EMERGENCY
    assert detect_crisis("quero morrer") is Crisis.SUICIDE
    wednesday = dt.date(2026, 3, 4)
    assert parse_date("o xoves", "gl", wednesday) == dt.date(2026, 3, 5)
    assert parse_date("pasado mañá", "gl", wednesday) == dt.date(2026, 3, 6)
    # Spanish and Valencian are read as before.
    assert is_confirmation("sí") and is_confirmation("d'acord")
    assert detect_crisis("mi padre no respira") is Crisis.EMERGENCY


def test_a_council_answers_in_galician(galician: Settings) -> None:
    councils = build_councils(galician)
    councils.warm_up()
    with TestClient(create_app(galician, councils)) as client:
        profile = client.get(f"{BASE}/profile").json()
        assert profile["languages"] == ["es", "gl"]
        assert profile["welcome"]["gl"] == "Ola, son Xiana, a asistente do Concello."

        def say(message: str, conversation: str | None) -> dict[str, object]:
            response = client.post(
                f"{BASE}/chat", json={"message": message, "conversation_id": conversation}
            )
            assert response.status_code == 200, response.text
            reply: dict[str, object] = response.json()
            assert reply["language"] == "gl", (message, reply)
            return reply

        greeting = say("Ola, bos días, podo facer unha pregunta?", None)
        conversation = str(greeting["conversation_id"])
        assert greeting["intent"] == "greeting"
        assert greeting["reply"] == "Ola! Son Xiana. En que trámite do concello podo axudarte?"

        answer = say("Canto custa o certificado de empadroamento?", conversation)
        assert answer["procedure_id"] == "padron.certificado"
        assert str(answer["reply"]).startswith(
            "**Certificado de empadroamento** — Custo: de balde."
        )
        assert "Fonte: https://concello.example.gal/padron/certificado" in str(answer["reply"])

        handoff = say("Quero falar cunha persoa", conversation)
        assert handoff["intent"] == "handoff"
        assert "Agora a liña está pechada. Queres que te chamen?" in str(handoff["reply"])

        form = say("de acordo", conversation)
        assert "Solicitude de chamada do concello" in str(form["reply"])
        assert str(form["reply"]).endswith("Sobre que te deben chamar? Abonda cunha frase.")
        assert say("Quero falar do meu empadroamento", conversation)["reply"] == (
            "Cando te deben chamar? 1) Pola mañá 2) Pola tarde"
        )
        assert "A que teléfono" in str(say("o primeiro", conversation)["reply"])
        summary = str(say("612345678", conversation)["reply"])
        assert "Revisa os datos de **Solicitude de chamada do concello**" in summary
        assert "Franxa: Pola mañá" in summary

        done = say("si", conversation)
        assert done["status"] == "action_result"
        assert str(done["reply"]).startswith("Feito: o concello chamarate pola mañá.")

        emergency = say("O meu pai non respira", conversation)
        assert emergency["intent"] == "emergency"
        assert str(emergency["reply"]).startswith("**Se é unha emerxencia, chama agora ao 112**")


def test_a_procedure_written_only_in_spanish_is_read_in_spanish(galician: Settings) -> None:
    catalogue = build_councils(galician).catalogue("concello")
    baja = catalogue.get("padron.baja")
    assert baja.title("gl") == "Baja en el padrón"
    assert catalogue.get("padron.certificado").title("gl") == "Certificado de empadroamento"


def test_a_council_may_not_offer_a_language_no_pack_installs(galician: Settings) -> None:
    offered = galician.model_copy(update={"language_pack_dirs": []})
    with pytest.raises(CatalogueError, match=r"language 'gl' is not installed"):
        build_councils(offered)
