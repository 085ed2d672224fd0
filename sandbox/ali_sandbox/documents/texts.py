"""The words on a padrón certificate, in Spanish, Valencian and English.

Short, neutral texts: each council can replace them by passing its own `CertificateTexts`.
Placeholders: {council}, {address}, {purpose}, {date}, {url}, {csv}.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ali.catalogue.schema import Language

CertificateKind = Literal["individual", "colectivo", "historico"]
KINDS: tuple[CertificateKind, ...] = ("individual", "colectivo", "historico")


@dataclass(frozen=True)
class CertificateTexts:
    titles: dict[CertificateKind, str]
    bodies: dict[CertificateKind, str]
    address_heading: str
    residents_heading: str
    history_heading: str
    name: str
    document: str
    registered_on: str
    history_address: str
    history_from: str
    history_to: str
    until_now: str
    purpose: str
    issued: str
    sealed: str
    csv_label: str
    check: str
    page: str


SPANISH = CertificateTexts(
    titles={
        "individual": "Certificado de empadronamiento individual",
        "colectivo": "Certificado de empadronamiento colectivo",
        "historico": "Certificado histórico de empadronamiento",
    },
    bodies={
        "individual": "{council} certifica que, según los datos del Padrón Municipal de "
        "Habitantes, la persona que se relaciona figura inscrita en el domicilio indicado.",
        "colectivo": "{council} certifica que, según los datos del Padrón Municipal de "
        "Habitantes, las personas que se relacionan figuran inscritas en el domicilio indicado.",
        "historico": "{council} certifica que, según los datos del Padrón Municipal de "
        "Habitantes, la persona que se relaciona figura inscrita en el domicilio indicado y "
        "ha figurado inscrita en los domicilios y periodos que se detallan.",
    },
    address_heading="Domicilio",
    residents_heading="Personas inscritas",
    history_heading="Historial de domicilios",
    name="Nombre y apellidos",
    document="Documento de identidad",
    registered_on="Fecha de alta",
    history_address="Domicilio",
    history_from="Desde",
    history_to="Hasta",
    until_now="actualidad",
    purpose="Se expide a efectos de: {purpose}.",
    issued="Expedido el {date}.",
    sealed="Documento sellado electrónicamente por {council} "
    "(actuación administrativa automatizada, art. 42 de la Ley 40/2015).",
    csv_label="Código Seguro de Verificación (CSV): {csv}",
    check="Puede comprobar la autenticidad de este documento en {url} con el código {csv}",
    page="Página",
)

VALENCIAN = CertificateTexts(
    titles={
        "individual": "Certificat d'empadronament individual",
        "colectivo": "Certificat d'empadronament col·lectiu",
        "historico": "Certificat històric d'empadronament",
    },
    bodies={
        "individual": "{council} certifica que, segons les dades del Padró Municipal "
        "d'Habitants, la persona que es relaciona figura inscrita en el domicili indicat.",
        "colectivo": "{council} certifica que, segons les dades del Padró Municipal "
        "d'Habitants, les persones que es relacionen figuren inscrites en el domicili indicat.",
        "historico": "{council} certifica que, segons les dades del Padró Municipal "
        "d'Habitants, la persona que es relaciona figura inscrita en el domicili indicat i "
        "ha figurat inscrita en els domicilis i períodes que es detallen.",
    },
    address_heading="Domicili",
    residents_heading="Persones inscrites",
    history_heading="Historial de domicilis",
    name="Nom i cognoms",
    document="Document d'identitat",
    registered_on="Data d'alta",
    history_address="Domicili",
    history_from="Des de",
    history_to="Fins a",
    until_now="actualitat",
    purpose="S'expedeix als efectes de: {purpose}.",
    issued="Expedit el {date}.",
    sealed="Document segellat electrònicament per {council} "
    "(actuació administrativa automatitzada, art. 42 de la Llei 40/2015).",
    csv_label="Codi Segur de Verificació (CSV): {csv}",
    check="Podeu comprovar l'autenticitat d'aquest document en {url} amb el codi {csv}",
    page="Pàgina",
)

ENGLISH = CertificateTexts(
    titles={
        "individual": "Certificate of registration in the municipal register (padrón)",
        "colectivo": "Collective certificate of registration in the municipal register (padrón)",
        "historico": "Historical certificate of registration in the municipal register (padrón)",
    },
    bodies={
        "individual": "{council} certifies that, according to the Municipal Register of "
        "Inhabitants, the person listed below is registered at the address shown.",
        "colectivo": "{council} certifies that, according to the Municipal Register of "
        "Inhabitants, the people listed below are registered at the address shown.",
        "historico": "{council} certifies that, according to the Municipal Register of "
        "Inhabitants, the person listed below is registered at the address shown and has "
        "been registered at the addresses and during the periods detailed below.",
    },
    address_heading="Address",
    residents_heading="Registered residents",
    history_heading="Address history",
    name="Full name",
    document="Identity document",
    registered_on="Registration date",
    history_address="Address",
    history_from="From",
    history_to="To",
    until_now="present",
    purpose="Issued for the purpose of: {purpose}.",
    issued="Issued on {date}.",
    sealed="Document sealed electronically by {council} "
    "(automated administrative action, art. 42 of Law 40/2015).",
    csv_label="Secure Verification Code (CSV): {csv}",
    check="You can check the authenticity of this document at {url} with the code {csv}",
    page="Page",
)

TEXTS: dict[Language, CertificateTexts] = {"es": SPANISH, "va": VALENCIAN, "en": ENGLISH}
