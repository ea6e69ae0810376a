"""The application: API, pages and static files around one store, policy and clock."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from itsdangerous import URLSafeTimedSerializer
from starlette.exceptions import HTTPException as StarletteHTTPException

from raffinaderij import __version__, config
from raffinaderij.api.deps import AppState, load_secret
from raffinaderij.api.middleware import RequestChecks
from raffinaderij.api.routes import router as api_router
from raffinaderij.api.routes_admin import router as admin_api_router
from raffinaderij.api.routes_compare import router as compare_router
from raffinaderij.api.routes_graph import router as graph_router
from raffinaderij.api.routes_jobs import router as jobs_router
from raffinaderij.api.routes_privacy import router as privacy_router
from raffinaderij.api.routes_products import router as products_router
from raffinaderij.api.schedule import Gate, StoreGate
from raffinaderij.clock import Clock, default_clock
from raffinaderij.errors import AuthError, RaffError
from raffinaderij.guard.policy import Policy, policy
from raffinaderij.store.db import Store
from raffinaderij.web.messages import translate
from raffinaderij.web.pages import lang_of, render, user_error
from raffinaderij.web.pages import router as page_router
from raffinaderij.web.pages_admin import router as admin_page_router
from raffinaderij.web.pages_compare import router as compare_page_router
from raffinaderij.web.pages_explore import router as explore_page_router
from raffinaderij.web.pages_privacy import router as privacy_page_router
from raffinaderij.web.pages_products import router as products_page_router
from raffinaderij.web.pages_setup import router as setup_page_router

__all__ = ["create_app"]

_log = logging.getLogger("raffinaderij.api")
_STATIC = Path(__file__).resolve().parent.parent / "web" / "static"


def create_app(
    store: Store,
    *,
    clock: Clock | None = None,
    policy_: Policy | None = None,
    secret: str | None = None,
) -> FastAPI:
    app = FastAPI(
        title="Raffinaderij",
        version=__version__,
        docs_url=None,  # our own page below: Swagger UI from /static/vendor, never a CDN
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.raff = AppState(
        store=store,
        policy=policy_ or policy(),
        clock=clock or default_clock(),
        signer=URLSafeTimedSerializer(secret or load_secret(), salt="raff-session"),
    )

    @app.exception_handler(RaffError)
    def on_raff_error(request: Request, exc: RaffError) -> Response:
        # Errors a user can meet say what was wrong, never a stack trace; a server-side error
        # (a store error carries its SQL) goes to the server log, not to the client.
        message = str(exc)
        if exc.status >= 500:
            _log.error("%s %s failed: %s", request.method, request.url.path, exc)
            message = "the server could not complete this request; the details are in its log"
        if request.url.path.startswith("/api"):
            return JSONResponse(
                {"error": message, "kind": type(exc).__name__}, status_code=exc.status
            )
        if isinstance(exc, AuthError):
            return RedirectResponse("/login", status_code=303)
        return render(request, "error.html", status=exc.status, message=user_error(request, exc))

    @app.exception_handler(StarletteHTTPException)
    def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # an unknown URL or method: JSON under /api, an HTML page in the reader's language elsewhere
        if request.url.path.startswith("/api"):
            return JSONResponse(
                {"error": str(exc.detail), "kind": "HTTPException"},
                status_code=exc.status_code,
                headers=exc.headers,
            )
        key = "not_found_page" if exc.status_code == 404 else "error_generic"
        return render(
            request, "error.html", status=exc.status_code, message=translate(key, lang_of(request))
        )

    @app.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
    def api_docs() -> HTMLResponse:
        """The API reference (Swagger UI served from our own static files, LAW-17)."""
        return HTMLResponse((_STATIC / "api-docs.html").read_text(encoding="utf-8"))

    # the server's jobs need the store alone at times: every request holds it shared
    app.state.gate = Gate()
    app.add_middleware(StoreGate, gate=app.state.gate)
    app.add_middleware(
        RequestChecks,
        max_request_bytes=config.get_int("max_request_bytes"),
        max_upload_bytes=config.get_int("max_upload_bytes"),
        allowed_origins=frozenset(config.get("allowed_origins").split(",")),
    )
    app.include_router(api_router)
    app.include_router(compare_router)
    app.include_router(privacy_router)
    app.include_router(graph_router)
    app.include_router(products_router)
    app.include_router(jobs_router)
    app.include_router(admin_api_router)
    app.include_router(compare_page_router)
    app.include_router(products_page_router)
    app.include_router(privacy_page_router)
    app.include_router(admin_page_router)
    app.include_router(setup_page_router)
    app.include_router(explore_page_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=str(_STATIC)), name="static")
    return app
