"""Real browser: the administrator adds a user and a case member from the workbench, the privacy
officer filters the audit log down to what the administrator did (screenshots of the pages)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest.importorskip("playwright")

from browser_kit import follow, serving, shot, sign_in  # noqa: E402

from raffinaderij.clock import FixedClock  # noqa: E402
from support import NOW, make_world  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    from raffinaderij.api.app import create_app
    from raffinaderij.store.db import open_store

    clock = FixedClock(NOW)
    store = open_store(tmp_path_factory.mktemp("admin") / "raff.duckdb")
    make_world(store, clock)
    with serving(create_app(store, clock=clock, secret="browser-test")) as url:
        yield url
    store.close()


def test_admin_pages_and_the_audit_filter(base: str, browser) -> None:  # type: ignore[no-untyped-def]
    admin = browser.new_page()
    sign_in(admin, base, "admin")
    follow(admin, "#nav-users")
    assert admin.url == f"{base}/admin/users"
    admin.fill("#new-username", "nina")
    admin.fill("#new-name", "Nina Nieuw")
    admin.fill("#new-password", "lang-genoeg-1")
    admin.check("#new-role-analyst")
    admin.select_option("#new-level", "2")
    follow(admin, "#add-user-submit")
    assert "Nina Nieuw" in admin.inner_text("#user-nina")
    shot(admin, "admin-users")

    follow(admin, "#admin-cases")
    row = admin.locator("#case-ZAAK-1")
    row.locator("select[name=username]").select_option("nina")
    follow(admin, row.locator("button.add-member"))
    assert "nina (analist)" in admin.inner_text("#case-ZAAK-1 td.members")
    shot(admin, "admin-cases")
    admin.close()

    officer = browser.new_page()
    sign_in(officer, base, "fg")
    follow(officer, "a[href='/audit']")
    officer.fill("#f-user", "admin")
    officer.select_option("#f-action", "alter")
    follow(officer, "#filter")
    cells = officer.locator("#audit-rows tbody tr td:nth-child(3)").all_inner_texts()
    assert cells and set(cells) == {"admin"}
    assert "add_case_member" in officer.inner_text("#audit-rows")
    shot(officer, "audit-filter")
    officer.close()
