"""What a real-browser test needs: Debian chromium's flags, a free port, an in-process server,
logging in, submitting a form and waiting for the page it leads to, and screenshots
(`make screenshots` sets RAFF_SCREENSHOTS=docs/screenshots; otherwise they go to a temp folder,
so a test run never changes the working tree)."""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from support import PASSWORD

SHOTS = Path(os.environ.get("RAFF_SCREENSHOTS") or tempfile.mkdtemp(prefix="raff-shots-"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Run the app with uvicorn in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=5)


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def follow(page: Any, target: Any) -> None:
    """Click `target` (a selector or a locator) and wait until the page it leads to has loaded.

    A click only starts a navigation: reading or filling the page right after it races the old
    page against the new one (a POST that redirects back to the same URL looks loaded at once)."""
    with page.expect_navigation():
        if isinstance(target, str):
            page.click(target)
        else:
            target.click()


def sign_in(page: Any, base: str, user: str) -> None:
    """Log in by keyboard and stop on the case list, without activating a case (the roles that
    work outside cases: administrator, privacy officer, auditor, case lead at approvals)."""
    page.goto(f"{base}/login?lang=nl")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.keyboard.press("Enter")  # keyboard-usable
    page.wait_for_url(f"{base}/cases")


def login(page: Any, base: str, user: str, purpose: str = "onderzoek inbraken") -> None:
    """Log in by keyboard and activate ZAAK-1 with `purpose`; ends on the search page."""
    sign_in(page, base, user)
    page.check("input[value='ZAAK-1']")
    page.fill("#purpose", purpose)
    follow(page, "form[action='/cases/activate'] button[type=submit]")
    assert page.url == f"{base}/search", page.url
