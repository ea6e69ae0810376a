"""User-facing text in Dutch and English (message catalogues); code speaks English."""

from __future__ import annotations

from raffinaderij.model.ontology import ontology

__all__ = [
    "LANGS",
    "MESSAGES",
    "agreement_text",
    "error_message",
    "link_label",
    "prop_label",
    "translate",
    "translate_value",
    "type_label",
]

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
        "nl": "Dubbelklik op een object om het uit te breiden; klik twee objecten en kies Pad,"
        " of meer en kies Verbinden; Gedeeld met toont wie met een persoon iets deelt.",
        "en": "Double-click an object to expand it; click two objects and choose Path, or"
        " more and choose Connect; Shares with shows who shares something with a person.",
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

# -- saved charts and chart sections of products (issues 10 and 11) -------------------------
MESSAGES.update(
    {
        "chart_hide": {"nl": "Verbergen", "en": "Hide"},
        "chart_pin": {"nl": "Vastzetten", "en": "Pin"},
        "chart_filter": {"nl": "Uitbreiden langs", "en": "Expand along"},
        "chart_filter_type": {"nl": "relatie", "en": "link"},
        "chart_filter_role": {"nl": "rol", "en": "role"},
        "chart_filter_basis": {"nl": "grondslag", "en": "legal basis"},
        "chart_filter_from": {"nl": "verwerkt vanaf", "en": "processed from"},
        "chart_filter_to": {"nl": "tot en met", "en": "to"},
        "chart_filter_all": {"nl": "alle", "en": "all"},
        "chart_connect": {"nl": "Verbinden", "en": "Connect"},
        "chart_shared": {"nl": "Gedeeld met", "en": "Shares with"},
        "chart_no_shared": {
            "nl": "Deelt niets met anderen binnen wat u mag zien.",
            "en": "Shares nothing with others within what you may see.",
        },
        "chart_unconnected": {
            "nl": "paren zonder verbinding binnen wat u mag zien",
            "en": "pairs without a connection within what you may see",
        },
        "chart_title": {"nl": "Titel", "en": "Title"},
        "chart_save": {"nl": "Kaart opslaan in zaak", "en": "Save chart in case"},
        "chart_saved": {
            "nl": "Opgeslagen kaarten van deze zaak",
            "en": "Saved charts of this case",
        },
        "chart_none_saved": {
            "nl": "Nog geen opgeslagen kaarten in deze zaak.",
            "en": "No saved charts in this case yet.",
        },
        "chart_saved_by": {"nl": "Opgeslagen door", "en": "Saved by"},
        "chart_rerun": {
            "nl": "opnieuw opgebouwd met uw eigen bevoegdheden: u ziet alleen wat u nu mag zien",
            "en": "rebuilt under your own access: you see only what you may see now",
        },
        "chart_export": {"nl": "Exporteren", "en": "Export"},
        "chart_export_saved": {
            "nl": "GraphML en GEXF na opslaan",
            "en": "GraphML and GEXF once saved",
        },
        "cite_chart": {"nl": "Opgeslagen kaart citeren", "en": "Cite a saved chart"},
        "cite_timeline": {"nl": "Tijdlijn citeren", "en": "Cite a timeline"},
        "timeline_entity_ids": {
            "nl": "Object-id's (gescheiden door spaties)",
            "en": "Entity ids (separated by spaces)",
        },
        "chart_links": {"nl": "Relaties op de kaart", "en": "Links on the chart"},
        "chart_from": {"nl": "Van", "en": "From"},
        "chart_link": {"nl": "Relatie", "en": "Link"},
        "chart_to": {"nl": "Naar", "en": "To"},
        "event": {"nl": "Gebeurtenis", "en": "Event"},
        "map_chart": {"nl": "Netwerkkaart van deze plaatsen", "en": "Link chart of these places"},
    }
)

# -- timeline and map (issue 10) -----------------------------------------------------------
MESSAGES.update(
    {
        "timeline": {"nl": "Tijdlijn", "en": "Timeline"},
        "timeline_back": {"nl": "naar het object", "en": "to the object"},
        "timeline_selected": {"nl": "geselecteerde objecten", "en": "selected objects"},
        "timeline_help": {
            "nl": "Gebeurtenissen met een datum, alleen uit wat u mag zien. Klik een maand om in te zoomen.",
            "en": "Dated events, only from what you may see. Click a month to zoom in.",
        },
        "timeline_from": {"nl": "Van", "en": "From"},
        "timeline_to": {"nl": "Tot en met", "en": "To"},
        "timeline_kinds": {"nl": "Soorten", "en": "Kinds"},
        "timeline_apply": {"nl": "Toepassen", "en": "Apply"},
        "timeline_zoom_out": {"nl": "Hele periode", "en": "Whole period"},
        "timeline_zoom_in": {"nl": "Inzoomen op deze maand", "en": "Zoom in on this month"},
        "timeline_shown": {
            "nl": "gebeurtenissen getoond; zichtbaar in totaal:",
            "en": "events shown; visible in all:",
        },
        "timeline_per_month": {"nl": "Gebeurtenissen per maand", "en": "Events per month"},
        "timeline_none": {
            "nl": "Geen gebeurtenissen in deze periode.",
            "en": "No events in this period.",
        },
        "event_incident": {"nl": "incident", "en": "incident"},
        "event_payment": {"nl": "betaling", "en": "payment"},
        "event_check": {"nl": "controle", "en": "check"},
        "event_registration": {"nl": "registratie", "en": "registration"},
        "map": {"nl": "Kaart", "en": "Map"},
        "map_help": {
            "nl": "Adressen en plaatsen van incidenten met coördinaten, alleen uit wat u mag zien. Klik een groep om in te zoomen.",
            "en": "Addresses and incident places with coordinates, only from what you may see. Click a group to zoom in.",
        },
        "map_places": {"nl": "plaatsen op de kaart", "en": "places on the map"},
        "map_open": {"nl": "Openen", "en": "Open"},
        "map_cluster": {"nl": "plaatsen hier", "en": "places here"},
        "map_none": {"nl": "Geen plaatsen met coördinaten.", "en": "No places with coordinates."},
        "summary": {"nl": "Samenvatting", "en": "Summary"},
        "summary_regs": {"nl": "registraties", "en": "registrations"},
        "summary_other_values": {"nl": "andere waarden", "en": "other values"},
        "summary_first_seen": {"nl": "Eerst gezien", "en": "First seen"},
        "summary_last_seen": {"nl": "laatst gezien", "en": "last seen"},
        "summary_sources": {
            "nl": "Registraties per bron en grondslag",
            "en": "Registrations per source and basis",
        },
        "provenance": {"nl": "Herkomst per waarde", "en": "Provenance per value"},
        "chart_timeline": {"nl": "Tijdlijn van selectie", "en": "Timeline of selection"},
        "chart_map": {"nl": "Kaart van selectie", "en": "Map of selection"},
    }
)

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

# Information products and signals (issue 11)
MESSAGES.update(
    {
        "products": {"nl": "Producten", "en": "Products"},
        "product": {"nl": "Informatieproduct", "en": "Information product"},
        "new_product": {"nl": "Nieuw informatieproduct", "en": "New information product"},
        "title": {"nl": "Titel", "en": "Title"},
        "product_purpose": {"nl": "Doel", "en": "Purpose"},
        "author": {"nl": "auteur", "en": "author"},
        "version": {"nl": "versie", "en": "version"},
        "product_watermark": {"nl": "Gelezen door", "en": "Read by"},
        "product_inside_police": {
            "nl": "Blijft binnen de politie (geen verstrekking)",
            "en": "Stays inside the police (not for provision)",
        },
        "state_draft": {"nl": "concept", "en": "draft"},
        "state_review": {"nl": "ter review", "en": "in review"},
        "state_issued": {"nl": "vastgesteld", "en": "issued"},
        "state_actioned": {"nl": "opgevolgd", "en": "actioned"},
        "state_withdrawn": {"nl": "ingetrokken", "en": "withdrawn"},
        "judgement": {"nl": "oordeel", "en": "judgement"},
        "fj_fact": {"nl": "feit", "en": "fact"},
        "fj_judgement": {"nl": "oordeel", "en": "judgement"},
        "redacted": {"nl": "Weggelakt", "en": "Redacted"},
        "redacted_destroyed": {"nl": "registratie vernietigd", "en": "registration destroyed"},
        "product_flagged": {"nl": "Bronnen gewijzigd", "en": "Sources changed"},
        "flagged_products": {
            "nl": "Producten met gewijzigde bronnen",
            "en": "Products whose sources changed",
        },
        "flag_destroyed": {
            "nl": "feiten uit vernietigde registraties",
            "en": "facts from destroyed registrations",
        },
        "flag_removed": {
            "nl": "feiten uit registraties buiten de analyse (art. 14 of afgeschermd)",
            "en": "facts whose registration left analysis (art. 14 or blocked)",
        },
        "destroyed_why_term": {"nl": "bewaartermijn verstreken", "en": "retention term ended"},
        "destroyed_why_request": {"nl": "op verzoek (Wpg 28)", "en": "on request (Wpg 28)"},
        "redacted_removed": {
            "nl": "registratie uit de analyse (art. 14 of afgeschermd)",
            "en": "registration left analysis (art. 14 or blocked)",
        },
        "redacted_not_authorised": {
            "nl": "buiten uw bevoegdheid of termijn",
            "en": "outside your authorisation or term",
        },
        "redacted_altered": {
            "nl": "gewijzigd in de bron na citeren",
            "en": "altered at the source since it was cited",
        },
        "facts_redacted": {"nl": "feiten weggelakt", "en": "facts redacted"},
        "finding": {"nl": "Bevinding", "en": "Finding"},
        "heading": {"nl": "Kop", "en": "Heading"},
        "text": {"nl": "Tekst", "en": "Text"},
        "is_judgement": {"nl": "Dit is een oordeel", "en": "This is a judgement"},
        "add": {"nl": "Toevoegen", "en": "Add"},
        "cite_entity": {"nl": "Object citeren", "en": "Cite entity"},
        "cite_search": {"nl": "Zoekvraag als tabel citeren", "en": "Cite a search as a table"},
        "cite_in_product": {"nl": "Citeer in product", "en": "Cite in product"},
        "submit_review": {"nl": "Aanbieden voor review", "en": "Offer for review"},
        "issue": {"nl": "Vaststellen", "en": "Issue"},
        "return_draft": {"nl": "Terug naar concept", "en": "Return to draft"},
        "note": {"nl": "Toelichting", "en": "Note"},
        "new_version": {"nl": "Nieuwe versie", "en": "New version"},
        "withdraw": {"nl": "Intrekken", "en": "Withdraw"},
        "actioned": {"nl": "Opvolging vastleggen", "en": "Record action"},
        "assessor": {"nl": "Beoordelaar (gebruikersnaam)", "en": "Assessor (username)"},
        "rationale": {"nl": "Motivering", "en": "Rationale"},
        "download_pdf": {"nl": "PDF downloaden (wordt gelogd)", "en": "Download PDF (logged)"},
        "no_products": {"nl": "Nog geen producten.", "en": "No products yet."},
        "signals": {"nl": "Signalen", "en": "Signals"},
        "signal": {"nl": "Signaal", "en": "Signal"},
        "new_signal": {"nl": "Signaal opstellen", "en": "Draft a signal"},
        "recipient": {"nl": "Ontvanger", "en": "Recipient"},
        "article": {"nl": "Verstrekkingsgrondslag", "en": "Provision article"},
        "ground": {"nl": "Grond", "en": "Ground"},
        "ground_facts": {"nl": "Concrete grond", "en": "Concrete ground"},
        "agreement": {
            "nl": "Instemming bevoegd gezag (kenmerk)",
            "en": "Agreement of the competent authority (reference)",
        },
        "items": {"nl": "Verstrekte gegevens", "en": "Items provided"},
        "approve": {"nl": "Goedkeuren", "en": "Approve"},
        "mark_sent": {"nl": "Markeren als verzonden", "en": "Mark as sent"},
        "drafted_by": {"nl": "opgesteld door", "en": "drafted by"},
        "approved_by": {"nl": "goedgekeurd door", "en": "approved by"},
        "sent_by": {"nl": "verzonden door", "en": "sent by"},
        "letter_pdf": {"nl": "Brief (PDF)", "en": "Letter (PDF)"},
        "letter_intro": {
            "nl": "Op grond van het hieronder genoemde artikel van de Wet politiegegevens verstrekken wij u de volgende gegevens.",
            "en": "Under the article of the Police Data Act named below we provide you with the following data.",
        },
        "letter_no_product": {
            "nl": "Het informatieproduct waarop dit signaal berust wordt niet verstrekt.",
            "en": "The information product this signal rests on is not provided.",
        },
        "provisions": {"nl": "Register van verstrekkingen", "en": "Register of provisions"},
        "provided_at": {"nl": "verstrekt op", "en": "provided on"},
    }
)


# -- one language at a time: roles, audit, errors, empty states ------------------------------
MESSAGES.update(
    {
        # roles of a person in an incident (involvedIn)
        "role_suspect": {"nl": "verdachte", "en": "suspect"},
        "role_victim": {"nl": "slachtoffer", "en": "victim"},
        "role_witness": {"nl": "getuige", "en": "witness"},
        "role_reporter": {"nl": "melder", "en": "reporter"},
        "role_other": {"nl": "overig", "en": "other"},
        # roles of a member in a case
        "member_analyst": {"nl": "analist", "en": "analyst"},
        "member_lead": {"nl": "zaakleider", "en": "case lead"},
        # the audit log
        "audit_seq": {"nl": "#", "en": "#"},
        "audit_time": {"nl": "Tijdstip", "en": "Time"},
        "audit_user": {"nl": "Gebruiker", "en": "User"},
        "audit_action": {"nl": "Handeling", "en": "Action"},
        "audit_service": {"nl": "Dienst", "en": "Service"},
        "audit_outcome": {"nl": "Uitkomst", "en": "Outcome"},
        "audit_query": {"nl": "Vraag", "en": "Query"},
        "audit_chain_ok": {"nl": "Keten van logregels intact", "en": "Chain of log rows intact"},
        "audit_chain_broken": {
            "nl": "Keten van logregels verbroken",
            "en": "Chain of log rows broken",
        },
        "action_consult": {"nl": "raadplegen", "en": "consult"},
        "action_alter": {"nl": "wijzigen", "en": "alter"},
        "action_collect": {"nl": "verzamelen", "en": "collect"},
        "action_combine": {"nl": "combineren", "en": "combine"},
        "outcome_ok": {"nl": "gelukt", "en": "ok"},
        "outcome_denied": {"nl": "geweigerd", "en": "denied"},
        "outcome_error": {"nl": "fout", "en": "error"},
        # error pages: what was wrong, in the reader's language; the kind picks the text
        "error_NotFound": {
            "nl": "Dit bestaat niet, of valt buiten wat u in deze zaak mag zien.",
            "en": "This does not exist, or lies outside what you may see in this case.",
        },
        "error_Denied": {
            "nl": "Uw rol of zaak staat dit niet toe.",
            "en": "Your role or case does not allow this.",
        },
        "error_ConsentRequired": {
            "nl": "De gegevens achter deze treffer gaan pas open als een zaakleider toestemming geeft (Wpg 11).",
            "en": "The data behind this hit opens only after a case lead consents (Wpg 11).",
        },
        "error_RaffError": {
            "nl": "Dit kan zo niet; controleer wat u invulde en probeer het opnieuw.",
            "en": "The input is not valid; check the form and try again.",
        },
        "error_server": {
            "nl": "De server kon dit verzoek niet afmaken; de details staan in het serverlog.",
            "en": "The server could not complete this request; the details are in its log.",
        },
        "error_generic": {
            "nl": "Dit verzoek kon niet worden uitgevoerd.",
            "en": "This request could not be carried out.",
        },
        "error_MappingError": {
            "nl": "Het bestand klopt niet: controleer de kolommen (bijzondere persoonsgegevens mogen er niet in staan, Wpg 5).",
            "en": "The file is not valid: check its columns (special categories of personal data may not be in it, Wpg 5).",
        },
        "error_AuthError": {
            "nl": "Gebruikersnaam of wachtwoord klopt niet, of uw sessie is verlopen.",
            "en": "Username or password is wrong, or your session has expired.",
        },
        "error_Throttled": {
            "nl": "Te veel mislukte pogingen; wacht even en probeer het opnieuw.",
            "en": "Too many failed attempts; wait a while and try again.",
        },
        "not_found_page": {
            "nl": "Deze pagina bestaat niet.",
            "en": "This page does not exist.",
        },
        "error_not_a_date": {
            "nl": "Dat is geen datum; schrijf JJJJ-MM-DD (YYYY-MM-DD).",
            "en": "That is not a date; write YYYY-MM-DD.",
        },
        "case_unusable": {
            "nl": "Deze zaak is nu niet te gebruiken: doel of termijn ontbreekt, of de zaak is gesloten.",
            "en": "This case cannot be used now: its purpose or term is missing, or it is closed.",
        },
        "why_linked_help": {
            "nl": "Per registratie: met welke andere registratie het model haar koppelde, en welke velden overeenkomen.",
            "en": "Per registration: which other registration the model linked it with, and which fields agree.",
        },
        "linked_with": {"nl": "gekoppeld aan", "en": "linked with"},
        "hidden_member": {
            "nl": "(registratie buiten uw zicht)",
            "en": "(registration outside your view)",
        },
        "split_confirm_title": {"nl": "Splitsen bevestigen", "en": "Confirm the split"},
        "split_pair": {"nl": "Te splitsen koppeling", "en": "Link to split"},
        "split_consequence": {"nl": "Wat er gebeurt", "en": "What will happen"},
        "split_leaving": {
            "nl": "Deze registraties gaan uit dit object en vormen een eigen object:",
            "en": "These registrations leave this entity and form one of their own:",
        },
        "split_stays_together": {
            "nl": "Andere koppelingen houden de registraties bij elkaar; alleen uw besluit over dit paar wordt vastgelegd.",
            "en": "Other links keep the registrations together; only your decision on this pair is recorded.",
        },
        "split_undo_note": {
            "nl": "Het besluit wordt met uw naam en reden vastgelegd en kan daarna ongedaan worden gemaakt.",
            "en": "The decision is recorded with your name and reason and can be undone afterwards.",
        },
        "split_now": {"nl": "Nu splitsen", "en": "Split now"},
        "cancel": {"nl": "Annuleren", "en": "Cancel"},
        "split_done": {
            "nl": "Gesplitst: de afgesplitste registraties vormen nu een eigen object.",
            "en": "Split: the registrations split off now form an entity of their own.",
        },
        "undo_split": {"nl": "Splitsing ongedaan maken", "en": "Undo the split"},
        "to_start": {"nl": "Naar het begin", "en": "To the start"},
        "no_links": {"nl": "Geen relaties.", "en": "No links."},
        "no_values": {"nl": "Geen gegevens.", "en": "No values."},
        "nav": {"nl": "Hoofdmenu", "en": "Main menu"},
        "language": {"nl": "Taal", "en": "Language"},
        "chain_rows": {"nl": "regels", "en": "rows"},
        "combined_with_order": {"nl": "gecombineerd onder bevel", "en": "combined under order"},
        "basis_wpg": {"nl": "Wpg", "en": "Wpg"},
    }
)


# -- review in plain words: comparisons of the matching model and their levels -----------
MESSAGES.update(
    {
        "cmp_given_name": {"nl": "voornaam", "en": "given name"},
        "same_given_name": {"nl": "zelfde voornaam", "en": "same given name"},
        "different_given_name": {"nl": "andere voornaam", "en": "different given name"},
        "cmp_surname": {"nl": "achternaam", "en": "surname"},
        "same_surname": {"nl": "zelfde achternaam", "en": "same surname"},
        "different_surname": {"nl": "andere achternaam", "en": "different surname"},
        "cmp_birth_date": {"nl": "geboortedatum", "en": "birth date"},
        "same_birth_date": {"nl": "zelfde geboortedatum", "en": "same birth date"},
        "different_birth_date": {"nl": "andere geboortedatum", "en": "different birth date"},
        "cmp_address": {"nl": "adres", "en": "address"},
        "same_address": {"nl": "zelfde adres", "en": "same address"},
        "different_address": {"nl": "ander adres", "en": "different address"},
        "cmp_bsn": {"nl": "BSN", "en": "BSN"},
        "same_bsn": {"nl": "zelfde BSN", "en": "same BSN"},
        "different_bsn": {"nl": "ander BSN", "en": "different BSN"},
        "cmp_phone": {"nl": "telefoon", "en": "phone"},
        "same_phone": {"nl": "zelfde telefoon", "en": "same phone"},
        "different_phone": {"nl": "andere telefoon", "en": "different phone"},
        "cmp_email": {"nl": "e-mail", "en": "e-mail"},
        "same_email": {"nl": "zelfde e-mail", "en": "same e-mail"},
        "different_email": {"nl": "andere e-mail", "en": "different e-mail"},
        "cmp_sex": {"nl": "geslacht", "en": "sex"},
        "same_sex": {"nl": "zelfde geslacht", "en": "same sex"},
        "different_sex": {"nl": "ander geslacht", "en": "different sex"},
        "cmp_household": {"nl": "huishouden", "en": "household"},
        "level:all given names (two or more)": {
            "nl": "alle voornamen (twee of meer)",
            "en": "all given names (two or more)",
        },
        "level:first name, other names differ": {
            "nl": "eerste voornaam gelijk, andere verschillen",
            "en": "first name, other names differ",
        },
        "level:exact (roepnaam folded)": {
            "nl": "gelijk (roepnaam meegerekend)",
            "en": "exact (roepnaam folded)",
        },
        "level:same Dutch sound": {"nl": "zelfde Nederlandse klank", "en": "same Dutch sound"},
        "level:jaro-winkler >= 0.88": {
            "nl": "bijna gelijk geschreven",
            "en": "jaro-winkler >= 0.88",
        },
        "level:jaro-winkler >= 0.9": {"nl": "bijna gelijk geschreven", "en": "jaro-winkler >= 0.9"},
        "level:edit distance <= 2": {"nl": "hooguit twee tikfouten", "en": "edit distance <= 2"},
        "level:three or more initials": {
            "nl": "drie of meer voorletters gelijk",
            "en": "three or more initials",
        },
        "level:same initials": {"nl": "zelfde voorletters", "en": "same initials"},
        "level:initial fits the name (roepnaam aware)": {
            "nl": "voorletter past bij de naam",
            "en": "initial fits the name (roepnaam aware)",
        },
        "level:initials against a call name": {
            "nl": "voorletters tegenover een roepnaam",
            "en": "initials against a call name",
        },
        "level:call name may stand for the other name": {
            "nl": "roepnaam kan voor de andere naam staan",
            "en": "call name may stand for the other name",
        },
        "level:exact with particles": {
            "nl": "gelijk, met tussenvoegsels",
            "en": "exact with particles",
        },
        "level:exact core, particles differ": {
            "nl": "kern gelijk, tussenvoegsels verschillen",
            "en": "exact core, particles differ",
        },
        "level:one part of a double surname": {
            "nl": "een deel van een dubbele achternaam",
            "en": "one part of a double surname",
        },
        "level:one part sounds the same": {
            "nl": "een deel klinkt hetzelfde",
            "en": "one part sounds the same",
        },
        "level:given name and surname swapped": {
            "nl": "voornaam en achternaam verwisseld",
            "en": "given name and surname swapped",
        },
        "level:exact": {"nl": "gelijk", "en": "exact"},
        "level:day and month swapped": {
            "nl": "dag en maand verwisseld",
            "en": "day and month swapped",
        },
        "level:one typo": {"nl": "één tikfout", "en": "one typo"},
        "level:partial date fits": {"nl": "deel van de datum past", "en": "partial date fits"},
        "level:two typos": {"nl": "twee tikfouten", "en": "two typos"},
        "level:within a year": {"nl": "binnen een jaar", "en": "within a year"},
        "level:postcode and number": {"nl": "postcode en huisnummer", "en": "postcode and number"},
        "level:postcode and number, addition differs": {
            "nl": "postcode en huisnummer, toevoeging verschilt",
            "en": "postcode and number, addition differs",
        },
        "level:postcode and street": {"nl": "postcode en straat", "en": "postcode and street"},
        "level:postcode": {"nl": "postcode", "en": "postcode"},
        "level:street and number": {"nl": "straat en huisnummer", "en": "street and number"},
        "level:postcode digits": {"nl": "cijfers van de postcode", "en": "postcode digits"},
        "level:postcode typo, same number": {
            "nl": "tikfout in postcode, zelfde huisnummer",
            "en": "postcode typo, same number",
        },
        "level:two different valid BSNs": {
            "nl": "twee verschillende geldige BSN's",
            "en": "two different valid BSNs",
        },
        "level:same home, a generation apart": {
            "nl": "zelfde woning, een generatie verschil",
            "en": "same home, a generation apart",
        },
        "level:same home, another birth date": {
            "nl": "zelfde woning, andere geboortedatum",
            "en": "same home, another birth date",
        },
        "level:same home, other given name": {
            "nl": "zelfde woning, andere voornaam",
            "en": "same home, other given name",
        },
        "level:same home, initials do not fit the call name": {
            "nl": "zelfde woning, voorletters passen niet bij de roepnaam",
            "en": "same home, initials do not fit the call name",
        },
        "level:no household conflict": {
            "nl": "geen tegenstrijdigheid in het huishouden",
            "en": "no household conflict",
        },
        "level:else": {"nl": "anders", "en": "else"},
    }
)

# Jobs in the server (issue 13)
MESSAGES.update(
    {
        "jobs": {"nl": "Taken", "en": "Jobs"},
        "jobs_help": {
            "nl": "Inlezen, ontdubbelen en bewaartermijnen lopen in de server terwijl analisten"
            " doorwerken; één taak tegelijk.",
            "en": "Ingest, resolution and retention run inside the server while analysts keep"
            " working; one job at a time.",
        },
        "mapping_file": {
            "nl": "Mapping-bestand (op de server)",
            "en": "Mapping file (on the server)",
        },
        "start_ingest": {"nl": "Inlezen starten", "en": "Start ingest"},
        "job": {"nl": "Taak", "en": "Job"},
        "job_kind": {"nl": "Soort", "en": "Kind"},
        "job_state": {"nl": "Status", "en": "State"},
        "job_progress": {"nl": "Voortgang", "en": "Progress"},
        "job_started": {"nl": "Gestart", "en": "Started"},
        "job_finished": {"nl": "Klaar", "en": "Finished"},
        "job_result": {"nl": "Resultaat", "en": "Result"},
        "job_queued": {"nl": "in de wachtrij", "en": "queued"},
        "job_running": {"nl": "bezig", "en": "running"},
        "job_done": {"nl": "klaar", "en": "done"},
        "job_failed": {"nl": "mislukt", "en": "failed"},
        "stored": {"nl": "opgeslagen", "en": "stored"},
        "rejected": {"nl": "afgewezen", "en": "rejected"},
        "no_jobs": {"nl": "Nog geen taken.", "en": "No jobs yet."},
        "job_cancelled": {"nl": "geannuleerd", "en": "cancelled"},
        "job_cancelling": {"nl": "wordt gestopt", "en": "stopping"},
        "start_job": {"nl": "Taak starten", "en": "Start job"},
        "retry": {"nl": "Opnieuw", "en": "Again"},
        "dry_run": {"nl": "alleen tellen", "en": "count only"},
        "model_version_default": {"nl": "goedgekeurd model", "en": "approved model"},
        "kind_ingest": {"nl": "inlezen", "en": "ingest"},
        "kind_ingest_resume": {"nl": "inlezen afmaken", "en": "finish ingest"},
        "kind_resolve_train": {"nl": "model trainen", "en": "train model"},
        "kind_resolve_run": {"nl": "ontdubbelen", "en": "resolve entities"},
        "kind_resolve_objects": {"nl": "objecten groeperen", "en": "group objects"},
        "kind_retention": {"nl": "bewaartermijnen toepassen", "en": "apply retention terms"},
        "audit_rows": {"nl": "Logregels", "en": "Log rows"},
        "audit_any": {"nl": "alle", "en": "any"},
        "audit_since": {"nl": "Van", "en": "From"},
        "audit_until": {"nl": "Tot en met", "en": "Until"},
        "audit_filter": {"nl": "Filteren", "en": "Filter"},
        "audit_csv": {"nl": "CSV downloaden (wordt gelogd)", "en": "Download CSV (logged)"},
        "audit_no_rows": {"nl": "Geen logregels.", "en": "No log rows."},
        "audit_older": {"nl": "Oudere regels", "en": "Older rows"},
        "audit_newest": {"nl": "Nieuwste regels", "en": "Newest rows"},
        "users": {"nl": "Gebruikers", "en": "Users"},
        "display_name": {"nl": "Naam", "en": "Name"},
        "roles": {"nl": "Rollen", "en": "Roles"},
        "active": {"nl": "Actief", "en": "Active"},
        "yes": {"nl": "ja", "en": "yes"},
        "no": {"nl": "nee", "en": "no"},
        "save": {"nl": "Opslaan", "en": "Save"},
        "add_user": {"nl": "Gebruiker toevoegen", "en": "Add a user"},
        "admin_cases": {"nl": "Zaken en leden", "en": "Cases and members"},
        "add_member": {"nl": "Lid toevoegen", "en": "Add a member"},
        "member_role": {"nl": "Rol in de zaak", "en": "Role in the case"},
        "closed": {"nl": "gesloten", "en": "closed"},
        "art": {"nl": "art.", "en": "art."},
        "user_role_analyst": {"nl": "analist", "en": "analyst"},
        "user_role_case_lead": {"nl": "zaakleider", "en": "case lead"},
        "user_role_privacy_officer": {"nl": "privacyfunctionaris", "en": "privacy officer"},
        "user_role_auditor": {"nl": "auditor", "en": "auditor"},
        "user_role_supervisor": {"nl": "toezichthouder", "en": "supervisor"},
        "user_role_admin": {"nl": "beheerder", "en": "administrator"},
    }
)


# Administration in the workbench: sources, models, checkpoints (issue 13)
MESSAGES.update(
    {
        "sources": {"nl": "Bronnen en mappings", "en": "Sources and mappings"},
        "sources_help": {
            "nl": "Elke mapping die deze installatie kent: de bestanden in de mappingsmap en elke"
            " mapping waarmee ooit is ingelezen. Mappingsmap:",
            "en": "Every mapping this installation knows: the files in the mappings folder and"
            " every mapping a batch was ever ingested with. Folder:",
        },
        "source_format": {"nl": "Formaat", "en": "Format"},
        "last_batch": {"nl": "Laatste inleesronde", "en": "Newest batch"},
        "rows_read": {"nl": "gelezen", "en": "read"},
        "altered": {"nl": "gewijzigd", "en": "altered"},
        "unchanged": {"nl": "ongewijzigd", "en": "unchanged"},
        "from_batches": {"nl": "uit eerdere inleesrondes", "en": "from earlier batches"},
        "never_ingested": {"nl": "Nog nooit ingelezen.", "en": "Never ingested."},
        "no_sources": {
            "nl": "Nog geen mappings: leg ze in de mappingsmap of lees een bron in.",
            "en": "No mappings yet: put them in the mappings folder or ingest a source.",
        },
        "mapping_check": {"nl": "Controle van de mapping", "en": "Mapping check"},
        "mapping_valid": {
            "nl": "De mapping klopt met de kolommen van de bron.",
            "en": "The mapping fits the source's columns.",
        },
        "preview": {"nl": "Voorbeeld", "en": "Preview"},
        "preview_rows": {"nl": "Eerste rijen", "en": "First rows"},
        "preview_help": {
            "nl": "Zo leest de mapping de eerste rijen; niets wordt opgeslagen. Beheerders zien de"
            " vorm van elke waarde (letters x/X, cijfers 9), niet de waarde zelf; het voorbeeld"
            " wordt gelogd als raadpleging.",
            "en": "How the mapping reads the first rows; nothing is stored. Administrators see"
            " each value's shape (letters x/X, digits 9), not the value itself; the preview is"
            " logged as a consultation.",
        },
        "preview_statements": {"nl": "Wat de mapping ervan maakt", "en": "What the mapping makes"},
        "row": {"nl": "Rij", "en": "Row"},
        "reject_file": {"nl": "Bestand", "en": "File"},
        "reject_field": {"nl": "Veld", "en": "Field"},
        "reject_reason": {"nl": "Reden", "en": "Reason"},
        "rejects_more": {
            "nl": "Meer afwijzingen staan in het afwijzingsrapport van deze inleesronde.",
            "en": "More rejects are in this batch's rejects report.",
        },
        "models": {"nl": "Modellen en regels", "en": "Models and rules"},
        "models_help": {
            "nl": "Een getraind model of een regelset wordt pas gebruikt als een tweede persoon"
            " (een aangewezen goedkeurder die het niet zelf trainde) die versie goedkeurt.",
            "en": "A trained model or a rule set is used only after a second person (a designated"
            " approver who did not train it) approves that version.",
        },
        "person_models": {"nl": "Personenmodel", "en": "Person model"},
        "model_state": {"nl": "Status", "en": "State"},
        "model_in_use": {"nl": "in gebruik", "en": "in use"},
        "model_approved": {"nl": "goedgekeurd", "en": "approved"},
        "model_awaiting": {"nl": "wacht op goedkeuring", "en": "awaiting approval"},
        "trained_by": {"nl": "Getraind door", "en": "Trained by"},
        "model_figures": {"nl": "Trainingsgegevens", "en": "Training figures"},
        "last_run": {"nl": "Laatste run", "en": "Newest run"},
        "no_models": {"nl": "Nog geen getraind model.", "en": "No trained model yet."},
        "rule_set": {"nl": "Regelset voor objecten", "en": "Object rule set"},
        "rule": {"nl": "Regel", "en": "Rule"},
        "rule_reads": {
            "nl": "Wat de regel leest en vergelijkt",
            "en": "What the rule reads and joins on",
        },
        "verify_chain": {"nl": "Keten nu controleren", "en": "Verify the chain now"},
        "confirmed_through": {"nl": "ondertekend tot en met regel", "en": "signed through row"},
        "unconfirmed_rows": {
            "nl": "Regels zonder ondertekend controlepunt",
            "en": "Rows no signed checkpoint covers",
        },
        "checkpoints_unreadable": {"nl": "Onleesbare regels", "en": "Unreadable lines"},
        "kind_index_rebuild": {"nl": "zoekindex opnieuw bouwen", "en": "rebuild search index"},
    }
)


# -- accountability: access requests, the answer, the supervisor's report, the register entry ---
_ART27 = {
    "a": (
        "ter vermijding van belemmering van gerechtelijke onderzoeken of procedures",
        "to avoid obstructing official or legal inquiries or proceedings",
    ),
    "b": (
        "ter vermijding van nadelige gevolgen voor de voorkoming, opsporing, het onderzoek en de"
        " vervolging van strafbare feiten of de tenuitvoerlegging van straffen",
        "to avoid prejudicing the prevention, detection, investigation or prosecution of"
        " criminal offences or the execution of penalties",
    ),
    "c": ("ter bescherming van de openbare veiligheid", "to protect public security"),
    "d": (
        "ter bescherming van de rechten en vrijheden van derden",
        "to protect the rights and freedoms of third parties",
    ),
    "e": ("ter bescherming van de nationale veiligheid", "to protect national security"),
    "f": (
        "een kennelijk ongegrond of buitensporig verzoek (art. 24a lid 4 Wpg)",
        "a manifestly unfounded or excessive request (Wpg 24a(4))",
    ),
}
MESSAGES.update({f"art27_{k}": {"nl": nl, "en": en} for k, (nl, en) in _ART27.items()})
MESSAGES.update(
    {
        "access_requests": {"nl": "Inzageverzoeken", "en": "Access requests"},
        "access_requests_help": {
            "nl": "Verzoeken om kennisneming (art. 25 Wpg): antwoord binnen zes weken; één keer"
            " te verdagen met ten hoogste vier weken, of zes als de gegevens bij meerdere eenheden"
            " worden verwerkt.",
            "en": "Requests for access (Wpg 25): answer within six weeks; the answer may be"
            " postponed once by at most four weeks, or six when the data is processed at several"
            " units.",
        },
        "access_new": {"nl": "Inzageverzoek registreren", "en": "Register an access request"},
        "given_name": {"nl": "Voornaam", "en": "Given name"},
        "surname": {"nl": "Achternaam", "en": "Surname"},
        "birth_date": {"nl": "Geboortedatum", "en": "Birth date"},
        "bsn_optional": {"nl": "BSN (als bekend)", "en": "BSN (if known)"},
        "identity_check": {
            "nl": "Hoe is de identiteit vastgesteld",
            "en": "How the identity was checked",
        },
        "register": {"nl": "Registreren", "en": "Register the request"},
        "received_on": {"nl": "Ontvangen", "en": "Received"},
        "access_open_report": {"nl": "Rapport", "en": "Report"},
        "access_no_requests": {"nl": "Nog geen inzageverzoeken.", "en": "No access requests yet."},
        "status_open": {"nl": "open", "en": "open"},
        "status_answered": {"nl": "beantwoord", "en": "answered"},
        "status_refused": {"nl": "geweigerd", "en": "refused"},
        "status_limited": {"nl": "beperkt", "en": "limited"},
        "access_extend": {
            "nl": "Antwoord verdagen (art. 25 Wpg)",
            "en": "Postpone the answer (Wpg 25)",
        },
        "weeks": {"nl": "Weken", "en": "Weeks"},
        "access_several_units": {
            "nl": "Gegevens bij meerdere eenheden (tot zes weken)",
            "en": "Data at several units (up to six weeks)",
        },
        "access_extend_reason": {
            "nl": "Reden (wordt de verzoeker schriftelijk meegedeeld)",
            "en": "Reason (told to the requester in writing)",
        },
        "access_extend_button": {"nl": "Verdagen", "en": "Postpone"},
        "access_postponed": {"nl": "verdaagd tot", "en": "postponed until"},
        "access_close": {"nl": "Verzoek afhandelen", "en": "Close the request"},
        "access_outcome": {"nl": "Uitkomst", "en": "Outcome"},
        "access_close_button": {"nl": "Afhandelen", "en": "Close"},
        "access_withhold": {"nl": "Achterhouden (art. 27 Wpg)", "en": "Withhold (Wpg 27)"},
        "access_withhold_button": {"nl": "Achterhouden", "en": "Withhold"},
        "access_withheld": {"nl": "Achtergehouden", "en": "Withheld"},
        "no_ground": {"nl": "geen grond", "en": "no ground"},
        "access_pdf": {"nl": "Antwoord (PDF)", "en": "Answer (PDF)"},
        "access_provisions": {
            "nl": "Verstrekt aan ketenpartners",
            "en": "Provided to chain partners",
        },
        "access_answer_title": {
            "nl": "Antwoord op uw verzoek om kennisneming (art. 25 Wpg)",
            "en": "Answer to your request for access (Wpg 25)",
        },
        "access_answer_intro": {
            "nl": "Hieronder staan de politiegegevens over u die in de analyseomgeving worden"
            " verwerkt: per registratie het wetsartikel, de bewaartermijn, wie de registratie"
            " raadpleegde en in welke vergelijkingen zij voorkwam.",
            "en": "Below is the police data about you processed in the analysis environment: per"
            " registration the article of the law, the retention term, who consulted it and the"
            " comparisons it appeared in.",
        },
        "access_withheld_intro": {
            "nl": "Een achtergehouden registratie wordt genoemd met de grond; de inhoud wordt niet"
            " verstrekt (art. 27 lid 2 Wpg).",
            "en": "A withheld registration is named with its ground; its content is not provided"
            " (Wpg 27(2)).",
        },
        "access_third_party": {
            "nl": "gegevens van een ander: achtergehouden, art. 27 lid 1 onder d Wpg",
            "en": "another person's data: withheld, Wpg 27(1)(d)",
        },
        "made_on": {"nl": "Opgesteld op", "en": "Made on"},
        "first_processed": {"nl": "eerste verwerking", "en": "first processed"},
        "retention_term": {"nl": "Bewaartermijn", "en": "Retention term"},
        "term_search_until": {"nl": "vrij doorzoekbaar tot", "en": "free search until"},
        "term_analysis_until": {"nl": "in analyse tot", "en": "in analysis until"},
        "term_destroy_on": {"nl": "vernietigd op", "en": "destroyed on"},
        "term_while_case": {
            "nl": "zolang het onderzoek loopt; de termijnen gaan in bij de afsluiting",
            "en": "while the investigation runs; the terms start when it closes",
        },
        "stage_art14": {
            "nl": "in het archief van art. 14 Wpg (alleen voor verantwoording)",
            "en": "in the Wpg 14 store (accountability only)",
        },
        "stage_active": {"nl": "in analyse", "en": "in analysis"},
        "col_time": {"nl": "Tijdstip", "en": "Time"},
        "col_user": {"nl": "Gebruiker", "en": "User"},
        "col_action": {"nl": "Handeling", "en": "Action"},
        "col_service": {"nl": "Functie", "en": "Function"},
        "col_keys": {"nl": "Sleutels", "en": "Keys"},
        "col_organisation": {"nl": "Organisatie", "en": "Organisation"},
        "action_disclose": {"nl": "verstrekken", "en": "disclose"},
        "action_erase": {"nl": "vernietigen", "en": "erase"},
        "supervisor_report": {
            "nl": "Rapportage voor de toezichthouder",
            "en": "Supervisor's report",
        },
        "supervisor_help": {
            "nl": "Tellingen uit het logboek en de beheertabellen; geen zaakinhoud.",
            "en": "Counts from the audit log and the application tables; no case content.",
        },
        "sr_authorisations": {"nl": "Autorisatiematrix", "en": "Authorisation matrix"},
        "sr_usage": {"nl": "Gebruik per zaak", "en": "Usage per case"},
        "sr_retention": {"nl": "Naleving van de bewaartermijnen", "en": "Retention compliance"},
        "sr_tombstones": {"nl": "Grafstenen per stap", "en": "Tombstones per step"},
        "sr_log": {"nl": "Integriteit van het logboek", "en": "Log integrity"},
        "sr_notifications": {
            "nl": "Verstrekkingen en kennisgevingen aan ontvangers (art. 28 Wpg)",
            "en": "Provisions and notifications to recipients (Wpg 28)",
        },
        "roles": {"nl": "Rollen", "en": "Roles"},
        "active": {"nl": "actief", "en": "active"},
        "inactive": {"nl": "inactief", "en": "inactive"},
        "no_case": {"nl": "zonder zaak", "en": "no case"},
        "verified": {"nl": "keten klopt", "en": "chain verified"},
        "rows": {"nl": "regels", "en": "rows"},
        "fig_calls": {"nl": "aanroepen", "en": "calls"},
        "fig_searches": {"nl": "zoekvragen", "en": "searches"},
        "fig_entity_views": {"nl": "entiteiten bekeken", "en": "entity views"},
        "fig_comparisons": {"nl": "vergelijkingen", "en": "comparisons"},
        "fig_consent_requests": {"nl": "toestemmingsverzoeken", "en": "consent requests"},
        "fig_consents": {"nl": "toestemmingsbesluiten", "en": "consent decisions"},
        "fig_hit_details": {"nl": "hitdetails", "en": "hit details"},
        "fig_erasures": {"nl": "vernietigingen", "en": "erasures"},
        "fig_denials": {"nl": "weigeringen", "en": "denials"},
        "fig_past_analysis_term": {
            "nl": "registraties voorbij hun analysetermijn",
            "en": "registrations past their analysis term",
        },
        "fig_past_destruction_term": {
            "nl": "registraties voorbij hun vernietigingstermijn",
            "en": "registrations past their destruction term",
        },
        "fig_rewrites_owed": {
            "nl": "nog te herschrijven opslagbestanden",
            "en": "store file rewrites owed",
        },
        "fig_received": {"nl": "ontvangen", "en": "received"},
        "fig_open": {"nl": "open", "en": "open"},
        "fig_overdue": {"nl": "termijn verstreken", "en": "overdue"},
        "fig_answered_in_time": {"nl": "op tijd afgehandeld", "en": "closed in time"},
        "fig_refused_or_limited": {"nl": "geweigerd of beperkt", "en": "refused or limited"},
        "fig_destroyed": {"nl": "vernietigd", "en": "destroyed"},
        "fig_art14": {"nl": "naar het archief (art. 14)", "en": "to the store (art. 14)"},
        "fig_provisions": {"nl": "verstrekkingen", "en": "provisions"},
        "fig_notifications": {"nl": "kennisgevingen", "en": "notifications"},
        "algorithm_register": {"nl": "Algoritmeregister", "en": "Algorithm register"},
        "algorithm_register_help": {
            "nl": "Publicatie volgens de publicatiestandaard 1.0.0, gemaakt uit het goedgekeurde"
            " model en de regelset; verandert bij een nieuwe goedkeuring.",
            "en": "Entry in the publication standard 1.0.0, made from the approved model and the"
            " rule set; it changes with a new approval.",
        },
        "download_json": {"nl": "Downloaden (JSON)", "en": "Download (JSON)"},
        "ar_name": {"nl": "Naam", "en": "Name"},
        "ar_description_short": {"nl": "Korte omschrijving", "en": "Short description"},
        "ar_organization": {"nl": "Organisatie", "en": "Organisation"},
        "ar_status": {"nl": "Status", "en": "Status"},
        "ar_goal_and_impact": {"nl": "Doel en impact", "en": "Goal and impact"},
        "ar_proportionality": {"nl": "Afwegingen", "en": "Proportionality"},
        "ar_human_intervention": {"nl": "Menselijke tussenkomst", "en": "Human intervention"},
        "ar_risk_management": {"nl": "Risicobeheer", "en": "Risk management"},
        "ar_legal_basis": {"nl": "Wettelijke basis", "en": "Legal basis"},
        "ar_legal_basis_links": {"nl": "Verwijzingen naar de wet", "en": "Links to the law"},
        "ar_source_data": {"nl": "Gegevensbronnen", "en": "Data sources"},
        "ar_technical_operation": {"nl": "Werking", "en": "Technical operation"},
        "ar_self_learning": {"nl": "Zelflerend", "en": "Self-learning"},
        "ar_model_version": {"nl": "Modelversie", "en": "Model version"},
        "ar_rules_version": {"nl": "Versie van de regelset", "en": "Rule set version"},
        "ar_provider": {"nl": "Leverancier", "en": "Provider"},
        "ar_source_code": {"nl": "Broncode", "en": "Source code"},
        "ar_software_version": {"nl": "Softwareversie", "en": "Software version"},
        "ar_language": {"nl": "Taal", "en": "Language"},
        "ar_standard_version": {"nl": "Versie van de standaard", "en": "Standard version"},
        "userrole_analyst": {"nl": "analist", "en": "analyst"},
        "userrole_case_lead": {"nl": "zaakleider", "en": "case lead"},
        "userrole_privacy_officer": {
            "nl": "functionaris gegevensbescherming",
            "en": "privacy officer",
        },
        "userrole_auditor": {"nl": "auditor", "en": "auditor"},
        "userrole_supervisor": {"nl": "toezichthouder", "en": "supervisor"},
        "userrole_admin": {"nl": "beheerder", "en": "administrator"},
        "covert_allowed": {
            "nl": "Heimelijk verkregen gegevens toegestaan",
            "en": "Covert-measure data allowed",
        },
        "covert_none": {
            "nl": "geen: heimelijk verkregen gegevens blijven buiten deze zaak",
            "en": "none: covert-measure data stays out of this case",
        },
        "covert_interception": {"nl": "tap", "en": "interception"},
        "covert_observation": {"nl": "observatie", "en": "observation"},
        "covert_undercover": {"nl": "infiltratie", "en": "undercover"},
        "covert_informant": {"nl": "informant", "en": "informant"},
        "sr_thresholds": {
            "nl": "Drempels per zaak (heimelijke middelen)",
            "en": "Thresholds per case (covert measures)",
        },
        "closed": {"nl": "gesloten", "en": "closed"},
        "yes": {"nl": "ja", "en": "yes"},
        "no": {"nl": "nee", "en": "no"},
        "notifications": {
            "nl": "Kennisgevingen aan de ontvanger (art. 28 Wpg)",
            "en": "Notifications to the recipient (Wpg 28)",
        },
        "notify_rectified": {"nl": "gerectificeerd", "en": "rectified"},
        "notify_destroyed": {"nl": "vernietigd", "en": "destroyed"},
        "notify_items": {
            "nl": "betreft de verstrekte gegevens",
            "en": "concerns the items provided",
        },
    }
)


def translate(key: str, lang: str) -> str:
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["en"]


def translate_value(prefix: str, value: str, lang: str) -> str:
    """A code shown to users (a role, an action, an outcome) in `lang`; unknown codes as they are."""
    key = f"{prefix}_{value}"
    return translate(key, lang) if key in MESSAGES else value


def type_label(schema: str, lang: str) -> str:
    """An object type's label from the ontology (Person -> Persoon)."""
    obj = ontology().objects.get(schema)
    return obj.label.get(lang, schema) if obj else schema


def prop_label(prop: str, lang: str, schema: str | None = None) -> str:
    """A property's label from the ontology (givenName -> Voornamen); a link type's otherwise."""
    model = ontology()
    candidates = [model.objects[schema]] if schema in model.objects else []
    candidates += list(model.objects.values())
    for obj in candidates:
        p = obj.properties.get(prop)
        if p is not None:
            return p.label.get(lang, prop)
    return link_label(prop, lang)


def link_label(link_type: str, lang: str) -> str:
    """A link type's label from the ontology (involvedIn -> betrokken bij)."""
    lt = ontology().links.get(link_type)
    return lt.label.get(lang, link_type) if lt else link_type


def error_message(exc: Exception, lang: str) -> str:
    """What went wrong, for a user reading `lang`: the catalogue's text for the error's kind.

    Services word their errors in English with the article they rest on; an English reader gets
    that precise text, a Dutch reader the catalogue's text for the nearest kind of error."""
    status = getattr(exc, "status", 500)
    if status >= 500:
        return translate("error_server", lang)
    if lang == "en":
        return str(exc)
    key = getattr(exc, "message_key", None)  # set where the page itself found the error
    if key in MESSAGES:
        return translate(key, lang)
    for cls in type(exc).__mro__:
        key = f"error_{cls.__name__}"
        if key in MESSAGES:
            return translate(key, lang)
    return translate("error_generic", lang)


def agreement_text(comparison: str, verdict: str, label: str, lang: str) -> str:
    """One field's agreement in words: 'zelfde geboortedatum', 'andere voornaam', or for a
    looser level 'achternaam: zelfde Nederlandse klank' (the model's level label translated)."""
    if verdict in ("same", "different") and f"{verdict}_{comparison}" in MESSAGES:
        return translate(f"{verdict}_{comparison}", lang)
    name = translate(f"cmp_{comparison}", lang) if f"cmp_{comparison}" in MESSAGES else comparison
    level = f"level:{label}"
    return f"{name}: {translate(level, lang) if level in MESSAGES else label}"
