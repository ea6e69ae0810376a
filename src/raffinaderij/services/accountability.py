"""The system accounts for itself (LAW-16): the supervisor's report, recomputed from the audit
log and the application tables, with no case content; and the Algorithm Register entry,
generated from the approved matching model and the comparison rule set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from raffinaderij import __version__
from raffinaderij.audit.log import verify
from raffinaderij.errors import Denied
from raffinaderij.guard.session import Guard
from raffinaderij.retention import Terms
from raffinaderij.retention.job import overdue
from raffinaderij.search.keys import KEY_TYPES, RULES_VERSION
from raffinaderij.services.registry import service
from raffinaderij.services.signals import Notification, notifications

__all__ = [
    "REGISTER_LIMITS",
    "SupervisorReport",
    "algorithm_register_entry",
    "supervisor_report",
    "supervisor_report_disclose",
]

_READERS = ("supervisor", "auditor", "privacy_officer")
#: What the report counts per case, by service name in the audit log.
USAGE = {
    "searches": ("search",),
    "entity_views": ("entity_view",),
    "comparisons": ("compare",),
    "consent_requests": ("request_consent",),
    "consents": ("consent", "refuse_consent"),
    "hit_details": ("hit_details",),
    "erasures": ("retention_run", "registration_destroy"),
}


@dataclass(frozen=True)
class SupervisorReport:
    made_at: datetime
    authorisations: list[dict[str, Any]]  # user, roles, level, active, cases (id: role)
    usage: dict[str, dict[str, int]]  # case ('-' for none) -> figure -> count
    retention: dict[str, int]
    tombstones: dict[str, int]
    access_requests: dict[str, int]
    log: dict[str, Any]
    provisions: dict[str, int]  # provisions made, Wpg 28 notifications owed to recipients
    notifications: list[Notification]  # which recipients, of which provision, and why
    #: per case (BVerfG): basis, the legal threshold, the covert-measure tags it may see, closed
    thresholds: list[dict[str, Any]]


@service("supervisor_report", action="consult", needs_case=False, roles=_READERS)
def supervisor_report(guard: Guard) -> SupervisorReport:
    """The supervisor's report: authorisation matrix, usage per case, retention compliance,
    access requests, provisions and notifications, the covert-measure thresholds per case and
    log integrity. Counts and legal grounds only; no case content."""
    return _supervisor_report(guard)


@service("supervisor_report_disclose", action="disclose", needs_case=False, roles=_READERS)
def supervisor_report_disclose(guard: Guard) -> SupervisorReport:
    """The supervisor's report for a download (PDF): the same figures, and a `disclose` row
    naming who took it out of the workbench."""
    report = _supervisor_report(guard)
    guard.note(made_at=report.made_at.isoformat(), log_rows=report.log["rows"])
    return report


def _supervisor_report(guard: Guard) -> SupervisorReport:
    store = guard.store
    members: dict[str, dict[str, str]] = {}
    for case_id, username, role in store.query(
        "SELECT case_id, username, role FROM case_members ORDER BY ALL"
    ):
        members.setdefault(username, {})[case_id] = role
    authorisations = [
        {
            "username": u,
            "roles": sorted(roles),
            "level": level,
            "active": active,
            "cases": members.get(u, {}),
        }
        for u, roles, level, active in store.query(
            "SELECT username, roles, level, active FROM users ORDER BY username"
        )
    ]
    usage: dict[str, dict[str, int]] = {}
    for case_id, svc, outcome, n in store.query(
        "SELECT coalesce(case_id, '-'), service, outcome, count(*) FROM audit_log GROUP BY ALL"
    ):
        figures = usage.setdefault(case_id, {k: 0 for k in (*USAGE, "denials", "calls")})
        figures["calls"] += n
        if outcome == "denied":
            figures["denials"] += n
        elif outcome == "ok":
            for figure, services in USAGE.items():
                if svc in services:
                    figures[figure] += n
    stones = dict(store.query("SELECT step, count(*) FROM tombstones GROUP BY step"))
    now = guard.now()
    requests = store.query(
        """SELECT count(*), count(*) FILTER (WHERE status = 'open'),
                  count(*) FILTER (WHERE status = 'open'
                                   AND coalesce(extended_until, deadline) < CAST($now AS DATE)),
                  count(*) FILTER (WHERE status <> 'open'
                                   AND CAST(closed_at AS DATE) <= coalesce(extended_until, deadline)),
                  count(*) FILTER (WHERE status IN ('refused', 'limited'))
           FROM access_requests""",
        {"now": now},
    )[0]
    check = verify(store)
    provided = store.query(
        "SELECT (SELECT count(*) FROM provisions), (SELECT count(*) FROM provision_notifications)"
    )[0]
    return SupervisorReport(
        now,
        authorisations,
        dict(sorted(usage.items())),
        overdue(store, Terms(guard.policy.bases, now)),
        {str(k): int(v) for k, v in stones.items()},
        dict(
            zip(
                ("received", "open", "overdue", "answered_in_time", "refused_or_limited"),
                (int(x) for x in requests),
                strict=True,
            )
        ),
        {"verified": check.ok, "rows": check.rows, "reason": check.reason},
        {"provisions": int(provided[0]), "notifications": int(provided[1])},
        notifications(store),
        [
            dict(zip(("case_id", "basis", "threshold", "covert_allowed", "closed"), r, strict=True))
            for r in store.query(
                "SELECT case_id, basis, threshold, list_sort(covert_allowed),"
                " closed_at IS NOT NULL FROM cases ORDER BY case_id"
            )
        ],
    )


#: The comparison keys as the (Dutch) entry names them.
_KEY_NAMES_NL = {
    "bsn": "BSN",
    "name_dob": "achternaam + geboortedatum",
    "initial_year": "voorletter + achternaam + geboortejaar",
    "plate": "kenteken",
    "phone": "telefoonnummer",
    "address": "postcode + huisnummer",
}

#: Length limits of the Algorithm Register publication standard's text fields (characters).
REGISTER_LIMITS = {
    "name": 100,
    "description_short": 350,
    "organization": 100,
    "goal_and_impact": 2500,
    "proportionality": 2500,
    "human_intervention": 2500,
    "risk_management": 2500,
    "legal_basis": 2500,
    "source_data": 2500,
    "technical_operation": 2500,
}


@service("algorithm_register_entry", action="consult", needs_case=False, roles=_READERS)
def algorithm_register_entry(guard: Guard, *, organization: str = "Politie") -> dict[str, Any]:
    """The Algorithm Register entry (publication standard 1.0.0 fields) for the approved
    matching model and the comparison rule set; it changes when a new model is approved."""
    rows = guard.store.query(
        "SELECT version, created_by, created_at, approved_by, approved_at FROM resolve_models"
        " WHERE approved_by IS NOT NULL ORDER BY approved_at DESC, version DESC LIMIT 1"
    )
    if not rows:
        raise Denied("no approved matching model yet: the entry describes the approved one")
    version, created_by, created_at, approved_by, approved_at = rows[0]
    entry: dict[str, Any] = {
        "name": "Vergelijken en koppelen van politieregistraties (Raffinaderij)",
        "description_short": (
            "Analisten vergelijken binnen een zaak personen en objecten met eerder rechtmatig"
            " verwerkte politiegegevens. Het systeem meldt alleen dat er een verband bestaat;"
            " details opent pas een tweede functionaris. Registraties van dezelfde persoon"
            " worden met een goedgekeurd model samengevoegd."
        ),
        "organization": organization,
        "status": "In gebruik",
        "goal_and_impact": (
            "Doel: geautomatiseerd vergelijken van politiegegevens (art. 11 Wpg) binnen een"
            " vastgelegd onderzoek (art. 9) of thema (art. 10), zodat verbanden tussen"
            " registraties zichtbaar worden. Impact: een treffer kan leiden tot verdere"
            " opsporing; daarom toont een treffer alleen 'verband bestaat' en de overeenkomende"
            " sleutels, en opent de inhoud pas na toestemming van een zaakleider."
        ),
        "proportionality": (
            "Alleen gegevens binnen de bewaartermijnen en het autorisatieniveau van de gebruiker;"
            " vertrouwelijke en heimelijk verkregen gegevens zijn uitgesloten tenzij de zaak dat"
            " toestaat; gecombineerde verwerking (art. 11 lid 4) vereist een bevel. Termijnen"
            " worden gehandhaafd door een bewaartermijnentaak die gegevens vernietigt."
        ),
        "human_intervention": (
            "Geen besluit wordt geautomatiseerd genomen. Een treffer is een aanwijzing die een"
            " analist beoordeelt; inzage in details vereist toestemming van een tweede persoon."
            " Analisten kunnen koppelingen bevestigen of splitsen; die beslissingen blijven"
            " bewaard en gaan voor het model."
        ),
        "risk_management": (
            "Risico's: onterechte koppeling (tweelingen, naamgenoten, huisgenoten) en"
            " onterechte treffers. Maatregelen: Nederlandse normalisatie en huishoudregels,"
            " nooit twee geldige BSN's in één entiteit, uitleg per koppeling, vier-ogen bij"
            " modelgoedkeuring en inzage, volledige logging met hash-keten."
        ),
        "legal_basis": (
            "Wet politiegegevens art. 8, 9, 10, 11 en 13 (https://wetten.overheid.nl/BWBR0022463);"
            " Besluit politiegegevens art. 2:11 (https://wetten.overheid.nl/BWBR0023086)."
        ),
        "legal_basis_links": [
            "https://wetten.overheid.nl/BWBR0022463",
            "https://wetten.overheid.nl/BWBR0023086",
        ],
        "source_data": (
            "Politieregistraties verwerkt onder art. 8, 9, 10 en 13 Wpg, met per waarde de"
            " registratie, grondslag, datum eerste verwerking, niveau, betrouwbaarheid en"
            " rol van de betrokkene. Geen bijzondere persoonsgegevens als sleutel."
        ),
        "technical_operation": (
            f"Vergelijken: deterministische sleutels (regelset {RULES_VERSION}:"
            f" {', '.join(_KEY_NAMES_NL.get(k, k) for k in KEY_TYPES)}). Samenvoegen van registraties van dezelfde persoon:"
            f" probabilistisch model (Fellegi-Sunter, Splink) versie {version}, getraind op"
            f" {created_at:%Y-%m-%d} door {created_by}, goedgekeurd op {approved_at:%Y-%m-%d}"
            f" door {approved_by} (een tweede persoon). Het model leert niet tijdens gebruik:"
            " het is een vaste, geversioneerde parameterset; een nieuwe versie vereist nieuwe"
            " training en nieuwe goedkeuring. Dezelfde invoer geeft dezelfde uitkomst."
        ),
        "self_learning": False,
        "model_version": version,
        "rules_version": RULES_VERSION,
        "provider": "Raffinaderij (open source), eigen beheer",
        "source_code": "https://github.com/raffinaderij/raffinaderij",
        "software_version": __version__,
        "language": "nl",
        "standard_version": "1.0.0",
    }
    too_long = [k for k, n in REGISTER_LIMITS.items() if len(entry[k]) >= n]
    if too_long:  # the standard caps these fields; never publish a truncated one
        raise ValueError(f"register entry fields over their length limit: {too_long}")
    guard.note(model_version=version)
    return entry
