"""User-facing text in Dutch and English (message catalogues); code speaks English."""

from __future__ import annotations

__all__ = ["LANGS", "MESSAGES", "translate"]

LANGS = ("nl", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "app": {"nl": "Raffinaderij", "en": "Raffinaderij"},
    "login": {"nl": "Inloggen", "en": "Log in"},
    "logout": {"nl": "Uitloggen", "en": "Log out"},
    "username": {"nl": "Gebruikersnaam", "en": "Username"},
    "password": {"nl": "Wachtwoord", "en": "Password"},
    "cases": {"nl": "Zaken", "en": "Cases"},
    "choose_case": {"nl": "Kies een zaak of thema", "en": "Choose a case or theme"},
    "purpose": {"nl": "Doel van deze sessie", "en": "Purpose of this session"},
    "purpose_help": {
        "nl": "Zonder zaak en doel geen zoekvraag (Wpg 9/10).",
        "en": "No case and purpose, no query (Wpg 9/10).",
    },
    "open": {"nl": "Openen", "en": "Open"},
    "basis": {"nl": "Grondslag", "en": "Legal basis"},
    "role": {"nl": "Rol", "en": "Role"},
    "no_cases": {"nl": "U bent van geen zaak lid.", "en": "You are not a member of any case."},
    "search": {"nl": "Zoeken", "en": "Search"},
    "search_placeholder": {
        "nl": "Naam, kenteken, telefoon, postcode…",
        "en": "Name, plate, phone, postcode…",
    },
    "results": {"nl": "resultaten", "en": "results"},
    "no_results": {
        "nl": "Niets gevonden binnen uw bevoegdheid.",
        "en": "Nothing found within your authorisation.",
    },
    "records": {"nl": "registraties", "en": "records"},
    "matched": {"nl": "gevonden in", "en": "matched"},
    "facets": {"nl": "Filters", "en": "Facets"},
    "entity": {"nl": "Object", "en": "Entity"},
    "property": {"nl": "Eigenschap", "en": "Property"},
    "value": {"nl": "Waarde", "en": "Value"},
    "source": {"nl": "Bron", "en": "Source"},
    "registration": {"nl": "Registratie", "en": "Registration"},
    "date": {"nl": "Eerste verwerking", "en": "First processed"},
    "level": {"nl": "Niveau", "en": "Level"},
    "reliability": {"nl": "Betrouwbaarheid", "en": "Reliability"},
    "links": {"nl": "Relaties", "en": "Links"},
    "hidden_special": {
        "nl": "bijzondere persoonsgegevens verborgen (Wpg 5)",
        "en": "special-category values hidden (Wpg 5)",
    },
    "case": {"nl": "Zaak", "en": "Case"},
    "audit": {"nl": "Logboek", "en": "Audit log"},
    "error": {"nl": "Dat kan niet", "en": "That is not possible"},
    "back": {"nl": "Terug", "en": "Back"},
    "members": {"nl": "Leden", "en": "Members"},
}


def translate(key: str, lang: str) -> str:
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["en"]
