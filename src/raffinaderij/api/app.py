"""The application: API, pages and static files around one store, policy and clock."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from itsdangerous import URLSafeTimedSerializer

from raffinaderij import __version__
from raffinaderij.api.deps import AppState, load_secret
from raffinaderij.api.routes import router as api_router
from raffinaderij.api.routes_compare import router as compare_router
from raffinaderij.api.routes_products import router as products_router
from raffinaderij.clock import Clock, default_clock
from raffinaderij.errors import AuthError, RaffError
from raffinaderij.guard.policy import Policy, policy
from raffinaderij.store.db import Store
from raffinaderij.web.pages import render
from raffinaderij.web.pages import router as page_router
from raffinaderij.web.pages_compare import router as compare_page_router
from raffinaderij.web.pages_products import router as products_page_router

__all__ = ["create_app"]

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
        docs_url="/api/docs",
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
        # Errors a user can meet say what was wrong, never a stack trace.
        if request.url.path.startswith("/api"):
            return JSONResponse(
                {"error": str(exc), "kind": type(exc).__name__}, status_code=exc.status
            )
        if isinstance(exc, AuthError):
            return RedirectResponse("/login", status_code=303)
        return render(request, "error.html", status=exc.status, message=str(exc))

    app.include_router(api_router)
    app.include_router(compare_router)
    app.include_router(products_router)
    app.include_router(compare_page_router)
    app.include_router(products_page_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(directory=str(_STATIC)), name="static")
    return app
