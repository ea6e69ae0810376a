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
    "access_report": {"nl": "Inzageverzoek (Wpg 25)", "en": "Access request (Wpg 25)"},
    "access_subject": {"nl": "Betrokkene", "en": "Data subject"},
    "access_identity": {"nl": "Identiteit vastgesteld", "en": "Identity checked"},
    "access_deadline": {"nl": "Uiterlijk antwoorden op", "en": "Answer due"},
    "access_overdue": {"nl": "Termijn verstreken", "en": "Overdue"},
    "access_registrations": {"nl": "Verwerkte registraties", "en": "Registrations held"},
    "access_none": {
        "nl": "Er zijn geen gegevens van deze persoon gevonden.",
        "en": "No data about this person was found.",
    },
    "access_how": {"nl": "Waarom deze persoon", "en": "Why this person"},
    "access_status": {"nl": "Status", "en": "Status"},
    "access_comparisons": {"nl": "Vergelijkingen met een hit", "en": "Comparisons with a hit"},
    "access_consulted": {"nl": "Geraadpleegd door", "en": "Consulted by"},
    "access_scope": {
        "nl": "Alles wat bewaard wordt, ook afgeschermde, art. 14-, vertrouwelijke en heimelijke"
        " gegevens (gemarkeerd). De privacydesk beoordeelt weigeringsgronden (art. 27 Wpg).",
        "en": "Everything held, blocked, art. 14, confidential and covert data included (marked)."
        " The privacy desk weighs the grounds for refusal (Wpg 27).",
    },
    "blocked": {"nl": "afgeschermd", "en": "blocked"},
    "confidential": {"nl": "vertrouwelijk", "en": "confidential"},
    "covert": {"nl": "heimelijk", "en": "covert"},
    "audit": {"nl": "Logboek", "en": "Audit log"},
    "checkpoints": {"nl": "Ondertekende controlepunten", "en": "Signed checkpoints"},
    "checkpoints_help": {
        "nl": "Buiten de database bewaard; elke vastlegging wordt ondertekend, zodat verwijderen,"
        " inkorten en vervalsen van het logboek opvalt.",
        "en": "Kept outside the store; every commit is signed, so deleting, truncating or"
        " forging the log is detected.",
    },
    "checkpoint_rows": {"nl": "Regels", "en": "Rows"},
    "checkpoint_at": {"nl": "Ondertekend op", "en": "Signed at"},
    "checkpoint_key": {"nl": "Sleutel", "en": "Key"},
    "checkpoint_none": {
        "nl": "Geen controlepunten: deze opslag heeft geen map voor controlepunten.",
        "en": "No checkpoints: this store has no checkpoint folder.",
    },
    "error": {"nl": "Dat kan niet", "en": "That is not possible"},
    "back": {"nl": "Terug", "en": "Back"},
    "members": {"nl": "Leden", "en": "Members"},
    "facet_schema": {"nl": "Soort", "en": "Type"},
    "facet_source": {"nl": "Bron", "en": "Source"},
    "facet_basis": {"nl": "Grondslag (Wpg)", "en": "Legal basis (Wpg)"},
    "facet_year": {"nl": "Jaar", "en": "Year"},
    "remove_filter": {"nl": "Filter weghalen", "en": "Remove filter"},
    "review_reason": {"nl": "Reden", "en": "Reason"},
    "confirm_match": {"nl": "Bevestigen", "en": "Confirm"},
    "split_match": {"nl": "Splitsen", "en": "Split"},
    "why_linked": {"nl": "Waarom samengevoegd", "en": "Why these records were linked"},
    "match_weight": {"nl": "matchgewicht", "en": "match weight"},
    "model": {"nl": "model", "en": "model"},
    "comparison": {"nl": "Vergelijking", "en": "Comparison"},
    "agreement_level": {"nl": "Overeenkomstniveau", "en": "Agreement level"},
    "weight": {"nl": "Gewicht", "en": "Weight"},
    "chart": {"nl": "Netwerkkaart", "en": "Link chart"},
    "chart_help": {
        "nl": "Dubbelklik op een object om het uit te breiden; klik twee objecten en kies Pad.",
        "en": "Double-click an object to expand it; click two objects and choose Path.",
    },
    "chart_more": {"nl": "niet getoond (limiet)", "en": "not shown (limit)"},
    "chart_path": {"nl": "Pad", "en": "Path"},
    "chart_no_path": {
        "nl": "Geen verbinding binnen wat u mag zien.",
        "en": "No connection within what you may see.",
    },
    "chart_nodes": {"nl": "objecten", "en": "objects"},
    "chart_edges": {"nl": "relaties", "en": "links"},
}

# -- comparison, consent and case dashboard (Wpg 11) ---------------------------------------
MESSAGES.update(
    {
        "case_dashboard": {"nl": "Zaakoverzicht", "en": "Case dashboard"},
        "case_purpose": {"nl": "Doel van de zaak", "en": "Purpose of the case"},
        "threshold": {"nl": "Wettelijke drempel", "en": "Legal threshold"},
        "facts": {"nl": "Feiten die eraan voldoen", "en": "Facts that meet it"},
        "missing": {"nl": "ontbreekt", "en": "missing"},
        "not_grounded": {
            "nl": "Doel, drempel en feiten ontbreken: geen vergelijking mogelijk (BVerfG).",
            "en": "Purpose, threshold and facts are missing: no comparison possible (BVerfG).",
        },
        "recent_activity": {"nl": "Recente activiteit", "en": "Recent activity"},
        "when": {"nl": "Wanneer", "en": "When"},
        "who": {"nl": "Wie", "en": "Who"},
        "what": {"nl": "Wat", "en": "What"},
        "comparison": {"nl": "Vergelijking", "en": "Comparison"},
        "new_comparison": {"nl": "Nieuwe vergelijking", "en": "New comparison"},
        "subjects": {"nl": "subjecten", "en": "subjects"},
        "subject": {"nl": "Subject", "en": "Subject"},
        "combined": {"nl": "gecombineerde verwerking", "en": "combined processing"},
        "compare_help": {
            "nl": "Geautomatiseerde vergelijking (Wpg 11): de uitkomst zegt alleen of er een verband is.",
            "en": "Automated comparison (Wpg 11): the outcome only says whether a link exists.",
        },
        "subject_file": {
            "nl": "Bestand met subjecten (CSV of Excel)",
            "en": "Subject file (CSV or Excel)",
        },
        "subject_columns": {
            "nl": "Kolommen: voornaam, tussenvoegsel, achternaam, geboortedatum, bsn, kenteken, telefoon, postcode, huisnummer.",
            "en": "Columns: voornaam, tussenvoegsel, achternaam, geboortedatum, bsn, kenteken, telefoon, postcode, huisnummer.",
        },
        "combined_help": {
            "nl": "Ook gegevens van andere zaken en thema's (art. 11 lid 4 Wpg: bevel nodig)",
            "en": "Also other cases' and themes' data (Wpg 11(4): an order is needed)",
        },
        "order_reference": {"nl": "Kenmerk van het bevel", "en": "Order reference"},
        "no_order": {"nl": "— geen bevel —", "en": "— no order —"},
        "orders": {"nl": "Register van bevelen", "en": "Register of orders"},
        "orders_help": {
            "nl": "Gecombineerde verwerking kan alleen onder een bevel dat de zaakleider hier vastlegt en dat van kracht is (art. 11 lid 4 Wpg).",
            "en": "Combined processing runs only under an order that a case lead records here and that is in force (Wpg 11(4)).",
        },
        "issued_by": {"nl": "Gegeven door", "en": "Issued by"},
        "issued_on": {"nl": "Datum", "en": "Date"},
        "valid_until": {"nl": "Geldig tot", "en": "Valid until"},
        "order_scope": {"nl": "Reikwijdte", "en": "Scope"},
        "in_force": {"nl": "van kracht", "en": "in force"},
        "not_in_force": {"nl": "niet van kracht", "en": "not in force"},
        "record_order": {"nl": "Bevel vastleggen", "en": "Record order"},
        "run_comparison": {"nl": "Vergelijken", "en": "Compare"},
        "busy": {"nl": "Bezig met vergelijken…", "en": "Comparing…"},
        "your_comparisons": {"nl": "Vergelijkingen", "en": "Comparisons"},
        "none_yet": {"nl": "Nog geen.", "en": "None yet."},
        "hits": {"nl": "Treffers", "en": "Hits"},
        "hits_help": {
            "nl": "Een treffer toont alleen dát er een verband is en welke sleutels overeenkomen; details na toestemming van de zaakleider.",
            "en": "A hit shows only that a link exists and which keys agreed; details after the case lead's consent.",
        },
        "model_version": {"nl": "modelversie", "en": "model version"},
        "show_all": {"nl": "alle subjecten", "en": "all subjects"},
        "show_hits": {"nl": "alleen treffers", "en": "hits only"},
        "link": {"nl": "Verband", "en": "Link"},
        "link_exists": {"nl": "verband bestaat", "en": "link exists"},
        "no_link": {"nl": "geen verband", "en": "no link"},
        "matching_keys": {"nl": "Overeenkomende sleutels", "en": "Matching keys"},
        "consent": {"nl": "Toestemming", "en": "Consent"},
        "details": {"nl": "Details", "en": "Details"},
        "reason": {"nl": "Reden", "en": "Reason"},
        "request_consent": {"nl": "Toestemming vragen", "en": "Request consent"},
        "consent_requested": {"nl": "toestemming gevraagd", "en": "consent requested"},
        "consent_granted": {"nl": "toestemming gegeven", "en": "consent given"},
        "consent_refused": {"nl": "toestemming geweigerd", "en": "consent refused"},
        "consented_by": {"nl": "toestemming van", "en": "consent by"},
        "consent_inbox": {"nl": "Toestemmingsverzoeken", "en": "Consent requests"},
        "consent_help": {
            "nl": "Als zaakleider geeft u met een reden toestemming om de gegevens achter een treffer te openen.",
            "en": "As case lead you consent, with a reason, to open the data behind a hit.",
        },
        "inbox_empty": {"nl": "Geen openstaande verzoeken.", "en": "No open requests."},
        "requested_by": {"nl": "gevraagd door", "en": "requested by"},
        "give_consent": {"nl": "Toestemming geven", "en": "Consent"},
        "refuse": {"nl": "Weigeren", "en": "Refuse"},
        "key_bsn": {"nl": "BSN", "en": "BSN"},
        "key_name_dob": {"nl": "naam + geboortedatum", "en": "name + birth date"},
        "key_initial_year": {
            "nl": "voorletter + naam + geboortejaar",
            "en": "initial + name + birth year",
        },
        "key_plate": {"nl": "kenteken", "en": "plate"},
        "key_phone": {"nl": "telefoon", "en": "phone"},
        "key_address": {"nl": "postcode + huisnummer", "en": "postcode + house number"},
        "facet_schema": {"nl": "Objecttype", "en": "Object type"},
        "facet_source": {"nl": "Bron", "en": "Source"},
        "facet_basis": {"nl": "Grondslag", "en": "Legal basis"},
        "facet_year": {"nl": "Jaar", "en": "Year"},
        "clear_filters": {"nl": "filters wissen", "en": "clear filters"},
        "compare_entity": {"nl": "Vergelijk dit object", "en": "Compare this entity"},
        "select_hit": {"nl": "selecteren", "en": "select"},
        "consent_selected": {
            "nl": "Toestemming voor de geselecteerde treffers",
            "en": "Consent to the selected hits",
        },
        "bulk_consent_help": {
            "nl": "Eén reden voor alle geselecteerde treffers; elke treffer krijgt een eigen besluit en logregel.",
            "en": "One reason for all selected hits; each hit gets its own decision and log row.",
        },
        "hit_scope_note": {
            "nl": "Gegevens achter een treffer, geopend met toestemming, binnen wat deze zaak mag vergelijken.",
            "en": "Data behind a hit, opened with consent, within what this case may compare with.",
        },
    }
)


def translate(key: str, lang: str) -> str:
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["en"]
