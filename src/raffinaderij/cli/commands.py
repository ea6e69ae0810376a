"""The command registry: every `raff` command as data — its words, handler, help and options.

Handlers are named as `module:function` and imported only when their command runs, so building
the parser (for `--help`, usage errors, "did you mean") imports nothing heavy. Tests walk this
table: every command has a working `--help` and accepts `--json`.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = ["COMMANDS", "DEFAULT_SUBCOMMAND", "GROUPS", "Arg", "Command", "arg"]


@dataclass(frozen=True)
class Arg:
    flags: tuple[str, ...]
    options: dict[str, Any]


def arg(*flags: str, **options: Any) -> Arg:
    """One argparse argument, declared as data."""
    return Arg(flags, options)


@dataclass(frozen=True)
class Command:
    path: str  # the words after `raff`: "resolve train"
    handler: str  # "raffinaderij.cli.resolve:train"
    help: str
    args: tuple[Arg, ...] = ()
    in_case: bool = False  # takes --case and --purpose
    render: str | None = None  # "module:function(result, console)" for human output
    words: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", tuple(self.path.split()))


GROUPS: dict[str, str] = {
    "demo": "the synthetic demo: set up and serve, or only write source files",
    "user": "local accounts",
    "case": "art. 9 cases and art. 10 themes, their members and orders",
    "audit": "the hash-chained audit log and its signed checkpoints",
    "ingest": "bring sources in through their mappings",
    "mapping": "source mappings: check, the installation's list, one source, a preview",
    "index": "the derived full-text index",
    "resolve": "entity resolution: models, runs, review",
    "rules": "the rule set that groups objects (vehicles, phones, addresses, ...)",
    "compare": "automated comparison (Wpg 11): run, list, show",
    "consent": "consent for hit details (Wpg 11, four eyes)",
    "hit": "a comparison hit's details and the entities behind it, after consent",
    "retention": "terms of the Wpg: analysis term, art. 14 store, destruction",
    "registration": "one registration on request (Wpg 28): block, rectify, destroy",
    "access": "data subjects' access requests (Wpg 25)",
    "graph": "the case's network: neighbours, paths, centrality, communities",
    "chart": "saved link charts of the case, re-run under your own access; GraphML/GEXF",
    "product": "information products: draft, cite, review, issue, PDF",
    "recipient": "chain partners signals may go to",
    "signal": "signals to chain partners, from an issued product",
    "job": "jobs the running server does one at a time: ingest, resolution, retention",
    "report": "accountability: the supervisor's report, the algorithm-register entry",
}

#: A group's command when none is named: `raff compare --subjects F` is `raff compare run ...`,
#: `raff ingest MAPPING` is `raff ingest run MAPPING`.
DEFAULT_SUBCOMMAND: dict[str, str] = {"compare": "run", "demo": "run", "ingest": "run"}

_SOURCE = arg("source", help="a source id (src-...) or the path of a known mapping file")
_MODEL_VERSION = arg(
    "--version", dest="model_version", default=None, help="model version (default: approved)"
)
# The old `resolve-approve V` / `rules-approve V` took the version as a word; still accepted.
_OLD_VERSION = arg("old_version", nargs="?", default=None, help=argparse.SUPPRESS)
_LIMIT = arg("--limit", type=int, default=50, help="at most this many rows")
_REASON = arg("--reason", required=True, help="why (recorded in the audit log)")
_OUT_PDF = arg("--out", required=True, help="the PDF file to write")
_LANG = arg("--lang", choices=("nl", "en"), default="nl", help="language of the PDF")
_LINK_TYPE = arg(
    "--link-type",
    dest="link_types",
    action="append",
    default=None,
    help="only links of this type (repeatable; default: every type)",
)
_PRODUCT = arg("product_id")
_SIGNAL = arg("signal_id")
_JOB = arg("job_id")
_P = "raffinaderij.cli.products:"
_G = "raffinaderij.cli.graph:"

COMMANDS: tuple[Command, ...] = (
    Command(
        "init",
        "raffinaderij.cli.accounts:init",
        "first run: create the store, copy the policy file, create the first administrator",
        (
            arg("--admin", default="admin", help="user name of the first administrator"),
            arg("--name", default=None, help="display name (default: the user name)"),
            arg("--level", type=int, default=4, help="authorisation level 1..4 (default 4)"),
        ),
    ),
    Command(
        "serve",
        "raffinaderij.cli.serve:cmd_serve",
        "serve the workbench (default http://127.0.0.1:8000; RAFF_HOST, RAFF_PORT)",
        (arg("--host", default=None), arg("--port", type=int, default=None)),
    ),
    Command(
        "demo run",
        "raffinaderij.cli.demo:cmd_demo",
        "set up the synthetic demo once (kept on later runs) and serve it",
        (
            arg("--out", default=None, help="demo folder (default: RAFF_DATA_DIR, else var)"),
            arg("--persons", type=int, default=2000),
            arg("--seed", type=int, default=1),
            arg("--host", default=None, help="default: RAFF_HOST"),
            arg("--port", type=int, default=None, help="default: RAFF_PORT"),
            arg("--reset", action="store_true", help="wipe the demo folder and build it anew"),
            arg("--no-serve", action="store_true", help="set up only"),
        ),
    ),
    Command(
        "demo generate",
        "raffinaderij.cli.demo:cmd_demo_generate",
        "write synthetic source files with ground truth",
        (
            arg("--out", required=True),
            arg("--persons", type=int, default=1000),
            arg("--seed", type=int, default=1),
        ),
    ),
    Command(
        "user add",
        "raffinaderij.cli.accounts:user_add",
        "create or replace a local account (admin)",
        (
            arg("username"),
            arg("--name"),
            arg(
                "--roles",
                required=True,
                help="comma-separated: analyst,case_lead,privacy_officer,auditor,supervisor,admin",
            ),
            arg("--level", type=int, required=True, help="authorisation level 1..4"),
            arg("--password", help="prefer RAFF_NEW_PASSWORD: arguments show in the process list"),
        ),
    ),
    Command(
        "user list",
        "raffinaderij.cli.accounts:user_list",
        "every local account with its roles, level and whether it is active (admin)",
    ),
    Command(
        "user access",
        "raffinaderij.cli.accounts:user_access",
        "change a user's roles and level, or deactivate the account (admin)",
        (
            arg("username"),
            arg("--roles", required=True, help="comma-separated, as for user add"),
            arg("--level", type=int, required=True, help="authorisation level 1..4"),
            arg("--inactive", action="store_true", help="deactivate the account"),
        ),
    ),
    Command(
        "case add",
        "raffinaderij.cli.accounts:case_add",
        "open an art. 9 case or art. 10 theme (case lead, admin)",
        (
            arg("case_id"),
            arg("--title", required=True),
            arg("--basis", type=int, choices=(9, 10), required=True),
            arg("--case-purpose", dest="case_purpose"),
            arg("--threshold"),
            arg("--facts"),
            arg("--lead"),
        ),
    ),
    Command(
        "case member",
        "raffinaderij.cli.accounts:case_member",
        "add a member to a case (its lead, admin)",
        (
            arg("case_id"),
            arg("username"),
            arg("--role", default="analyst", choices=("analyst", "lead")),
        ),
    ),
    Command(
        "case order",
        "raffinaderij.cli.accounts:case_order",
        "record an order allowing combined comparison in a case's register (its lead)",
        (
            arg("case_id"),
            arg("--reference", required=True, help="the order's own reference"),
            arg("--issued-by", dest="issued_by", required=True, help="competent authority"),
            arg("--issued-on", dest="issued_on", type=date.fromisoformat, required=True),
            arg("--valid-until", dest="valid_until", type=date.fromisoformat, default=None),
            arg("--scope", required=True, help="what the order allows, in its own words"),
        ),
    ),
    Command(
        "case list",
        "raffinaderij.cli.accounts:case_list",
        "the cases and themes you are a member of",
    ),
    Command(
        "case all",
        "raffinaderij.cli.accounts:case_all",
        "every case and theme with its members (admin)",
    ),
    Command(
        "search",
        "raffinaderij.cli.read:search",
        "search within a case",
        (arg("query"), arg("--limit", type=int, default=20, help="at most this many entities")),
        in_case=True,
        render="raffinaderij.cli.read:render_search",
    ),
    Command(
        "entity",
        "raffinaderij.cli.read:entity",
        "show one entity with provenance per value",
        (arg("entity_id"),),
        in_case=True,
        render="raffinaderij.cli.read:render_entity",
    ),
    Command(
        "audit verify",
        "raffinaderij.cli.audit:verify",
        "recompute the audit hash chain against the signed checkpoints; non-zero exit names"
        " what was found",
    ),
    Command(
        "audit seal",
        "raffinaderij.cli.audit:seal",
        "sign checkpoints for rows none covers yet, when nothing else is wrong (privacy officer)",
    ),
    Command(
        "audit reanchor",
        "raffinaderij.cli.audit:reanchor",
        "redact query fields of one audit row that hold a secret, verifiably (privacy officer)",
        (
            arg("seq", type=int, help="the audit row"),
            arg("--fields", required=True, help="comma-separated query fields, e.g. password"),
            _REASON,
        ),
    ),
    Command(
        "audit show",
        "raffinaderij.cli.audit:show",
        "show the newest audit rows (privacy officer, auditor, supervisor)",
        (_LIMIT,),
    ),
    Command(
        "ingest run",
        "raffinaderij.cli.ingest:cmd_ingest",
        "ingest a source through its mapping (admin); a running server does it as a job",
        (arg("mapping"),),
    ),
    Command(
        "ingest resume",
        "raffinaderij.cli.ingest:cmd_ingest_resume",
        "finish what crashed batches still owe: rejects report, linking (admin)",
    ),
    Command(
        "mapping check",
        "raffinaderij.cli.ingest:cmd_mapping_check",
        "validate a mapping file",
        (arg("mapping"),),
    ),
    Command(
        "mapping list",
        "raffinaderij.cli.sources:list_",
        "every mapping the installation knows (RAFF_MAPPINGS folder, earlier batches) (admin)",
    ),
    Command(
        "mapping show",
        "raffinaderij.cli.sources:show",
        "one source: its mapping checked against the source, its newest batch's rejects (admin)",
        (_SOURCE,),
    ),
    Command(
        "mapping preview",
        "raffinaderij.cli.sources:preview",
        "the first rows as the mapping reads them, as value shapes; nothing is stored (admin)",
        (_SOURCE, arg("--rows", type=int, default=10, help="how many rows (1-50)")),
    ),
    Command(
        "index rebuild",
        "raffinaderij.cli.sources:rebuild_index",
        "rebuild the full-text index from the statements (admin); a running server does it as"
        " a job",
    ),
    Command(
        "audit checkpoints",
        "raffinaderij.cli.audit:checkpoints",
        "the newest signed checkpoints and their folder (audit readers, administrator)",
        (arg("--limit", type=int, default=20),),
    ),
    Command(
        "resolve train",
        "raffinaderij.cli.resolve:train",
        "estimate a matching model (admin); unusable until approved",
        (arg("--seed", type=int, default=42),),
    ),
    Command(
        "resolve approve",
        "raffinaderij.cli.resolve:approve",
        "approve a model version: a case lead who did not train it",
        (
            arg("--version", dest="model_version", default=None, help="the model version"),
            _OLD_VERSION,
        ),
    ),
    Command(
        "resolve run",
        "raffinaderij.cli.resolve:run",
        "predict and cluster with the approved model (admin)",
        (_MODEL_VERSION,),
    ),
    Command(
        "resolve models",
        "raffinaderij.cli.resolve:models",
        "list model versions and approvals",
    ),
    Command(
        "resolve review",
        "raffinaderij.cli.resolve:review",
        "confirm or split two records (append-only)",
        (
            arg("left"),
            arg("right"),
            arg("decision", choices=("confirm", "split")),
            _REASON,
        ),
        in_case=True,
    ),
    Command(
        "resolve explain",
        "raffinaderij.cli.resolve:explain",
        "why two records were (not) linked",
        (arg("left"), arg("right")),
        in_case=True,
    ),
    Command(
        "resolve export",
        "raffinaderij.cli.resolve:export",
        "write the clustering as Parquet or CSV (admin)",
        (
            arg("--out", required=True),
            arg(
                "--pairs",
                action="store_true",
                help="also write the scored pairs, with an explanation per field, beside --out",
            ),
        ),
    ),
    Command(
        "resolve objects",
        "raffinaderij.cli.resolve:objects",
        "group vehicles, phones, addresses, organisations, accounts, documents by rule (admin)",
    ),
    Command(
        "rules approve",
        "raffinaderij.cli.resolve:approve_rules",
        "approve the object rule set version (a model approver)",
        (
            arg("--version", dest="rules_version", default=None, help="the rule set version"),
            _OLD_VERSION,
        ),
    ),
    Command(
        "compare run",
        "raffinaderij.cli.compare:run",
        "compare a CSV/Excel file of subjects with the police data (Wpg 11)",
        (
            arg("--subjects", required=True, help="CSV or Excel with Dutch or English headers"),
            arg(
                "--order-reference",
                dest="order_reference",
                default=None,
                help="reference of an order in force in the case's register (recorded by a case"
                " lead): reach other cases' data too (Wpg 11(4))",
            ),
        ),
        in_case=True,
        render="raffinaderij.cli.compare:render_comparison",
    ),
    Command(
        "compare list",
        "raffinaderij.cli.compare:list_",
        "the case's comparisons",
        (_LIMIT,),
        in_case=True,
    ),
    Command(
        "compare show",
        "raffinaderij.cli.compare:show",
        "one comparison's outcome per subject",
        (arg("comparison_id"),),
        in_case=True,
        render="raffinaderij.cli.compare:render_comparison",
    ),
    Command(
        "consent request",
        "raffinaderij.cli.compare:consent_request",
        "ask a lead of the case to open a hit's details",
        (arg("hit_id"), _REASON),
        in_case=True,
    ),
    Command(
        "consent grant",
        "raffinaderij.cli.compare:consent_grant",
        "open a hit's details (a lead who did not run the comparison)",
        (arg("hit_id"), _REASON),
        in_case=True,
    ),
    Command(
        "consent refuse",
        "raffinaderij.cli.compare:consent_refuse",
        "refuse to open a hit's details",
        (arg("hit_id"), _REASON),
        in_case=True,
    ),
    Command(
        "consent inbox",
        "raffinaderij.cli.compare:consent_inbox",
        "requests waiting for your consent",
        in_case=True,
    ),
    Command(
        "hit show",
        "raffinaderij.cli.compare:hit",
        "a hit's details, once a lead consented",
        (arg("hit_id"),),
        in_case=True,
    ),
    Command(
        "hit entity",
        "raffinaderij.cli.compare:hit_entity",
        "an entity behind a consented hit, whole, with provenance per value",
        (arg("hit_id"), arg("entity_id")),
        in_case=True,
        render="raffinaderij.cli.read:render_entity",
    ),
    Command(
        "retention run",
        "raffinaderij.cli.retention:run",
        "move data past its analysis term to the art. 14 store, destroy data past its end"
        " (admin, privacy officer); RAFF_TODAY moves the clock",
        (arg("--dry-run", action="store_true", help="count what is due, change nothing"),),
    ),
    Command(
        "registration block",
        "raffinaderij.cli.retention:block",
        "block a registration: kept, excluded from analysis (privacy officer, Wpg 28)",
        (
            arg("reg_key"),
            _REASON,
            arg("--lift", action="store_true", help="lift the block instead"),
        ),
    ),
    Command(
        "registration rectify",
        "raffinaderij.cli.retention:rectify",
        "replace a wrong value in a registration (privacy officer, Wpg 28)",
        (
            arg("reg_key"),
            arg("--entity-key", dest="entity_key", required=True),
            arg("--prop", required=True),
            arg("--value", required=True),
            _REASON,
        ),
    ),
    Command(
        "registration destroy",
        "raffinaderij.cli.retention:destroy",
        "destroy a registration now; the next retention run rewrites the store file (Wpg 28)",
        (arg("reg_key"), _REASON),
    ),
    Command(
        "access register",
        "raffinaderij.cli.retention:access_register",
        "register a data subject's access request; the answer is due in six weeks (Wpg 25)",
        (
            arg("--given-name", dest="given_name", required=True),
            arg("--surname", required=True),
            arg("--birth-date", dest="birth_date", type=date.fromisoformat, required=True),
            arg(
                "--identity-check",
                dest="identity_check",
                required=True,
                help="how the identity was checked (document type and number, desk visit)",
            ),
            arg("--bsn", default=None),
        ),
    ),
    Command(
        "access list",
        "raffinaderij.cli.retention:access_list",
        "the access requests, open ones first by deadline (privacy officer)",
        (_LIMIT,),
    ),
    Command(
        "access report",
        "raffinaderij.cli.retention:access_report",
        "everything held about the person of an access request (privacy officer)",
        (arg("request_id"),),
    ),
    Command(
        "access close",
        "raffinaderij.cli.retention:access_close",
        "record the answer: answered, or refused / limited on a ground of Wpg 27(1)",
        (
            arg("request_id"),
            arg("--outcome", required=True, choices=("answered", "refused", "limited")),
            arg("--ground", dest="art27_ground", default=None, help="the Wpg 27(1) ground"),
        ),
    ),
    Command(
        "access extend",
        "raffinaderij.cli.retention:access_extend",
        "postpone the answer once, before the deadline, by at most 4 weeks (6: several units)",
        (
            arg("request_id"),
            arg("--weeks", type=int, required=True),
            _REASON,
            arg("--several-units", dest="several_units", action="store_true"),
        ),
    ),
    Command(
        "access withhold",
        "raffinaderij.cli.retention:access_withhold",
        "withhold one registration from the answer on a ground of Wpg 27(1)",
        (arg("request_id"), arg("reg_key"), arg("--ground", required=True), _REASON),
    ),
    Command(
        "access pdf",
        "raffinaderij.cli.retention:access_pdf",
        "write the answer to the requester as PDF (logged: disclose)",
        (arg("request_id"), _OUT_PDF, _LANG),
    ),
    Command(
        "report supervisor",
        "raffinaderij.cli.retention:supervisor_report",
        "the supervisor's report: use, comparisons, consents, provisions, terms, thresholds",
        (
            arg("--pdf", metavar="FILE", help="write it as PDF to FILE (logged: disclose)"),
            _LANG,
        ),
    ),
    Command(
        "report algorithm",
        "raffinaderij.cli.retention:algorithm_register",
        "the entry for the Algorithm Register",
        (arg("--organization", default="Politie"),),
    ),
    Command(
        "timeline",
        "raffinaderij.cli.graph:timeline",
        "dated events of entities (incidents, payments, checks, registrations), or of the case",
        (
            arg("entity_ids", nargs="*", metavar="ENTITY_ID", help="none: the active case's"),
            arg("--from", dest="start", type=date.fromisoformat, default=None),
            arg("--to", dest="end", type=date.fromisoformat, default=None),
            arg("--kind", dest="kinds", action="append", default=None, help="repeatable"),
            arg("--limit", type=int, default=500),
        ),
        in_case=True,
    ),
    Command(
        "map",
        "raffinaderij.cli.graph:places",
        "addresses and incident places with coordinates of entities, or of the case",
        (
            arg("entity_ids", nargs="*", metavar="ENTITY_ID", help="none: the active case's"),
            arg("--limit", type=int, default=1000),
        ),
        in_case=True,
    ),
    Command(
        "graph expand",
        _G + "expand",
        "neighbours of entities, 1 or 2 hops out, capped with 'n more'",
        (
            arg("entity_ids", nargs="+", metavar="ENTITY_ID"),
            _LINK_TYPE,
            arg("--hops", type=int, default=1, choices=(1, 2)),
            arg("--limit", type=int, default=100),
            arg("--role", dest="roles", action="append", help="only links naming this role"),
            arg("--basis", type=int, action="append", help="only registrations of this basis"),
            arg("--start", help="only links processed from this day (YYYY-MM-DD)"),
            arg("--end", help="only links processed up to this day (YYYY-MM-DD)"),
        ),
        in_case=True,
    ),
    Command(
        "graph path",
        _G + "path",
        "shortest path (or the k shortest) between two entities",
        (
            arg("source"),
            arg("target"),
            _LINK_TYPE,
            arg("-k", type=int, default=1, help="how many shortest paths (default 1)"),
            arg("--max-length", type=int, default=6, help="at most this many links"),
        ),
        in_case=True,
    ),
    Command(
        "graph central",
        _G + "central",
        "the most central entities of the case's network",
        (_LINK_TYPE, arg("--limit", type=int, default=25)),
        in_case=True,
    ),
    Command(
        "graph communities",
        _G + "communities",
        "groups in the case's network (Leiden, deterministic seed)",
        (
            _LINK_TYPE,
            arg("--min-size", type=int, default=3),
            arg("--limit", type=int, default=50),
            arg("--seed", type=int, default=1),
            arg("--persons", action="store_true", help="groups of persons, by what they share"),
        ),
        in_case=True,
    ),
    Command(
        "graph cooccur",
        _G + "cooccur",
        "persons who share an incident, address, vehicle, phone or account, with the evidence",
        (
            arg("entity_ids", nargs="*", metavar="ENTITY_ID", help="none: the whole case"),
            _LINK_TYPE,
            arg("--limit", type=int, default=50),
        ),
        in_case=True,
    ),
    Command(
        "graph connect",
        _G + "connect",
        "how 2 to 12 entities hang together: the shortest path between every two",
        (
            arg("entity_ids", nargs="+", metavar="ENTITY_ID"),
            _LINK_TYPE,
            arg("--max-length", type=int, default=6, help="at most this many links per path"),
        ),
        in_case=True,
    ),
    Command("chart list", _G + "chart_list", "the saved charts of the case", in_case=True),
    Command(
        "chart open",
        _G + "chart_open",
        "a saved chart as you may see it now (its recipe re-run under your access)",
        (arg("chart_id"),),
        in_case=True,
    ),
    Command(
        "chart export",
        _G + "chart_export",
        "a saved chart as GraphML or GEXF, as you see it (stays inside the police)",
        (
            arg("chart_id"),
            arg("--format", choices=("graphml", "gexf"), default="graphml"),
            arg("--out", default=None, help="the file to write (default: print it)"),
        ),
        in_case=True,
    ),
    Command("product list", _P + "product_list", "products of the case you may open", in_case=True),
    Command(
        "product new",
        _P + "product_new",
        "start an information product (a draft)",
        (
            arg("--title", required=True),
            arg("--product-purpose", dest="product_purpose", required=True),
        ),
        in_case=True,
    ),
    Command(
        "product show",
        _P + "product_show",
        "a product as you may see it (redacted facts with the reason)",
        (_PRODUCT, arg("--version", type=int, help="product version (default: the latest)")),
        in_case=True,
    ),
    Command(
        "product finding",
        _P + "product_finding",
        "add a written finding (a judgement unless --fact)",
        (
            _PRODUCT,
            arg("--heading", required=True),
            arg("--text", required=True),
            arg("--fact", action="store_true"),
        ),
        in_case=True,
    ),
    Command(
        "product cite",
        _P + "product_cite",
        "cite an entity: its visible values, footnoted",
        (_PRODUCT, arg("entity_id"), arg("--heading", default="")),
        in_case=True,
    ),
    Command(
        "product cite-search",
        _P + "product_cite_search",
        "cite a search as a table",
        (_PRODUCT, arg("query"), arg("--limit", type=int, default=10)),
        in_case=True,
    ),
    Command(
        "product submit",
        _P + "product_submit",
        "offer your draft for review",
        (_PRODUCT,),
        in_case=True,
    ),
    Command(
        "product review",
        _P + "product_review",
        "issue or return a product someone else wrote",
        (
            _PRODUCT,
            arg("--decision", choices=("issue", "return"), required=True),
            arg("--note", default=""),
        ),
        in_case=True,
    ),
    Command(
        "product action",
        _P + "product_action",
        "record that an issued product was acted on",
        (_PRODUCT, arg("--assessor", required=True), arg("--rationale", required=True)),
        in_case=True,
    ),
    Command(
        "product withdraw",
        _P + "product_withdraw",
        "withdraw a product version",
        (_PRODUCT, _REASON),
        in_case=True,
    ),
    Command(
        "product revise",
        _P + "product_revise",
        "start a new version of an issued product",
        (_PRODUCT,),
        in_case=True,
    ),
    Command(
        "product pdf",
        _P + "product_pdf",
        "write a product as PDF for yourself (logged: disclose)",
        (_PRODUCT, _OUT_PDF, arg("--version", type=int), _LANG),
        in_case=True,
    ),
    Command(
        "recipient add",
        _P + "recipient_add",
        "register a chain partner (privacy officer, admin)",
        (arg("--organisation", required=True), arg("--kind", required=True)),
    ),
    Command("recipient list", _P + "recipient_list", "the registered chain partners"),
    Command(
        "signal draft",
        _P + "signal_draft",
        "draft a signal from an issued product (case lead)",
        (
            arg("--product", required=True),
            arg("--recipient", required=True),
            arg("--article", required=True),
            arg("--signal-purpose", dest="signal_purpose", required=True),
            arg("--ground", required=True),
            arg("--ground-facts", dest="ground_facts", required=True),
            arg("--items", required=True, help="footnote numbers of the product, e.g. 1,4"),
            arg("--agreement", default=None),
        ),
        in_case=True,
    ),
    Command("signal show", _P + "signal_show", "a signal with its items", (_SIGNAL,), in_case=True),
    Command(
        "signal agreement",
        _P + "signal_agreement",
        "record the competent authority's agreement",
        (_SIGNAL, arg("--agreement", required=True)),
        in_case=True,
    ),
    Command(
        "signal approve",
        _P + "signal_approve",
        "approve a signal another lead drafted",
        (_SIGNAL,),
        in_case=True,
    ),
    Command(
        "signal sent",
        _P + "signal_sent",
        "mark an approved signal sent: writes the provision record",
        (_SIGNAL,),
        in_case=True,
    ),
    Command(
        "signal letter",
        _P + "signal_letter",
        "write the letter of an approved signal as PDF",
        (_SIGNAL, _OUT_PDF, _LANG),
        in_case=True,
    ),
    Command(
        "job list",
        "raffinaderij.cli.jobs:list_",
        "the server's jobs, newest first (all for an administrator, your own otherwise)",
        (_LIMIT,),
    ),
    Command("job show", "raffinaderij.cli.jobs:show", "one job's state and progress", (_JOB,)),
    Command(
        "job cancel",
        "raffinaderij.cli.jobs:cancel",
        "cancel a queued job, or stop a running one at its next progress report",
        (_JOB,),
    ),
    Command(
        "job retry",
        "raffinaderij.cli.jobs:retry",
        "start a failed or cancelled job again, as a new job",
        (_JOB,),
    ),
    Command(
        "provisions",
        _P + "provisions",
        "the register of provisions (privacy officer, supervisor, auditor)",
        (arg("--limit", type=int, default=1000),),
    ),
)
