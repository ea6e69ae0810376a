"""One language at a time: every template key is in both catalogues, a Dutch page shows no
English from the catalogues or the ontology, and no message to a user names an internal
requirement id (LAW-xx)."""

from __future__ import annotations

import ast
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import raffinaderij
from ingest import ingest_helpers
from raffinaderij.api.app import create_app
from raffinaderij.model.codes import codes
from raffinaderij.model.ontology import ontology
from raffinaderij.services import access, charts, compare, consent, products, sources
from raffinaderij.web.messages import LANGS, MESSAGES
from support import add_record, add_suspect, entity_id, guard_for, login

SRC = Path(raffinaderij.__file__).parent
TEMPLATES = SRC / "web" / "templates"
#: Packages whose strings reach users (pages, API answers, CLI messages).
USER_FACING = ("services", "guard", "resolve", "search", "api", "web", "cli")
#: English words no Dutch sentence uses; they betray a server text shown untranslated.
ENGLISH_ONLY = ("the", "you", "your", "not", "this", "with", "only", "must", "found")
LAW_ID = re.compile(r"LAW-\d")


def test_every_template_key_is_in_both_catalogues() -> None:
    used: set[str] = set()
    for path in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"""\bt\(\s*['"]([A-Za-z0-9_]+)['"]\s*\)""", path.read_text()))
    assert used, "no t('...') calls found: the pattern no longer matches the templates"
    missing = {k for k in used if k not in MESSAGES or set(LANGS) - set(MESSAGES[k])}
    assert not missing, f"keys without a text in every language: {sorted(missing)}"
    # codes shown through tv(prefix, code): every code the data or the registry can hold
    keys = [f"role_{r}" for r in codes().allowed("role")] + ["member_analyst", "member_lead"]
    keys += [f"action_{a}" for a in ("consult", "alter", "collect", "combine")]
    keys += [f"outcome_{o}" for o in ("ok", "denied", "error")]
    assert not [c for c in keys if c not in MESSAGES]


def test_no_message_to_users_names_an_internal_requirement_id() -> None:
    assert not [k for k, v in MESSAGES.items() if any(LAW_ID.search(s) for s in v.values())]
    found = []
    for package in USER_FACING:
        for path in (SRC / package).rglob("*.py"):
            tree = ast.parse(path.read_text())
            docstrings = {
                id(node.body[0].value)
                for node in ast.walk(tree)
                if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
                and node.body
                and isinstance(node.body[0], ast.Expr)
            }
            found += [
                f"{path.relative_to(SRC)}:{node.lineno}"
                for node in ast.walk(tree)
                if isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and LAW_ID.search(node.value)
            ]
    assert not found, f"user-facing strings with a LAW id: {found}"


class _Text(HTMLParser):
    """The words a reader sees: text and the attributes read aloud, not scripts or code."""

    SKIP = {"script", "style", "code"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        self.parts += [v or "" for k, v in attrs if k in ("placeholder", "aria-label", "title")]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join(parser.parts)


def english_leaks(page: str) -> list[str]:
    """English catalogue and ontology texts (where Dutch differs), raw model names and plain
    English words found in a Dutch page's visible text."""
    model = ontology()
    phrases = {v["en"] for v in MESSAGES.values() if v["en"].lower() != v["nl"].lower()}
    labels = [o.label for o in model.objects.values()] + [lt.label for lt in model.links.values()]
    labels += [p.label for o in model.objects.values() for p in o.properties.values()]
    phrases |= {lb["en"] for lb in labels if lb["en"].lower() != lb["nl"].lower()}
    names = set(model.links) | {
        p.name
        for o in model.objects.values()
        for p in o.properties.values()
        if p.name != p.name.lower()
    }
    text = visible_text(page)
    leaks = [p for p in sorted(phrases) if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)]
    leaks += [n for n in sorted(names) if re.search(rf"\b{n}\b", text)]
    leaks += [w for w in ENGLISH_ONLY if re.search(rf"\b{w}\b", text, re.IGNORECASE)]
    return leaks


@pytest.fixture
def hit_world(store, clock):  # type: ignore[no-untyped-def]
    add_suspect(
        store,
        reg_id="inc1",
        person="jan",
        name=("Jan", "Jansen", "1980-02-03"),
        suffix="1",
        street="Molenstraat",
        number="5",
        plate="XL-12-BB",
    )
    add_record(
        store,
        reg_id="nu1",
        entities=[
            (
                "piet",
                "Person",
                {"givenName": "Piet", "surname": "Jansen", "birthDate": "1975-01-01"},
            ),
            ("v2", "Vehicle", {"plate": "GG-01-ZZ"}),
        ],
        links=[("piet", "drives", "v2", None)],
    )
    result = compare.compare(
        guard_for(store, clock, "analyst1"),
        subjects=[{"surname": "Jansen", "birthDate": "1980-02-03"}, {"surname": "Niemand"}],
        input_name="personen.csv",  # as an upload names it
    )
    hit = next(o.hit_id for o in result.outcomes if o.hit_id)
    consent.consent(guard_for(store, clock, "lead"), hit_id=hit, reason="nodig")
    return store, result.comparison_id, hit


def test_dutch_pages_show_no_catalogue_less_english(
    hit_world, clock, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    store, comparison_id, hit = hit_world
    # a source in the mappings folder, for the administrator's source page
    (tmp_path / "data.csv").write_text(ingest_helpers.HEADER + "\n" + ingest_helpers.row(1) + "\n")
    mapping = ingest_helpers.write_mapping(tmp_path, source="nachtbatch")
    monkeypatch.setenv("RAFF_MAPPINGS", str(tmp_path))
    source_id = sources.list_sources(guard_for(store, clock, "admin", None))[0].source_id
    assert source_id and mapping.exists()
    app = create_app(store, clock=clock, secret="t")
    jan, piet = entity_id(store, "src/Person/jan"), entity_id(store, "src/Person/piet")
    # the accountability pages: an access request about Jan, an approved model for the entry
    fg = guard_for(store, clock, "fg", None)
    rid = access.access_request_register(
        fg,
        given_name="Jan",
        surname="Jansen",
        birth_date=date(1980, 2, 3),
        identity_check="paspoort gezien",
    ).request_id
    store.query(
        "INSERT INTO resolve_models VALUES ('m1', ?, 'admin', 'lead', ?, '{}', 'h', 1, '{}')",
        [clock.now, clock.now],
    )
    chart = charts.chart_save(
        guard_for(store, clock, "analyst1"),
        title="Piet en zijn auto",
        seeds=[piet],
        expansions=[{"ids": [piet]}],
    ).chart_id
    author = guard_for(store, clock, "analyst1")
    product = products.create_product(author, title="Piet", purpose="onderzoek").product_id
    products.cite_entity(author, product_id=product, entity_id=piet)
    pages = {
        "analyst1": [
            "/products",
            f"/products/{product}",
            f"/chart/{piet}",
            f"/charts/{chart}",
            f"/chart?ids={piet}&ids={jan}",
            "/cases",
            "/case",
            "/search?q=jansen",
            f"/entity/{piet}",
            f"/timeline/{piet}",
            f"/timeline?ids={piet}&ids={jan}&kinds=incident&kinds=registration",
            "/timeline",
            f"/map/{piet}",
            f"/map?ids={piet}&ids={jan}",
            "/map",
            "/compare",
            f"/compare/{comparison_id}",
            f"/hits/{hit}",
            f"/hits/{hit}/entities/{jan}",
            "/audit",  # refused: the error page
            "/bestaat/niet",
        ],
        "lead": ["/consents", "/case", "/admin/models"],
        "auditor": [
            "/audit",
            "/audit?action=consult&since=2026-01-01",
            "/privacy/supervisor",
            "/privacy/algorithm-register",
        ],
        "fg": ["/privacy/access", f"/privacy/access/{rid}"],
        "admin": [
            "/admin/jobs",
            "/admin/users",
            "/admin/cases",
            "/admin/sources",
            f"/admin/sources/{source_id}",
            "/admin/models",
            "/admin/checkpoints",
        ],
    }
    leaks = {}
    for user, paths in pages.items():
        client = TestClient(app)
        login(client, user, case_id=None if user in ("auditor", "fg", "admin") else "ZAAK-1")
        for path in paths:
            r = client.get(path, params={"lang": "nl"})
            assert r.headers["content-type"].startswith("text/html"), path
            assert not LAW_ID.search(r.text), path
            if found := english_leaks(r.text):
                leaks[path] = found
    assert not leaks, leaks
    # the checker itself sees English when it is there
    client = TestClient(app)
    login(client, "analyst1")
    english = client.get(f"/entity/{piet}", params={"lang": "en"}).text
    assert {"Person", "Given names", "drives"} <= set(english_leaks(english))


def test_unknown_urls_answer_html_for_browsers_and_json_under_api(store, clock) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(create_app(store, clock=clock, secret="t"))
    page = client.get("/bestaat/niet", params={"lang": "nl"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Deze pagina bestaat niet." in page.text
    english = client.get("/no/such/page", params={"lang": "en"})
    assert english.status_code == 404 and "This page does not exist." in english.text
    api = client.get("/api/no/such/thing")
    assert api.status_code == 404 and api.headers["content-type"] == "application/json"
